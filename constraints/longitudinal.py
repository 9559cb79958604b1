"""Longitudinal second sites: residents at a second practice per week, within its capacity.

A resident with a ``second_site`` spends a weekly half-day there in every week whose
rotation keeps clinic, so the site's weekly count is the number of its residents in clinic
that week, as for a continuity site (:mod:`constraints.clinic`). Their half-days count
toward clinic half-days in :mod:`constraints.continuity`.
"""

from __future__ import annotations

from collections.abc import Iterator

from constraints.clinic import bound, clinic_varies, site_weeks
from scheduler.domain import Program
from scheduler.stages.families import Family, ModelContext, OpenCells, Penalty
from scheduler.stages.labels import Label

NAME = "longitudinal"


def apply(ctx: ModelContext) -> list[Penalty]:
    if ctx.personal:
        return []  # a site's capacity ties its residents together
    program = ctx.program
    for site in program.longitudinal_sites:
        at_site = [r for r, res in enumerate(program.residents) if res.second_site == site.id]
        for w, present, fixed, limit in site_weeks(ctx, at_site):
            label = Label.at_most(
                NAME,
                f"{site.id} week {w + 1}",
                f"at most {site.capacity} at the second site",
                cap=limit,
            )
            bound(ctx, present, fixed, site.capacity, "max", label)
    return []


def couples(program: Program, open_cells: OpenCells) -> Iterator[list[int]]:
    """Each second site's weekly capacity ties together its residents whose clinic weeks are
    a decision."""
    for site in program.longitudinal_sites:
        yield [
            r
            for r, resident in enumerate(program.residents)
            if resident.second_site == site.id and clinic_varies(program, open_cells, r)
        ]


FAMILY = Family[ModelContext](NAME, apply, couples=couples)
