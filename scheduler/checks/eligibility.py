"""Eligibility: each week's rotation is open to the resident's PGY year and track.

The model enforces this through the variables' domains (its ``phases`` family); the check
reads the rotation's ``pgy`` and ``tracks`` fields itself.
"""

from __future__ import annotations

from scheduler.checks.context import CheckContext, CheckFamily

NAME = "eligibility"


def check(ctx: CheckContext) -> None:
    for resident in ctx.complete:
        for week, rotation_id in enumerate(ctx.schedule.assignments[resident.id]):
            rotation = ctx.rotations[rotation_id]
            ok = (rotation.pgy is None or resident.pgy in rotation.pgy) and (
                rotation.tracks is None or resident.track in rotation.tracks
            )
            ctx.verdict(
                NAME,
                "rotation open to the resident's year and track",
                ok,
                resident.id,
                [week + 1],
                f"{resident.id} (PGY-{resident.pgy}, {resident.track}) "
                f"{ctx.week_text(week)}: {rotation_id} is not open to them",
            )


FAMILY = CheckFamily(NAME, check)
