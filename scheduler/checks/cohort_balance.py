"""Cohort balance: within each template, the cohort sizes of each PGY year (and of each
clinic site) differ by at most ``max_difference``."""

from __future__ import annotations

from collections import Counter, defaultdict

from scheduler.checks.judging import CheckContext, CheckFamily

NAME = "cohort balance"


def check(ctx: CheckContext) -> None:
    rules = ctx.program.cohort_balance
    groups: dict[tuple[str, str], Counter[int]] = defaultdict(Counter)
    for resident in ctx.with_cohorts:
        template = ctx.template(resident)
        if template is None:
            continue
        cohort = ctx.schedule.cohorts[resident.id]
        if rules.by_pgy:
            groups[template.id, f"PGY-{resident.pgy}"][cohort] += 1
        if rules.by_site:
            groups[template.id, f"site {resident.clinic_site}"][cohort] += 1
    for (template_id, group), counts in groups.items():
        template = ctx.program.template_by_id[template_id]
        sizes = [counts.get(g, 0) for g in range(1, template.cohorts + 1)]
        spread = max(sizes) - min(sizes)
        ctx.verdict(
            NAME,
            f"cohort sizes differ by at most {rules.max_difference}",
            spread <= rules.max_difference,
            group,
            [],
            f"template {template_id}, {group}: cohort sizes {sizes} differ by {spread} "
            f"(at most {rules.max_difference} allowed)",
        )


FAMILY = CheckFamily(NAME, check)
