"""What is decided before any search: proofs that hold whatever the cohorts, and the cohort
stage, fast enough to run after every edit of a program's rules
(``residency-scheduler explain``).

The proofs in numbers come first (the clearer words), then each resident's year alone;
then the cohort stage, whose rules are all necessary conditions, so that a cohort stage
with no answer is a proof too.
"""

from __future__ import annotations

from dataclasses import dataclass

from scheduler.domain import Program
from scheduler.domain.edits import Finding
from scheduler.domain.params import SolveParams
from scheduler.domain.result import Status
from scheduler.explain.alone import personal_conflicts
from scheduler.explain.conflicts import cohort_stage_conflict
from scheduler.explain.numbers import supply_shortfalls
from scheduler.stages.cohorts import CohortPlan, assign_cohorts
from scheduler.stages.sites import assign_sites


@dataclass(frozen=True)
class Screening:
    """What the stages before the search decide: a proof that no schedule exists (its
    reasons), or that they found no conflict, or that the cohort stage ran out of time."""

    status: Status | None  # INFEASIBLE (proven), NO_SOLUTION (undecided), None (no conflict)
    reasons: list[str]
    findings: tuple[Finding, ...] = ()  # the conflicts behind it, with what a fix may change


def screen(program: Program, params: SolveParams, personal_time: float = 20.0) -> Screening:
    """The proofs in numbers, each resident's year alone (for at most ``personal_time``
    seconds) and the cohort stage, without building the year."""
    program = program.with_sites(assign_sites(program, params))
    plan = assign_cohorts(program, params)
    shortfalls = proofs_before_search(program, plan, params, personal_time)
    if shortfalls:
        return Screening(Status.INFEASIBLE, [str(s) for s in shortfalls], tuple(shortfalls))
    if plan.ok:
        return Screening(None, [])
    if plan.status != "INFEASIBLE":
        return Screening(Status.NO_SOLUTION, [f"the cohort model ended {plan.status}"])
    return Screening(Status.INFEASIBLE, cohort_conflict_reasons(program, params))


def proofs_before_search(
    program: Program, plan: CohortPlan, params: SolveParams, personal_time: float
) -> list[Finding]:
    """Proofs that hold whatever the cohorts: the arithmetic first (the clearer words),
    then each resident's year alone (for at most ``personal_time`` seconds)."""
    return supply_shortfalls(program, plan.candidates) or personal_conflicts(
        program, plan.candidates, params, time_limit=personal_time
    )


def cohort_conflict_reasons(program: Program, params: SolveParams) -> list[str]:
    """The cohort stage's rules are all necessary conditions, so its conflict is a proof."""
    return [str(label) for label in cohort_stage_conflict(program, params)] or [
        "no cohort assignment meets cohort balance and the weekly staffing minimums"
    ]
