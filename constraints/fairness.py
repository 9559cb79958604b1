"""Fairness: heavy rotations (ICU, night float) spread evenly within a track and PGY year.

Soft goal. For each track and PGY year and each heavy category, the penalty is the spread
(most weeks minus fewest weeks) among the residents of that group.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from ortools.sat.python import cp_model

from scheduler.context import Family, ModelContext, OpenCells, Penalty
from scheduler.problem import Program

NAME = "fairness"


def apply(ctx: ModelContext) -> list[Penalty]:
    weights = ctx.program.objective
    if weights.heavy_balance == 0 or ctx.personal:
        return []
    groups = _groups(ctx.program, ctx.members)
    spreads: list[cp_model.IntVar] = []
    weeks = ctx.program.weeks
    for category in weights.heavy_categories:
        rotations = ctx.category_set(category)
        for (track, pgy), members in groups.items():
            if len(members) < 2:
                continue
            most = ctx.model.new_int_var(0, weeks, f"most {category} {track} PGY-{pgy}")
            fewest = ctx.model.new_int_var(0, weeks, f"fewest {category} {track} PGY-{pgy}")
            for r in members:
                count = ctx.sum_on(r, rotations)
                ctx.model.add(most >= count)
                ctx.model.add(fewest <= count)
            spread = ctx.model.new_int_var(0, weeks, f"spread {category} {track} PGY-{pgy}")
            ctx.model.add(spread == most - fewest)
            spreads.append(spread)
    return [
        Penalty(
            "heavy_balance",
            weights.heavy_balance,
            cp_model.LinearExpr.sum(spreads),
            f"weeks of spread in {', '.join(weights.heavy_categories)} within each track and PGY year",
        )
    ]


def couples(program: Program, open_cells: OpenCells) -> Iterable[list[int]]:
    """The spread ties together each track and PGY year, when it is weighed at all."""
    if program.objective.heavy_balance == 0:
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
