"""Fairness: heavy rotations (ICU, night float) spread evenly within a track and PGY year.

Soft goal. For each track and PGY year and each heavy category, the penalty is the spread
(most weeks minus fewest weeks) among the residents of that group.
"""

from __future__ import annotations

from collections import defaultdict

from ortools.sat.python import cp_model

from scheduler.context import ModelContext, Penalty


def apply(ctx: ModelContext) -> list[Penalty]:
    weights = ctx.program.objective
    if weights.heavy_balance == 0:
        return []
    groups: dict[tuple[str, int], list[int]] = defaultdict(list)
    for r in ctx.members:
        resident = ctx.program.residents[r]
        groups[resident.track, resident.pgy].append(r)
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
