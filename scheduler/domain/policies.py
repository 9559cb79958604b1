"""The program's rules beyond the curriculum: vacation and the weekly caps on residents
away, continuity of care, program events, clinic and longitudinal sites, cohort balance,
the order of rotations, and the weights of the soft goals."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import (
    Field,
)

from scheduler.domain.basics import (
    MOST_COUNT,
    MOST_WEIGHT,
    Category,
    Frozen,
    Identifier,
    WeekSpan,
)
from scheduler.domain.curriculum import Applicability, Selector

if TYPE_CHECKING:
    from scheduler.domain.residents import Resident


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
