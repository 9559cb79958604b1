"""Stage 1: put every resident on a template into a cohort.

The cohort decides a resident's whole X/Y pattern, so it is chosen first, in a small model
of its own, and the year model is then built with each resident's phases fixed. This is the
decomposition Bard et al. (JORS 2016) use for 4+1 scheduling; it makes the year model far
smaller because every week's phase is known. The price: a cohort assignment the year model
cannot use. The stage keeps that unlikely by screening each resident's candidate cohorts
(pins, approved vacation, room for vacation and requirement minimums) and by minimising
clinic weeks over site capacity; and when the year model still proves infeasible because
of some freely chosen cohorts, :func:`scheduler.workflows.solving.solve` calls this stage again with
that combination excluded.

Hard rules: one cohort each; fixed cohorts from the roster; candidate cohorts only; cohort
balance (:mod:`constraints.cohort_balance`); enough residents able to meet every staffing
and clinic minimum each week (:mod:`constraints.cohort_staffing`); excluded combinations.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ortools.sat.python import cp_model

from constraints import cohort_balance, cohort_staffing
from constraints.phases import OpenRotations
from scheduler.domain import Program, RequestedWeeks, Resident, Template
from scheduler.domain.params import SolveParams
from scheduler.stages.calendar import CLINIC, vacation_allowed
from scheduler.stages.families import CohortContext, Family
from scheduler.stages.labels import Label
from scheduler.stages.objective import broken_rules
from scheduler.stages.solver import new_solver, searching

#: The cohort stage's rule families, in the order they are added.
FAMILIES: tuple[Family[CohortContext], ...] = (cohort_balance.FAMILY, cohort_staffing.FAMILY)


@dataclass(frozen=True)
class CohortPlan:
    """Cohort of each resident on a template (resident id -> 1-based cohort).

    ``candidates`` lists the cohorts each templated resident could have had; a resident
    with more than one candidate had their cohort chosen here, not given.
    """

    cohorts: dict[str, int]
    status: str
    candidates: dict[str, list[int]]

    @property
    def ok(self) -> bool:
        return self.status in ("OPTIMAL", "FEASIBLE")

    @property
    def chosen_freely(self) -> frozenset[str]:
        return frozenset(rid for rid, options in self.candidates.items() if len(options) > 1)


Exclusion = dict[str, int]  # "not all of these residents in these cohorts at once"


def assign_cohorts(
    program: Program,
    params: SolveParams,
    *,
    time_limit: float = 10.0,
    exclude: list[Exclusion] | None = None,
    relax: bool = False,
) -> CohortPlan:
    """Choose balanced cohorts (with no assignment, the status says why: the rules behind it
    are :func:`scheduler.explain.conflicts.cohort_stage_conflict`). Relaxed, the stage's
    rules may break, as few as possible (for a best-effort schedule)."""
    exclude = exclude or []
    ctx = build_cohort_model(program, diagnose=False, exclude=exclude, relax=relax)
    candidates = {program.residents[r].id: sorted(options) for r, options in ctx.choice.items()}
    solver = new_solver(time_limit, params, num_workers=1)
    with searching(solver):
        status = solver.solve(ctx.model)
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        chosen = {
            program.residents[r].id: next(
                g for g, var in options.items() if solver.boolean_value(var)
            )
            for r, options in ctx.choice.items()
        }
        return CohortPlan(chosen, solver.status_name(status), candidates)
    return CohortPlan({}, solver.status_name(status), candidates)


def build_cohort_model(
    program: Program,
    *,
    diagnose: bool,
    exclude: list[Exclusion] | None = None,
    relax: bool = False,
) -> CohortContext:
    model = cp_model.CpModel()
    choice: dict[int, dict[int, cp_model.IntVar]] = {}
    for r, resident in enumerate(program.residents):
        template = program.template_of(resident)
        if template is None:
            continue
        choice[r] = {
            g: model.new_bool_var(f"cohort[{resident.id},{g}]")
            for g in _candidates(program, resident, template)
        }
    ctx = CohortContext(program, model, choice=choice, diagnose=diagnose or relax)
    for r, options in choice.items():
        ctx.add(
            model.add(sum(options.values()) == 1),
            Label.structural("cohorts", f"{program.residents[r].id}", "one cohort"),
        )
    for family in FAMILIES:
        assert family.apply is not None, family.name
        family.apply(ctx)
    index = {resident.id: r for r, resident in enumerate(program.residents)}
    for excluded in exclude or []:
        # at least one of these residents leaves the cohort it had in a failed attempt
        staying = [ctx.choice[index[rid]].get(g) for rid, g in excluded.items()]
        model.add_bool_or([var.Not() for var in staying if var is not None])
    if diagnose and not relax:
        return ctx
    # clinic overload first (it is staffing), then requests that a cohort would deny
    unmet, worst = requests_denied_by_phase(ctx)
    goals: list[cp_model.LinearExprT] = [(worst + 1) * _clinic_overload(ctx), unmet]
    if relax:
        broken = broken_rules(ctx)
        # above everything else: a broken rule must cost more than any overload or request
        goals.append((worst + 1) * broken.weight * broken.expression)
    model.minimize(cp_model.LinearExpr.sum(goals))
    return ctx


def _candidates(program: Program, resident: Resident, template: Template) -> list[int]:
    """Cohorts that suit the resident's fixed cohort, pins, approved vacation, and leave
    room for their vacation and their requirement minimums."""
    if resident.cohort is not None:
        return [resident.cohort]
    fixed: list[tuple[int, str]] = [
        (w, pin.rotation)
        for pin in program.pins
        if pin.resident == resident.id
        for w in pin.weeks.weeks()
    ]
    if program.vacation is not None:
        fixed += [
            (w, program.vacation.rotation)
            for request in program.vacation.approved
            if request.resident == resident.id
            for w in request.weeks.weeks()
        ]
        fixed += [
            (w, program.vacation.rotation)
            for request in program.requests.vacation
            if request.resident == resident.id and request.hard
            for w in program.requested_weeks(request)
        ]
    every = list(range(1, template.cohorts + 1))
    lookup = OpenRotations(program)
    index = program.rotation_index
    suitable = [
        g
        for g in every
        if all(
            index[rotation] in lookup.in_phase(resident, template.phase(g, w))
            for w, rotation in fixed
        )
        and not room_shortfalls(program, lookup, resident, template, g)
    ]
    return suitable or every  # no cohort fits: the year model reports the conflict


def room_shortfalls(
    program: Program, lookup: OpenRotations, resident: Resident, template: Template, cohort: int
) -> list[str]:
    """What the cohort's phases leave no room for: the resident's vacation, or a
    requirement's minimum (necessary conditions, checked one resident at a time)."""
    phases = [template.phase(cohort, w) for w in range(program.weeks)]
    reasons = []
    policy = program.vacation
    if policy is not None and resident.whole_year:  # one who withdraws takes what is left
        allowed = [w for w, phase in enumerate(phases) if vacation_allowed(program, phase)]
        half = program.weeks // 2
        if len(allowed) < policy.weeks_per_resident:
            reasons.append(
                f"vacation needs {policy.weeks_per_resident} weeks, {len(allowed)} allow it"
            )
        elif policy.min_per_half and (
            sum(w < half for w in allowed) < policy.min_per_half
            or sum(w >= half for w in allowed) < policy.min_per_half
        ):
            reasons.append(f"vacation needs {policy.min_per_half} weeks in each half")
    for requirement in program.requirements:
        least, _ = program.yearly_range(requirement, resident)
        if not requirement.applies_to(resident) or least == 0:
            continue
        named = set(program.select(requirement))
        chosen = {k for k, rotation in enumerate(program.rotations) if rotation.id in named}
        open_weeks = sum(1 for phase in phases if lookup.in_phase(resident, phase) & chosen)
        if open_weeks < least:
            reasons.append(f"{requirement.name} needs {least} weeks, {open_weeks} are open")
    return reasons


