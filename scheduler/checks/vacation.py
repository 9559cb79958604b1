"""Vacation: weeks per resident, runs, each half of the year, weekly caps on everyone away
(any leave rotation), and approved vacations honoured."""

from __future__ import annotations

from scheduler.checks.judging import CheckContext, CheckFamily, counts_at, weeks_of
from scheduler.domain import Resident, VacationPolicy

NAME = "vacation"


def check(ctx: CheckContext) -> None:
    policy = ctx.program.vacation
    if policy is None:
        return
    for resident in ctx.complete:
        _per_resident(ctx, policy, resident)
    _away_caps(ctx, policy)
    _approved(ctx, policy)


def _per_resident(ctx: CheckContext, policy: VacationPolicy, resident: Resident) -> None:
    half = ctx.program.weeks // 2
    row = ctx.schedule.assignments[resident.id]
    taken = [w for w, rot in enumerate(row) if rot == policy.rotation]
    allowance = policy.weeks_per_resident
    if resident.withdrawn_from is not None:  # leaves mid-year: what was taken, within it
        rule = f"at most {allowance} vacation weeks for a resident who withdraws"
        ok, wanted = len(taken) <= allowance, f"at most {allowance}"
    else:
        rule = f"exactly {allowance} vacation weeks"
        ok, wanted = len(taken) == allowance, f"needs {allowance}"
    ctx.verdict(
        NAME,
        rule,
        ok,
        resident.id,
        [w + 1 for w in taken],
        f"{resident.id} ({resident.name}): {len(taken)} vacation weeks, {wanted}",
    )
    ctx.runs(NAME, resident, taken, policy.max_block_weeks, "vacation weeks")
    if not policy.min_per_half or resident.withdrawn_from is not None:
        return
    for name, count in (
        ("first", sum(1 for w in taken if w < half)),
        ("second", sum(1 for w in taken if w >= half)),
    ):
        ctx.verdict(
            NAME,
            f"at least {policy.min_per_half} vacation weeks per half-year",
            count >= policy.min_per_half,
            resident.id,
            [],
            f"{resident.id}: {count} vacation weeks in the {name} half, needs "
            f"{policy.min_per_half}",
        )


def _away_caps(ctx: CheckContext, policy: VacationPolicy) -> None:
    caps = policy.max_away_per_week
    for level, cap in (("any", caps.any), ("interns", caps.interns), ("seniors", caps.seniors)):
        if cap is None:
            continue
        members = [r for r in ctx.complete if counts_at(level, r.pgy)]
        for week in range(ctx.program.weeks):
            # a resident who has withdrawn is gone, not away
            away = [
                r.id
                for r in members
                if ctx.schedule.assignments[r.id][week] in ctx.leave
                and (r.withdrawn_from is None or week + 1 < r.withdrawn_from)
            ]
            ctx.verdict(
                NAME,
                f"at most {cap} {level} away per week",
                len(away) <= cap,
                level,
                [week + 1],
                f"{ctx.week_text(week)}: {len(away)} {level} away ({', '.join(away)}), at most {cap}",
            )


def _approved(ctx: CheckContext, policy: VacationPolicy) -> None:
    known = {r.id for r in ctx.complete}
    for request in policy.approved:
        if request.resident not in known:
            continue
        row = ctx.schedule.assignments[request.resident]
        missing = [w for w in weeks_of(request.weeks) if row[w] != policy.rotation]
        ctx.verdict(
            NAME,
            "approved vacations honoured",
            not missing,
            request.resident,
            [w + 1 for w in missing],
            f"{request.resident}: approved vacation {request.weeks.text()} "
            f"not given in week(s) {', '.join(str(w + 1) for w in missing)}",
        )


FAMILY = CheckFamily(NAME, check)
