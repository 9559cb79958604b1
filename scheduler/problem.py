"""Immutable, validated description of a residency program.

Everything the engine knows about a program lives here: its calendar, X+Y templates,
tracks, rotations, requirements and roster. The models are frozen pydantic models with
``extra="forbid"`` so that a typo in a YAML key is an error instead of a silently ignored
setting. This module never imports the solver: the validator, the reports and the model
all read the same data.

Weeks are numbered from 1 (the week starting on ``start_date``) in everything a user
reads or writes; cohorts are numbered from 1 as well.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from difflib import get_close_matches
from fractions import Fraction
from functools import cached_property
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

Category = Literal[
    "inpatient",
    "critical_care",
    "night_float",
    "subspecialty",
    "ambulatory",
    "designer",
    "elective",
    "leave",
]
CATEGORIES: tuple[Category, ...] = (
    "inpatient",
    "critical_care",
    "night_float",
    "subspecialty",
    "ambulatory",
    "designer",
    "elective",
    "leave",
)
Phase = Literal["X", "Y", "either"]

Identifier = Annotated[
    str,
    Field(
        pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$",
        max_length=40,
        description="identifier: letters, digits, '_', '-' or '.', starting with a letter or digit",
    ),
]


#: The largest count of residents or weeks any rule may name: far beyond any program, and
#: far below what the solver's 64-bit arithmetic could overflow on (a coverage of 10^20
#: crashed it).
MOST_COUNT = 100_000
#: The largest weight of a soft goal: the objective sums weight x weeks over every resident,
#: which must stay far within the solver's 64-bit range (a weight of 10^20 crashed it).
MOST_WEIGHT = 100_000
#: Post-graduate years a program may have (a resident's PGY is bounded the same way).
PGY = Annotated[int, Field(ge=1, le=10)]
#: Academic years the calendar handles (a year starting in 9999 ran off the calendar).
FIRST_YEAR, LAST_YEAR = 1900, 2200

#: Control characters a workbook cannot hold (tab, line feed and carriage return it can).
_NOT_FOR_WORKBOOKS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


class Frozen(BaseModel):
    """Base for every input model: immutable, unknown keys are errors, and no text holds a
    character that the workbook could not be written with (found here, not after the
    solve, when writing the workbook would fail)."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    @field_validator("*", mode="before")
    @classmethod
    def _no_boolean_for_a_number(cls, value: Any, info: ValidationInfo) -> Any:
        """YAML reads `true` as a boolean, which pydantic would take for the number 1
        (``weeks: true`` became a one-week year): a boolean is accepted only where the
        field is a yes/no."""
        booleans = [item for item in _items(value) if isinstance(item, bool)]
        field = cls.model_fields.get(info.field_name or "")
        if booleans and field is not None and "bool" not in str(field.annotation):
            raise PydanticCustomError(
                "boolean",
                "{message}",
                {
                    "message": f"'{str(booleans[0]).lower()}' is a yes/no, not a number or text",
                    "fix": "write the number or text this field expects",
                },
            )
        return value

    @field_validator("*", mode="after")
    @classmethod
    def _writable_text(cls, value: Any) -> Any:
        for text in _texts(value):
            found = _NOT_FOR_WORKBOOKS.search(text)
            if found:
                message = (
                    f"'{text.encode('unicode_escape').decode()}' holds the control character "
                    f"U+{ord(found.group()):04X}, which a workbook cannot hold"
                )
                fix = "delete that character (retype the text if it is not visible)"
                raise PydanticCustomError("text", "{message}", {"message": message, "fix": fix})
        return value


def _items(value: Any) -> list[Any]:
    """A field's value, or the items of a list value."""
    return list(value) if isinstance(value, list | tuple) else [value]


