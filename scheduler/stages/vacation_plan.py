"""A first guess at everyone's vacation weeks, made to grant as many requests as it can.

The year model weighs requests in its objective, but its first schedule comes from a
search that looks for any schedule (local search on large programs), and improving from
there moves few vacations: on program C the first schedule granted 16% of 420 requests and
60 s of improvement barely moved it. So before the first pass a small model decides only
the vacation weeks of a component's residents: the allowance, the runs, each half of the
year, approved and hard requests, pins, the weekly caps on residents away, and, in each
week and at each staffing level, enough residents left to meet the sum of the staffing
minimums there. It grants requests by weight. The first pass then looks for a schedule
with exactly those vacation weeks (:func:`follow`); if it finds none, it searches without
them, and the improvement that follows is free to move any of them. A guide, never a rule:
nothing here can make a program without a schedule look like one, or the other way round.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass

from ortools.sat.python import cp_model

from constraints import vacation as vacation_rules
from scheduler.domain import Program, level_includes
from scheduler.domain.params import SolveParams
from scheduler.stages.labels import Label
from scheduler.stages.solver import new_solver, searching
from scheduler.stages.year_model import Layout, YearModel

#: The plan: (resident index, week) -> 1 for vacation, 0 for not, for every week where
#: vacation is open to the resident.
Plan = dict[tuple[int, int], int]


@dataclass(frozen=True)
class VacationPlan:
    """The weeks planned, and what the plan's model proved: the weight of unmet soft
    vacation requests that no schedule of these residents can go below (under the chosen
    cohorts). The plan's rules are all the year's rules (or relaxations of them), so this
    is a lower bound on the year model's objective."""

    weeks: Plan
    least_unmet: int
    #: the weeks of the requests the plan grants, (resident index, week)
    granted: frozenset[tuple[int, int]] = frozenset()


log = logging.getLogger(__name__)


def plan_vacation(
    program: Program,
    layout: Layout,
    members: list[int],
    *,
    time_limit: float,
    params: SolveParams,
) -> VacationPlan | None:
    """Vacation weeks for ``members`` that grant the most weight of soft vacation requests,
    or None when there is nothing to plan (no requests among them) or no plan was found."""
    policy = program.vacation
    index = {resident.id: r for r, resident in enumerate(program.residents)}
    chosen = set(members)
    requests = [q for q in program.requests.vacation if not q.hard and index[q.resident] in chosen]
    if policy is None or not requests or time_limit <= 0:
        return None
    vacation = program.rotation_index[policy.rotation]
    model = cp_model.CpModel()
    v = {
        (r, w): model.new_bool_var(f"v[{r},{w}]")
        for r in members
        for w in range(program.weeks)
        if vacation in layout.open_cells[r][w]
    }
    target = _PlanWeeks(program, model, members, v)
    vacation_rules.per_resident(target)
    vacation_rules.approved(target)
    _pins_and_hard_requests(program, model, v, chosen, index, vacation)
    vacation_rules.away_caps(target)
    _staffing(program, layout, model, v, members)
    granted = []
    asked_weeks: list[tuple[cp_model.IntVar, list[tuple[int, int]]]] = []
    for request in requests:
        r = index[request.resident]
        weeks = program.requested_weeks(request)
        if any((r, w) not in v for w in weeks):
            continue  # a week that cannot be vacation: the request cannot be granted
        g = model.new_bool_var(f"granted {request.resident} {weeks.start + 1}")
        for w in weeks:
            model.add_implication(g, v[r, w])
        granted.append(program.objective.unmet_requests[request.priority - 1] * g)
        asked_weeks.append((g, [(r, w) for w in weeks]))
    model.maximize(cp_model.LinearExpr.sum(granted))
    solver = new_solver(time_limit, params)
    with searching(solver):
        status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    log.info(
        "vacation plan: %s, weight granted %g of bound %g",
        solver.status_name(status),
        solver.objective_value,
        solver.best_objective_bound,
    )
    asked = sum(program.objective.unmet_requests[q.priority - 1] for q in requests)
    return VacationPlan(
        weeks={cell: int(solver.boolean_value(var)) for cell, var in v.items()},
        least_unmet=max(0, asked - math.floor(solver.best_objective_bound + 1e-6)),
        granted=frozenset(
            cell for g, cells in asked_weeks if solver.boolean_value(g) for cell in cells
        ),
    )


Cells = dict[tuple[int, int], cp_model.IntVar]


