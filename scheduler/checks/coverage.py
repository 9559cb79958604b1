"""Coverage: each rotation has between min and max residents of each level every week."""

from __future__ import annotations

from scheduler.checks.judging import (
    CheckContext,
    CheckFamily,
    counts_at,
    short_or_over,
    staffing,
    within,
)
from scheduler.checks.report import Subject
from scheduler.domain import people

NAME = "coverage"


def subject(rotation_id: str, level: str, week: int) -> Subject:
    """What one coverage verdict is about: a rotation's staffing at a level in a 1-based week."""
    return (rotation_id, level, week)


def check(ctx: CheckContext) -> None:
    for rotation in ctx.program.rotations:
        for level, bounds in staffing(rotation):
            members = [r for r in ctx.complete if counts_at(level, r.pgy)]
            for week in range(ctx.program.weeks):
                count = sum(
                    1 for r in members if ctx.schedule.assignments[r.id][week] == rotation.id
                )
                ctx.verdict(
                    NAME,
                    f"{rotation.id} {level} {bounds.text()} per week",
                    within(count, bounds),
                    rotation.id,
                    [week + 1],
                    f"{rotation.name} {ctx.week_text(week)}: {people(count, level)}, needs "
                    f"{bounds.text()} ({short_or_over(count, bounds)})",
                    subject=subject(rotation.id, level, week + 1),
                )


FAMILY = CheckFamily(NAME, check)