def _texts(value: Any) -> Iterable[str]:
    """The strings in a field's value (itself, or inside a list or mapping)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _texts(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(key)
            yield from _texts(item)


def reference_error(loc: tuple[str | int, ...], message: str, fix: str) -> PydanticCustomError:
    """An error about a cross-reference, carrying the exact place it refers to.

    Pydantic reports errors raised by a model validator at the model's root. The loader
    reads ``loc`` from the context instead, so the user sees ``pins[2].rotation`` rather
    than the whole file.
    """
    return PydanticCustomError(
        "reference", "{message}", {"loc": loc, "message": message, "fix": fix}
    )


def _suggest(name: str, known: Iterable[str]) -> str:
    known = list(known)
    if not known:  # "use one of: " with nothing after it is no fix
        return "the program defines none yet: add it to the program, or remove the reference"
    close = get_close_matches(name, known, n=1)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    listing = ", ".join(known[:12]) + (", ..." if len(known) > 12 else "")
    return f"use one of: {listing}{hint}"


# --------------------------------------------------------------------------- ranges


_RANGE_TEXT = re.compile(r"^\s*(\d+)\s*(?:(-)\s*(\d+)?|(\+))?\s*$")


class Range(Frozen):
    """An inclusive integer range. In YAML write ``12`` (exactly 12), ``"3-6"``, ``"3+"``
    (at least 3) or ``{min: 3, max: 6}``."""

    min: int = Field(0, ge=0, le=MOST_COUNT, description="smallest allowed value")
    max: int | None = Field(
        None, ge=0, le=MOST_COUNT, description="largest allowed value; empty for no limit"
    )

    @model_validator(mode="before")
    @classmethod
    def _from_shorthand(cls, value: Any) -> Any:
        if isinstance(value, bool):
            raise ValueError("expected a number, 'a-b', 'a+' or {min, max}, not true/false")
        if isinstance(value, int):
            return {"min": value, "max": value}
        if isinstance(value, str):
            match = _RANGE_TEXT.match(value)
            if not match:
                raise ValueError(
                    f"'{value}' is not a range; write 12, '3-6', '3+' or {{min: 3, max: 6}}"
                )
            low, dash, high, plus = match.groups()
            if plus or (dash and high is None):
                return {"min": int(low), "max": None}
            return {"min": int(low), "max": int(high) if high else int(low)}
        return value

    @model_validator(mode="after")
    def _ordered(self) -> Range:
        if self.max is not None and self.max < self.min:
            raise ValueError(f"max {self.max} is below min {self.min}")
        return self

    def text(self) -> str:
        if self.max is None:
            return f"≥ {self.min}"
        if self.max == self.min:
            return f"{self.min}"
        return f"{self.min}–{self.max}"


class WeekSpan(Frozen):
    """Weeks of the academic year, 1-based and inclusive. Write ``12`` or ``"12-14"``."""

    first: int = Field(..., ge=1, description="first week (1 = the week starting on start_date)")
    last: int = Field(..., ge=1, description="last week, inclusive")

    @model_validator(mode="before")
    @classmethod
    def _from_shorthand(cls, value: Any) -> Any:
        if isinstance(value, bool):
            raise ValueError("expected a week number or 'first-last'")
        if isinstance(value, int):
            return {"first": value, "last": value}
        if isinstance(value, str):
            match = re.match(r"^\s*(\d+)\s*(?:-\s*(\d+))?\s*$", value)
            if not match:
                raise ValueError(f"'{value}' is not a week span; write 12 or '12-14'")
            first = int(match.group(1))
            return {"first": first, "last": int(match.group(2) or first)}
        return value

    @model_validator(mode="after")
    def _ordered(self) -> WeekSpan:
        if self.last < self.first:
            raise ValueError(f"last week {self.last} is before first week {self.first}")
        return self

    def weeks(self) -> range:
        """0-based week indices covered by the span."""
        return range(self.first - 1, self.last)

    def text(self) -> str:
        return (
            f"week {self.first}" if self.first == self.last else f"weeks {self.first}-{self.last}"
        )


def _parse_share(value: Any) -> Any:
    if isinstance(value, str):
        text = value.strip().rstrip("%")
        try:
            share = Fraction(text)
        except (ValueError, ZeroDivisionError) as exc:
            raise ValueError(f"'{value}' is not a share; write 0.5, '1/3' or '50%'") from exc
        if value.strip().endswith("%"):
            share /= 100
        return float(share)
    return value


def as_fraction(share: float) -> Fraction:
    """Exact fraction for a share written as a float (0.3333 stays 1/3)."""
    return Fraction(share).limit_denominator(1000)


# --------------------------------------------------------------------------- calendar


class Template(Frozen):
    """An X+Y template: X weeks of service, then Y weeks of ambulatory clinic, repeated.

    Cohort g (1-based) starts its cycle ``(g - 1) * stagger`` weeks after cohort 1. The
    cycle runs on across the edges of the academic year: week 1 finds each cohort wherever
    its cycle stands, and a segment cut by the first or last week of the year is simply a
    shorter segment.
    """

    id: Identifier
    name: str | None = Field(None, description="display name, e.g. '3+2 primary care'")
    x_weeks: int = Field(..., ge=1, le=12, description="weeks of service (X phase) per cycle")
    y_weeks: int = Field(
        ..., ge=1, le=12, description="weeks of ambulatory clinic (Y phase) per cycle"
    )
    cohorts: int = Field(..., ge=1, le=16, description="number of staggered cohorts")
    stagger: int = Field(
        1, ge=1, le=12, description="weeks between the cycle starts of consecutive cohorts"
    )

    @model_validator(mode="after")
    def _covers_cycle(self) -> Template:
        if self.cohorts * self.stagger != self.cycle_weeks:
            raise ValueError(
                f"{self.cohorts} cohorts x stagger {self.stagger} must equal the cycle of "
                f"{self.cycle_weeks} weeks so that clinic is staffed every week"
            )
        return self

    @property
    def cycle_weeks(self) -> int:
        return self.x_weeks + self.y_weeks

    def cycle_position(self, cohort: int, week: int) -> int:
        """Position (0-based) of 0-based ``week`` in cohort ``cohort``'s cycle."""
        return (week - (cohort - 1) * self.stagger) % self.cycle_weeks

    def phase(self, cohort: int, week: int) -> Literal["X", "Y"]:
        """'X' (service) or 'Y' (clinic): cohort ``cohort``'s phase in 0-based ``week``."""
        return "X" if self.cycle_position(cohort, week) < self.x_weeks else "Y"

    @property
    def label(self) -> str:
        return self.name or f"{self.x_weeks}+{self.y_weeks}"


class Track(Frozen):
    """A training track (primary care, categorical, preliminary)."""

    id: Identifier
    name: str = Field(..., description="display name of the track")
    template: str | None = Field(
        None,
        description="id of the X+Y template the track follows; empty for no template (no clinic phase)",
    )
    block_weeks: int = Field(
        4,
        ge=1,
        le=12,
        description="length of a scheduling block for residents without a template; "
        "'segment' units fill such a block",
    )
    site_priority: int = Field(
        0,
        ge=0,
        le=100,
        description="when clinic sites are assigned from residents' ranked sites, a higher "
        "priority is placed first (primary care before categorical, say)",
    )


class Coverage(Frozen):
    """Weekly staffing of a rotation, by level. Interns are PGY-1, seniors PGY-2 and up."""

    interns: Range | None = Field(None, description="residents in PGY-1 per week")
    seniors: Range | None = Field(None, description="residents in PGY-2 or above per week")
    any: Range | None = Field(None, description="residents of any year per week")
    by_pgy: dict[int, Range] = Field(
        default_factory=dict, description="residents of one PGY year per week, keyed by the year"
    )

    def rules(self) -> list[tuple[str, Range]]:
        """(level name, range) pairs, level names being 'interns', 'seniors', 'any' or 'PGY-n'."""
        rules: list[tuple[str, Range]] = []
        for name in ("interns", "seniors", "any"):
            value = getattr(self, name)
            if value is not None:
                rules.append((name, value))
        rules.extend((f"PGY-{year}", value) for year, value in sorted(self.by_pgy.items()))
        return rules


def level_includes(level: str, pgy: int) -> bool:
    """Whether a resident of ``pgy`` counts toward coverage at ``level``."""
    if level == "interns":
        return pgy == 1
    if level == "seniors":
        return pgy >= 2
    if level == "any":
        return True
    return level == f"PGY-{pgy}"


def people(count: int | str, level: str) -> str:
    """'1 intern', '3 seniors', '2 residents', '1 PGY-2 resident': counts read as English."""
    noun = {"interns": "intern", "seniors": "senior", "any": "resident"}.get(
        level, f"{level} resident"
    )
    return f"{count} {noun}" + ("" if str(count) == "1" else "s")


