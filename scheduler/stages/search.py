"""The search: CP-SAT on each independent component, a first schedule for all, then better ones.

The year is solved per independent component (:mod:`scheduler.stages.components`). With one
component, one CP-SAT run uses the whole time limit. With several, a first pass finds a
first schedule for each component (stopping at the first one), so that a complete schedule
exists early; a second pass spends the remaining time improving each component in turn,
starting from that schedule as a hint. Large components follow a vacation plan
(:mod:`scheduler.stages.vacation_plan`) in their first pass and in half their improvement.

Every new complete schedule is reported as a
:class:`~scheduler.domain.progress.ScheduleFound` event; :func:`combine` turns the parts
into one :class:`~scheduler.domain.result.Result`.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

from ortools.sat.python import cp_model

from scheduler.domain import Program, Schedule
from scheduler.domain.params import SolveParams
from scheduler.domain.progress import OnProgress, ScheduleFound
from scheduler.domain.result import Result, Status, TermValue
from scheduler.stages.components import components
from scheduler.stages.solution import hint, read_rows, term_values
from scheduler.stages.solver import new_solver, searching, stop_requested
from scheduler.stages.vacation_plan import VacationPlan, follow, plan_vacation
from scheduler.stages.year_model import Layout, Mode, YearModel, build_year_model

log = logging.getLogger(__name__)


class Pass(StrEnum):
    """How one CP-SAT run of a component searches."""

    LOCAL = "local search"  # pure local search, stop at the first schedule
    FIRST = "first schedule"  # CP-SAT's portfolio, stop at the first schedule
    FULL = "full search"  # CP-SAT's portfolio with presolve, improve until the time is up


#: Components with at least this many variables try local search first, for at most
#: ``LOCAL_SEARCH_BUDGET`` seconds. Below it (program A's 6,570 variables), the portfolio
#: finds a first schedule, or proves there is none, in 0.1-0.4 s, where local search, which
#: cannot prove anything, spent its whole budget on a program without a schedule.
LOCAL_SEARCH_FROM = 20_000
#: Components with at least this many variables follow a vacation plan. Program B's interns
#: (12,025 variables), searched in full from the start, ended at 500-560 unmet request
#: weight in some runs and 60 in others; program A (6,570) is proven optimal without one.
PLAN_FROM = 10_000
LOCAL_SEARCH_BUDGET = 20.0
#: The share of a planned component's improvement time spent with the plan held.
PLANNED_SHARE = 0.5


@dataclass
class Part:
    """One component's model and the best schedule found for it so far."""

    built: YearModel
    rows: dict[str, tuple[str, ...]] = field(default_factory=dict)
    solution: list[int] = field(default_factory=list)
    objective: float | None = None
    bound: float = 0.0
    optimal: bool = False
    best_at: float = 0.0
    first_at: float | None = None  # when its first schedule was found (from the start)
    terms: dict[str, int] = field(default_factory=dict)
    searched: bool = False  # had a full search, which used the time it was given
    #: a literal that holds the model to a vacation plan (:mod:`scheduler.stages.vacation_plan`),
    #: then to the requests that plan granted (:func:`keep_requests`)
    hold: cp_model.IntVar | None = None
    plan: VacationPlan | None = None

    @property
    def size(self) -> int:
        return len(self.built.model.proto.variables)


class _Tracker(cp_model.CpSolverSolutionCallback):
    """Times each new schedule of one CP-SAT run and forwards combined progress."""

    def __init__(self, started: float, report: Callable[[float, float, float, int], None]) -> None:
        super().__init__()
        self.started = started
        self.report = report
        self.first: float | None = None
        self.best: float | None = None
        self.count = 0

    def on_solution_callback(self) -> None:
        now = time.perf_counter() - self.started
        self.count += 1
        self.first = self.first if self.first is not None else now
        self.best = now
        self.report(now, self.objective_value, self.best_objective_bound, self.count)


