"""Reading a solved year model back as plain data, and handing a schedule to a search.

The one place that turns a CP-SAT solution into a :class:`~scheduler.domain.Schedule` and
each objective term's value, used by the search, by repair and by alternatives alike; and
the two ways a known schedule becomes a search's starting point (a hint).
"""

from __future__ import annotations

from collections.abc import Sequence

from ortools.sat.python import cp_model

from scheduler.domain import Program, Schedule
from scheduler.domain.result import TermValue
from scheduler.stages.year_model import YearModel

#: The rotation of a week in which nothing was open to the resident (a relaxed solve only).
UNASSIGNED = "unassigned"


def read_rows(solver: cp_model.CpSolver, built: YearModel) -> dict[str, tuple[str, ...]]:
    """Each member's rotation id, week by week, in the solver's last solution."""
    program = built.context.program
    rows: dict[str, tuple[str, ...]] = {}
    for r in built.context.members:
        week_rotations = []
        for w in range(program.weeks):
            cell = built.variables.cell(r, w)
            k = next((k for k, var in cell.items() if solver.boolean_value(var)), None)
            # no rotation open that week: only a relaxed model gets this far, and the check
            # reports the week as unassigned
            week_rotations.append(UNASSIGNED if k is None else program.rotations[k].id)
        rows[program.residents[r].id] = tuple(week_rotations)
    return rows


def read_schedule(
    solver: cp_model.CpSolver, built: YearModel, program: Program, like: Schedule
) -> Schedule:
    """The schedule a solve of every resident found, with the cohorts and sites of ``like``
    (which it kept)."""
    rows = read_rows(solver, built)
    return Schedule(
        {r.id: rows[r.id] for r in program.residents}, dict(like.cohorts), dict(like.sites)
    )


def term_values(solver: cp_model.CpSolver, built: YearModel) -> dict[str, int]:
    """Each objective term's value (before its weight) in the solver's last solution."""
    return {p.name: int(solver.value(p.expression)) for p in built.penalties}


def solved_terms(solver: cp_model.CpSolver, built: YearModel) -> dict[str, TermValue]:
    """Each objective term with its weight, value and description."""
    values = term_values(solver, built)
    return {p.name: TermValue(p.weight, values[p.name], p.description) for p in built.penalties}


def hint(model: cp_model.CpModel, solution: Sequence[int]) -> None:
    """A schedule found before as the search's starting point: the values of the model's
    first ``len(solution)`` variables (variables added since have none)."""
    model.clear_hints()
    model.proto.solution_hint.vars.extend(range(len(solution)))
    model.proto.solution_hint.values.extend(solution)


def hint_schedule(program: Program, built: YearModel, baseline: Schedule) -> None:
    """``baseline`` as the search's starting point (for a repair, valid but for the new
    facts; for an alternative, a good schedule to move away from)."""
    index = program.rotation_index
    for r, resident in enumerate(program.residents):
        for w, rotation in enumerate(baseline.assignments[resident.id]):
            for k, var in built.variables.cell(r, w).items():
                built.model.add_hint(var, k == index.get(rotation))