class Rotation(Frozen):
    """Something a resident can be assigned to for a week."""

    id: Identifier
    name: str = Field(..., description="display name, e.g. 'Medical ICU'")
    abbreviation: str | None = Field(
        None, max_length=8, description="short label for the schedule grid (default: from the id)"
    )
    category: Category = Field(
        ..., description="kind of rotation; drives colours and category rules"
    )
    phase: Phase = Field(
        "X", description="template phase it belongs to: X (service), Y (clinic) or either"
    )
    ambulatory: bool = Field(False, description="whether a week here counts as ambulatory time")
    clinic_half_days: int = Field(
        0,
        ge=0,
        le=10,
        description="continuity-clinic half-days per week for a resident with a clinic site",
    )
    unit: int | Literal["segment"] = Field(
        1,
        description="weeks the rotation comes in: 1 for any week, n to fill whole n-week parts of a "
        "template segment, or 'segment' to fill whole segments (leave may split a unit)",
    )
    coverage: Coverage = Field(
        default_factory=Coverage, description="weekly staffing limits by level"
    )
    pgy: list[int] | None = Field(None, description="PGY years allowed on it; empty for all")
    tracks: list[str] | None = Field(None, description="track ids allowed on it; empty for all")
    residents: list[str] | None = Field(
        None,
        description="resident ids allowed on it (an away rotation open to a listed few); "
        "empty for all",
    )
    color: str | None = Field(
        None,
        pattern=r"^[0-9A-Fa-f]{6}$",
        description="grid colour as hex RRGGBB (default: by category)",
    )

    @field_validator("unit")
    @classmethod
    def _positive_unit(cls, unit: int | str) -> int | str:
        if isinstance(unit, int) and not 1 <= unit <= 12:
            raise ValueError("unit must be between 1 and 12 weeks, or 'segment'")
        return unit

    @model_validator(mode="after")
    def _leave_is_not_ambulatory(self) -> Rotation:
        if self.category == "leave" and self.ambulatory:
            raise ValueError(
                "a leave rotation cannot count as ambulatory: leave weeks are not scheduled weeks"
            )
        return self

    @property
    def short(self) -> str:
        return self.abbreviation or self.id.upper()[:6]

    def allows(self, resident: Resident) -> bool:
        return (
            (self.pgy is None or resident.pgy in self.pgy)
            and (self.tracks is None or resident.track in self.tracks)
            and (self.residents is None or resident.id in self.residents)
        )


# --------------------------------------------------------------------------- rules


class Selector(Frozen):
    """A set of rotations named by id and/or by category."""

    rotations: list[str] = Field(default_factory=list, description="rotation ids")
    categories: list[Category] = Field(default_factory=list, description="rotation categories")

    @model_validator(mode="after")
    def _not_empty(self) -> Selector:
        if not self.rotations and not self.categories:
            raise ValueError(
                "name at least one rotation (rotations: [...]) or category (categories: [...])"
            )
        return self

    def describe(self) -> str:
        return ", ".join([*self.rotations, *self.categories])


class Applicability(Frozen):
    """Which residents a rule applies to; empty lists mean everyone."""

    tracks: list[str] | None = Field(None, description="track ids it applies to; empty for all")
    pgy: list[int] | None = Field(None, description="PGY years it applies to; empty for all")

    def applies_to(self, resident: Resident) -> bool:
        return (self.tracks is None or resident.track in self.tracks) and (
            self.pgy is None or resident.pgy in self.pgy
        )


class Requirement(Applicability, Selector):
    """Minimum and maximum weeks a resident spends on some rotations in the year, or, with
    ``cumulative``, over training (the resident's history counts too)."""

    label: str | None = Field(None, description="name shown in reports, e.g. 'ICU'")
    weeks: Range = Field(..., description="weeks per year: 12, '3-6', '3+' or {min, max}")
    cumulative: bool = Field(
        False,
        description="a limit over training: the resident's prior weeks (history) count toward it",
    )

    @property
    def name(self) -> str:
        return self.label or self.describe()

    def applies_to(self, resident: Resident) -> bool:
        """A year's total: not for a resident who withdraws mid-year."""
        return resident.whole_year and super().applies_to(resident)


class AmbulatoryShare(Applicability):
    """Share of scheduled (non-leave) weeks that must be ambulatory."""

    min: float = Field(0.0, ge=0, le=1, description="lowest share, e.g. 0.5, '1/3' or '50%'")
    max: float = Field(1.0, ge=0, le=1, description="highest share")
    cumulative: bool = Field(
        False,
        description="count the roster's prior_weeks and prior_ambulatory_weeks, so the share "
        "holds over training so far rather than this year alone",
    )

    @field_validator("min", "max", mode="before")
    @classmethod
    def _shares(cls, value: Any) -> Any:
        return _parse_share(value)

    def applies_to(self, resident: Resident) -> bool:
        """A year's share: not for a resident who withdraws mid-year."""
        return resident.whole_year and super().applies_to(resident)

    @model_validator(mode="after")
    def _ordered(self) -> AmbulatoryShare:
        if self.max < self.min:
            raise ValueError(f"max {self.max} is below min {self.min}")
        return self


class AwayCap(Frozen):
    """Most residents on leave in one week, in total and by level."""

    any: int | None = Field(None, ge=0, le=MOST_COUNT, description="residents of any year")
    interns: int | None = Field(None, ge=0, le=MOST_COUNT, description="PGY-1 residents")
    seniors: int | None = Field(None, ge=0, le=MOST_COUNT, description="PGY-2 and above")

    def rules(self) -> list[tuple[str, int]]:
        return [
            (name, getattr(self, name))
            for name in ("any", "interns", "seniors")
            if getattr(self, name) is not None
        ]


class ApprovedVacation(Frozen):
    """A vacation that is already approved and must be honoured."""

    resident: str = Field(..., description="resident id")
    weeks: WeekSpan = Field(..., description="week or 'first-last'")


class VacationPolicy(Frozen):
    """How many weeks of vacation each resident takes, and where it may fall."""

    rotation: str = Field("vacation", description="id of the leave rotation used for vacation")
    weeks_per_resident: int = Field(
        4, ge=0, le=12, description="vacation weeks per resident per year"
    )
    max_block_weeks: int = Field(
        2, ge=1, le=12, description="longest run of consecutive vacation weeks"
    )
    min_per_half: int = Field(
        0, ge=0, le=MOST_COUNT, description="vacation weeks required in each half of the year"
    )
    allowed_phases: list[Literal["X", "Y"]] = Field(
        default_factory=lambda: list[Literal["X", "Y"]](["X"]),
        description="template phases vacation may fall in (residents without a template count as X)",
    )
    max_away_per_week: AwayCap = Field(
        default_factory=AwayCap, description="jeopardy caps on leave per week"
    )
    approved: list[ApprovedVacation] = Field(
        default_factory=list, description="fixed, approved vacations"
    )


#: Categories a resident who is unavailable (or at a program event) is kept off by default.
DUTY_CATEGORIES: tuple[Category, ...] = ("inpatient", "critical_care", "night_float")


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