def _clinic_overload(ctx: CohortContext) -> cp_model.LinearExpr:
    """Resident-weeks in Y phase beyond each clinic site's weekly capacity, and each
    longitudinal second site's (its residents are there in their clinic weeks)."""
    program = ctx.program
    overloads: list[cp_model.IntVar] = []
    sites = [
        (
            site.id,
            site.capacity,
            [r for r in ctx.choice if program.residents[r].clinic_site == site.id],
        )
        for site in program.clinic_sites
    ] + [
        (
            site.id,
            site.capacity,
            [r for r in ctx.choice if program.residents[r].second_site == site.id],
        )
        for site in program.longitudinal_sites
    ]
    for site_id, capacity, members in sites:
        for w in range(program.weeks):
            in_clinic = [
                var
                for r in members
                for g, var in ctx.choice[r].items()
                if template_of(program, r).phase(g, w) == CLINIC
            ]
            if len(in_clinic) <= capacity:
                continue
            over = ctx.model.new_int_var(0, len(in_clinic), f"overload {site_id} week {w + 1}")
            ctx.model.add(over >= sum(in_clinic) - capacity)
            overloads.append(over)
    return cp_model.LinearExpr.sum(overloads)


def requests_denied_by_phase(
    ctx: CohortContext, weigh: Callable[[RequestedWeeks], int] | None = None
) -> tuple[cp_model.LinearExpr, int]:
    """The weight of soft vacation requests that a resident's cohort would deny outright
    (a week of the request falls in a phase vacation may not take), and the most it can
    be. Cohorts are chosen before the year model, so this is where a request in what
    would be a clinic week is weighed at all. Weights are the objective's by priority
    unless ``weigh`` says otherwise."""
    program = ctx.program
    index = {resident.id: r for r, resident in enumerate(program.residents)}
    terms: list[cp_model.LinearExprT] = []
    worst = 0
    for request in program.requests.vacation:
        r = index[request.resident]
        if request.hard or r not in ctx.choice:
            continue
        weight = weigh(request) if weigh else program.objective.unmet_requests[request.priority - 1]
        weeks = program.requested_weeks(request)
        template = template_of(program, r)
        for g, var in ctx.choice[r].items():
            if not all(vacation_allowed(program, template.phase(g, w)) for w in weeks):
                terms.append(weight * var)
        worst += weight
    return cp_model.LinearExpr.sum(terms), worst


def template_of(program: Program, r: int) -> Template:
    template = program.template_of(program.residents[r])
    assert template is not None
    return template
