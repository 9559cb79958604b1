"""Alternatives: other good schedules, each different enough to be a real choice.

The best schedule by the objective is rarely the only one a chief resident would sign: two
schedules a few points apart may differ in who covers the ICU over the holidays. Each
alternative is the best schedule the solver finds that differs from every schedule before
it (the solve's own first) in at least ``differ`` resident-weeks, under every rule and with the
same cohorts and clinic sites (those shape the whole year; a different cohort layout is a
different curriculum, which ``compare`` is for).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from ortools.sat.python import cp_model

from scheduler.domain import Program, Schedule
from scheduler.domain.params import SolveParams
from scheduler.domain.result import TermValue
from scheduler.stages.solution import hint_schedule, read_schedule, solved_terms
from scheduler.stages.solver import new_solver, searching, stop_requested
from scheduler.stages.year_model import Layout, YearModel, build_year_model
from scheduler.workflows.repair import changed_weeks, repair_program


@dataclass(frozen=True)
class Alternative:
    """Another schedule and its objective, with each term."""

    schedule: Schedule
    objective: float
    terms: dict[str, TermValue]


@dataclass(frozen=True)
class Alternatives:
    """The alternatives found, and why there are no more (none left that differ enough, or
    the time ran out)."""

    found: list[Alternative]
    stopped: str
    seconds: float


def find_alternatives(program: Program, best: Schedule, params: SolveParams) -> Alternatives:
    """Up to ``params.alternatives - 1`` schedules besides ``best``, each differing from
    ``best`` and from each other in at least ``params.differ`` resident-weeks;
    ``params.time_limit`` seconds for all of them."""
    started = time.perf_counter()
    count, differ, time_limit = params.alternatives - 1, params.differ, params.time_limit
    fixed = repair_program(program, best, 0, [], [])  # the best's cohorts and sites, no pins
    built = build_year_model(fixed, Layout.of(fixed, dict(best.cohorts)))
    model = built.model
    objective = cp_model.LinearExpr.sum(
        [p.weight * p.expression for p in built.penalties if p.weight]
    )
    model.minimize(objective)
    found: list[Alternative] = []
    previous = [best]
    for n in range(count):
        _differ_from(fixed, built, previous[-1], differ)
        left = time_limit - (time.perf_counter() - started)
        if left < 1.0:
            return Alternatives(found, "the time limit was reached", _since(started))
        model.clear_hints()
        hint_schedule(fixed, built, previous[-1])  # near a good schedule, if not far enough
        solver = new_solver(left / (count - n), params)
        with searching(solver):
            code = solver.solve(model)
        if stop_requested() and code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return Alternatives(found, "interrupted", _since(started))
        if code == cp_model.INFEASIBLE:
            return Alternatives(
                found,
                f"no other schedule differs from these in {differ} resident-weeks or more",
                _since(started),
            )
        if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return Alternatives(found, "none found in the time given", _since(started))
        schedule = read_schedule(solver, built, fixed, best)
        terms = solved_terms(solver, built)
        found.append(
            Alternative(
                schedule,
                sum(t.weight * t.value for t in terms.values()),
                terms,
            )
        )
        previous.append(schedule)
    return Alternatives(found, "", _since(started))


def _differ_from(program: Program, built: YearModel, schedule: Schedule, differ: int) -> None:
    """At least ``differ`` resident-weeks on another rotation than in ``schedule``."""
    changed = changed_weeks(program, built, schedule, 0)
    built.model.add(cp_model.LinearExpr.sum([t for row in changed.values() for t in row]) >= differ)


def _since(started: float) -> float:
    return time.perf_counter() - started
