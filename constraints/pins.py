"""Pinned assignments: a resident is on a given rotation for given weeks."""

from __future__ import annotations

from scheduler.domain.edits import Removal
from scheduler.stages.families import Family, ModelContext, Penalty
from scheduler.stages.labels import Label

NAME = "pins"


def apply(ctx: ModelContext) -> list[Penalty]:
    program = ctx.program
    index = {res.id: r for r, res in enumerate(program.residents)}
    rotation_index = {rot.id: k for k, rot in enumerate(program.rotations)}
    members = set(ctx.members)
    for i, pin in enumerate(program.pins):
        r, k = index[pin.resident], rotation_index[pin.rotation]
        if r not in members:
            continue
        subject = f"pins[{i}] {pin.resident} {pin.rotation} {pin.weeks.text()}"
        removal = (Removal(("pins", i), f"{pin.resident} on {pin.rotation} in {pin.weeks.text()}"),)
        for w in pin.weeks.weeks():
            var = ctx.variables.cell(r, w).get(k)
            if var is None:
                detail = f"week {w + 1} is closed to {pin.rotation} for {pin.resident}"
                label = Label.personal(
                    NAME, subject, detail, resident=pin.resident, changes=removal
                )
                ctx.fail(label)
            else:
                label = Label.fixed(NAME, subject, f"week {w + 1}", changes=removal)
                ctx.add(ctx.model.add(var == 1), label)
    return []


FAMILY = Family[ModelContext](NAME, apply)
