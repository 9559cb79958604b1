"""Rotations that come in units fill whole units.

A rotation with ``unit: segment`` fills whole template segments; ``unit: n`` fills whole
n-week parts of a segment (see :mod:`scheduler.calendar` for how segments are cut at the
year's edges). Leave may split a unit: inside a unit, every week that is not leave is on
the same rotation. So "wards for a 3-week X segment, one week of it vacation" is fine, and
"one week of wards, then two of MICU" inside one segment is not.
"""

from __future__ import annotations

from scheduler.calendar import unit_blocks
from scheduler.context import Label, ModelContext, Penalty


def apply(ctx: ModelContext) -> list[Penalty]:
    leave = ctx.category_set("leave")
    for k, rotation in enumerate(ctx.program.rotations):
        if rotation.unit == 1 or k in leave:
            continue
        for r, resident in enumerate(ctx.program.residents):
            for weeks in unit_blocks(ctx.variables.slots[r], rotation.unit):
                _fill_block(ctx, r, k, weeks, leave, resident.id, rotation.id)
    return []


def _fill_block(
    ctx: ModelContext, r: int, k: int, weeks: list[int], leave: frozenset[int], who: str, what: str
) -> None:
    present = [ctx.variables.cell(r, w).get(k) for w in weeks]
    if all(var is None for var in present):
        return
    used = ctx.model.new_bool_var(f"unit[{who},{what},{weeks[0] + 1}]")
    label = Label("units", f"{who} {what} weeks {weeks[0] + 1}-{weeks[-1] + 1}", "fill the whole unit")
    for w, var in zip(weeks, present, strict=True):
        if var is not None:
            ctx.model.add_implication(var, used)
        on_leave = ctx.variables.on(r, w, leave)
        covered = [var] if var is not None else []
        ctx.add(ctx.model.add(sum(covered) + sum(on_leave) >= 1).only_enforce_if(used), label)
