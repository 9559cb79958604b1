"""Solve a program: cohorts, sanity arithmetic, the year model(s), and a :class:`Result`.

The year is solved per independent component (:mod:`scheduler.stages.components`). With one
component, one CP-SAT run uses the whole time limit. With several, a first pass finds a
first schedule for each component (stopping at the first one), so that a complete schedule
exists early; a second pass spends the remaining time improving each component in turn,
starting from that schedule as a hint.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum

from ortools.sat.python import cp_model

from scheduler.domain import Program, Schedule
from scheduler.domain.edits import Finding
from scheduler.domain.result import Progress, Result, Status, TermValue
from scheduler.explain.alone import personal_conflicts
from scheduler.explain.conflicts import cohorts_that_matter, explain_infeasible
from scheduler.explain.numbers import supply_shortfalls
from scheduler.stages.cohorts import CohortPlan, Exclusion, assign_cohorts
from scheduler.stages.components import components
from scheduler.stages.sites import assign_sites
from scheduler.stages.solver import new_solver, searching, stop_requested
from scheduler.stages.vacation_plan import VacationPlan, follow, plan_vacation
from scheduler.stages.year_model import Layout, YearModel, build_year_model

__all__ = [
    "Precheck",
    "Progress",
    "Result",
    "SolveParams",
    "Status",
    "TermValue",
    "precheck",
    "solve",
]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SolveParams:
    time_limit: float = 60.0
    workers: int = 2
    seed: int = 0
    diagnose_time_limit: float = 60.0
    #: stop at the first complete schedule (a quick draft) instead of improving it
    stop_at_first: bool = False
    #: a best-effort schedule: hard rules may break, as few as possible
    relax: bool = False
    #: name the rules when the year model has no schedule (and try other cohorts); off
    #: where only a schedule matters, such as confirming a suggested fix
    diagnose: bool = True


@dataclass
class _Part:
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
    #: then to the requests that plan granted (:func:`_keep_requests`)
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


#: Cohort assignments tried at most when conflicts depend on chosen cohorts (and only while
#: time remains): on a tiny program with 3 interchangeable residents, 5 attempts missed the
#: one assignment with a schedule that the 8th found.
MAX_COHORT_ATTEMPTS = 50


def solve(
    program: Program,
    params: SolveParams | None = None,
    on_progress: Callable[[Progress], None] | None = None,
) -> Result:
    """Find the best schedule within the time limit, or explain why there is none.

    Residents the roster leaves without a clinic site, who rank sites, get one first
    (:mod:`scheduler.stages.sites`); the schedule records the sites chosen.
    """
    params = params or SolveParams()
    sites = assign_sites(program, seed=params.seed)
    result = _solve(program.with_sites(sites), params, on_progress)
    if result.schedule is not None and sites:
        result = replace(result, schedule=replace(result.schedule, sites=sites))
    return result


def _solve(
    program: Program,
    params: SolveParams,
    on_progress: Callable[[Progress], None] | None,
) -> Result:
    """The search once every clinic site is known.

    INFEASIBLE is returned only with a proof: arithmetic that holds for every cohort
    assignment, or a resident whose own rules leave no year under any of their cohorts
    (:mod:`scheduler.explain.alone`), or a conflict among rules that involve no freely chosen
    cohort, or every
    balanced cohort assignment excluded by such conflicts. A conflict that does depend on
    cohorts the engine chose makes it try other cohorts (up to ``MAX_COHORT_ATTEMPTS``).
    """
    started = time.perf_counter()
    deadline = started + params.time_limit
    if params.relax:
        return _solve_relaxed(program, params, started, deadline, on_progress)
    exclusions: list[Exclusion] = []  # cohort combinations proven to leave no schedule
    conflicts: list[str] = []  # the rules that proved it, over all attempts
    attempts = 0
    for attempt in range(MAX_COHORT_ATTEMPTS):
        if attempt and time.perf_counter() > deadline - 1:
            break
        attempts += 1
        plan = assign_cohorts(program, seed=params.seed, exclude=exclusions)
        if stop_requested():
            return _interrupted(started, params)
        if attempt == 0:
            # Before any cohort conflict: a shortfall in numbers is the clearer explanation.
            # the residents' years alone get a third of what is left, at most 20 s
            personal_time = min(20.0, (deadline - time.perf_counter()) / 3)
            shortfalls = _proven_before_search(program, plan, personal_time, params.seed)
            if shortfalls:
                return _proof(shortfalls, started, params)
            if stop_requested():
                return _interrupted(started, params)
        if not plan.ok:
            return _cohort_failure(plan, exclusions, conflicts, started, params)
        layout = Layout.of(program, plan.cohorts)
        groups, parts = _component_models(program, layout)
        _plan_vacations(program, layout, groups, parts, params, deadline)
        runner = _Runner(program, parts, params, started, deadline, on_progress)
        failed = runner.first_pass()
        if failed is None:
            time_to_first = _first_complete(parts, started)
            if not params.stop_at_first:
                runner.improve()
            return _combine(
                program, parts, layout, params, started, time_to_first, runner.solutions
            )
        if stop_requested():
            return _interrupted(started, params)
        index, status = failed
        if status != Status.INFEASIBLE:
            return _empty(Status.NO_SOLUTION, started, params, TIMED_OUT)
        if not params.diagnose:
            return _empty(Status.NO_SOLUTION, started, params, [UNDIAGNOSED])
        time_limit = min(params.diagnose_time_limit, max(1.0, deadline - time.perf_counter()))
        labels = explain_infeasible(
            program,
            layout,
            groups[index],
            owns_orphans=(index == 0),
            time_limit=time_limit,
            seed=params.seed,
        )
        if stop_requested():
            return _interrupted(started, params)
        free = cohorts_that_matter(program, layout, labels, groups[index]) & plan.chosen_freely
        conflict = [str(label) for label in labels] if labels else []
        if not free:
            return _empty(Status.INFEASIBLE, started, params, conflict or [UNNAMED])
        conflicts.extend(line for line in conflict if line not in conflicts)
        exclusions.append({rid: plan.cohorts[rid] for rid in sorted(free)})
        log.info(
            "attempt %d: conflict depends on %d chosen cohorts; trying others",
            attempt + 1,
            len(free),
        )
    if conflicts:
        unproven = (
            f"these rules conflict for each of the {attempts} cohort assignments "
            "tried, but other cohorts might avoid it: fix cohorts in the roster, or relax one "
            "of these rules"
        )
    else:
        unproven = (
            f"each of the {attempts} cohort assignments tried was proven to leave no "
            "schedule, but the rules behind it could not be named in time, and other cohorts "
            "might avoid it: try a longer --time-limit, or fix cohorts in the roster"
        )
    return _empty(Status.NO_SOLUTION, started, params, [*conflicts, unproven])


def _solve_relaxed(
    program: Program,
    params: SolveParams,
    started: float,
    deadline: float,
    on_progress: Callable[[Progress], None] | None,
) -> Result:
    """A best-effort schedule: every labelled rule may break, at a cost above all soft
    goals, so the schedule breaks as few as it can. Its explanation is the proof in numbers
    that no schedule keeps every rule, where the arithmetic has one."""
    plan = assign_cohorts(program, seed=params.seed, relax=True)
    proof = [str(finding) for finding in supply_shortfalls(program, plan.candidates)]
    if not plan.ok:
        return _empty(
            Status.NO_SOLUTION, started, params, [f"the cohort model ended {plan.status}"]
        )
    layout = Layout.of(program, plan.cohorts)
    _, parts = _component_models(program, layout, relax=True)
    runner = _Runner(program, parts, params, started, deadline, on_progress)
    if runner.first_pass() is not None:
        if stop_requested():
            return _interrupted(started, params)
        late = "no best-effort schedule was found in the time; try a longer --time-limit"
        return _empty(Status.NO_SOLUTION, started, params, [*proof, late])
    time_to_first = _first_complete(parts, started)
    if not params.stop_at_first:
        runner.improve()
    result = _combine(program, parts, layout, params, started, time_to_first, runner.solutions)
    return replace(result, explanation=proof)


#: At most this share of the time (and these seconds) goes to planning vacations.
PLAN_SHARE, PLAN_SECONDS = 0.1, 10.0


def _plan_vacations(
    program: Program,
    layout: Layout,
    groups: list[list[int]],
    parts: list[_Part],
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
        plan = plan_vacation(
            program, layout, members, time_limit=share, seed=params.seed, workers=params.workers
        )
        if plan is not None:
            part.plan, part.hold = plan, follow(part.built, plan)
            # the plan's proof is a bound on the year's objective: the runs held to the
            # plan prove nothing about the year, so without it a planned part had none
            part.bound = max(part.bound, float(plan.least_unmet))


def _component_models(
    program: Program, layout: Layout, *, relax: bool = False
) -> tuple[list[list[int]], list[_Part]]:
    """The independent components (resident indices) and a year model for each."""
    groups = components(program, layout.open_cells)
    parts = [
        _Part(build_year_model(program, layout, members, owns_orphans=(i == 0), relax=relax))
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


#: The rotation of a week in which nothing was open to the resident (a relaxed solve only).
UNASSIGNED = "unassigned"
UNNAMED = "the solver proved there is no schedule, but could not name the conflicting rules in time"
UNDIAGNOSED = "the chosen cohorts leave no schedule (other cohorts were not tried)"
#: What a search that ran out of time has and has not shown.
TIMED_OUT = [
    "checked, with no conflict found: the conditions in numbers, each resident's year "
    "alone, and a balanced cohort assignment that can staff every week (residency-scheduler explain repeats these checks)",
    "not decided in the time: whether the year has a schedule under those cohorts (the search "
    "found none); try a longer --time-limit",
]


@dataclass(frozen=True)
class Precheck:
    """What the stages before the search decide: a proof that no schedule exists (its
    reasons), or that they found no conflict, or that the cohort stage ran out of time."""

    status: Status | None  # INFEASIBLE (proven), NO_SOLUTION (undecided), None (no conflict)
    reasons: list[str]
    findings: tuple[Finding, ...] = ()  # the conflicts behind it, with what a fix may change


def precheck(program: Program, seed: int = 0, personal_time: float = 20.0) -> Precheck:
    """The arithmetic, each resident's year alone (for at most ``personal_time`` seconds)
    and the cohort stage, without building the year: fast enough to run after every edit
    of a program's rules (``residency-scheduler explain``)."""
    program = program.with_sites(assign_sites(program, seed=seed))
    plan = assign_cohorts(program, seed=seed)
    shortfalls = _proven_before_search(program, plan, personal_time, seed)
    if shortfalls:
        return Precheck(Status.INFEASIBLE, [str(s) for s in shortfalls], tuple(shortfalls))
    if plan.ok:
        return Precheck(None, [])
    if plan.status != "INFEASIBLE":
        return Precheck(Status.NO_SOLUTION, [f"the cohort model ended {plan.status}"])
    return Precheck(Status.INFEASIBLE, _cohort_conflict(plan))


