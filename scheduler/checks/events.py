"""Program events: everyone the event names (tracks, PGY years, residents) is off its
duty rotations in its weeks."""

from __future__ import annotations

from scheduler.checks.judging import CheckContext, CheckFamily, applies, named, weeks_of

NAME = "events"


def check(ctx: CheckContext) -> None:
    for i, event in enumerate(ctx.program.events):
        duties = named(ctx.program, event.free_of)
        for resident in ctx.complete:
            if not applies(event, resident) or (
                event.residents is not None and resident.id not in event.residents
            ):
                continue
            row = ctx.schedule.assignments[resident.id]
            on_duty = [w for w in weeks_of(event.weeks) if row[w] in duties]
            ctx.verdict(
                NAME,
                f"{event.name}: off duty in {event.weeks.text()}",
                not on_duty,
                resident.id,
                [w + 1 for w in on_duty],
                f"events[{i}] {event.name}: {resident.id} ({resident.name}) is on "
                f"{', '.join(sorted({row[w] for w in on_duty}))} in week(s) "
                f"{', '.join(str(w + 1) for w in on_duty)}",
            )


FAMILY = CheckFamily(NAME, check)
