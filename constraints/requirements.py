"""Curriculum requirements: weeks per rotation (or group of rotations) per resident per year,
or over training where cumulative (the program's history counts; see
:meth:`scheduler.domain.program.Program.yearly_range`)."""

from __future__ import annotations

from scheduler.domain.edits import Knob
from scheduler.stages.families import Family, ModelContext, Penalty
from scheduler.stages.labels import Label

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
            least, most = program.yearly_range(requirement, resident)
            detail = f"{requirement.weeks.text()} weeks"
            if requirement.cumulative:
                prior = program.prior_weeks(resident.id, requirement)
                detail += f" over training ({prior} before this year)"
            label = Label.personal(
                NAME,
                f"{resident.id} {requirement.name}",
                detail,
                resident=resident.id,
                changes=changes,
            )
            ctx.add(ctx.model.add(weeks >= least), label)
            if most is not None:
                ctx.add(ctx.model.add(weeks <= most), label)
    return []


FAMILY = Family[ModelContext](NAME, apply)
