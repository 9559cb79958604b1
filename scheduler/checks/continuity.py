"""Continuity of care: runs of weeks without clinic within the year, and clinic half-days
(a longitudinal second site's included, with the roster's history where a rule is
cumulative), for residents with a clinic site."""

from __future__ import annotations

from scheduler.checks.judging import CheckContext, CheckFamily, applies, runs
from scheduler.checks.report import Subject

NAME = "continuity"


def subject(resident_id: str) -> Subject:
    """What a continuity verdict is about: a resident."""
    return (resident_id,)


def check(ctx: CheckContext) -> None:
    program = ctx.program
    half_days = {rotation.id: rotation.clinic_half_days for rotation in program.rotations}
    # a longitudinal second site adds its half-days to every week that keeps clinic
    second = {site.id: site.half_days for site in program.longitudinal_sites}
    for gap in program.continuity.max_weeks_without_clinic:
        for resident in ctx.complete:
            if not applies(gap, resident) or resident.clinic_site is None:
                continue
            row = ctx.schedule.assignments[resident.id]
            # a resident who withdraws is held to it up to the week before they leave
            last = len(row) if resident.withdrawn_from is None else resident.withdrawn_from - 1
            away = [w for w, rotation in enumerate(row[:last]) if half_days[rotation] == 0]
            for run in runs(away):
                ctx.verdict(
                    NAME,
                    f"at most {gap.weeks} weeks in a row without clinic",
                    len(run) <= gap.weeks,
                    resident.id,
                    [w + 1 for w in run],
                    f"{resident.id} ({resident.name}): weeks {run[0] + 1}-{run[-1] + 1}, "
                    f"{len(run)} weeks in a row without clinic, at most {gap.weeks}",
                    subject=subject(resident.id),
                )
    for rule in program.continuity.clinic_half_days:
        for resident in ctx.complete:
            if not applies(rule, resident) or resident.clinic_site is None:
                continue
            row = ctx.schedule.assignments[resident.id]
            extra = second.get(resident.second_site or "", 0)
            this_year = sum(half_days[rotation] + extra for rotation in row if half_days[rotation])
            prior = resident.prior_clinic_half_days if rule.cumulative else 0
            scope = "over training" if rule.cumulative else "this year"
            history = f" ({prior} before this year)" if rule.cumulative else ""
            ctx.verdict(
                NAME,
                f"at least {rule.min} clinic half-days {scope}",
                this_year + prior >= rule.min,
                resident.id,
                [],
                f"{resident.id} ({resident.name}): {this_year + prior} clinic half-days "
                f"{scope}{history}, needs at least {rule.min}",
                subject=subject(resident.id),
            )


FAMILY = CheckFamily(NAME, check)
