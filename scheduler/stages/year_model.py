"""Build the year model: variables, then each rule family in one explicit order."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from ortools.sat.python import cp_model

from constraints import (
    ambulatory,
    assignment,
    clinic,
    continuity,
    coverage,
    events,
    fairness,
    longitudinal,
    phases,
    pins,
    requests,
    requirements,
    sequencing,
    stability,
    units,
    vacation,
)
from constraints.phases import OpenRotations, open_cells
from scheduler.domain import Program
from scheduler.stages.calendar import WeekSlot, resident_weeks
from scheduler.stages.families import Family, ModelContext, Penalty
from scheduler.stages.objective import broken_rules, set_objective
from scheduler.stages.variables import Variables

#: The year model's rule families, in the order they are added.
FAMILIES: tuple[Family[ModelContext], ...] = (
    assignment.FAMILY,
    pins.FAMILY,
    requests.FAMILY,
    units.FAMILY,
    coverage.FAMILY,
    requirements.FAMILY,
    ambulatory.FAMILY,
    vacation.FAMILY,
    clinic.FAMILY,
    longitudinal.FAMILY,
    continuity.FAMILY,
    events.FAMILY,
    sequencing.FAMILY,
    fairness.FAMILY,
    stability.FAMILY,
)
#: The family that acts through the variables' domains rather than through constraints.
DOMAIN: Family[ModelContext] = phases.FAMILY


@dataclass(frozen=True)
class Layout:
    """The year's shape once cohorts are fixed: each resident's weeks and open rotations."""

    cohorts: dict[str, int]
    slots: list[list[WeekSlot]]
    open_cells: list[list[frozenset[int]]]

    @classmethod
    def of(cls, program: Program, cohorts: dict[str, int]) -> Layout:
        slots = [resident_weeks(program, r, cohorts.get(r.id)) for r in program.residents]
        return cls(dict(cohorts), slots, open_cells(program, slots))


def optimistic_open_cells(
    program: Program, candidates: dict[str, list[int]]
) -> list[list[frozenset[int]]]:
    """Rotations open to each resident in each week under *any* of their candidate cohorts.

    Arithmetic on these cells holds for every cohort assignment, which is what makes a
    shortfall found on them a proof.
    """
    lookup = OpenRotations(program)
    cells: list[list[frozenset[int]]] = []
    for resident in program.residents:
        options: list[int | None] = [*candidates.get(resident.id, [])] or [None]
        per_cohort = [
            [lookup(resident, slot) for slot in resident_weeks(program, resident, c)]
            for c in options
        ]
        cells.append([frozenset().union(*weeks) for weeks in zip(*per_cohort, strict=True)])
    return cells


@dataclass
class YearModel:
    """A built model with everything needed to read a solution back."""

    context: ModelContext
    penalties: list[Penalty]

    @property
    def model(self) -> cp_model.CpModel:
        return self.context.model

    @property
    def variables(self) -> Variables:
        return self.context.variables


class Mode(StrEnum):
    """What a year model is built for (one value, where three flags once combined)."""

    #: every rule hard and the objective set: the search
    SEARCH = "search"
    #: every labelled rule behind a switch literal and no objective, so that an infeasible
    #: core reads back as the rules that conflict (:mod:`scheduler.explain.conflicts`)
    DIAGNOSE = "diagnose"
    #: switches as in DIAGNOSE, each rule switched off costing
    #: :data:`scheduler.stages.objective.BROKEN_RULE_WEIGHT` above any sum of the soft goals:
    #: the best-effort schedule breaks as few rules as it can (``--relax``)
    RELAXED = "relaxed"
    #: only the rules about one resident at a time and no objective: a resident's year
    #: alone (:mod:`scheduler.explain.alone`)
    ALONE = "alone"
    #: a resident's year alone with its rules behind switches, to name those that conflict
    ALONE_DIAGNOSE = "alone, diagnose"

    @property
    def switched(self) -> bool:
        return self in (Mode.DIAGNOSE, Mode.RELAXED, Mode.ALONE_DIAGNOSE)

    @property
    def alone(self) -> bool:
        return self in (Mode.ALONE, Mode.ALONE_DIAGNOSE)


def build_year_model(
    program: Program,
    layout: Layout,
    members: list[int] | None = None,
    *,
    owns_orphans: bool = True,
    mode: Mode = Mode.SEARCH,
) -> YearModel:
    """The CP-SAT model deciding the weeks of ``members`` (default: every resident), built
    for ``mode``."""
    members = list(range(len(program.residents))) if members is None else members
    model = cp_model.CpModel()
    variables = Variables.create(model, program, layout.slots, layout.open_cells, members)
    context = ModelContext(
        program,
        model,
        variables=variables,
        members=members,
        open_cells=layout.open_cells,
        owns_orphans=owns_orphans,
        diagnose=mode.switched,
        personal=mode.alone,
    )
    penalties: list[Penalty] = []
    for family in FAMILIES:
        assert family.apply is not None, family.name
        if mode.alone and not family.hard:
            continue  # soft goals only: nothing to decide in a year alone
        penalties.extend(family.apply(context))
    if mode == Mode.RELAXED:
        penalties.append(broken_rules(context))
    if mode in (Mode.SEARCH, Mode.RELAXED):
        set_objective(model, penalties)
    return YearModel(context, penalties)
