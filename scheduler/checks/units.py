"""Units: a rotation with a unit fills whole units of the template's segments (leave may
split a unit). Segments are found again from the phases, week by week."""

from __future__ import annotations

from collections import defaultdict

from scheduler.checks.judging import CheckContext, CheckFamily

NAME = "units"


def check(ctx: CheckContext) -> None:
    for resident in ctx.with_cohorts:
        row = ctx.schedule.assignments[resident.id]
        starts = [ctx.segment_start(resident, week) for week in range(ctx.program.weeks)]
        for rotation in ctx.program.rotations:
            if rotation.unit == 1 or rotation.id in ctx.leave or rotation.id not in row:
                continue
            parts: dict[tuple[int, int], list[int]] = defaultdict(list)
            for week, start in enumerate(starts):
                part = 0 if rotation.unit == "segment" else (week - start) // int(rotation.unit)
                parts[start, part].append(week)
            for weeks in parts.values():
                if rotation.id not in (row[w] for w in weeks):
                    continue
                strays = [w for w in weeks if row[w] != rotation.id and row[w] not in ctx.leave]
                unit = "segment" if rotation.unit == "segment" else f"{rotation.unit}-week unit"
                others = ", ".join(sorted({row[w] for w in strays}))
                ctx.verdict(
                    NAME,
                    "rotations fill whole units",
                    not strays,
                    resident.id,
                    [w + 1 for w in weeks],
                    f"{resident.id} weeks {weeks[0] + 1}-{weeks[-1] + 1}: {rotation.id} must fill the "
                    f"whole {unit}, but {len(strays)} week(s) are on {others}",
                )


FAMILY = CheckFamily(NAME, check)
