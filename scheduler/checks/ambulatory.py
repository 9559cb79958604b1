"""Ambulatory share: ambulatory weeks as an exact share of scheduled (non-leave) weeks,
this year or, with ``cumulative``, over training (the roster's prior weeks count too)."""

from __future__ import annotations

from fractions import Fraction

from scheduler.checks.judging import CheckContext, CheckFamily, applies, exact_share
from scheduler.checks.report import Subject

NAME = "ambulatory"


def subject(resident_id: str) -> Subject:
    """What an ambulatory verdict is about: a resident (every share rule that applies)."""
    return (resident_id,)


def check(ctx: CheckContext) -> None:
    ambulatory = {r.id for r in ctx.program.rotations if r.ambulatory}
    for rule in ctx.program.ambulatory_share:
        low, high = exact_share(rule.min), exact_share(rule.max)
        for resident in ctx.complete:
            if not applies(rule, resident):
                continue
            amb = ctx.schedule.weeks_on(resident.id, ambulatory)
            scheduled = ctx.program.weeks - ctx.schedule.weeks_on(resident.id, ctx.leave)
            if rule.cumulative:
                amb += resident.prior_ambulatory_weeks
                scheduled += resident.prior_weeks
            share = Fraction(amb, scheduled) if scheduled else Fraction(0)
            scope = "over training" if rule.cumulative else "this year"
            # low <= amb / scheduled <= high, multiplied out: a year with no scheduled
            # weeks (all leave) has nothing to measure and passes.
            ctx.verdict(
                NAME,
                f"ambulatory {float(low):.0%}-{float(high):.0%} {scope}",
                low * scheduled <= amb <= high * scheduled,
                resident.id,
                [],
                f"{resident.id} ({resident.name}): ambulatory {amb} of {scheduled} weeks = "
                f"{float(share):.1%} {scope}, needs {float(low):.1%}-{float(high):.1%}",
                subject=subject(resident.id),
            )


FAMILY = CheckFamily(NAME, check)
