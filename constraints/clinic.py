"""Continuity-clinic site capacity: residents in clinic per site per week.

A resident is in clinic in a week when they have a clinic site and their rotation that
week carries clinic half-days (Y weeks, and designer or elective weeks that keep clinic).
"""

from __future__ import annotations

from scheduler.context import Label, ModelContext, Penalty


def apply(ctx: ModelContext) -> list[Penalty]:
    program = ctx.program
    with_clinic = frozenset(k for k, rot in enumerate(program.rotations) if rot.clinic_half_days > 0)
    for site in program.clinic_sites:
        members = [r for r, res in enumerate(program.residents) if res.clinic_site == site.id]
        for w in range(program.weeks):
            present = [var for r in members for var in ctx.variables.on(r, w, with_clinic)]
            subject = f"{site.id} clinic week {w + 1}"
            if len(present) > site.capacity:
                ctx.add(ctx.model.add(sum(present) <= site.capacity), Label("clinic", subject, f"at most {site.capacity}"))
            if site.min_residents:
                ctx.add(
                    ctx.model.add(sum(present) >= site.min_residents),
                    Label("clinic", subject, f"at least {site.min_residents}"),
                )
    return []
