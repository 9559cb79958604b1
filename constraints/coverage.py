"""Weekly staffing: every rotation has between min and max residents of each level.

Levels are interns (PGY-1), seniors (PGY-2 and up), any year, or one PGY year. Residents
outside the component being built cannot staff the rotation (staffing would couple them
in), so a rule is added where its staff are, and a rule nobody can staff is added, as a
labelled impossibility, to the component that owns orphans.
"""

from __future__ import annotations

from collections.abc import Iterator

from scheduler.domain import Program, level_includes, people
from scheduler.stages.families import Family, ModelContext, OpenCells, Penalty, total
from scheduler.stages.labels import Cap, Label

NAME = "coverage"


def apply(ctx: ModelContext) -> list[Penalty]:
    if ctx.personal:
        return []  # staffing ties residents together
    program = ctx.program
    for k, rotation in enumerate(program.rotations):
        for level, bounds in rotation.coverage.rules():
            members = set(ctx.level(level))
            able = [r for r in members if any(k in cell for cell in ctx.open_cells[r])]
            if not able and not (ctx.owns_orphans and _orphan(ctx, k, level)):
                continue
            for w in range(program.weeks):
                staff = [var for r, var in ctx.variables.staff(k, w).items() if r in members]
                subject = f"{rotation.id} week {w + 1}"
                if bounds.min > 0:
                    need = f"at least {people(bounds.min, level)}"
                    if len(staff) < bounds.min:
                        need += f", but only {len(staff)} can be there"
                        ctx.fail(Label.at_least(NAME, subject, need))
                    else:
                        label = Label.at_least(NAME, subject, need)
                        ctx.add(ctx.model.add(total(staff) >= bounds.min), label)
                if bounds.max is not None and len(staff) > bounds.max:
                    cap = Cap(
                        w, frozenset({k}), tuple(sorted(ctx.variables.staff(k, w).keys() & members))
                    )
                    label = Label.at_most(
                        NAME, subject, f"at most {people(bounds.max, level)}", cap=cap
                    )
                    ctx.add(ctx.model.add(total(staff) <= bounds.max), label)
    return []


def couples(program: Program, open_cells: OpenCells) -> Iterator[list[int]]:
    """Each staffing rule ties together everyone at its level who can take the rotation."""
    can_take = [frozenset().union(*cells) for cells in open_cells]
    for k, rotation in enumerate(program.rotations):
        for level, _ in rotation.coverage.rules():
            yield [
                r
                for r, resident in enumerate(program.residents)
                if level_includes(level, resident.pgy) and k in can_take[r]
            ]


def _orphan(ctx: ModelContext, k: int, level: str) -> bool:
    """No resident of the whole program at ``level`` can ever take rotation ``k``."""
    return not any(
        level_includes(level, resident.pgy) and any(k in cell for cell in ctx.open_cells[r])
        for r, resident in enumerate(ctx.program.residents)
    )


FAMILY = Family[ModelContext](NAME, apply, couples=couples)
