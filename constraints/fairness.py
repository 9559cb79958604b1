"""Fairness: heavy rotations (ICU, night float) spread evenly within a track and PGY year.

Soft goals. For each track and PGY year, ``heavy_balance`` is the spread (most weeks minus
fewest weeks) among the residents of that group, in all heavy categories together and in
each one. (Residents of different tracks in one PGY year have different requirements, so
the spread is measured within a track.)

``heavy_band`` asks the same of all heavy categories together in a form a search can
improve one resident at a time: the group shares a band one unit wide (the largest unit of
a heavy rotation), and each week a resident lies above or below it costs. The spread alone
changes only when every resident at the top (or bottom) moves at once, so improving from a
first schedule barely touched it: program C kept a spread of 4-6 weeks in 120 s.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from ortools.sat.python import cp_model

from scheduler.domain import Program
from scheduler.stages.families import Family, ModelContext, OpenCells, Penalty

NAME = "fairness"


def apply(ctx: ModelContext) -> list[Penalty]:
    if ctx.personal:
        return []
    groups = _groups(ctx.program, ctx.members)
    return [*_balance(ctx, groups), *_band(ctx, groups)]


def _balance(ctx: ModelContext, groups: dict[tuple[str, int], list[int]]) -> list[Penalty]:
    weights = ctx.program.objective
    if weights.heavy_balance == 0:
        return []
    spreads: list[cp_model.IntVar] = []
    # all heavy categories together (the load a resident feels), then each one (so that
    # one resident does not take all the ICU and another all the nights)
    kinds = [tuple(weights.heavy_categories)]
    if len(weights.heavy_categories) > 1:
        kinds += [(category,) for category in weights.heavy_categories]
    for kind in kinds:
        rotations = ctx.category_set(*kind)
        for (track, pgy), members in groups.items():
            if len(members) >= 2:
                spreads.append(
                    _spread(ctx, members, rotations, f"{'+'.join(kind)} {track} PGY-{pgy}")
                )
    return [
        Penalty(
            "heavy_balance",
            weights.heavy_balance,
            cp_model.LinearExpr.sum(spreads),
            "weeks between the most and least loaded resident of each track and PGY year in "
            f"{' + '.join(weights.heavy_categories)} together and in each",
        )
    ]


def _band(ctx: ModelContext, groups: dict[tuple[str, int], list[int]]) -> list[Penalty]:
    weights = ctx.program.objective
    if weights.heavy_band_weight == 0:
        return []
    rotations = ctx.category_set(*weights.heavy_categories)
    width = band_width(ctx.program)
    outside: list[cp_model.IntVar] = []
    for (track, pgy), members in groups.items():
        if len(members) < 2:
            continue
        weeks = ctx.program.weeks
        low = ctx.model.new_int_var(0, weeks, f"heavy band {track} PGY-{pgy}")
        for r in members:
            count = ctx.sum_on(r, rotations)
            above = ctx.model.new_int_var(0, weeks, f"above heavy band {r}")
            below = ctx.model.new_int_var(0, weeks, f"below heavy band {r}")
            ctx.model.add(count - above <= low + width)
            ctx.model.add(count + below >= low)
            outside += [above, below]
    if not outside:
        return []
    return [
        Penalty(
            "heavy_band",
            weights.heavy_band_weight,
            cp_model.LinearExpr.sum(outside),
            f"weeks of {' + '.join(weights.heavy_categories)} outside a band {width} weeks "
            "wide shared by each track and PGY year",
        )
    ]


def band_width(program: Program) -> int:
    """One unit of the heavy rotations: the most their loads may differ within a group at
    no cost (a week where a heavy rotation fills whole segments, which vary in length)."""
    heavy = set(program.objective.heavy_categories)
    units = [
        rotation.unit if isinstance(rotation.unit, int) else 1
        for rotation in program.rotations
        if rotation.category in heavy
    ]
    return max(units, default=1)


def _spread(
    ctx: ModelContext, members: list[int], rotations: frozenset[int], name: str
) -> cp_model.IntVar:
    """Most minus fewest weeks on ``rotations`` among ``members``."""
    weeks = ctx.program.weeks
    most = ctx.model.new_int_var(0, weeks, f"most {name}")
    fewest = ctx.model.new_int_var(0, weeks, f"fewest {name}")
    for r in members:
        count = ctx.sum_on(r, rotations)
        ctx.model.add(most >= count)
        ctx.model.add(fewest <= count)
    spread = ctx.model.new_int_var(0, weeks, f"spread {name}")
    ctx.model.add(spread == most - fewest)
    return spread


def couples(program: Program, open_cells: OpenCells) -> Iterable[list[int]]:
    """The spread ties together each track and PGY year, when it is weighed at all."""
    if program.objective.heavy_balance == 0 and program.objective.heavy_band_weight == 0:
        return []
    return _groups(program, range(len(program.residents))).values()


def _groups(program: Program, members: Iterable[int]) -> dict[tuple[str, int], list[int]]:
    """Residents (indices) by track and PGY year, the groups whose spread is measured."""
    groups: dict[tuple[str, int], list[int]] = defaultdict(list)
    for r in members:
        resident = program.residents[r]
        groups[resident.track, resident.pgy].append(r)
    return groups


FAMILY = Family[ModelContext](NAME, apply, hard=False, couples=couples)
