"""What a program teaches: its X+Y templates, tracks, rotations (with their weekly
staffing), the rotations a rule names, and the requirements and ambulatory targets each
resident's year must meet."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from pydantic import (
    Field,
    field_validator,
    model_validator,
)

from scheduler.domain.basics import (
    Category,
    Frozen,
    Identifier,
    Phase,
    Range,
    parse_share,
)

if TYPE_CHECKING:
    from scheduler.domain.residents import Resident


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
        return parse_share(value)

    def applies_to(self, resident: Resident) -> bool:
        """A year's share: not for a resident who withdraws mid-year."""
        return resident.whole_year and super().applies_to(resident)

    @model_validator(mode="after")
    def _ordered(self) -> AmbulatoryShare:
        if self.max < self.min:
            raise ValueError(f"max {self.max} is below min {self.min}")
        return self