def _cohort_failure(
    plan: CohortPlan,
    exclusions: list[Exclusion],
    conflicts: list[str],
    started: float,
    params: SolveParams,
) -> Result:
    if plan.status != "INFEASIBLE":
        return _empty(
            Status.NO_SOLUTION, started, params, [f"the cohort model ended {plan.status}"]
        )
    if exclusions:
        reasons = [
            *conflicts,
            "every other balanced cohort assignment was tried or ruled out by these rules",
        ]
        return _empty(Status.INFEASIBLE, started, params, reasons)
    return _empty(Status.INFEASIBLE, started, params, _cohort_conflict(plan))


def _cohort_conflict(plan: CohortPlan) -> list[str]:
    """The cohort stage's rules are all necessary conditions, so its conflict is a proof."""
    return [str(label) for label in plan.conflicts] or [
        "no cohort assignment meets cohort balance and the weekly staffing minimums"
    ]


class Mode(StrEnum):
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


class _Runner:
    """Runs CP-SAT on each component and keeps the best schedule of each."""

    def __init__(
        self,
        program: Program,
        parts: list[_Part],
        params: SolveParams,
        started: float,
        deadline: float,
        on_progress: Callable[[Progress], None] | None,
    ) -> None:
        self.program = program
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
                self._run(index, part, budget, Mode.LOCAL)
            if part.objective is None:
                mode = Mode.FULL if alone and part.size < LOCAL_SEARCH_FROM else Mode.FIRST
                status = self._run(index, part, self.deadline - time.perf_counter(), mode)
                if part.objective is None:
                    return index, status
        return None

    def _follow_plan(self, index: int, part: _Part) -> None:
        """A first schedule that keeps the vacation plan, by local search (program B's
        interns: 0.7 s, where the portfolio took 5 s); failing that, one that keeps only
        the weeks of the requests it grants; failing that, the first pass goes on
        without a hold, and the improvement tries the granted weeks again."""
        # the whole budget first: on a machine under load, C's interns needed 12 s or more
        budget = min(LOCAL_SEARCH_BUDGET, self.deadline - time.perf_counter())
        self._held_run(index, part, budget, Mode.LOCAL)
        if part.objective is None and part.plan is not None and not stop_requested():
            # only the granted requests' weeks: without any plan, program C's interns
            # (seed 1) kept 58% of the requests
            part.hold = follow(part.built, part.plan, granted_only=True)
            budget = min(LOCAL_SEARCH_BUDGET / 2, self.deadline - time.perf_counter())
            self._held_run(index, part, budget, Mode.LOCAL)
        if part.objective is None:
            part.hold = None  # no schedule keeps it (or none was found): search without
        log.info(
            "component %d: vacation plan %s",
            index,
            "kept" if part.hold is not None else "not held by the first schedule",
        )

    def _held_run(self, index: int, part: _Part, seconds: float, mode: Mode) -> None:
        """A run with ``part.hold`` fixed true (the vacation plan, or the requests it
        granted); what it proves under that restriction (a bound, optimality, that there is
        no schedule) is forgotten after it."""
        assert part.hold is not None
        domain = part.built.model.proto.variables[part.hold.index].domain
        domain[0] = 1  # the literal's domain [0, 1] becomes [1, 1]
        bound = part.bound
        try:
            self._run(index, part, seconds, mode)
        finally:
            domain[0] = 0
            part.bound, part.optimal, part.searched = bound, False, False

    def improve(self) -> None:
        """Spend the remaining time improving components, largest share to the largest.

        A component with a vacation plan is first improved with the plan held (a
        first schedule has many needless switches, and improving it freely traded granted
        requests for them: program C kept 301 of the plan's 368), then with any vacation
        free to move but the weight of unmet requests no higher than the plan left
        (:func:`_keep_requests`)."""
        pending = [part for part in self.parts if not part.optimal and not part.searched]
        for position, part in enumerate(pending):
            remaining = self.deadline - time.perf_counter()
            if remaining <= 0.5 or stop_requested():
                break
            share = part.size / sum(p.size for p in pending[position:])
            index = self.parts.index(part)
            if part.plan is not None:
                if part.hold is None:
                    # no first schedule kept the plan (local search is seed- and
                    # load-sensitive: C's interns on a busy machine): the full search gets
                    # its granted weeks, from the free first schedule
                    part.hold = follow(part.built, part.plan, granted_only=True)
                self._held_run(index, part, remaining * share * PLANNED_SHARE, Mode.FULL)
                remaining = self.deadline - time.perf_counter()
                if remaining <= 0.5 or stop_requested():
                    break
                part.hold = _keep_requests(part)
                if part.hold is not None:
                    self._held_run(index, part, remaining * share, Mode.FULL)
                    continue
            self._run(index, part, remaining * share, Mode.FULL)

    def _run(self, index: int, part: _Part, seconds: float, mode: Mode) -> Status:
        model = part.built.model
        if part.solution:
            hint(model, part.solution)
        solver = new_solver()
        solver.parameters.max_time_in_seconds = max(0.5, seconds)
        solver.parameters.num_workers = self.params.workers
        solver.parameters.random_seed = self.params.seed
        solver.parameters.stop_after_first_solution = mode != Mode.FULL
        solver.parameters.use_ls_only = mode == Mode.LOCAL
        # A first schedule needs no presolve (it costs 7-9 s on program C's seniors), and
        # residents of one cohort and level are near-interchangeable, so symmetry detection
        # and repeated presolve cost tens of seconds on large programs for little gain.
        solver.parameters.cp_model_presolve = mode == Mode.FULL
        solver.parameters.symmetry_level = 0
        solver.parameters.max_presolve_iterations = 1
        # One worker alone runs one search strategy, which found no schedule for program A
        # in 60 s; CP-SAT's portfolio interleaved in the one thread finds the optimum in
        # about 1 s, and is deterministic: same seed, same schedule.
        solver.parameters.interleave_search = self.params.workers == 1
        part.searched = part.searched or mode == Mode.FULL
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
            mode.value,
            solver.status_name(code),
            time.perf_counter() - self.started,
            solver.objective_value if tracker.count else "-",
            solver.best_objective_bound if tracker.count else "-",
        )
        if code in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            if part.first_at is None:
                part.first_at = (
                    tracker.first
                    if tracker.first is not None
                    else time.perf_counter() - self.started
                )
            better = part.objective is None or solver.objective_value < part.objective - 1e-9
            part.bound = max(part.bound, solver.best_objective_bound)
            part.optimal = code == cp_model.OPTIMAL
            if better:
                part.objective = solver.objective_value
                part.solution = list(solver.response_proto.solution)
                part.rows = read_rows(solver, part.built)
                part.terms = {p.name: int(solver.value(p.expression)) for p in part.built.penalties}
                part.best_at = (
                    tracker.best if tracker.best is not None else time.perf_counter() - self.started
                )
                log.info("component %d terms: %s", index, part.terms)
            return Status.OPTIMAL if part.optimal else Status.FEASIBLE
        if code == cp_model.INFEASIBLE:
            return Status.INFEASIBLE
        return Status.NO_SOLUTION

    def _progress(self, index: int, now: float, objective: float, bound: float, count: int) -> None:
        if self.on_progress is None:
            return
        others = [p for i, p in enumerate(self.parts) if i != index]
        if any(p.objective is None for p in others):
            return  # no complete schedule yet
        total = objective + sum(p.objective or 0.0 for p in others)
        total_bound = max(bound, self.parts[index].bound) + sum(p.bound for p in others)
        self.on_progress(Progress(now, total, total_bound, self.solutions + count))


