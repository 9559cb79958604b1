"""What a solve reports while it runs: typed events, never printing.

The command line prints them (a live progress line, "Looking for fixes ..."), the web app
streams them to the page, a sweep collects them. Every callback receives an
:data:`Event`; ``elapsed`` and ``seconds`` are counted from the start of the call that
emits them.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum


class Stage(StrEnum):
    """The parts of a solve, in the order they run."""

    SITES = "clinic sites"
    COHORTS = "cohorts"
    PROOFS = "checks before the search"
    VACATION_PLAN = "vacation plan"
    SEARCH = "search"
    CHECK = "independent check"
    CONFIRMATIONS = "confirmations"
    FIXES = "fixes"
    ALTERNATIVES = "alternatives"
    REPAIR = "repair"
    SWEEP = "sweep"


@dataclass(frozen=True)
class StageStarted:
    stage: Stage
    #: what it is about to do, in words ("2 denied priority-1 requests, at most 60s")
    detail: str = ""


@dataclass(frozen=True)
class StageFinished:
    stage: Stage
    seconds: float
    detail: str = ""


@dataclass(frozen=True)
class ScheduleFound:
    """A complete schedule better than any before it (or a better bound)."""

    elapsed: float
    objective: float
    bound: float | None
    #: schedules found so far over every component and run
    solutions: int

    @property
    def gap(self) -> float | None:
        """Relative distance between the objective and the bound (0 when both are 0)."""
        if self.bound is None:
            return None
        if not self.objective:
            return 0.0
        return abs(self.objective - self.bound) / max(abs(self.objective), 1e-9)


@dataclass(frozen=True)
class ProofFound:
    """No schedule keeps every rule: the rules that conflict, in the program's words."""

    reasons: tuple[str, ...]


@dataclass(frozen=True)
class FixConfirmed:
    """A change to one input that a solve confirmed gives a schedule the check passes."""

    fix: str


@dataclass(frozen=True)
class DenialConfirmed:
    """What a solve with a denied priority-1 request made hard found."""

    source: str
    verdict: str


Event = StageStarted | StageFinished | ScheduleFound | ProofFound | FixConfirmed | DenialConfirmed
OnProgress = Callable[[Event], None]


def ignore(event: Event) -> None:
    """The callback of a caller who does not listen."""


@contextmanager
def reporting(emit: OnProgress, stage: Stage, detail: str = "") -> Iterator[None]:
    """The block's start and end as :class:`StageStarted` and :class:`StageFinished`."""
    started = time.perf_counter()
    emit(StageStarted(stage, detail))
    try:
        yield
    finally:
        emit(StageFinished(stage, time.perf_counter() - started))
