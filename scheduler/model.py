"""Build the year model: variables, then each rule family in one explicit order."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ortools.sat.python import cp_model

from constraints import (
    ambulatory,
    assignment,
    clinic,
    coverage,
    fairness,
    pins,
    requirements,
    sequencing,
    stability,
    units,
    vacation,
)
from scheduler.context import ModelContext, Penalty
from scheduler.objective import set_objective
from scheduler.problem import Program
from scheduler.variables import Variables

#: Rule families in the order they are added. Phases live in the variables' domains
#: (constraints.phases) and cohort balance in the cohort stage (scheduler.cohorts).
FAMILIES: tuple[tuple[str, Callable[[ModelContext], list[Penalty]]], ...] = (
    ("assignment", assignment.apply),
    ("pins", pins.apply),
    ("units", units.apply),
    ("coverage", coverage.apply),
    ("requirements", requirements.apply),
    ("ambulatory", ambulatory.apply),
    ("vacation", vacation.apply),
    ("clinic", clinic.apply),
    ("sequencing", sequencing.apply),
    ("fairness", fairness.apply),
    ("stability", stability.apply),
)


@dataclass
class YearModel:
    """A built model with everything needed to read a solution back."""

    context: ModelContext
    penalties: list[Penalty]
    cohorts: dict[str, int]

    @property
    def model(self) -> cp_model.CpModel:
        return self.context.model

    @property
    def variables(self) -> Variables:
        return self.context.variables


def build_year_model(program: Program, cohorts: dict[str, int], *, diagnose: bool = False) -> YearModel:
    """The CP-SAT model of the year for fixed cohorts.

    In diagnosis mode every labelled rule is guarded by a switch literal and no objective
    is set, so that an infeasible core can be read back as rule labels.
    """
    model = cp_model.CpModel()
    variables = Variables.create(model, program, cohorts)
    context = ModelContext(program, model, variables=variables, diagnose=diagnose)
    penalties: list[Penalty] = []
    for _, apply in FAMILIES:
        penalties.extend(apply(context))
    if not diagnose:
        set_objective(model, penalties)
    return YearModel(context, penalties, dict(cohorts))
