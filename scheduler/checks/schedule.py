"""The schedule's shape: every resident on the roster has one known rotation a week.

The model's side of this is the ``assignment`` family (exactly one rotation per week).
Residents whose rows fail here are judged by no other family (see
:attr:`CheckContext.complete`), so a broken row is reported once, here.
"""

from __future__ import annotations

from scheduler.checks.judging import CheckContext, CheckFamily

NAME = "schedule"


def check(ctx: CheckContext) -> None:
    program, schedule = ctx.program, ctx.schedule
    for resident in program.residents:
        row = schedule.assignments.get(resident.id)
        scheduled = row is not None
        ctx.verdict(
            NAME,
            "every resident scheduled",
            scheduled,
            resident.id,
            [],
            f"{resident.id} ({resident.name}) has no schedule",
        )
        if row is None:
            continue
        if len(row) != program.weeks:
            ctx.verdict(
                NAME,
                "one rotation per week",
                False,
                resident.id,
                [],
                f"{resident.id} has {len(row)} weeks scheduled; the year has {program.weeks}",
            )
            continue
        for w, rotation in enumerate(row):
            if rotation not in ctx.rotations:
                ctx.verdict(
                    NAME,
                    "known rotations",
                    False,
                    resident.id,
                    [w + 1],
                    f"{resident.id} {ctx.week_text(w)}: unknown rotation '{rotation}'",
                )
        ctx.verdict(NAME, "one rotation per week", True, resident.id, [], "")
    for rid in schedule.assignments:
        if rid not in program.resident_by_id:
            ctx.verdict(
                NAME,
                "every scheduled resident on the roster",
                False,
                rid,
                [],
                f"'{rid}' is scheduled but not on the roster",
            )


FAMILY = CheckFamily(NAME, check)
