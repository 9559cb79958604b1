"""Cohort balance: residents on a template spread evenly over its cohorts.

Applies to the cohort model (:mod:`scheduler.stages.cohorts`), which runs before the year model.
Within each template, the cohort sizes of each PGY year (and of each clinic site) differ by
at most ``max_difference``, so that every week has interns, seniors and every clinic site
represented in clinic and on service.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from scheduler.stages.families import CohortContext, Family, Penalty, total
from scheduler.stages.labels import Label

NAME = "cohort balance"


def apply(ctx: CohortContext) -> list[Penalty]:
    rules = ctx.program.cohort_balance
    if rules.by_pgy:
        _balance(ctx, lambda r: f"PGY-{ctx.program.residents[r].pgy}")
    if rules.by_site:
        _balance(ctx, lambda r: f"site {ctx.program.residents[r].clinic_site}")
    return []


def _balance(ctx: CohortContext, group_of: Callable[[int], str]) -> None:
    program = ctx.program
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    for r in ctx.choice:
        template = program.template_of(program.residents[r])
        assert template is not None
        groups[template.id, group_of(r)].append(r)
    gap = program.cohort_balance.max_difference
    for (template_id, group), members in groups.items():
        cohorts = program.template_by_id[template_id].cohorts
        size = len(members)
        low = ctx.model.new_int_var(0, size, f"smallest cohort {template_id} {group}")
        label = Label.at_least(
            NAME, f"{template_id} {group}", f"cohort sizes differ by at most {gap}"
        )
        for g in range(1, cohorts + 1):
            count = total([ctx.choice[r][g] for r in members if g in ctx.choice[r]])
            ctx.add(ctx.model.add(count >= low), label)
            ctx.add(ctx.model.add(count <= low + gap), label)


FAMILY = Family[CohortContext](NAME, apply)
