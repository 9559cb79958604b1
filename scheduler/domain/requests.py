"""What residents ask for: vacation weeks, weeks without duty, ranked electives, rotations
to avoid and ranked clinic sites."""

from __future__ import annotations

import datetime as dt

from pydantic import (
    Field,
    model_validator,
)
from pydantic_core import PydanticCustomError

from scheduler.domain.basics import Frozen, WeekSpan
from scheduler.domain.curriculum import Selector
from scheduler.domain.policies import DUTY_CATEGORIES


class RequestedWeeks(Frozen):
    """Weeks a request is about: ``weeks: 12-13``, or dates (``start``, ``end``: the weeks
    that contain them; ``end`` defaults to ``start``)."""

    resident: str = Field(..., description="resident id")
    weeks: WeekSpan | None = Field(None, description="week or 'first-last' (or give start/end)")
    start: dt.date | None = Field(None, description="first day (YYYY-MM-DD), instead of weeks")
    end: dt.date | None = Field(None, description="last day (YYYY-MM-DD); default: start")
    priority: int = Field(2, ge=1, le=3, description="1 (most important) to 3")
    hard: bool = Field(False, description="must be granted: a schedule without it is no schedule")
    note: str | None = Field(
        None, max_length=200, description="free text shown in the Requests sheet"
    )

    @model_validator(mode="after")
    def _one_way_of_saying_when(self) -> RequestedWeeks:
        if (self.weeks is None) == (self.start is None):
            raise PydanticCustomError(
                "reference",
                "{message}",
                {
                    "loc": ("weeks",),
                    "message": "give either weeks or start (and end) dates"
                    + (", not both" if self.weeks is not None else ""),
                    "fix": "write weeks: 12-13, or start: 2026-12-21 with end: 2027-01-03",
                },
            )
        if self.end is not None and self.start is None:
            raise PydanticCustomError(
                "reference",
                "{message}",
                {"loc": ("end",), "message": "end without start", "fix": "add start: YYYY-MM-DD"},
            )
        if self.start is not None and self.end is not None and self.end < self.start:
            raise PydanticCustomError(
                "reference",
                "{message}",
                {
                    "loc": ("end",),
                    "message": f"end {self.end} is before start {self.start}",
                    "fix": "swap the two dates",
                },
            )
        return self


class VacationRequest(RequestedWeeks):
    """A resident's wish for vacation in given weeks: granted only if every week is
    vacation."""


class Unavailable(RequestedWeeks):
    """Weeks a resident cannot take duty (a conference, boards, leave): granted when none of
    those weeks is on a duty rotation (by default inpatient, critical care, night float)."""

    duties: Selector = Field(
        default_factory=lambda: Selector(categories=list(DUTY_CATEGORIES)),
        description="rotations kept free in those weeks; default categories inpatient, "
        "critical_care, night_float",
    )


class Preference(Frozen):
    """A resident's ranked electives (first = first choice) and rotations to avoid."""

    resident: str = Field(..., description="resident id")
    electives: list[str] = Field(
        default_factory=list, max_length=20, description="rotation ids, first choice first"
    )
    avoid: list[str] = Field(
        default_factory=list,
        max_length=20,
        description="rotation ids the resident would rather not do",
    )
    sites: list[str] = Field(
        default_factory=list,
        max_length=20,
        description="clinic site ids, first choice first: used where the roster leaves the "
        "resident's clinic site empty",
    )


class Requests(Frozen):
    """What residents asked for: vacation weeks, weeks without duty, elective rankings.
    Soft requests are weighed in the objective (``objective.unmet_requests``); hard ones
    are rules."""

    vacation: list[VacationRequest] = Field(default_factory=list, description="vacation requests")
    unavailable: list[Unavailable] = Field(
        default_factory=list, description="weeks without duty (conferences, boards, leave)"
    )
    preferences: list[Preference] = Field(
        default_factory=list,
        description="ranked electives and rotations to avoid, one entry per resident",
    )

    @property
    def weeks_requests(self) -> list[tuple[str, int, RequestedWeeks]]:
        """(section, index, request) of every request about weeks, in file order."""
        return [("vacation", i, r) for i, r in enumerate(self.vacation)] + [
            ("unavailable", i, r) for i, r in enumerate(self.unavailable)
        ]