class Search:
    """Runs CP-SAT on each component and keeps the best schedule of each."""

    def __init__(
        self,
        parts: list[Part],
        params: SolveParams,
        started: float,
        deadline: float,
        on_progress: OnProgress | None,
    ) -> None:
        self.parts = parts
        self.params = params
        self.started = started
        self.deadline = deadline
        self.on_progress = on_progress
        self.solutions = 0

    def first_pass(self) -> tuple[int, Status] | None:
        """A first schedule for every component; (index, status) of one that has none.

        Large components try pure local search first: on program C it finds a first
        schedule in 0.1-5 s, where CP-SAT's default portfolio on 2 workers takes 4-22 s
        depending on the seed, and a single systematic worker none in 90 s. Local search
        cannot prove infeasibility, so the portfolio follows if it finds nothing.
        """
        alone = len(self.parts) == 1 and not self.params.stop_at_first
        for index, part in enumerate(self.parts):
            if stop_requested():
                return index, Status.NO_SOLUTION
            if part.hold is not None:
                self._follow_plan(index, part)
            if part.objective is None and part.size >= LOCAL_SEARCH_FROM:
                budget = min(LOCAL_SEARCH_BUDGET, self.deadline - time.perf_counter())
                self._run(index, part, budget, Pass.LOCAL)
            if part.objective is None:
                kind = Pass.FULL if alone and part.size < LOCAL_SEARCH_FROM else Pass.FIRST
                status = self._run(index, part, self.deadline - time.perf_counter(), kind)
                if part.objective is None:
                    return index, status
        return None

    def _follow_plan(self, index: int, part: Part) -> None:
        """A first schedule that keeps the vacation plan, by local search (program B's
        interns: 0.7 s, where the portfolio took 5 s); failing that, one that keeps only
        the weeks of the requests it grants; failing that, the first pass goes on
        without a hold, and the improvement tries the granted weeks again."""
        # the whole budget first: on a machine under load, C's interns needed 12 s or more
        budget = min(LOCAL_SEARCH_BUDGET, self.deadline - time.perf_counter())
        self._held_run(index, part, budget, Pass.LOCAL)
        if part.objective is None and part.plan is not None and not stop_requested():
            # only the granted requests' weeks: without any plan, program C's interns
            # (seed 1) kept 58% of the requests
            part.hold = follow(part.built, part.plan, granted_only=True)
            budget = min(LOCAL_SEARCH_BUDGET / 2, self.deadline - time.perf_counter())
            self._held_run(index, part, budget, Pass.LOCAL)
        if part.objective is None:
            part.hold = None  # no schedule keeps it (or none was found): search without
        log.info(
            "component %d: vacation plan %s",
            index,
            "kept" if part.hold is not None else "not held by the first schedule",
        )

    def _held_run(self, index: int, part: Part, seconds: float, kind: Pass) -> None:
        """A run with ``part.hold`` fixed true (the vacation plan, or the requests it
        granted); what it proves under that restriction (a bound, optimality, that there is
        no schedule) is forgotten after it."""
        assert part.hold is not None
        domain = part.built.model.proto.variables[part.hold.index].domain
        domain[0] = 1  # the literal's domain [0, 1] becomes [1, 1]
        bound = part.bound
        try:
            self._run(index, part, seconds, kind)
        finally:
            domain[0] = 0
            part.bound, part.optimal, part.searched = bound, False, False

    def improve(self) -> None:
        """Spend the remaining time improving components, largest share to the largest.

        A component with a vacation plan is first improved with the plan held (a
        first schedule has many needless switches, and improving it freely traded granted
        requests for them: program C kept 301 of the plan's 368), then with any vacation
        free to move but the weight of unmet requests no higher than the plan left
        (:func:`keep_requests`)."""
        pending = [part for part in self.parts if not part.optimal and not part.searched]
        for position, part in enumerate(pending):
            remaining = self.deadline - time.perf_counter()
            if remaining <= 0.5 or stop_requested():
                break
            share = part.size / sum(p.size for p in pending[position:])
            index = self.parts.index(part)
            if part.plan is not None:
                if not self._improve_planned(index, part, remaining * share, share):
                    break
                continue
            self._run(index, part, remaining * share, Pass.FULL)

    def _improve_planned(self, index: int, part: Part, seconds: float, share: float) -> bool:
        """Half of a planned component's time with the plan held, the rest keeping its
        granted requests; False when the time ran out (or the user stopped) between them."""
        assert part.plan is not None
        if part.hold is None:
            # no first schedule kept the plan (local search is seed- and load-sensitive:
            # C's interns on a busy machine): the full search gets its granted weeks, from
            # the free first schedule
            part.hold = follow(part.built, part.plan, granted_only=True)
        self._held_run(index, part, seconds * PLANNED_SHARE, Pass.FULL)
        remaining = self.deadline - time.perf_counter()
        if remaining <= 0.5 or stop_requested():
            return False
        part.hold = keep_requests(part)
        if part.hold is not None:
            self._held_run(index, part, remaining * share, Pass.FULL)
        else:
            self._run(index, part, remaining * share, Pass.FULL)
        return True

    def _run(self, index: int, part: Part, seconds: float, kind: Pass) -> Status:
        model = part.built.model
        if part.solution:
            hint(model, part.solution)
        part.searched = part.searched or kind == Pass.FULL
        solver = self._solver(seconds, kind)
        tracker = _Tracker(
            self.started,
            lambda now, obj, bound, count: self._progress(index, now, obj, bound, count),
        )
        with searching(solver):
            code = solver.solve(model, tracker)
        self.solutions += tracker.count
        log.info(
            "component %d (%s pass): %s after %.1fs, objective %s, bound %s",
            index,
            kind.value,
            solver.status_name(code),
            time.perf_counter() - self.started,
            solver.objective_value if tracker.count else "-",
            solver.best_objective_bound if tracker.count else "-",
        )
        if code in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            self._keep(index, part, solver, code, tracker)
            return Status.OPTIMAL if part.optimal else Status.FEASIBLE
        if code == cp_model.INFEASIBLE:
            return Status.INFEASIBLE
        return Status.NO_SOLUTION

    def _solver(self, seconds: float, kind: Pass) -> cp_model.CpSolver:
        # A first schedule needs no presolve (it costs 7-9 s on program C's seniors), and
        # residents of one cohort and level are near-interchangeable, so symmetry detection
        # and repeated presolve cost tens of seconds on large programs for little gain.
        # One worker alone runs one search strategy, which found no schedule for program A
        # in 60 s; CP-SAT's portfolio interleaved in the one thread finds the optimum in
        # about 1 s, and is deterministic: same seed, same schedule.
        return new_solver(
            max(0.5, seconds),
            self.params,
            stop_after_first_solution=kind != Pass.FULL,
            use_ls_only=kind == Pass.LOCAL,
            cp_model_presolve=kind == Pass.FULL,
            symmetry_level=0,
            max_presolve_iterations=1,
            interleave_search=self.params.workers == 1,
        )

    def _keep(
        self,
        index: int,
        part: Part,
        solver: cp_model.CpSolver,
        code: cp_model.CpSolverStatus,
        tracker: _Tracker,
    ) -> None:
        """The run's schedule, if better than the part's best so far, and its bound."""
        now = time.perf_counter() - self.started
        if part.first_at is None:
            part.first_at = tracker.first if tracker.first is not None else now
        better = part.objective is None or solver.objective_value < part.objective - 1e-9
        part.bound = max(part.bound, solver.best_objective_bound)
        part.optimal = code == cp_model.OPTIMAL
        if better:
            part.objective = solver.objective_value
            part.solution = list(solver.response_proto.solution)
            part.rows = read_rows(solver, part.built)
            part.terms = term_values(solver, part.built)
            part.best_at = tracker.best if tracker.best is not None else now
            log.info("component %d terms: %s", index, part.terms)

    def _progress(self, index: int, now: float, objective: float, bound: float, count: int) -> None:
        if self.on_progress is None:
            return
        others = [p for i, p in enumerate(self.parts) if i != index]
        if any(p.objective is None for p in others):
            return  # no complete schedule yet
        total = objective + sum(p.objective or 0.0 for p in others)
        total_bound = max(bound, self.parts[index].bound) + sum(p.bound for p in others)
        self.on_progress(ScheduleFound(now, total, total_bound, self.solutions + count))


