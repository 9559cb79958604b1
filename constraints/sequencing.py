"""Order of rotations: limits on consecutive weeks, and forbidden neighbours.

``max_consecutive`` caps any run of weeks on the selected rotations (e.g. at most 4 weeks of
night float in a row); ``not_adjacent`` forbids one set directly before or after another
(e.g. no night float next to ICU).
"""

from __future__ import annotations

from scheduler.domain.edits import Knob, Removal
from scheduler.stages.families import Family, ModelContext, Penalty, total
from scheduler.stages.labels import Label

NAME = "sequencing"


def apply(ctx: ModelContext) -> list[Penalty]:
    _max_consecutive(ctx)
    _not_adjacent(ctx)
    return []


def _max_consecutive(ctx: ModelContext) -> None:
    weeks = ctx.program.weeks
    for i, rule in enumerate(ctx.program.sequencing.max_consecutive):
        rotations = ctx.rotation_set(rule)
        name = rule.label or rule.describe()
        changes = (Knob(("sequencing", "max_consecutive", i, "weeks"), up=True),)
        for r in ctx.residents_for(rule):
            who = ctx.program.residents[r].id
            for start in range(weeks - rule.weeks):
                window = range(start, start + rule.weeks + 1)
                terms = [var for w in window for var in ctx.variables.on(r, w, rotations)]
                if sum(1 for w in window if ctx.variables.on(r, w, rotations)) > rule.weeks:
                    ctx.add(
                        ctx.model.add(total(terms) <= rule.weeks),
                        Label.personal(
                            NAME,
                            f"{who} {name} from week {start + 1}",
                            f"at most {rule.weeks} in a row",
                            resident=who,
                            changes=changes,
                        ),
                    )


def _not_adjacent(ctx: ModelContext) -> None:
    weeks = ctx.program.weeks
    for i, rule in enumerate(ctx.program.sequencing.not_adjacent):
        first, second = ctx.rotation_set(rule.first), ctx.rotation_set(rule.second)
        name = rule.label or f"{rule.first.describe()} next to {rule.second.describe()}"
        changes = (Removal(("sequencing", "not_adjacent", i), f"no {name}"),)
        for r in ctx.members:
            resident = ctx.program.residents[r]
            for w in range(weeks - 1):
                for before, after in ((first, second), (second, first)):
                    a, b = ctx.variables.on(r, w, before), ctx.variables.on(r, w + 1, after)
                    if a and b:
                        ctx.add(
                            ctx.model.add(total(a + b) <= 1),
                            Label.personal(
                                NAME,
                                f"{resident.id} weeks {w + 1}-{w + 2}",
                                f"no {name}",
                                resident=resident.id,
                                changes=changes,
                            ),
                        )


FAMILY = Family[ModelContext](NAME, apply)