def hint(model: cp_model.CpModel, solution: Sequence[int]) -> None:
    """A schedule found before as the search's starting point: the values of the model's
    first ``len(solution)`` variables (variables added since have none)."""
    model.clear_hints()
    model.proto.solution_hint.vars.extend(range(len(solution)))
    model.proto.solution_hint.values.extend(solution)


def _keep_requests(part: _Part) -> cp_model.IntVar | None:
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


def _first_complete(parts: list[_Part], started: float) -> float:
    """When every component had a schedule: the latest of their first schedules (a search
    that went on to prove its first one optimal does not count the proof)."""
    found = [part.first_at for part in parts if part.first_at is not None]
    return max(found) if len(found) == len(parts) else time.perf_counter() - started


def read_rows(solver: cp_model.CpSolver, built: YearModel) -> dict[str, tuple[str, ...]]:
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


def _combine(
    program: Program,
    parts: list[_Part],
    layout: Layout,
    params: SolveParams,
    started: float,
    time_to_first: float,
    solutions: int,
) -> Result:
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


def _proven_before_search(
    program: Program, plan: CohortPlan, personal_time: float, seed: int
) -> list[Finding]:
    """Proofs that hold whatever the cohorts: the arithmetic first (the clearer words),
    then each resident's year alone (for at most ``personal_time`` seconds)."""
    return supply_shortfalls(program, plan.candidates) or personal_conflicts(
        program, plan.candidates, time_limit=personal_time, seed=seed
    )


def _proof(findings: list[Finding], started: float, params: SolveParams) -> Result:
    """INFEASIBLE, proven in numbers or in a resident's year alone (whatever the cohorts)."""
    result = _empty(Status.INFEASIBLE, started, params, [str(f) for f in findings])
    return replace(result, findings=tuple(findings))


def _interrupted(started: float, params: SolveParams) -> Result:
    """Stopped at the user's request (Ctrl-C) before any complete schedule."""
    seconds = time.perf_counter() - started
    reason = f"interrupted after {seconds:.1f}s, before any complete schedule was found"
    return replace(_empty(Status.NO_SOLUTION, started, params, [reason]), interrupted=True)


def _empty(status: Status, started: float, params: SolveParams, reasons: list[str]) -> Result:
    return Result(
        status,
        None,
        wall_time=time.perf_counter() - started,
        explanation=reasons,
        seed=params.seed,
        workers=params.workers,
    )
