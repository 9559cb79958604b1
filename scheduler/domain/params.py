"""How to solve: the one bundle of search settings every stage and workflow takes.

In the spirit of PyVRP's ``SolveParams``: the command line and the web app fill it from
their options; nothing below them takes a time limit, a worker count or a seed on its own.
"""

from __future__ import annotations

from dataclasses import dataclass

from scheduler.domain.errors import InputError

#: CP-SAT takes a 32-bit seed; more threads than this only slow it down.
MOST_SEED, MOST_WORKERS = 2**31 - 1, 64
MOST_SECONDS = 7 * 24 * 3600  # a week
MOST_ALTERNATIVES = 20


@dataclass(frozen=True)
class SolveParams:
    """Settings of a solve, with the defaults the command line shows."""

    #: seconds for the search (the checks before it and the cohort stage included)
    time_limit: float = 60.0
    #: CP-SAT threads per solve
    workers: int = 2
    #: random seed: with one worker, the same input and seed give the same schedule
    seed: int = 0
    #: stop at the first complete schedule (a quick draft) instead of improving it
    stop_at_first: bool = False
    #: a best-effort schedule: hard rules may break, as few as possible
    relax: bool = False
    #: name the rules when the year model has no schedule (and try other cohorts); off
    #: where only a schedule matters, such as confirming a suggested fix
    diagnose: bool = True
    #: seconds at most to name the rules of a year model without a schedule
    diagnose_time_limit: float = 60.0
    #: for a program proven to have no schedule: seconds to find fixes (0: none)
    fix_time_limit: float = 60.0
    #: seconds in all to try each denied priority-1 request again as a hard one (0: none)
    confirm_time_limit: float = 60.0
    #: good schedules to write in all (1: the best only)
    alternatives: int = 1
    #: with alternatives: the fewest resident-weeks each differs from every other in
    differ: int = 10

    def __post_init__(self) -> None:
        for name, low, high in _LIMITS:
            value = getattr(self, name)
            if isinstance(value, bool) or not low <= value <= high:
                raise InputError(
                    "solve settings",
                    name,
                    f"{value!r} is outside {low:g}-{high:g}",
                    f"give {name} within it",
                )


_LIMITS = (
    ("time_limit", 0.0, MOST_SECONDS),
    ("workers", 1, MOST_WORKERS),
    ("seed", 0, MOST_SEED),
    ("diagnose_time_limit", 0.0, MOST_SECONDS),
    ("fix_time_limit", 0.0, MOST_SECONDS),
    ("confirm_time_limit", 0.0, MOST_SECONDS),
    ("alternatives", 1, MOST_ALTERNATIVES),
    ("differ", 1, 10**6),
)
