"""Continuity of care: a resident with a continuity site is never long away from it, and has
enough clinic half-days.

A week counts as clinic when the resident has a clinic site and their rotation carries
clinic half-days (as for site capacity). The longest run without clinic is checked within
the year: every window of ``weeks + 1`` consecutive weeks of the year holds a clinic week.
Half-days are the clinic half-days of the year's rotations, plus, for a resident with a
longitudinal second site, its half-days in each of those clinic weeks, plus, with
``cumulative``, the roster's ``prior_clinic_half_days``. Residents without a site are
outside both rules.
"""

from __future__ import annotations

from scheduler.domain.edits import Knob
from scheduler.stages.families import Family, ModelContext, Penalty, total
from scheduler.stages.labels import Label

NAME = "continuity"


def apply(ctx: ModelContext) -> list[Penalty]:
    program = ctx.program
    clinic = frozenset(k for k, rot in enumerate(program.rotations) if rot.clinic_half_days > 0)
    for i, gap in enumerate(program.continuity.max_weeks_without_clinic):
        for r in ctx.residents_for(gap):
            resident = program.residents[r]
            if resident.clinic_site is None:
                continue
            # a resident who withdraws is held to it while in the program
            present = sum(1 for w in range(program.weeks) if resident.present(w))
            for start in range(present - gap.weeks):
                window = range(start, start + gap.weeks + 1)
                cells = [var for w in window for var in ctx.variables.on(r, w, clinic)]
                label = Label.personal(
                    NAME,
                    f"{resident.id} clinic in weeks {start + 1}-{start + gap.weeks + 1}",
                    f"at most {gap.weeks} weeks in a row without clinic",
                    resident=resident.id,
                    changes=(
                        Knob(("continuity", "max_weeks_without_clinic", i, "weeks"), up=True),
                    ),
                )
                if cells:
                    ctx.add(ctx.model.add(total(cells) >= 1), label)
                else:
                    ctx.fail(label)
    for i, rule in enumerate(program.continuity.clinic_half_days):
        for r in ctx.residents_for(rule):
            resident = program.residents[r]
            if resident.clinic_site is None or rule.min == 0:
                continue
            half_days = [
                program.clinic_half_days(resident, program.rotations[k]) * var
                for w in range(program.weeks)
                for k, var in ctx.variables.cell(r, w).items()
                if k in clinic
            ]
            prior = resident.prior_clinic_half_days if rule.cumulative else 0
            scope = "over training" if rule.cumulative else "this year"
            label = Label.personal(
                NAME,
                f"{resident.id} clinic half-days {scope}",
                f"at least {rule.min}",
                resident=resident.id,
                changes=(Knob(("continuity", "clinic_half_days", i, "min"), up=False),),
            )
            ctx.add(ctx.model.add(sum(half_days) + prior >= rule.min), label)
    return []


FAMILY = Family[ModelContext](NAME, apply)
