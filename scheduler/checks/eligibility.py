"""Eligibility: each week's rotation is open to the resident's PGY year and track, and,
for a rotation open to named residents only, to the resident by name.

The model enforces this through the variables' domains (its ``phases`` family); the check
reads the rotation's ``pgy``, ``tracks`` and ``residents`` fields itself.
"""

from __future__ import annotations

from scheduler.checks.context import CheckContext, CheckFamily

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


FAMILY = CheckFamily(NAME, check)