class ClinicGap(Applicability):
    """The longest run of weeks a resident with a continuity site may go without clinic.

    Runs are counted within the year: the weeks before a resident's first clinic week of
    the year, and after the last, count as runs of their own (what happened in June of the
    previous year is not known)."""

    weeks: int = Field(..., ge=1, le=60, description="most weeks in a row without clinic, e.g. 3")


class ClinicHalfDays(Applicability):
    """Clinic half-days a resident with a continuity site must have: this year, or with
    ``cumulative``, over training (the roster's ``prior_clinic_half_days`` count too)."""

    min: int = Field(..., ge=0, le=MOST_COUNT, description="fewest clinic half-days, e.g. 44")
    cumulative: bool = Field(
        False, description="count earlier years too (roster column prior_clinic_half_days)"
    )

    def applies_to(self, resident: Resident) -> bool:
        """A year's total: not for a resident who withdraws mid-year."""
        return resident.whole_year and super().applies_to(resident)


class Continuity(Frozen):
    """Continuity of care: how long a resident may be away from their clinic, and how many
    clinic half-days they must have."""

    max_weeks_without_clinic: list[ClinicGap] = Field(
        default_factory=list, description="longest run without clinic, by track and PGY"
    )
    clinic_half_days: list[ClinicHalfDays] = Field(
        default_factory=list, description="minimum clinic half-days, by track and PGY"
    )


class Event(Applicability):
    """A program event (a retreat, an academic half-day, a boards week) that keeps a group
    off duty in given weeks: everyone its tracks, PGY years and residents name."""

    name: str = Field(..., min_length=1, max_length=80, description="e.g. 'Primary-care retreat'")
    weeks: WeekSpan = Field(..., description="week or 'first-last'")
    residents: list[str] | None = Field(
        None,
        description="resident ids it is for (with tracks and pgy, all must hold); empty for all",
    )
    free_of: Selector = Field(
        default_factory=lambda: Selector(categories=list(DUTY_CATEGORIES)),
        description="rotations kept free in those weeks; default categories inpatient, "
        "critical_care, night_float",
    )

    def includes(self, resident: Resident) -> bool:
        return self.applies_to(resident) and (
            self.residents is None or resident.id in self.residents
        )


class PriorWeeks(Frozen):
    """Weeks a resident spent on a rotation (or in a category) in earlier years."""

    resident: str = Field(..., description="resident id")
    rotation: str | None = Field(None, description="rotation id (or give category)")
    category: Category | None = Field(None, description="rotation category (or give rotation)")
    weeks: int = Field(..., ge=0, le=MOST_COUNT, description="weeks in earlier years")

    @model_validator(mode="after")
    def _rotation_or_category(self) -> PriorWeeks:
        if (self.rotation is None) == (self.category is None):
            raise PydanticCustomError(
                "reference",
                "{message}",
                {
                    "loc": ("rotation",),
                    "message": "give a rotation or a category"
                    + (", not both" if self.rotation is not None else ""),
                    "fix": "e.g. rotation: micu, or category: critical_care",
                },
            )
        return self


class ClinicSite(Frozen):
    """A continuity-clinic practice site."""

    id: Identifier
    name: str = Field(..., description="display name")
    capacity: int = Field(
        ..., ge=0, le=MOST_COUNT, description="most residents in clinic at the site per week"
    )
    min_residents: int = Field(
        0, ge=0, le=MOST_COUNT, description="fewest residents in clinic at the site per week"
    )


class LongitudinalSite(Applicability):
    """A second, longitudinal practice (a geriatrics or homeless-health clinic, say) that
    a resident attends for a weekly half-day on top of their continuity clinic, in every
    week whose rotation keeps clinic. Its weekly capacity is its own; its half-days count
    toward the resident's clinic half-days. Residents are named in the roster's
    ``second_site`` column; ``tracks`` and ``pgy`` say who may have it."""

    id: Identifier
    name: str = Field(..., min_length=1, description="display name")
    capacity: int = Field(
        ..., ge=0, le=MOST_COUNT, description="most residents at the site in one week"
    )
    half_days: int = Field(
        1, ge=1, le=10, description="half-days a resident spends there in each clinic week"
    )


class CohortBalance(Frozen):
    """How evenly residents on a template are spread across its cohorts."""

    by_pgy: bool = Field(True, description="balance each PGY year of a template across cohorts")
    by_site: bool = Field(True, description="balance each clinic site of a template across cohorts")
    max_difference: int = Field(
        1, ge=0, le=MOST_COUNT, description="largest allowed difference between cohort sizes"
    )


class MaxConsecutive(Applicability, Selector):
    """At most ``weeks`` consecutive weeks on the selected rotations."""

    label: str | None = Field(None, description="name shown in reports")
    weeks: int = Field(
        ..., ge=1, le=MOST_COUNT, description="longest allowed run of consecutive weeks"
    )


class NotAdjacent(Frozen):
    """Rotations that may not directly follow one another, in either order."""

    label: str | None = Field(None, description="name shown in reports")
    first: Selector = Field(..., description="one side, e.g. {rotations: [night_float]}")
    second: Selector = Field(..., description="the other side, e.g. {categories: [critical_care]}")


class Sequencing(Frozen):
    """Rules on the order of rotations."""

    max_consecutive: list[MaxConsecutive] = Field(
        default_factory=list, description="run-length limits"
    )
    not_adjacent: list[NotAdjacent] = Field(
        default_factory=list, description="forbidden neighbours"
    )


class ObjectiveWeights(Frozen):
    """Weights of the soft goals; hard rules are never traded against them."""

    heavy_balance: int = Field(
        10,
        ge=0,
        le=MOST_WEIGHT,
        description="per week between the most and the least heavy-rotation weeks within a "
        "track and PGY year, for all heavy categories together and for each one",
    )
    heavy_band: int | None = Field(
        None,
        ge=0,
        le=MOST_WEIGHT,
        description="per week a resident's heavy-rotation load lies outside a band one unit "
        "wide (the heavy rotations' largest unit) shared by their track and PGY year; "
        "empty for heavy_balance's weight",
    )
    switches: int = Field(
        1, ge=0, le=MOST_WEIGHT, description="per rotation change that the template does not force"
    )
    heavy_categories: list[Category] = Field(
        default_factory=lambda: list[Category](["critical_care", "night_float"]),
        description="categories whose weeks are balanced within each track and PGY year",
    )
    unmet_requests: list[Annotated[int, Field(ge=0, le=MOST_WEIGHT)]] = Field(
        default_factory=lambda: [100, 30, 10],
        min_length=3,
        max_length=3,
        description="per soft request not granted, for priority 1, 2 and 3",
    )
    request_fairness: int = Field(
        30,
        ge=0,
        le=MOST_WEIGHT,
        description="per soft request denied to the resident with the most denied, within "
        "each track and PGY year (so that denials are shared out)",
    )
    preferences: int = Field(
        10,
        ge=0,
        le=MOST_WEIGHT,
        description="per elective choice not given: 3 times for a first choice, 2 for a "
        "second, once for any later one; and per rotation to avoid that is given",
    )

    @property
    def heavy_band_weight(self) -> int:
        """The band's weight: its own, or heavy_balance's (so that 0 there turns both off)."""
        return self.heavy_balance if self.heavy_band is None else self.heavy_band


