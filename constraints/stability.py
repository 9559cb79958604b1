"""Few rotation switches: a resident changes service only where the template makes them.

Soft goal. Inside a template segment (or a block, for residents without a template), each
week boundary where a resident leaves one rotation for a different, non-leave rotation
counts as one switch. Going on or coming back from leave is not a switch, and neither is a
change at a segment boundary: those are the template's, not the schedule's.
"""

from __future__ import annotations

from ortools.sat.python import cp_model

from scheduler.stages.families import Family, ModelContext, Penalty, total

NAME = "stability"


def apply(ctx: ModelContext) -> list[Penalty]:
    weight = ctx.program.objective.switches
    if weight == 0:
        return []
    leave = ctx.category_set("leave")
    changes: list[cp_model.IntVar] = []
    for r in ctx.members:
        resident = ctx.program.residents[r]
        slots = ctx.variables.slots[r]
        held = _held_together(ctx, r)
        for w in range(ctx.program.weeks - 1):
            if slots[w].segment != slots[w + 1].segment:
                continue
            before, after = ctx.variables.cell(r, w), ctx.variables.cell(r, w + 1)
            working = {k: var for k, var in before.items() if k not in leave and (k, w) not in held}
            following = set(after) - leave
            if not working or (len(working) == 1 and following <= set(working)):
                continue  # no switch is possible here
            change = ctx.model.new_bool_var(f"switch[{resident.id},{w + 1}]")
            next_leave = ctx.variables.on(r, w + 1, leave)
            for k, var in working.items():
                staying = [after[k]] if k in after else []
                ctx.model.add(change >= var - total(staying + next_leave))
            changes.append(change)
    return [
        Penalty(
            "switches",
            weight,
            cp_model.LinearExpr.sum(changes),
            "rotation changes inside template segments",
        )
    ]


def _held_together(ctx: ModelContext, r: int) -> set[tuple[int, int]]:
    """(rotation, week) pairs where the rotation's unit forces the same rotation (or leave)
    in the following week, so that no switch can happen between the two."""
    held: set[tuple[int, int]] = set()
    for k, rotation in enumerate(ctx.program.rotations):
        if rotation.unit == 1:
            continue
        for weeks in ctx.unit_blocks(r, rotation.unit):
            held.update((k, w) for w in weeks[:-1])
    return held


FAMILY = Family[ModelContext](NAME, apply, hard=False)
