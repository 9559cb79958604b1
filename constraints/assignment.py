"""Exactly one rotation per resident per week.

This is what a schedule is, so the rule is structural: a diagnosis never switches it off.
A week with no rotation open to the resident is a personal impossibility instead.
"""

from __future__ import annotations

from scheduler.stages.families import Family, ModelContext, Penalty
from scheduler.stages.labels import Label

NAME = "assignment"


def apply(ctx: ModelContext) -> list[Penalty]:
    for r in ctx.members:
        resident = ctx.program.residents[r]
        for w in range(ctx.program.weeks):
            cell = list(ctx.variables.cell(r, w).values())
            subject = f"{resident.id} week {w + 1}"
            if not cell:
                ctx.fail(
                    Label.personal(
                        NAME, subject, "no rotation is open to this resident", resident=resident.id
                    )
                )
                continue
            ctx.add(
                ctx.model.add_exactly_one(cell),
                Label.structural(NAME, subject, "exactly one rotation"),
            )
    return []


FAMILY = Family[ModelContext](NAME, apply)
