"""What a solve returns: status, objective, bound, times, the schedule and each objective term;
and :class:`RunInfo`, what the workbook records of how a schedule was made.

Plain data with no solver objects, in the spirit of PyVRP's and PyJobShop's ``Result``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

from scheduler import __version__
from scheduler.domain.edits import Finding
from scheduler.domain.schedule import Schedule


class Status(StrEnum):
    OPTIMAL = "OPTIMAL"  # proven best schedule
    FEASIBLE = "FEASIBLE"  # a schedule, not proven best
    INFEASIBLE = "INFEASIBLE"  # proven: no schedule meets every hard rule
    NO_SOLUTION = "NO_SOLUTION"  # time ran out before any schedule was found


@dataclass(frozen=True)
class TermValue:
    weight: int
    value: int
    description: str


@dataclass(frozen=True)
class RunInfo:
    """How a schedule was produced, for the workbook's Run sheet."""

    program_file: str
    input_hash: str
    status: str
    objective: float | None = None
    bound: float | None = None
    gap: float | None = None
    time_to_first: float | None = None
    time_to_best: float | None = None
    wall_time: float | None = None
    seed: int | None = None
    workers: int | None = None
    version: str = ""
    #: the search was stopped by the user (Ctrl-C) before its time limit
    interrupted: bool = False
    terms: dict[str, tuple[int, int, str]] = field(
        default_factory=dict
    )  # name -> (weight, value, description)
    #: denied priority-1 requests tried again as hard ones: source -> what that found
    confirmations: dict[str, str] = field(default_factory=dict)
    created: dt.datetime = field(default_factory=lambda: dt.datetime.now().replace(microsecond=0))


@dataclass(frozen=True)
class Result:
    """What a solve produced, with the numbers a user needs to trust it."""

    status: Status
    schedule: Schedule | None
    objective: float | None = None
    bound: float | None = None
    wall_time: float = 0.0
    time_to_first: float | None = None
    time_to_best: float | None = None
    solutions: int = 0
    terms: dict[str, TermValue] = field(default_factory=dict)
    reasons: list[str] = field(default_factory=list)
    #: the conflicts behind an INFEASIBLE status found in numbers or in a resident's year
    #: alone, with what a fix may change (:mod:`scheduler.workflows.fixes`)
    findings: tuple[Finding, ...] = ()
    seed: int = 0
    workers: int = 0
    components: int = 1
    #: the user stopped the search (Ctrl-C): the schedule, if any, is the best found so far
    interrupted: bool = False

    @property
    def gap(self) -> float | None:
        """Relative distance between the schedule's objective and the proven bound."""
        if self.objective is None or self.bound is None:
            return None
        if self.objective == 0:
            return 0.0
        return abs(self.objective - self.bound) / max(abs(self.objective), 1e-9)

    def run_info(self, program_file: str, input_hash: str) -> RunInfo:
        """What the workbook's Run sheet records about this solve."""
        return RunInfo(
            program_file=program_file,
            input_hash=input_hash,
            status=str(self.status),
            objective=self.objective,
            bound=self.bound,
            gap=self.gap,
            time_to_first=self.time_to_first,
            time_to_best=self.time_to_best,
            wall_time=self.wall_time,
            seed=self.seed,
            workers=self.workers,
            version=__version__,
            interrupted=self.interrupted,
            terms={name: (t.weight, t.value, t.description) for name, t in self.terms.items()},
        )

    def summary(self) -> str:
        stopped = " (interrupted)" if self.interrupted else ""
        if self.schedule is None:
            return f"{self.status}{stopped}: no schedule after {self.wall_time:.1f}s"
        gap = f"{self.gap:.1%}" if self.gap is not None else "n/a"
        terms = ", ".join(f"{name} {t.value} x{t.weight}" for name, t in self.terms.items())
        return (
            f"{self.status}{stopped}: objective {self.objective:g} (bound {self.bound:g}, gap {gap}; {terms}); "
            f"first schedule {self.time_to_first:.1f}s, best {self.time_to_best:.1f}s, total {self.wall_time:.1f}s"
        )
