"""Pins: a pinned resident is on the pinned rotation in every pinned week."""

from __future__ import annotations

from scheduler.checks.judging import CheckContext, CheckFamily, weeks_of

NAME = "pins"


def check(ctx: CheckContext) -> None:
    known = {r.id for r in ctx.complete}
    for i, pin in enumerate(ctx.program.pins):
        if pin.resident not in known:
            continue
        row = ctx.schedule.assignments[pin.resident]
        wrong = [w for w in weeks_of(pin.weeks) if row[w] != pin.rotation]
        ctx.verdict(
            NAME,
            "pinned assignments honoured",
            not wrong,
            pin.resident,
            [w + 1 for w in wrong],
            f"pins[{i}]: {pin.resident} should be on {pin.rotation} in {pin.weeks.text()}, but week(s) "
            f"{', '.join(str(w + 1) for w in wrong)} are on {', '.join(sorted({row[w] for w in wrong}))}",
        )


FAMILY = CheckFamily(NAME, check)
