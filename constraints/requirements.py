"""Curriculum requirements: weeks per rotation (or group of rotations) per resident per year."""

from __future__ import annotations

from scheduler.context import Family, Label, ModelContext, Penalty
from scheduler.edits import Knob

NAME = "requirements"


def apply(ctx: ModelContext) -> list[Penalty]:
    program = ctx.program
    for i, requirement in enumerate(program.requirements):
        rotations = ctx.rotation_set(requirement)
        changes: tuple[Knob, ...] = (Knob(("requirements", i, "weeks", "min"), up=False),)
        if requirement.weeks.max is not None:
            changes += (Knob(("requirements", i, "weeks", "max"), up=True),)
        for r in ctx.residents_for(requirement):
            resident = program.residents[r]
            weeks = ctx.sum_on(r, rotations)
            label = Label.personal(
                NAME,
                f"{resident.id} {requirement.name}",
                f"{requirement.weeks.text()} weeks",
                resident=resident.id,
                changes=changes,
            )
            ctx.add(ctx.model.add(weeks >= requirement.weeks.min), label)
            if requirement.weeks.max is not None:
                ctx.add(ctx.model.add(weeks <= requirement.weeks.max), label)
    return []


FAMILY = Family[ModelContext](NAME, apply)
