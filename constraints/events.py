"""Program events: a retreat, an academic half-day, a boards week keeps a named group off
duty (by default inpatient, critical care and night float) in the event's weeks.

A rule about each resident of the group, week by week: whether it can hold depends on
the resident's cohort (in a clinic week they are off duty anyway).
"""

from __future__ import annotations

from scheduler.domain.edits import Removal
from scheduler.stages.families import Family, ModelContext, Penalty, total
from scheduler.stages.labels import Label

NAME = "events"


def apply(ctx: ModelContext) -> list[Penalty]:
    program = ctx.program
    for i, event in enumerate(program.events):
        duties = ctx.rotation_set(event.free_of)
        for r in ctx.members:
            resident = program.residents[r]
            if not event.includes(resident):
                continue
            on_duty = [var for w in event.weeks.weeks() for var in ctx.variables.on(r, w, duties)]
            if not on_duty:
                continue
            label = Label.personal(
                NAME,
                f"events[{i}] {event.name} {resident.id} {event.weeks.text()}",
                f"off {event.free_of.describe()}",
                resident=resident.id,
                changes=(Removal(("events", i), f"{event.name} in {event.weeks.text()}"),),
            )
            ctx.add(ctx.model.add(total(on_duty) == 0), label)
    return []


FAMILY = Family[ModelContext](NAME, apply)
