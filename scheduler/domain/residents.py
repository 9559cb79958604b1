"""The roster: each resident, their history in earlier years, and fixed assignments."""

from __future__ import annotations

from typing import Any

from pydantic import (
    Field,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from scheduler.domain.basics import MOST_COUNT, Category, Frozen, Identifier, WeekSpan


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
