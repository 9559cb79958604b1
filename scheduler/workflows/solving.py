"""Solve a program: clinic sites, cohorts, the proofs before the search, the search, and a
:class:`~scheduler.domain.result.Result` that is a schedule or a reason there is none.

INFEASIBLE is returned only with a proof: arithmetic that holds for every cohort
assignment, or a resident whose own rules leave no year under any of their cohorts
(:mod:`scheduler.explain.alone`), or a conflict among rules that involve no freely chosen
cohort, or every balanced cohort assignment excluded by such conflicts. A conflict that
does depend on cohorts the engine chose makes it try other cohorts (up to
``MAX_COHORT_ATTEMPTS``).
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field, replace

from scheduler.domain import Program
from scheduler.domain.edits import Finding
from scheduler.domain.params import SolveParams
from scheduler.domain.progress import OnProgress, Stage, ignore, reporting
from scheduler.domain.result import Result, Status
from scheduler.explain.before_search import cohort_conflict_reasons, proofs_before_search
from scheduler.explain.conflicts import cohorts_that_matter, year_model_conflict
from scheduler.explain.numbers import supply_shortfalls
from scheduler.stages.cohorts import CohortPlan, Exclusion, assign_cohorts
from scheduler.stages.search import (
    Part,
    Search,
    combine,
    component_models,
    first_complete,
    plan_vacations,
)
from scheduler.stages.sites import assign_sites
from scheduler.stages.solver import stop_requested
from scheduler.stages.year_model import Layout, Mode

log = logging.getLogger(__name__)

#: Cohort assignments tried at most when conflicts depend on chosen cohorts (and only while
#: time remains): on a tiny program with 3 interchangeable residents, 5 attempts missed the
#: one assignment with a schedule that the 8th found.
MAX_COHORT_ATTEMPTS = 50
UNNAMED = "the solver proved there is no schedule, but could not name the conflicting rules in time"
UNDIAGNOSED = "the chosen cohorts leave no schedule (other cohorts were not tried)"
#: What a search that ran out of time has and has not shown.
TIMED_OUT = [
    "checked, with no conflict found: the conditions in numbers, each resident's year "
    "alone, and a balanced cohort assignment that can staff every week (residency-scheduler explain repeats these checks)",
    "not decided in the time: whether the year has a schedule under those cohorts (the search "
    "found none); try a longer --time-limit",
]


def solve(
    program: Program, params: SolveParams | None = None, on_progress: OnProgress | None = None
) -> Result:
    """Find the best schedule within the time limit, or say why there is none.

    Residents the roster leaves without a clinic site, who rank sites, get one first
    (:mod:`scheduler.stages.sites`); the schedule records the sites chosen.
    """
    params = params or SolveParams()
    emit = on_progress or ignore
    with reporting(emit, Stage.SITES):
        sites = assign_sites(program, params)
    solving = _Solving(time.perf_counter(), params, emit)
    sited = program.with_sites(sites)
    result = _relaxed(sited, solving) if params.relax else _Attempts(sited, solving).run()
    if result.schedule is not None and sites:
        result = replace(result, schedule=replace(result.schedule, sites=sites))
    return result


@dataclass(frozen=True)
class _Solving:
    """When the solve started and must end, its settings and where its events go."""

    started: float
    params: SolveParams
    emit: OnProgress

    @property
    def deadline(self) -> float:
        return self.started + self.params.time_limit

    def empty(self, status: Status, reasons: list[str]) -> Result:
        """No schedule: the status and its reasons."""
        return Result(
            status,
            None,
            wall_time=time.perf_counter() - self.started,
            reasons=reasons,
            seed=self.params.seed,
            workers=self.params.workers,
        )

    def interrupted(self) -> Result:
        """Stopped at the user's request (Ctrl-C) before any complete schedule."""
        seconds = time.perf_counter() - self.started
        reason = f"interrupted after {seconds:.1f}s, before any complete schedule was found"
        return replace(self.empty(Status.NO_SOLUTION, [reason]), interrupted=True)

    def proof(self, findings: list[Finding]) -> Result:
        """INFEASIBLE, proven in numbers or in a resident's year alone (whatever the cohorts)."""
        result = self.empty(Status.INFEASIBLE, [str(f) for f in findings])
        return replace(result, findings=tuple(findings))


