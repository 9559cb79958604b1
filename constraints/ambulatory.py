"""Ambulatory share: ambulatory weeks as a share of scheduled (non-leave) weeks.

With ``cumulative: true`` the resident's earlier years (roster columns ``prior_weeks`` and
``prior_ambulatory_weeks``) count too, so "at least 1/3 over training" can be enforced in
the final year. Shares are exact fractions: ``q * ambulatory >= p * scheduled``.
"""

from __future__ import annotations

from scheduler.domain import as_fraction
from scheduler.domain.edits import Knob
from scheduler.stages.families import Family, ModelContext, Penalty
from scheduler.stages.labels import Label

NAME = "ambulatory"


def apply(ctx: ModelContext) -> list[Penalty]:
    program = ctx.program
    ambulatory = frozenset(k for k, rot in enumerate(program.rotations) if rot.ambulatory)
    leave = ctx.category_set("leave")
    for i, rule in enumerate(program.ambulatory_share):
        low, high = as_fraction(rule.min), as_fraction(rule.max)
        for r in ctx.residents_for(rule):
            resident = program.residents[r]
            amb = ctx.sum_on(r, ambulatory)
            scheduled = program.weeks - ctx.sum_on(r, leave)
            if rule.cumulative:
                amb = amb + resident.prior_ambulatory_weeks
                scheduled = scheduled + resident.prior_weeks
            scope = "over training" if rule.cumulative else "this year"
            subject = f"{resident.id} ambulatory share {scope}"
            if low > 0:
                label = Label.personal(
                    NAME,
                    subject,
                    f"at least {float(low):.0%}",
                    resident=resident.id,
                    changes=(Knob(("ambulatory_share", i, "min"), up=False),),
                )
                ctx.add(ctx.model.add(low.denominator * amb >= low.numerator * scheduled), label)
            if high < 1:
                label = Label.personal(
                    NAME,
                    subject,
                    f"at most {float(high):.0%}",
                    resident=resident.id,
                    changes=(Knob(("ambulatory_share", i, "max"), up=True),),
                )
                ctx.add(ctx.model.add(high.denominator * amb <= high.numerator * scheduled), label)
    return []


FAMILY = Family[ModelContext](NAME, apply)
