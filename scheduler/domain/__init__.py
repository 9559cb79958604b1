"""The engine's data: what goes in and what comes out, validated and immutable, with no
solver anywhere (importing this package never loads OR-Tools).

- the program (:class:`Program` and its parts: ``basics``, ``curriculum``, ``policies``,
  ``requests``, ``people``; cross-references checked in ``references``);
- a :class:`Schedule` (who is where each week) and the solve's :class:`Result`;
- :class:`SolveParams`, the progress events a solve emits (``progress``) and the
  :class:`CancelToken` a caller sets to stop it;
- :class:`InputError`, the one error bad input raises; and the changes a suggested fix may
  make to one input (``edits``).
"""

from scheduler.domain.basics import (
    CATEGORIES,
    MOST_COUNT,
    MOST_WEIGHT,
    PGY,
    Category,
    Frozen,
    Identifier,
    Phase,
    Range,
    WeekSpan,
    as_fraction,
    level_includes,
    people,
)
from scheduler.domain.cancel import CancelToken
from scheduler.domain.curriculum import (
    AmbulatoryShare,
    Applicability,
    Coverage,
    Requirement,
    Rotation,
    Selector,
    Template,
    Track,
)
from scheduler.domain.errors import InputError
from scheduler.domain.params import SolveParams
from scheduler.domain.policies import (
    DUTY_CATEGORIES,
    ApprovedVacation,
    AwayCap,
    ClinicGap,
    ClinicHalfDays,
    ClinicSite,
    CohortBalance,
    Continuity,
    Event,
    LongitudinalSite,
    MaxConsecutive,
    NotAdjacent,
    ObjectiveWeights,
    Sequencing,
    VacationPolicy,
)
from scheduler.domain.program import Program
from scheduler.domain.requests import (
    Preference,
    RequestedWeeks,
    Requests,
    Unavailable,
    VacationRequest,
)
from scheduler.domain.residents import Pin, PriorWeeks, Resident
from scheduler.domain.result import Result, RunInfo, Status, TermValue
from scheduler.domain.schedule import Schedule, Sheet

__all__ = [
    "CATEGORIES",
    "DUTY_CATEGORIES",
    "MOST_COUNT",
    "MOST_WEIGHT",
    "PGY",
    "AmbulatoryShare",
    "Applicability",
    "ApprovedVacation",
    "AwayCap",
    "CancelToken",
    "Category",
    "ClinicGap",
    "ClinicHalfDays",
    "ClinicSite",
    "CohortBalance",
    "Continuity",
    "Coverage",
    "Event",
    "Frozen",
    "Identifier",
    "InputError",
    "LongitudinalSite",
    "MaxConsecutive",
    "NotAdjacent",
    "ObjectiveWeights",
    "Phase",
    "Pin",
    "Preference",
    "PriorWeeks",
    "Program",
    "Range",
    "RequestedWeeks",
    "Requests",
    "Requirement",
    "Resident",
    "Result",
    "Rotation",
    "RunInfo",
    "Schedule",
    "Selector",
    "Sequencing",
    "Sheet",
    "SolveParams",
    "Status",
    "Template",
    "TermValue",
    "Track",
    "Unavailable",
    "VacationPolicy",
    "VacationRequest",
    "WeekSpan",
    "as_fraction",
    "level_includes",
    "people",
]
