"""The most requests of a priority any schedule can grant, proven by the cohort stage.

A request for vacation in what a resident's cohort makes a clinic week cannot be granted
(with vacation only in service weeks), and the cohort model holds every rule the cohort
stage knows, all necessary for a schedule. So the fewest such requests over every cohort
assignment that model allows is a floor on the denials of any schedule: the benchmarks
print the ceiling it leaves (program C: 142 of 145 priority-1 requests).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ortools.sat.python import cp_model

from scheduler.domain import Program
from scheduler.domain.params import SolveParams
from scheduler.stages.cohorts import build_cohort_model, requests_denied_by_phase
from scheduler.stages.solver import new_solver, searching


@dataclass(frozen=True)
class Denials:
    """Of the ``asked`` soft vacation requests of one priority, the fewest that every
    cohort assignment keeping the cohort stage's rules puts in weeks closed to vacation:
    no schedule grants more than ``asked - fewest`` of them (``proven`` when the search
    closed; otherwise ``fewest`` is the bound it reached, still a true floor)."""

    priority: int
    asked: int
    fewest: int
    proven: bool


def fewest_denied(
    program: Program, priority: int, params: SolveParams | None = None, time_limit: float = 30.0
) -> Denials | None:
    """How many requests of ``priority`` the cohorts alone must deny (None when the cohort
    stage has no assignment). Its rules are all necessary conditions of a schedule, so
    this is a ceiling on the requests of that priority any schedule can grant."""
    ctx = build_cohort_model(program, diagnose=False)
    denied, _ = requests_denied_by_phase(ctx, lambda request: int(request.priority == priority))
    ctx.model.minimize(denied)
    solver = new_solver(time_limit, params or SolveParams(), num_workers=1)
    with searching(solver):
        status = solver.solve(ctx.model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    asked = sum(1 for q in program.requests.vacation if not q.hard and q.priority == priority)
    floor = math.ceil(solver.best_objective_bound - 1e-6)
    return Denials(priority, asked, floor, status == cp_model.OPTIMAL)
