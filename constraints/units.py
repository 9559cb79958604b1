"""Rotations that come in units fill whole units.

A rotation with ``unit: segment`` fills whole template segments; ``unit: n`` fills whole
n-week parts of a segment (see :mod:`scheduler.stages.calendar` for how segments are cut at the
year's edges). Leave may split a unit: inside a unit, every week that is not leave is on
the same rotation. So "wards for a 3-week X segment, one week of it vacation" is fine, and
"one week of wards, then two of MICU" inside one segment is not.

Encoded pairwise, without helper variables: for weeks w != v of one unit, being on the
rotation in week w implies being on it, or on leave, in week v.
"""

from __future__ import annotations

from scheduler.stages.families import Family, ModelContext, Penalty
from scheduler.stages.labels import Label

NAME = "units"


def apply(ctx: ModelContext) -> list[Penalty]:
    leave = ctx.category_set("leave")
    unit_rotations = [
        (k, rot) for k, rot in enumerate(ctx.program.rotations) if rot.unit != 1 and k not in leave
    ]
    for r in ctx.members:
        who = ctx.program.residents[r].id
        on_leave = [ctx.variables.on(r, w, leave) for w in range(ctx.program.weeks)]
        for k, rotation in unit_rotations:
            label = Label.personal(
                NAME,
                f"{who} {rotation.id}",
                f"fills whole {_unit_name(rotation.unit)}s",
                resident=who,
            )
            for weeks in ctx.unit_blocks(r, rotation.unit):
                present = {w: ctx.variables.cell(r, w).get(k) for w in weeks}
                for w, var in present.items():
                    if var is None:
                        continue
                    for v, other in present.items():
                        if v != w:
                            allowed = ([other] if other is not None else []) + on_leave[v]
                            ctx.add(ctx.model.add_bool_or(allowed).only_enforce_if(var), label)
    return []


def _unit_name(unit: int | str) -> str:
    return "segment" if unit == "segment" else f"{unit}-week unit"


FAMILY = Family[ModelContext](NAME, apply)
