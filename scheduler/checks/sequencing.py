"""Sequencing: runs on some rotations no longer than a limit, and forbidden neighbours."""

from __future__ import annotations

from scheduler.checks.judging import CheckContext, CheckFamily, applies, named

NAME = "sequencing"


def check(ctx: CheckContext) -> None:
    _max_consecutive(ctx)
    _not_adjacent(ctx)


def _max_consecutive(ctx: CheckContext) -> None:
    for rule in ctx.program.sequencing.max_consecutive:
        chosen = named(ctx.program, rule)
        name = rule.label or rule.describe()
        for resident in ctx.complete:
            if not applies(rule, resident):
                continue
            row = ctx.schedule.assignments[resident.id]
            on_rule = [w for w, rot in enumerate(row) if rot in chosen]
            ctx.runs(NAME, resident, on_rule, rule.weeks, f"weeks of {name}")


def _not_adjacent(ctx: CheckContext) -> None:
    for pair in ctx.program.sequencing.not_adjacent:
        first, second = named(ctx.program, pair.first), named(ctx.program, pair.second)
        name = pair.label or f"{pair.first.describe()} next to {pair.second.describe()}"
        for resident in ctx.complete:
            row = ctx.schedule.assignments[resident.id]
            for w in range(ctx.program.weeks - 1):
                a, b = row[w], row[w + 1]
                bad = (a in first and b in second) or (a in second and b in first)
                ctx.verdict(
                    NAME,
                    f"no {name}",
                    not bad,
                    resident.id,
                    [w + 1, w + 2],
                    f"{resident.id} weeks {w + 1}-{w + 2}: {a} then {b} (no {name})",
                )


FAMILY = CheckFamily(NAME, check)
