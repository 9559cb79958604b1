"""Continuity-clinic site capacity: residents in clinic per site per week.

A resident is in clinic in a week when they have a clinic site and their rotation that
week carries clinic half-days (Y weeks, and designer or elective weeks that keep clinic).
Residents whose clinic status is fixed in a week (every rotation open to them has clinic,
or none has) count as constants; that is also how residents of other components count.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from ortools.sat.python import cp_model

from scheduler.domain import Program
from scheduler.stages.families import Family, ModelContext, OpenCells, Penalty, total
from scheduler.stages.labels import Cap, Label

NAME = "clinic"


def apply(ctx: ModelContext) -> list[Penalty]:
    if ctx.personal:
        return []  # a site's capacity ties its residents together
    program = ctx.program
    for site in program.clinic_sites:
        at_site = [r for r, res in enumerate(program.residents) if res.clinic_site == site.id]
        for w, present, fixed, limit in site_weeks(ctx, at_site):
            subject = f"{site.id} clinic week {w + 1}"
            # at most: only residents with no way out of clinic that week decide whether it can
            # hold; at least: anyone at the site might have filled it under another cohort
            cap = Label.at_most(NAME, subject, f"at most {site.capacity}", cap=limit)
            bound(ctx, present, fixed, site.capacity, "max", cap)
            if site.min_residents:
                floor = Label.at_least(NAME, subject, f"at least {site.min_residents}")
                bound(ctx, present, fixed, site.min_residents, "min", floor)
    return []


def site_weeks(
    ctx: ModelContext, at_site: list[int]
) -> Iterator[tuple[int, list[cp_model.IntVar], int, Cap]]:
    """For each week, the count of a site's residents (``at_site``) in clinic: the literals
    of those whose clinic is a decision, how many are in clinic whatever is decided, and
    what an "at most" on it limits. Nothing where the rule belongs to another component
    (the one holding its deciding residents, or the first, for a site nobody decides)."""
    program = ctx.program
    keeping = with_clinic(program)
    deciding = [r for r in at_site if clinic_varies(program, ctx.open_cells, r)]
    if deciding and not set(deciding) <= set(ctx.members):
        return
    if not deciding and not ctx.owns_orphans:
        return
    for w in range(program.weeks):
        present = [var for r in deciding for var in ctx.variables.on(r, w, keeping)]
        fixed = sum(
            1
            for r in at_site
            if r not in deciding and ctx.open_cells[r][w] and ctx.open_cells[r][w] <= keeping
        )
        yield w, present, fixed, Cap(w, keeping, tuple(at_site))


def clinic_varies(program: Program, open_cells: OpenCells, r: int) -> bool:
    """Whether the resident's in-clinic status is a decision in some week."""
    if program.residents[r].clinic_site is None:
        return False
    keeping = with_clinic(program)
    return any(cell & keeping and cell - keeping for cell in open_cells[r])


def couples(program: Program, open_cells: OpenCells) -> Iterator[list[int]]:
    """Each site's weekly limits tie together the residents whose clinic is a decision."""
    for site in program.clinic_sites:
        yield [
            r
            for r, resident in enumerate(program.residents)
            if resident.clinic_site == site.id and clinic_varies(program, open_cells, r)
        ]


def with_clinic(program: Program) -> frozenset[int]:
    """Rotations that keep clinic: a resident with a site is in clinic on them."""
    return frozenset(k for k, rot in enumerate(program.rotations) if rot.clinic_half_days > 0)


def bound(
    ctx: ModelContext,
    present: list[cp_model.IntVar],
    fixed: int,
    limit: int,
    side: str,
    label: Label,
) -> None:
    if side == "max":
        if fixed + len(present) <= limit:
            return
        if fixed > limit:
            ctx.fail(replace(label, detail=f"{label.detail}, but {fixed} have no other option"))
            return
        ctx.add(ctx.model.add(total(present) + fixed <= limit), label)
    else:
        if fixed >= limit:
            return
        if fixed + len(present) < limit:
            ctx.fail(
                replace(
                    label, detail=f"{label.detail}, but only {fixed + len(present)} can be there"
                )
            )
            return
        ctx.add(ctx.model.add(total(present) + fixed >= limit), label)


FAMILY = Family[ModelContext](NAME, apply, couples=couples)
