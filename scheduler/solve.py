"""Solve a program: cohorts, sanity arithmetic, the year model, and a :class:`Result`."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

from ortools.sat.python import cp_model

from scheduler.cohorts import assign_cohorts
from scheduler.diagnose import explain_infeasible, supply_shortfalls
from scheduler.model import YearModel, build_year_model
from scheduler.problem import Program
from scheduler.schedule import Schedule

log = logging.getLogger(__name__)


class Status(StrEnum):
    OPTIMAL = "OPTIMAL"  # proven best schedule
    FEASIBLE = "FEASIBLE"  # a schedule, not proven best
    INFEASIBLE = "INFEASIBLE"  # proven: no schedule meets every hard rule
    NO_SOLUTION = "NO_SOLUTION"  # time ran out before any schedule was found


@dataclass(frozen=True)
class SolveParams:
    time_limit: float = 60.0
    workers: int = 2
    seed: int = 0
    diagnose_time_limit: float = 60.0


@dataclass(frozen=True)
class Progress:
    """One line of live progress: a new schedule or a better bound."""

    elapsed: float
    objective: float | None
    bound: float | None
    solutions: int


@dataclass(frozen=True)
class TermValue:
    weight: int
    value: int
    description: str


@dataclass(frozen=True)
class Result:
    """What a solve produced, with the numbers a user needs to trust it."""

    status: Status
    schedule: Schedule | None
    objective: float | None = None
    bound: float | None = None
    wall_time: float = 0.0
    time_to_first: float | None = None
    time_to_best: float | None = None
    solutions: int = 0
    terms: dict[str, TermValue] = field(default_factory=dict)
    explanation: list[str] = field(default_factory=list)
    seed: int = 0
    workers: int = 0

    @property
    def gap(self) -> float | None:
        """Relative distance between the schedule's objective and the proven bound."""
        if self.objective is None or self.bound is None:
            return None
        if self.objective == 0:
            return 0.0
        return abs(self.objective - self.bound) / max(abs(self.objective), 1e-9)

    def summary(self) -> str:
        if self.schedule is None:
            return f"{self.status}: no schedule after {self.wall_time:.1f}s"
        gap = f"{self.gap:.1%}" if self.gap is not None else "n/a"
        terms = ", ".join(f"{name} {t.value} x{t.weight}" for name, t in self.terms.items())
        return (
            f"{self.status}: objective {self.objective:g} (bound {self.bound:g}, gap {gap}; {terms}); "
            f"first schedule {self.time_to_first:.1f}s, best {self.time_to_best:.1f}s, total {self.wall_time:.1f}s"
        )


class _Tracker(cp_model.CpSolverSolutionCallback):
    """Records when schedules arrive and forwards progress to the caller."""

    def __init__(self, started: float, on_progress: Callable[[Progress], None] | None) -> None:
        super().__init__()
        self.started = started
        self.on_progress = on_progress
        self.first: float | None = None
        self.best: float | None = None
        self.count = 0
        self.bound: float | None = None

    def on_solution_callback(self) -> None:
        now = time.perf_counter() - self.started
        self.count += 1
        self.first = self.first if self.first is not None else now
        self.best = now
        if self.on_progress:
            self.on_progress(Progress(now, self.objective_value, self.best_objective_bound, self.count))

    def on_bound(self, bound: float) -> None:
        self.bound = bound
        if self.on_progress and self.count:
            self.on_progress(Progress(time.perf_counter() - self.started, None, bound, self.count))


def solve(
    program: Program,
    params: SolveParams | None = None,
    on_progress: Callable[[Progress], None] | None = None,
) -> Result:
    """Find the best schedule within the time limit, or explain why there is none."""
    params = params or SolveParams()
    started = time.perf_counter()
    plan = assign_cohorts(program, seed=params.seed)
    if not plan.ok and plan.status != "INFEASIBLE":
        return Result(Status.NO_SOLUTION, None, wall_time=time.perf_counter() - started, seed=params.seed)
    if not plan.ok:
        reasons = [f"no balanced cohort assignment: {label}" for label in plan.conflicts]
        return _infeasible(started, params, reasons or [f"the cohort model ended {plan.status}"])
    shortfalls = supply_shortfalls(program, plan.cohorts)
    if shortfalls:
        return _infeasible(started, params, shortfalls)
    built = build_year_model(program, plan.cohorts)
    log.info("model: %s", _size(built))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.1, params.time_limit - (time.perf_counter() - started))
    solver.parameters.num_workers = params.workers
    solver.parameters.random_seed = params.seed
    tracker = _Tracker(started, on_progress)
    solver.best_bound_callback = tracker.on_bound
    code = solver.solve(built.model, tracker)
    wall = time.perf_counter() - started
    if code in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return Result(
            status=Status.OPTIMAL if code == cp_model.OPTIMAL else Status.FEASIBLE,
            schedule=_read_schedule(solver, built),
            objective=solver.objective_value,
            bound=solver.best_objective_bound,
            wall_time=wall,
            time_to_first=tracker.first if tracker.first is not None else wall,
            time_to_best=tracker.best if tracker.best is not None else wall,
            solutions=tracker.count,
            terms={
                p.name: TermValue(p.weight, int(solver.value(p.expression)), p.description) for p in built.penalties
            },
            seed=params.seed,
            workers=params.workers,
        )
    if code == cp_model.INFEASIBLE:
        reasons = explain_infeasible(program, plan.cohorts, time_limit=params.diagnose_time_limit, seed=params.seed)
        return _infeasible(started, params, reasons)
    return Result(Status.NO_SOLUTION, None, wall_time=wall, seed=params.seed, workers=params.workers)


def _infeasible(started: float, params: SolveParams, reasons: list[str]) -> Result:
    return Result(
        Status.INFEASIBLE,
        None,
        wall_time=time.perf_counter() - started,
        explanation=reasons,
        seed=params.seed,
        workers=params.workers,
    )


def _read_schedule(solver: cp_model.CpSolver, built: YearModel) -> Schedule:
    program = built.context.program
    rows: dict[str, tuple[str, ...]] = {}
    for r, resident in enumerate(program.residents):
        week_rotations = []
        for w in range(program.weeks):
            cell = built.variables.cell(r, w)
            k = next(k for k, var in cell.items() if solver.boolean_value(var))
            week_rotations.append(program.rotations[k].id)
        rows[resident.id] = tuple(week_rotations)
    return Schedule(rows, dict(built.cohorts))


def _size(built: YearModel) -> str:
    proto = built.model.proto
    return f"{len(proto.variables)} variables, {len(proto.constraints)} constraints"
