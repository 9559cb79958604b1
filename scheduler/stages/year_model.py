"""Build the year model: variables, then each rule family in one explicit order."""

from __future__ import annotations

from dataclasses import dataclass

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


def build_year_model(
    program: Program,
    layout: Layout,
    members: list[int] | None = None,
    *,
    owns_orphans: bool = True,
    diagnose: bool = False,
    relax: bool = False,
    personal: bool = False,
) -> YearModel:
    """The CP-SAT model deciding the weeks of ``members`` (default: every resident).

    In diagnosis mode every labelled rule is guarded by a switch literal and no objective
    is set, so that an infeasible core can be read back as rule labels. Relaxed, the rules
    are guarded the same way, and every rule switched off costs
    :data:`scheduler.stages.objective.BROKEN_RULE_WEIGHT`,
    above any sum of the soft goals: the best schedule breaks as few rules as it can.
    Personal, only the rules about one resident at a time are added, and no objective:
    a model of residents' years alone (:mod:`scheduler.explain.alone`).
    """
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
        diagnose=diagnose or relax,
        personal=personal,
    )
    penalties: list[Penalty] = []
    for family in FAMILIES:
        assert family.apply is not None, family.name
        if personal and not family.hard:
            continue  # soft goals only: nothing to decide in a year alone
        penalties.extend(family.apply(context))
    if relax:
        penalties.append(broken_rules(context))
    if not diagnose and not personal:
        set_objective(model, penalties)
    return YearModel(context, penalties)