class _PlanWeeks:
    """The plan's literals for the vacation rules (:mod:`constraints.vacation`): one per
    resident and week where vacation is open, and no labels (the plan proves nothing that
    needs naming: a plan with no answer is dropped)."""

    def __init__(self, program: Program, model: cp_model.CpModel, members: list[int], v: Cells):
        self.program, self.model, self.members, self.v = program, model, members, v

    def vacation(self, r: int, weeks: range) -> list[cp_model.IntVar]:
        return [self.v[r, w] for w in weeks if (r, w) in self.v]

    def leave(self, r: int, w: int) -> list[cp_model.IntVar]:
        return self.vacation(r, range(w, w + 1))

    def may_take_leave(self, r: int, w: int) -> bool:
        return (r, w) in self.v

    def at_level(self, level: str) -> list[int]:
        return [r for r in self.members if level_includes(level, self.program.residents[r].pgy)]

    def add(self, constraint: cp_model.Constraint, label: Label) -> cp_model.Constraint:
        return constraint

    def fail(self, label: Label) -> None:
        """A vacation the plan cannot hold: left to the year model to explain."""


def _pins_and_hard_requests(
    program: Program,
    model: cp_model.CpModel,
    v: Cells,
    chosen: set[int],
    index: dict[str, int],
    vacation: int,
) -> None:
    """Pins and hard requests decide some weeks outright (approved vacations are a vacation
    rule: :func:`constraints.vacation.approved`)."""
    policy = program.vacation
    assert policy is not None
    for pin in program.pins:
        r = index[pin.resident]
        for w in pin.weeks.weeks():
            if r in chosen and (r, w) in v:
                model.add(v[r, w] == int(pin.rotation == policy.rotation))
    fixed = [(q.resident, program.requested_weeks(q)) for q in program.requests.vacation if q.hard]
    for resident, weeks in fixed:
        r = index[resident]
        for w in weeks:
            if r in chosen and (r, w) in v:
                model.add(v[r, w] == 1)


def _staffing(
    program: Program, layout: Layout, model: cp_model.CpModel, v: Cells, members: list[int]
) -> None:
    """At each level and week, the residents who could staff a rotation with a minimum
    there, less those on vacation, are at least the sum of those minimums."""
    levels = {level for rotation in program.rotations for level, _ in rotation.coverage.rules()}
    for level in levels:
        needing = {
            k: bounds.min
            for k, rotation in enumerate(program.rotations)
            for rule_level, bounds in rotation.coverage.rules()
            if rule_level == level and bounds.min > 0
        }
        at_level = [r for r in members if level_includes(level, program.residents[r].pgy)]
        for w in range(program.weeks):
            able = [r for r in at_level if layout.open_cells[r][w] & needing.keys()]
            demand = sum(
                minimum
                for k, minimum in needing.items()
                if any(k in layout.open_cells[r][w] for r in able)
            )
            away = [v[r, w] for r in able if (r, w) in v]
            if away and len(able) - len(away) < demand:
                model.add(len(able) - cp_model.LinearExpr.sum(away) >= demand)
        _room(program, layout, model, v, at_level, level)


def _room(
    program: Program,
    layout: Layout,
    model: cp_model.CpModel,
    v: Cells,
    at_level: list[int],
    level: str,
) -> None:
    """The other side: residents whose every open rotation (leave aside) has a maximum at
    this level, less those on vacation, fit within the sum of those maximums. Without it
    a plan can leave more interns at work in a week than program C's intern rotations
    take, and the year model proves there is no schedule with that plan."""
    most = {
        k: bounds.max
        for k, rotation in enumerate(program.rotations)
        for rule_level, bounds in rotation.coverage.rules()
        if rule_level == level and bounds.max is not None
    }
    leave = {k for k, rotation in enumerate(program.rotations) if rotation.category == "leave"}
    for w in range(program.weeks):
        confined = [
            r
            for r in at_level
            if layout.open_cells[r][w] - leave and layout.open_cells[r][w] - leave <= most.keys()
        ]
        rotations = set().union(*(layout.open_cells[r][w] - leave for r in confined))
        room = sum(most[k] for k in rotations)
        away = [v[r, w] for r in confined if (r, w) in v]
        if len(confined) > room:
            model.add(len(confined) - cp_model.LinearExpr.sum(away) <= room)


def follow(built: YearModel, plan: VacationPlan, *, granted_only: bool = False) -> cp_model.IntVar:
    """A literal that, when fixed true, holds the year model to the plan's vacation weeks:
    all of them, or with ``granted_only`` only the weeks of the requests it grants (a
    looser hold, for when no schedule with exactly the plan's weeks is found: the plan
    knows nothing of units, requirements or continuity, and on program C's interns with
    seed 1 neither local search nor the portfolio found one in 30 s)."""
    program = built.context.program
    policy = program.vacation
    assert policy is not None
    vacation = program.rotation_index[policy.rotation]
    literal = built.model.new_bool_var("follow the vacation plan")
    held = {cell: 1 for cell in plan.granted} if granted_only else plan.weeks
    for (r, w), value in held.items():
        var = built.variables.cell(r, w).get(vacation)
        if var is not None:
            built.model.add(var == value).only_enforce_if(literal)
    return literal
