"""Few rotation switches: a resident changes service only where the template makes them.

Soft goal. Inside a template segment (or a block, for residents without a template), each
week boundary where a resident leaves one rotation for a different, non-leave rotation
counts as one switch. Going on or coming back from leave is not a switch, and neither is a
change at a segment boundary: those are the template's, not the schedule's.
"""

from __future__ import annotations

from ortools.sat.python import cp_model

from scheduler.context import ModelContext, Penalty


def apply(ctx: ModelContext) -> list[Penalty]:
    weight = ctx.program.objective.switches
    if weight == 0:
        return []
    leave = ctx.category_set("leave")
    changes: list[cp_model.IntVar] = []
    for r, resident in enumerate(ctx.program.residents):
        slots = ctx.variables.slots[r]
        for w in range(ctx.program.weeks - 1):
            if slots[w].segment != slots[w + 1].segment:
                continue
            before, after = ctx.variables.cell(r, w), ctx.variables.cell(r, w + 1)
            working = {k: var for k, var in before.items() if k not in leave}
            following = set(after) - leave
            if not working or (len(working) == 1 and following <= set(working)):
                continue  # no switch is possible here
            change = ctx.model.new_bool_var(f"switch[{resident.id},{w + 1}]")
            next_leave = ctx.variables.on(r, w + 1, leave)
            for k, var in working.items():
                staying = [after[k]] if k in after else []
                ctx.model.add(change >= var - sum(staying) - sum(next_leave))
            changes.append(change)
    if not changes:
        return []
    return [Penalty("switches", weight, cp_model.LinearExpr.sum(changes), "rotation changes inside template segments")]