# --------------------------------------------------------------------------- people


class Resident(Frozen):
    """One resident on the roster."""

    id: Identifier
    name: str = Field(..., min_length=1, description="full name")
    pgy: int = Field(..., ge=1, le=10, description="post-graduate year (1 = intern)")
    track: str = Field(..., description="track id")
    clinic_site: str | None = Field(None, description="continuity-clinic site id; empty for none")
    second_site: str | None = Field(
        None, description="longitudinal second site id (a weekly half-day); empty for none"
    )
    cohort: int | None = Field(
        None, ge=1, description="fixed cohort number; empty to let the engine choose"
    )
    prior_weeks: int = Field(
        0, ge=0, le=MOST_COUNT, description="scheduled (non-leave) weeks in earlier years"
    )
    prior_ambulatory_weeks: int = Field(
        0, ge=0, le=MOST_COUNT, description="ambulatory weeks in earlier years"
    )
    prior_clinic_half_days: int = Field(
        0, ge=0, le=MOST_COUNT, description="continuity-clinic half-days in earlier years"
    )
    withdrawn_from: int | None = Field(
        None,
        ge=1,
        le=MOST_COUNT,
        description="for a resident who leaves the program mid-year: the first week (1-based) "
        "they are gone. From then on they are on a leave rotation, counted nowhere; the "
        "year's totals (requirements, ambulatory share, clinic half-days, vacation weeks) no "
        "longer apply to them. Empty for the whole year",
    )

    def present(self, week: int) -> bool:
        """Whether the resident is still in the program in (0-based) ``week``."""
        return self.withdrawn_from is None or week + 1 < self.withdrawn_from

    @property
    def whole_year(self) -> bool:
        """Whether the year's totals apply to the resident (they do not withdraw)."""
        return self.withdrawn_from is None

    @model_validator(mode="after")
    def _history_adds_up(self) -> Resident:
        if self.prior_ambulatory_weeks > self.prior_weeks:
            raise PydanticCustomError(
                "reference",
                "{message}",
                {
                    "loc": ("prior_ambulatory_weeks",),
                    "message": f"{self.prior_ambulatory_weeks} prior ambulatory weeks but only "
                    f"{self.prior_weeks} prior weeks",
                    "fix": "prior_ambulatory_weeks counts weeks within prior_weeks",
                },
            )
        return self

    @field_validator("clinic_site", "second_site", "cohort", "withdrawn_from", mode="before")
    @classmethod
    def _blank_is_none(cls, value: Any) -> Any:
        return None if isinstance(value, str) and not value.strip() else value


class Pin(Frozen):
    """A fixed assignment: resident on rotation for some weeks."""

    resident: str = Field(..., description="resident id")
    weeks: WeekSpan = Field(..., description="week or 'first-last'")
    rotation: str = Field(..., description="rotation id")


# --------------------------------------------------------------------------- program