@dataclass
class _Attempts:
    """Cohort assignments tried one after another, each excluding the combinations earlier
    ones proved to leave no schedule."""

    program: Program
    solving: _Solving
    exclusions: list[Exclusion] = field(default_factory=list)
    #: the rules that proved it, over all attempts
    conflicts: list[str] = field(default_factory=list)
    attempts: int = 0

    def run(self) -> Result:
        for attempt in range(MAX_COHORT_ATTEMPTS):
            if attempt and time.perf_counter() > self.solving.deadline - 1:
                break
            self.attempts += 1
            done = self._attempt(first=attempt == 0)
            if done is not None:
                return done
        return self.solving.empty(Status.NO_SOLUTION, [*self.conflicts, self._unproven()])

    def _attempt(self, *, first: bool) -> Result | None:
        """One cohort assignment searched: a result, or None to try other cohorts."""
        solving, params = self.solving, self.solving.params
        with reporting(solving.emit, Stage.COHORTS):
            plan = assign_cohorts(self.program, params, exclude=self.exclusions)
        if stop_requested():
            return solving.interrupted()
        if first:
            proven = self._proofs(plan)
            if proven is not None:
                return proven
        if not plan.ok:
            return self._cohort_failure(plan)
        layout = Layout.of(self.program, plan.cohorts)
        groups, parts = component_models(self.program, layout)
        with reporting(solving.emit, Stage.VACATION_PLAN):
            plan_vacations(self.program, layout, groups, parts, params, solving.deadline)
        search = Search(parts, params, solving.started, solving.deadline, solving.emit)
        with reporting(solving.emit, Stage.SEARCH):
            failed = search.first_pass()
            if failed is None:
                return _finished(self.program, search, layout, solving)
        if stop_requested():
            return solving.interrupted()
        return self._no_schedule(failed, plan, layout, groups)

    def _proofs(self, plan: CohortPlan) -> Result | None:
        """Before any cohort conflict: a shortfall in numbers is the clearer explanation.
        The residents' years alone get a third of what is left, at most 20 s."""
        solving = self.solving
        personal_time = min(20.0, (solving.deadline - time.perf_counter()) / 3)
        with reporting(solving.emit, Stage.PROOFS):
            shortfalls = proofs_before_search(self.program, plan, solving.params, personal_time)
        if shortfalls:
            return solving.proof(shortfalls)
        if stop_requested():
            return solving.interrupted()
        return None

    def _no_schedule(
        self, failed: tuple[int, Status], plan: CohortPlan, layout: Layout, groups: list[list[int]]
    ) -> Result | None:
        """A component without a schedule: undecided, a proof, or cohorts to exclude (None)."""
        solving, params = self.solving, self.solving.params
        index, status = failed
        if status != Status.INFEASIBLE:
            return solving.empty(Status.NO_SOLUTION, TIMED_OUT)
        if not params.diagnose:
            return solving.empty(Status.NO_SOLUTION, [UNDIAGNOSED])
        time_limit = min(
            params.diagnose_time_limit, max(1.0, solving.deadline - time.perf_counter())
        )
        labels = year_model_conflict(
            self.program,
            layout,
            params,
            groups[index],
            owns_orphans=(index == 0),
            time_limit=time_limit,
        )
        if stop_requested():
            return solving.interrupted()
        free = cohorts_that_matter(self.program, layout, labels, groups[index])
        free &= plan.chosen_freely
        conflict = [str(label) for label in labels] if labels else []
        if not free:
            return solving.empty(Status.INFEASIBLE, conflict or [UNNAMED])
        self.conflicts.extend(line for line in conflict if line not in self.conflicts)
        self.exclusions.append({rid: plan.cohorts[rid] for rid in sorted(free)})
        log.info(
            "attempt %d: conflict depends on %d chosen cohorts; trying others",
            self.attempts,
            len(free),
        )
        return None

    def _cohort_failure(self, plan: CohortPlan) -> Result:
        solving = self.solving
        if plan.status != "INFEASIBLE":
            return solving.empty(Status.NO_SOLUTION, [f"the cohort model ended {plan.status}"])
        if self.exclusions:
            reasons = [
                *self.conflicts,
                "every other balanced cohort assignment was tried or ruled out by these rules",
            ]
            return solving.empty(Status.INFEASIBLE, reasons)
        return solving.empty(
            Status.INFEASIBLE, cohort_conflict_reasons(self.program, solving.params)
        )

    def _unproven(self) -> str:
        if self.conflicts:
            return (
                f"these rules conflict for each of the {self.attempts} cohort assignments "
                "tried, but other cohorts might avoid it: fix cohorts in the roster, or relax "
                "one of these rules"
            )
        return (
            f"each of the {self.attempts} cohort assignments tried was proven to leave no "
            "schedule, but the rules behind it could not be named in time, and other cohorts "
            "might avoid it: try a longer --time-limit, or fix cohorts in the roster"
        )


def _finished(program: Program, search: Search, layout: Layout, solving: _Solving) -> Result:
    """Every component has a schedule: improve them unless a first draft was asked for."""
    time_to_first = first_complete(search.parts, solving.started)
    if not solving.params.stop_at_first:
        search.improve()
    return combine(
        program,
        search.parts,
        layout,
        solving.params,
        solving.started,
        time_to_first,
        search.solutions,
    )


def _relaxed(program: Program, solving: _Solving) -> Result:
    """A best-effort schedule: every labelled rule may break, at a cost above all soft
    goals, so the schedule breaks as few as it can. Its explanation is the proof in numbers
    that no schedule keeps every rule, where the arithmetic has one."""
    plan = assign_cohorts(program, solving.params, relax=True)
    proof = [str(finding) for finding in supply_shortfalls(program, plan.candidates)]
    if not plan.ok:
        return solving.empty(Status.NO_SOLUTION, [f"the cohort model ended {plan.status}"])
    layout = Layout.of(program, plan.cohorts)
    parts: list[Part] = component_models(program, layout, Mode.RELAXED)[1]
    search = Search(parts, solving.params, solving.started, solving.deadline, solving.emit)
    if search.first_pass() is not None:
        if stop_requested():
            return solving.interrupted()
        late = "no best-effort schedule was found in the time; try a longer --time-limit"
        return solving.empty(Status.NO_SOLUTION, [*proof, late])
    return replace(_finished(program, search, layout, solving), reasons=proof)
