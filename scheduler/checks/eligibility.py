"""Eligibility: each week's rotation is open to the resident's PGY year and track, and,
for a rotation open to named residents only, to the resident by name; from the week a
resident withdraws, a leave rotation other than vacation.

The model enforces this through the variables' domains (its ``phases`` family); the check
reads the rotation's ``pgy``, ``tracks`` and ``residents`` fields itself.
"""

from __future__ import annotations

from scheduler.checks.judging import CheckContext, CheckFamily
from scheduler.domain import Resident

NAME = "eligibility"


def check(ctx: CheckContext) -> None:
    for resident in ctx.complete:
        for week, rotation_id in enumerate(ctx.schedule.assignments[resident.id]):
            rotation = ctx.rotations[rotation_id]
            ok = (
                (rotation.pgy is None or resident.pgy in rotation.pgy)
                and (rotation.tracks is None or resident.track in rotation.tracks)
                and (rotation.residents is None or resident.id in rotation.residents)
            )
            ctx.verdict(
                NAME,
                "rotation open to the resident's year, track and name",
                ok,
                resident.id,
                [week + 1],
                f"{resident.id} (PGY-{resident.pgy}, {resident.track}) "
                f"{ctx.week_text(week)}: {rotation_id} is not open to them",
            )
        if resident.withdrawn_from is not None:
            _gone(ctx, resident)


def _gone(ctx: CheckContext, resident: Resident) -> None:
    """Every week from the one a resident withdraws is on leave (not vacation)."""
    assert resident.withdrawn_from is not None
    vacation = ctx.program.vacation.rotation if ctx.program.vacation else None
    row = ctx.schedule.assignments[resident.id]
    for week in range(resident.withdrawn_from - 1, len(row)):
        rotation = ctx.rotations[row[week]]
        ctx.verdict(
            NAME,
            "on leave from the week the resident withdraws",
            rotation.category == "leave" and rotation.id != vacation,
            resident.id,
            [week + 1],
            f"{resident.id} ({resident.name}) withdrew in week {resident.withdrawn_from}, but "
            f"{ctx.week_text(week)} is on {rotation.id}",
        )


FAMILY = CheckFamily(NAME, check)