class Program(Frozen):
    """A residency program's curriculum, roster and rules for one academic year."""

    name: str = Field(..., min_length=1, description="program name")
    start_date: dt.date = Field(..., description="first day of the academic year; must be a Monday")
    weeks: int = Field(52, ge=1, le=60, description="weeks in the academic year")
    pgy_years: list[PGY] = Field(
        default_factory=lambda: [1, 2, 3], description="PGY years in the program, each 1 to 10"
    )
    templates: list[Template] = Field(default_factory=list, description="X+Y templates")
    tracks: list[Track] = Field(..., min_length=1, description="training tracks")
    rotations: list[Rotation] = Field(..., min_length=1, description="rotations")
    requirements: list[Requirement] = Field(
        default_factory=list, description="weeks per rotation per year"
    )
    ambulatory_share: list[AmbulatoryShare] = Field(
        default_factory=list, description="ambulatory targets"
    )
    vacation: VacationPolicy | None = Field(
        None, description="vacation policy; empty for no vacation"
    )
    clinic_sites: list[ClinicSite] = Field(
        default_factory=list, description="continuity-clinic sites"
    )
    longitudinal_sites: list[LongitudinalSite] = Field(
        default_factory=list,
        description="second practice sites a resident attends for a weekly half-day in "
        "clinic weeks (roster column second_site)",
    )
    cohort_balance: CohortBalance = Field(
        default_factory=CohortBalance, description="cohort balance rules"
    )
    sequencing: Sequencing = Field(default_factory=Sequencing, description="rotation order rules")
    objective: ObjectiveWeights = Field(
        default_factory=ObjectiveWeights, description="soft-goal weights"
    )
    roster: str | None = Field(
        None, description="CSV or XLSX roster file, relative to this file (instead of residents)"
    )
    residents: list[Resident] = Field(
        default_factory=list, description="residents, if no roster file"
    )
    pins: list[Pin] = Field(default_factory=list, description="fixed assignments")
    continuity: Continuity = Field(
        default_factory=Continuity, description="continuity-of-care rules"
    )
    events: list[Event] = Field(
        default_factory=list, description="program events that keep a group off duty"
    )
    history: list[PriorWeeks] = Field(
        default_factory=list,
        description="weeks in earlier years by rotation or category, for cumulative "
        "requirements: inline, or a CSV or XLSX file relative to this file",
    )
    requests: Requests = Field(
        default_factory=Requests,
        description="residents' requests: inline, or a YAML, CSV or XLSX file relative to "
        "this file",
    )

    @field_validator("start_date")
    @classmethod
    def _monday(cls, start: dt.date) -> dt.date:
        if not FIRST_YEAR <= start.year <= LAST_YEAR:
            raise PydanticCustomError(
                "year",
                "{day} is outside {first}-{last}",
                {"day": start.isoformat(), "first": FIRST_YEAR, "last": LAST_YEAR},
            )
        if start.weekday() != 0:
            monday = start - dt.timedelta(days=start.weekday())
            raise PydanticCustomError(
                "not_monday",
                "{day} is a {weekday}; the academic year must start on a Monday (e.g. {monday})",
                {
                    "day": start.isoformat(),
                    "weekday": start.strftime("%A"),
                    "monday": monday.isoformat(),
                },
            )
        return start

    @model_validator(mode="after")
    def _references(self) -> Program:
        for problem in _reference_problems(self):
            raise problem
        return self

    # ----------------------------------------------------------------- lookups

    @cached_property
    def rotation_by_id(self) -> dict[str, Rotation]:
        return {rotation.id: rotation for rotation in self.rotations}

    @cached_property
    def rotation_index(self) -> dict[str, int]:
        """Each rotation id's position in ``rotations`` (the model's rotation index)."""
        return {rotation.id: k for k, rotation in enumerate(self.rotations)}

    def clinic_half_days(self, resident: Resident, rotation: Rotation) -> int:
        """Clinic half-days a week on ``rotation`` gives the resident: none without a clinic
        site or in a week without clinic; else the rotation's, plus their longitudinal
        second site's."""
        if resident.clinic_site is None or not rotation.clinic_half_days:
            return 0
        second = next((s for s in self.longitudinal_sites if s.id == resident.second_site), None)
        return rotation.clinic_half_days + (second.half_days if second else 0)

    @cached_property
    def track_by_id(self) -> dict[str, Track]:
        return {track.id: track for track in self.tracks}

    @cached_property
    def template_by_id(self) -> dict[str, Template]:
        return {template.id: template for template in self.templates}

    @cached_property
    def resident_by_id(self) -> dict[str, Resident]:
        return {resident.id: resident for resident in self.residents}

    def template_of(self, resident: Resident) -> Template | None:
        template_id = self.track_by_id[resident.track].template
        return self.template_by_id[template_id] if template_id else None

    def select(self, selector: Selector) -> list[str]:
        """Rotation ids named by a selector, in program order."""
        return [
            rotation.id
            for rotation in self.rotations
            if rotation.id in selector.rotations or rotation.category in selector.categories
        ]

    def week_start(self, week: int) -> dt.date:
        """Start date of 0-based week ``week``."""
        return self.start_date + dt.timedelta(weeks=week)

    def prior_weeks(self, resident_id: str, requirement: Requirement) -> int:
        """The resident's history that counts toward a requirement: entries by a rotation it
        names (by id or category), and entries by one of its categories."""
        named = set(self.select(requirement))
        return sum(
            entry.weeks
            for entry in self.history
            if entry.resident == resident_id
            and (
                (entry.rotation is not None and entry.rotation in named)
                or (entry.category is not None and entry.category in requirement.categories)
            )
        )

    def yearly_range(self, requirement: Requirement, resident: Resident) -> tuple[int, int | None]:
        """(min, max) weeks this year: the requirement's range, less the resident's history
        where it is cumulative (a maximum may go below 0: no year can meet it)."""
        if not requirement.cumulative:
            return requirement.weeks.min, requirement.weeks.max
        prior = self.prior_weeks(resident.id, requirement)
        most = None if requirement.weeks.max is None else requirement.weeks.max - prior
        return max(0, requirement.weeks.min - prior), most

    def with_sites(self, sites: dict[str, str]) -> Program:
        """The program with clinic sites given to residents the roster leaves without one
        (sites chosen from their ranked preferences: :mod:`scheduler.sites`)."""
        if not sites:
            return self
        data = self.model_dump()  # validated again: no lookup cached on this one carries over
        for resident in data["residents"]:
            if resident["clinic_site"] is None and resident["id"] in sites:
                resident["clinic_site"] = sites[resident["id"]]
        return Program.model_validate(data)

    def requested_weeks(self, request: RequestedWeeks) -> range:
        """0-based weeks a request covers (by week numbers, or the weeks holding its dates)."""
        if request.weeks is not None:
            return request.weeks.weeks()
        assert request.start is not None
        end = request.end or request.start
        return range(
            (request.start - self.start_date).days // 7, (end - self.start_date).days // 7 + 1
        )

    @property
    def vacation_rotation(self) -> str | None:
        return self.vacation.rotation if self.vacation else None


def _reference_problems(program: Program) -> Iterable[PydanticCustomError]:
    """Every id that refers to something must name something that exists."""
    yield from _no_residents(program)
    yield from _withdrawals_in_year(program)
    yield from _duplicates(program)
    yield from _track_and_rotation_problems(program)
    yield from _rule_problems(program)
    yield from _vacation_problems(program)
    for i, resident in enumerate(program.residents):
        yield from _resident_problems(program, resident, ("residents", i))
    yield from _pin_problems(program)
    yield from _request_problems(program)


def _no_residents(program: Program) -> Iterable[PydanticCustomError]:
    """A program without residents is a mistake (a roster key left out, an empty list), not a
    program to prove infeasible, or to solve into an empty workbook when nothing needs staff."""
    if not program.residents:
        yield reference_error(
            ("residents",),
            "the program has no residents",
            "name a roster file (roster: roster.csv), or list the residents under 'residents'",
        )


def _withdrawals_in_year(program: Program) -> Iterable[PydanticCustomError]:
    """A resident withdraws in a week of the year, and not in its first (then they are not
    in the program at all: leave them off the roster)."""
    for i, resident in enumerate(program.residents):
        week = resident.withdrawn_from
        if week is not None and not 2 <= week <= program.weeks:
            yield reference_error(
                ("residents", i, "withdrawn_from"),
                f"{resident.id} withdraws in week {week}, outside weeks 2-{program.weeks}",
                "give the first week they are gone, between 2 and the year's last week (or "
                "take them off the roster)",
            )


def _unknown(
    kind: str, name: str, known: list[str], loc: tuple[str | int, ...]
) -> PydanticCustomError:
    return reference_error(loc, f"unknown {kind} '{name}'", _suggest(name, known))


