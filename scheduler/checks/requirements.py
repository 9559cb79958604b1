"""Requirements: weeks per resident on the rotations a requirement names, within its range."""

from __future__ import annotations

from scheduler.checks.context import (
    CheckContext,
    CheckFamily,
    applies,
    named,
    short_or_over,
    within,
)
from scheduler.checks.report import Subject

NAME = "requirements"


def subject(resident_id: str, requirement_name: str) -> Subject:
    """What one requirement verdict is about: a resident and a requirement's name (several
    requirements may share a name; the subject holds only if every one of them does)."""
    return (resident_id, requirement_name)


def check(ctx: CheckContext) -> None:
    for requirement in ctx.program.requirements:
        chosen = named(ctx.program, requirement)
        for resident in ctx.complete:
            if not applies(requirement, resident):
                continue
            weeks = ctx.schedule.weeks_on(resident.id, chosen)
            bounds = requirement.weeks
            ctx.verdict(
                NAME,
                f"{requirement.name} {bounds.text()} weeks",
                within(weeks, bounds),
                resident.id,
                [],
                f"{resident.id} ({resident.name}): {weeks} weeks of {requirement.name}, "
                f"needs {bounds.text()} ({short_or_over(weeks, bounds)})",
                subject=subject(resident.id, requirement.name),
            )


FAMILY = CheckFamily(NAME, check)
