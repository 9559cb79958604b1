"""Weekly staffing: every rotation has between min and max residents of each level.

Levels are interns (PGY-1), seniors (PGY-2 and up), any year, or one PGY year.
"""

from __future__ import annotations

from scheduler.context import Label, ModelContext, Penalty
from scheduler.problem import level_includes


def apply(ctx: ModelContext) -> list[Penalty]:
    program = ctx.program
    for k, rotation in enumerate(program.rotations):
        for level, bounds in rotation.coverage.rules():
            members = {r for r, res in enumerate(program.residents) if level_includes(level, res.pgy)}
            for w in range(program.weeks):
                staff = [var for r, var in ctx.variables.staff(k, w).items() if r in members]
                subject = f"{rotation.id} week {w + 1}"
                if bounds.min > 0:
                    label = Label("coverage", subject, f"at least {bounds.min} {level}")
                    if len(staff) < bounds.min:
                        ctx.fail(Label("coverage", subject, f"at least {bounds.min} {level}, but only "
                                       f"{len(staff)} can be there"))
                    else:
                        ctx.add(ctx.model.add(sum(staff) >= bounds.min), label)
                if bounds.max is not None and len(staff) > bounds.max:
                    label = Label("coverage", subject, f"at most {bounds.max} {level}")
                    ctx.add(ctx.model.add(sum(staff) <= bounds.max), label)
    return []
