"""Requirements: weeks per resident on the rotations a requirement names, within its range."""

from __future__ import annotations

from scheduler.checks.judging import (
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
            if requirement.cumulative:
                before = prior(ctx, resident.id, chosen, set(requirement.categories))
                scope = "over training"
                count = f"{weeks} this year + {before} before = {weeks + before} weeks"
                weeks += before
            else:
                scope, count = "", f"{weeks} weeks"
            ctx.verdict(
                NAME,
                f"{requirement.name} {bounds.text()} weeks{' ' + scope if scope else ''}",
                within(weeks, bounds),
                resident.id,
                [],
                f"{resident.id} ({resident.name}): {count} of {requirement.name}"
                f"{' ' + scope if scope else ''}, needs {bounds.text()} "
                f"({short_or_over(weeks, bounds)})",
                subject=subject(resident.id, requirement.name),
            )


def prior(ctx: CheckContext, resident_id: str, rotations: set[str], categories: set[str]) -> int:
    """History weeks of the resident that count: on one of ``rotations``, or in one of
    ``categories`` (an entry by category counts only toward a rule naming that category)."""
    return sum(
        entry.weeks
        for entry in ctx.program.history
        if entry.resident == resident_id
        and (
            entry.rotation in rotations
            or (entry.category is not None and entry.category in categories)
        )
    )


FAMILY = CheckFamily(NAME, check)
