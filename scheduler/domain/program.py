"""Immutable, validated description of a residency program: the one object every stage,
the checker and the reports read.

A :class:`Program` holds its calendar, X+Y templates, tracks, rotations, requirements,
rules and roster (the parts are defined beside it: ``curriculum``, ``policies``,
``requests``, ``residents``), and checks its cross-references when it is built
(``references``). The models are frozen pydantic models with ``extra="forbid"`` so that a
typo in a YAML key is an error instead of a silently ignored setting. Nothing here
imports the solver.

Weeks are numbered from 1 (the week starting on ``start_date``) in everything a user
reads or writes; cohorts are numbered from 1 as well.
"""

from __future__ import annotations

import datetime as dt
from functools import cached_property

from pydantic import (
    Field,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from scheduler.domain.basics import FIRST_YEAR, LAST_YEAR, PGY, Frozen
from scheduler.domain.curriculum import (
    AmbulatoryShare,
    Requirement,
    Rotation,
    Selector,
    Template,
    Track,
)
from scheduler.domain.policies import (
    ClinicSite,
    CohortBalance,
    Continuity,
    Event,
    LongitudinalSite,
    ObjectiveWeights,
    Sequencing,
    VacationPolicy,
)
from scheduler.domain.references import reference_problems
from scheduler.domain.requests import RequestedWeeks, Requests
from scheduler.domain.residents import Pin, PriorWeeks, Resident


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
        for problem in reference_problems(self):
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
        (sites chosen from their ranked preferences: :mod:`scheduler.stages.sites`)."""
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