def _track_and_rotation_problems(program: Program) -> Iterable[PydanticCustomError]:
    templates = [t.id for t in program.templates]
    tracks = [t.id for t in program.tracks]
    years = program.pgy_years
    for i, track in enumerate(program.tracks):
        if track.template is not None and track.template not in templates:
            yield _unknown("template", track.template, templates, ("tracks", i, "template"))
    for i, rotation in enumerate(program.rotations):
        for j, track_id in enumerate(rotation.tracks or []):
            if track_id not in tracks:
                yield _unknown("track", track_id, tracks, ("rotations", i, "tracks", j))
        for j, year in enumerate(rotation.pgy or []):
            if year not in years:
                yield reference_error(
                    ("rotations", i, "pgy", j),
                    f"PGY {year} is not a program year",
                    f"use one of {years}",
                )
        residents = [r.id for r in program.residents]
        for j, resident_id in enumerate(rotation.residents or []):
            if resident_id not in residents:
                yield _unknown("resident", resident_id, residents, ("rotations", i, "residents", j))
        for year in rotation.coverage.by_pgy:
            # a staffing rule for a year the program does not have reads as a proof that no
            # schedule exists, rather than as the typo it is
            if year not in years:
                yield reference_error(
                    ("rotations", i, "coverage", "by_pgy", year),
                    f"PGY {year} is not a program year",
                    f"use one of {years} as the key",
                )


def _rule_problems(program: Program) -> Iterable[PydanticCustomError]:
    """Requirements, ambulatory shares and sequencing rules name known tracks, years and
    rotations."""
    rotations = [r.id for r in program.rotations]
    tracks = [t.id for t in program.tracks]
    years = program.pgy_years
    for field in ("requirements", "ambulatory_share"):
        for i, rule in enumerate(getattr(program, field)):
            yield from _applicability_problems(rule, (field, i), tracks, years)
    for i, requirement in enumerate(program.requirements):
        yield from _selector_problems(requirement, ("requirements", i), rotations)
    for i, rule in enumerate(program.sequencing.max_consecutive):
        yield from _selector_problems(rule, ("sequencing", "max_consecutive", i), rotations)
        yield from _applicability_problems(
            rule, ("sequencing", "max_consecutive", i), tracks, years
        )
    for i, pair in enumerate(program.sequencing.not_adjacent):
        for side in ("first", "second"):
            yield from _selector_problems(
                getattr(pair, side), ("sequencing", "not_adjacent", i, side), rotations
            )
    for field in ("max_weeks_without_clinic", "clinic_half_days"):
        for i, rule in enumerate(getattr(program.continuity, field)):
            yield from _applicability_problems(rule, ("continuity", field, i), tracks, years)
    residents = [r.id for r in program.residents]
    for i, entry in enumerate(program.history):
        if entry.resident not in residents:
            yield _unknown("resident", entry.resident, residents, ("history", i, "resident"))
        if entry.rotation is not None and entry.rotation not in rotations:
            yield _unknown("rotation", entry.rotation, rotations, ("history", i, "rotation"))
    for i, site in enumerate(program.longitudinal_sites):
        yield from _applicability_problems(site, ("longitudinal_sites", i), tracks, years)
    for i, event in enumerate(program.events):
        yield from _applicability_problems(event, ("events", i), tracks, years)
        yield from _selector_problems(event.free_of, ("events", i, "free_of"), rotations)
        for j, resident_id in enumerate(event.residents or []):
            if resident_id not in residents:
                yield _unknown("resident", resident_id, residents, ("events", i, "residents", j))
        if event.weeks.last > program.weeks:
            yield reference_error(
                ("events", i, "weeks"),
                f"week {event.weeks.last} is past the year's {program.weeks} weeks",
                "shorten the span",
            )


def _resident_problems(
    program: Program, resident: Resident, loc: tuple[str | int, ...]
) -> Iterable[PydanticCustomError]:
    years = program.pgy_years
    tracks = [t.id for t in program.tracks]
    sites = [s.id for s in program.clinic_sites]
    if resident.pgy not in years:
        yield reference_error(
            (*loc, "pgy"),
            f"PGY {resident.pgy} is not one of the program's years {years}",
            "correct the PGY or add the year to pgy_years",
        )
    if resident.track not in tracks:
        yield _unknown("track", resident.track, tracks, (*loc, "track"))
        return
    if resident.clinic_site is not None and resident.clinic_site not in sites:
        yield _unknown("clinic site", resident.clinic_site, sites, (*loc, "clinic_site"))
    yield from _second_site_problems(program, resident, loc)
    template = program.template_of(resident)
    ranks_sites = any(p.resident == resident.id and p.sites for p in program.requests.preferences)
    if template is not None and sites and resident.clinic_site is None and not ranks_sites:
        yield reference_error(
            (*loc, "clinic_site"),
            f"resident '{resident.id}' is on a template with clinic weeks but has no clinic site",
            _suggest("", sites)
            + " (or rank sites in the requests' preferences: sites: [...], to have one chosen)",
        )
    if resident.cohort is None:
        return
    if template is None:
        yield reference_error(
            (*loc, "cohort"),
            f"track '{resident.track}' has no template, so a cohort means nothing",
            "leave the cohort empty",
        )
    elif resident.cohort > template.cohorts:
        yield reference_error(
            (*loc, "cohort"),
            f"cohort {resident.cohort} does not exist; template '{template.id}' has {template.cohorts}",
            f"use a cohort from 1 to {template.cohorts}",
        )


def _second_site_problems(
    program: Program, resident: Resident, loc: tuple[str | int, ...]
) -> Iterable[PydanticCustomError]:
    if resident.second_site is None:
        return
    sites = {site.id: site for site in program.longitudinal_sites}
    site = sites.get(resident.second_site)
    if site is None:
        yield _unknown(
            "longitudinal site", resident.second_site, list(sites), (*loc, "second_site")
        )
    elif not site.applies_to(resident):
        yield reference_error(
            (*loc, "second_site"),
            f"longitudinal site '{site.id}' is not open to {resident.id} "
            f"({resident.track}, PGY-{resident.pgy})",
            "leave second_site empty, or add the track and year to the site's tracks and pgy",
        )
    elif resident.clinic_site is None and not any(
        p.resident == resident.id and p.sites for p in program.requests.preferences
    ):
        yield reference_error(
            (*loc, "second_site"),
            f"{resident.id} has a second site but no continuity clinic, so no clinic weeks",
            "give the resident a clinic_site, or leave second_site empty",
        )


def _pin_problems(program: Program) -> Iterable[PydanticCustomError]:
    rotations = [r.id for r in program.rotations]
    residents = [r.id for r in program.residents]
    for i, pin in enumerate(program.pins):
        if pin.resident not in residents:
            yield _unknown("resident", pin.resident, residents, ("pins", i, "resident"))
        if pin.rotation not in rotations:
            yield _unknown("rotation", pin.rotation, rotations, ("pins", i, "rotation"))
        if pin.weeks.last > program.weeks:
            yield reference_error(
                ("pins", i, "weeks"),
                f"week {pin.weeks.last} is past the year's {program.weeks} weeks",
                "shorten the span",
            )


