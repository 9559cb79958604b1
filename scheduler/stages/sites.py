"""Stage 0: a clinic site for each resident the roster leaves without one, from the
resident's ranked sites (``requests.preferences[].sites``), within what each site holds.

A site holds residents by how many are in clinic at once: cohorts are balanced by site,
so n residents of a template at a site put at most ceil(n / cohorts) in each cohort, and
ceil(y / stagger) cohorts of an X+Y template are in clinic in any week; those must fit the
site's weekly capacity (with the roster's residents already there). Under program A's 3+2
(5 cohorts, 2 in clinic at once) a site of capacity 5 holds 2 per cohort, 10 residents;
the average alone (y / (x + y) of each resident) allowed 12, and that year had no
schedule. Higher ``site_priority`` tracks are placed first (primary care before
categorical, as at MGH): among assignments that fit, the one with the least rank cost of
the highest-priority residents, then of the next, and so on. A resident whose ranked sites are all full gets
another site with room, at a cost above any rank. Residents without a template, or with
no ranked sites, are left as the roster has them.
"""

from __future__ import annotations

import itertools
import math

from ortools.sat.python import cp_model

from scheduler.domain import Program, Resident
from scheduler.domain.params import SolveParams
from scheduler.stages.solver import new_solver, searching


def assign_sites(program: Program, params: SolveParams, time_limit: float = 10.0) -> dict[str, str]:
    """resident id -> chosen site id, for residents without a site who rank sites."""
    ranked = {p.resident: p.sites for p in program.requests.preferences if p.sites}
    choosing = [
        r
        for r in program.residents
        if r.clinic_site is None and r.id in ranked and program.template_of(r) is not None
    ]
    if not choosing or not program.clinic_sites:
        return {}
    model = cp_model.CpModel()
    sites = [site.id for site in program.clinic_sites]
    choice = {(r.id, s): model.new_bool_var(f"{r.id} at {s}") for r in choosing for s in sites}
    for r in choosing:
        model.add_exactly_one(choice[r.id, s] for s in sites)
    for site in program.clinic_sites:
        _holds(program, model, site.id, site.capacity, choosing, choice)
    model.minimize(cp_model.LinearExpr.sum(_costs(program, choosing, ranked, choice)))
    solver = new_solver(time_limit, params, num_workers=1)
    with searching(solver):
        status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return {}  # the sites cannot hold everyone: the residents stay without one
    return {rid: s for (rid, s), var in choice.items() if solver.boolean_value(var)}


def _holds(
    program: Program,
    model: cp_model.CpModel,
    site: str,
    capacity: int,
    choosing: list[Resident],
    choice: dict[tuple[str, str], cp_model.IntVar],
) -> None:
    """What a site holds: balanced cohorts put at most k of a template's residents at the
    site in each cohort (n <= k x cohorts), and ceil(y / stagger) cohorts are in clinic at
    once, so the sum over templates of those cohorts x k stays within the capacity."""
    in_clinic: list[cp_model.LinearExprT] = []
    for template in program.templates:
        on = [r for r in choosing if program.template_of(r) == template]
        there = sum(
            1
            for r in program.residents
            if r.clinic_site == site and program.template_of(r) == template
        )
        if not on and not there:
            continue
        per_cohort = model.new_int_var(0, capacity, f"{site} {template.id} per cohort")
        chosen = cp_model.LinearExpr.sum([choice[r.id, site] for r in on])
        model.add(there + chosen <= template.cohorts * per_cohort)
        in_clinic.append(math.ceil(template.y_weeks / template.stagger) * per_cohort)
    model.add(cp_model.LinearExpr.sum(in_clinic) <= capacity)


def _costs(
    program: Program,
    choosing: list[Resident],
    ranked: dict[str, list[str]],
    choice: dict[tuple[str, str], cp_model.IntVar],
) -> list[cp_model.LinearExprT]:
    """Rank costs, each priority level's above all lower ones together: rank k costs k - 1,
    an unranked site one more than the longest ranking."""
    unranked = 1 + max(len(ranked[r.id]) for r in choosing)
    levels = sorted({program.track_by_id[r.track].site_priority for r in choosing})
    weight = {levels[0]: 1}
    for below, level in itertools.pairwise(levels):
        weight[level] = weight[below] * (unranked * len(choosing) + 1)
    costs: list[cp_model.LinearExprT] = []
    for r in choosing:
        w = weight[program.track_by_id[r.track].site_priority]
        for s in (site.id for site in program.clinic_sites):
            rank = ranked[r.id].index(s) if s in ranked[r.id] else unranked
            if rank:
                costs.append(w * rank * choice[r.id, s])
    return costs
