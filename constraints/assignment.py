"""Exactly one rotation per resident per week."""

from __future__ import annotations

from scheduler.context import Label, ModelContext, Penalty


def apply(ctx: ModelContext) -> list[Penalty]:
    for r in ctx.members:
        resident = ctx.program.residents[r]
        for w in range(ctx.program.weeks):
            cell = list(ctx.variables.cell(r, w).values())
            label = Label("assignment", f"{resident.id} week {w + 1}", "exactly one rotation")
            if not cell:
                ctx.fail(
                    Label(
                        "assignment",
                        f"{resident.id} week {w + 1}",
                        "no rotation is open to this resident",
                        residents=(resident.id,),
                    )
                )
                continue
            ctx.add(ctx.model.add_exactly_one(cell), label, structural=True)
    return []