def keep_requests(part: Part) -> cp_model.IntVar | None:
    """A literal that, when fixed true, keeps the weight of unmet requests at most what the
    planned schedule left: the rest of the search improves everything else around them.
    Improving freely traded them for fewer switches (program C: unmet weight 770 after the
    plan, 880 after 60 s more)."""
    penalty = next((p for p in part.built.penalties if p.name == "unmet_requests"), None)
    if penalty is None or penalty.name not in part.terms:
        return None
    model = part.built.model
    literal = model.new_bool_var("keep the planned requests")
    model.add(penalty.expression <= part.terms[penalty.name]).only_enforce_if(literal)
    return literal


def first_complete(parts: list[Part], started: float) -> float:
    """When every component had a schedule: the latest of their first schedules (a search
    that went on to prove its first one optimal does not count the proof)."""
    found = [part.first_at for part in parts if part.first_at is not None]
    return max(found) if len(found) == len(parts) else time.perf_counter() - started


def combine(
    program: Program,
    parts: list[Part],
    layout: Layout,
    params: SolveParams,
    started: float,
    time_to_first: float,
    solutions: int,
) -> Result:
    """One result from every component's best schedule: the schedule, the objective and
    bound summed, each term summed over the components."""
    rows: dict[str, tuple[str, ...]] = {}
    for part in parts:
        rows.update(part.rows)
    ordered = {resident.id: rows[resident.id] for resident in program.residents}
    terms: dict[str, TermValue] = {}
    for part in parts:
        for penalty in part.built.penalties:
            previous = terms.get(penalty.name)
            value = part.terms.get(penalty.name, 0) + (previous.value if previous else 0)
            terms[penalty.name] = TermValue(penalty.weight, value, penalty.description)
    optimal = all(part.optimal for part in parts)
    return Result(
        status=Status.OPTIMAL if optimal else Status.FEASIBLE,
        schedule=Schedule(ordered, dict(layout.cohorts)),
        objective=sum(part.objective or 0.0 for part in parts),
        bound=sum(part.bound for part in parts),
        wall_time=time.perf_counter() - started,
        time_to_first=time_to_first,
        time_to_best=max(time_to_first, max(part.best_at for part in parts)),
        solutions=solutions,
        terms=terms,
        seed=params.seed,
        workers=params.workers,
        components=len(parts),
        interrupted=stop_requested(),
    )