def _duplicates(program: Program) -> Iterable[PydanticCustomError]:
    for field in (
        "templates",
        "tracks",
        "rotations",
        "clinic_sites",
        "longitudinal_sites",
        "residents",
    ):
        seen: dict[str, int] = {}
        for i, item in enumerate(getattr(program, field)):
            if item.id in seen:
                kind = field.rstrip("s").replace("_", " ")
                yield reference_error(
                    (field, i, "id"),
                    f"duplicate {kind} id '{item.id}' (also at {field}[{seen[item.id]}])",
                    "give every entry its own id",
                )
            seen.setdefault(item.id, i)
    labels: dict[str, int] = {}
    for i, rotation in enumerate(program.rotations):
        label = rotation.short.casefold()
        if label in labels:
            other = program.rotations[labels[label]]
            yield reference_error(
                ("rotations", i, "abbreviation"),
                f"'{rotation.id}' shows as '{rotation.short}' in the schedule grid, like "
                f"'{other.id}' (rotations[{labels[label]}])",
                "give one of them its own abbreviation, so the grid can be read back",
            )
        labels.setdefault(label, i)


def _selector_problems(
    selector: Selector, loc: tuple[str | int, ...], rotations: list[str]
) -> Iterable[PydanticCustomError]:
    for j, rotation_id in enumerate(selector.rotations):
        if rotation_id not in rotations:
            yield reference_error(
                (*loc, "rotations", j),
                f"unknown rotation '{rotation_id}'",
                _suggest(rotation_id, rotations),
            )


def _applicability_problems(
    rule: Applicability, loc: tuple[str | int, ...], tracks: list[str], years: list[int]
) -> Iterable[PydanticCustomError]:
    for j, track_id in enumerate(rule.tracks or []):
        if track_id not in tracks:
            yield reference_error(
                (*loc, "tracks", j), f"unknown track '{track_id}'", _suggest(track_id, tracks)
            )
    for j, year in enumerate(rule.pgy or []):
        if year not in years:
            yield reference_error(
                (*loc, "pgy", j), f"PGY {year} is not a program year", f"use one of {years}"
            )


def _vacation_problems(program: Program) -> Iterable[PydanticCustomError]:
    policy = program.vacation
    if policy is None:
        return
    rotations = [r.id for r in program.rotations]
    residents = [r.id for r in program.residents]
    rotation = program.rotation_by_id.get(policy.rotation)
    if rotation is None:
        yield reference_error(
            ("vacation", "rotation"),
            f"unknown rotation '{policy.rotation}'",
            _suggest(policy.rotation, rotations),
        )
        return
    if rotation.category != "leave":
        yield reference_error(
            ("vacation", "rotation"),
            f"rotation '{rotation.id}' is not in category leave",
            "set its category: leave",
        )
    if rotation.phase != "either":
        yield reference_error(
            ("vacation", "rotation"),
            f"rotation '{rotation.id}' has phase {rotation.phase}; the vacation policy's allowed_phases decide",
            "set its phase: either",
        )
    for i, approved in enumerate(policy.approved):
        if approved.resident not in residents:
            yield reference_error(
                ("vacation", "approved", i, "resident"),
                f"unknown resident '{approved.resident}'",
                _suggest(approved.resident, residents),
            )
        if approved.weeks.last > program.weeks:
            yield reference_error(
                ("vacation", "approved", i, "weeks"),
                f"week {approved.weeks.last} is past the year's {program.weeks} weeks",
                "shorten the span",
            )


def _request_problems(program: Program) -> Iterable[PydanticCustomError]:
    residents = [r.id for r in program.residents]
    rotations = [r.id for r in program.rotations]
    for section, i, request in program.requests.weeks_requests:
        loc: tuple[str | int, ...] = ("requests", section, i)
        if request.resident not in residents:
            yield _unknown("resident", request.resident, residents, (*loc, "resident"))
        weeks = program.requested_weeks(request)
        if request.weeks is None and (weeks.start < 0 or weeks.stop > program.weeks):
            last = program.week_start(program.weeks - 1) + dt.timedelta(days=6)
            yield reference_error(
                (*loc, "start" if weeks.start < 0 else "end"),
                f"dates {request.start} to {request.end or request.start} are not all in the "
                f"academic year ({program.start_date} to {last})",
                "give dates within the year",
            )
        elif weeks.stop > program.weeks:
            yield reference_error(
                (*loc, "weeks"),
                f"week {weeks.stop} is past the year's {program.weeks} weeks",
                "shorten the span",
            )
        if section == "unavailable":
            assert isinstance(request, Unavailable)
            yield from _selector_problems(request.duties, (*loc, "duties"), rotations)
        if section == "vacation" and program.vacation is None:
            yield reference_error(
                (*loc,),
                "a vacation request, but the program has no vacation policy",
                "add a 'vacation:' section, or remove the request",
            )
    seen: dict[str, int] = {}
    for i, preference in enumerate(program.requests.preferences):
        loc = ("requests", "preferences", i)
        if preference.resident not in residents:
            yield _unknown("resident", preference.resident, residents, (*loc, "resident"))
        elif preference.resident in seen:
            yield reference_error(
                (*loc, "resident"),
                f"a second preference entry for '{preference.resident}' (also at "
                f"requests.preferences[{seen[preference.resident]}])",
                "list all of a resident's choices in one entry",
            )
        seen.setdefault(preference.resident, i)
        for field in ("electives", "avoid"):
            listed: list[str] = getattr(preference, field)
            for j, rotation_id in enumerate(listed):
                if rotation_id not in rotations:
                    yield _unknown("rotation", rotation_id, rotations, (*loc, field, j))
                elif rotation_id in listed[:j]:
                    yield reference_error(
                        (*loc, field, j), f"'{rotation_id}' is listed twice", "list it once"
                    )
        sites = [site.id for site in program.clinic_sites]
        for j, site_id in enumerate(preference.sites):
            if site_id not in sites:
                yield _unknown("clinic site", site_id, sites, (*loc, "sites", j))
            elif site_id in preference.sites[:j]:
                yield reference_error(
                    (*loc, "sites", j), f"'{site_id}' is listed twice", "list it once"
                )
        both = set(preference.electives) & set(preference.avoid)
        if both:
            yield reference_error(
                (*loc, "avoid"),
                f"'{sorted(both)[0]}' is both ranked and to avoid",
                "keep it in one of the two lists",
            )