def component_models(
    program: Program, layout: Layout, mode: Mode = Mode.SEARCH
) -> tuple[list[list[int]], list[Part]]:
    """The independent components (resident indices) and a year model for each."""
    groups = components(program, layout.open_cells)
    parts = [
        Part(build_year_model(program, layout, members, owns_orphans=(i == 0), mode=mode))
        for i, members in enumerate(groups)
    ]
    log.info(
        "%d component(s): %s",
        len(parts),
        ", ".join(
            f"{len(g)} residents / {p.size} variables" for g, p in zip(groups, parts, strict=True)
        ),
    )
    return groups, parts


#: At most this share of the time (and these seconds) goes to planning vacations.
PLAN_SHARE, PLAN_SECONDS = 0.1, 10.0


def plan_vacations(
    program: Program,
    layout: Layout,
    groups: list[list[int]],
    parts: list[Part],
    params: SolveParams,
    deadline: float,
) -> None:
    """A vacation plan for each component of ``PLAN_FROM`` variables or more with soft
    vacation requests, which its first pass follows (see :mod:`scheduler.stages.vacation_plan`).
    A small component is searched in full from the start, which weighs requests well by
    itself (program A: all its priority-1 and -2 requests, proven optimal in 4 s), while
    its plan, which knows nothing of segments and requirements, had no schedule that a
    first search could find in 20 s. Time a quick plan leaves goes to the next."""
    ends = time.perf_counter() + min(PLAN_SECONDS, PLAN_SHARE * (deadline - time.perf_counter()))
    planned = [
        (members, part)
        for members, part in zip(groups, parts, strict=True)
        if part.size >= PLAN_FROM
    ]
    for position, (members, part) in enumerate(planned):
        if stop_requested():
            return
        # a share by residents of what is left: time a quick plan did not use goes on
        waiting = sum(len(m) for m, _ in planned[position:])
        share = (ends - time.perf_counter()) * len(members) / waiting
        plan = plan_vacation(program, layout, members, time_limit=share, params=params)
        if plan is not None:
            part.plan, part.hold = plan, follow(part.built, plan)
            # the plan's proof is a bound on the year's objective: the runs held to the
            # plan prove nothing about the year, so without it a planned part had none
            part.bound = max(part.bound, float(plan.least_unmet))
