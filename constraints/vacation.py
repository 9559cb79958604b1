"""Vacation: how many weeks, in what runs, when, and how many away at once.

Each resident takes exactly ``weeks_per_resident`` weeks on the vacation rotation, in runs
of at most ``max_block_weeks``, with at least ``min_per_half`` in each half of the year.
Each week at most ``max_away_per_week`` residents (in total, interns, seniors) are on any
leave rotation, so that jeopardy coverage holds. Approved vacations are fixed. Where leave
may fall (X or Y weeks) is part of the variables' domain (:mod:`constraints.phases`).
"""

from __future__ import annotations

from collections.abc import Iterator

from scheduler.domain import Program, Selector, level_includes
from scheduler.domain.edits import Knob, Removal
from scheduler.stages.families import Cap, Family, Label, ModelContext, OpenCells, Penalty, total

NAME = "vacation"


def apply(ctx: ModelContext) -> list[Penalty]:
    policy = ctx.program.vacation
    if policy is None:
        return []
    vacation = ctx.rotation_set(Selector(rotations=[policy.rotation]))
    _per_resident(ctx, vacation)
    if not ctx.personal:
        _away_caps(ctx)  # the only vacation rule that ties residents together
    _approved(ctx, vacation)
    return []


def _per_resident(ctx: ModelContext, vacation: frozenset[int]) -> None:
    policy = ctx.program.vacation
    assert policy is not None
    weeks = ctx.program.weeks
    half = weeks // 2
    run = policy.max_block_weeks
    for r in ctx.members:
        resident = ctx.program.residents[r]
        total = ctx.sum_on(r, vacation)
        # a resident who withdraws mid-year keeps the vacation taken, within the allowance
        whole = resident.whole_year
        ctx.add(
            ctx.model.add(
                total == policy.weeks_per_resident if whole else total <= policy.weeks_per_resident
            ),
            Label.personal(
                NAME,
                f"{resident.id} vacation weeks",
                f"{'exactly' if whole else 'at most'} {policy.weeks_per_resident}",
                resident=resident.id,
                changes=(Knob(("vacation", "weeks_per_resident"), up=False),),
            ),
        )
        for start in range(weeks - run):
            window = range(start, start + run + 1)
            if any(not ctx.variables.on(r, w, vacation) for w in window):
                continue  # a week of the window cannot be vacation, so the run is cut anyway
            ctx.add(
                ctx.model.add(ctx.sum_on(r, vacation, window) <= run),
                Label.personal(
                    NAME,
                    f"{resident.id} vacation run at week {start + 1}",
                    f"at most {run} in a row",
                    resident=resident.id,
                    changes=(Knob(("vacation", "max_block_weeks"), up=True),),
                ),
            )
        if policy.min_per_half and whole:
            for name, span in (("first", range(0, half)), ("second", range(half, weeks))):
                ctx.add(
                    ctx.model.add(ctx.sum_on(r, vacation, span) >= policy.min_per_half),
                    Label.personal(
                        NAME,
                        f"{resident.id} vacation in {name} half",
                        f"at least {policy.min_per_half}",
                        resident=resident.id,
                        changes=(Knob(("vacation", "min_per_half"), up=False),),
                    ),
                )


def _away_caps(ctx: ModelContext) -> None:
    policy = ctx.program.vacation
    assert policy is not None
    leave = ctx.category_set("leave")
    for level, cap in policy.max_away_per_week.rules():
        for w in range(ctx.program.weeks):
            # Residents outside this component cannot take leave at this level (leave
            # would couple them in), so they add nothing to the count.
            # a resident who has withdrawn is gone, not away: not counted
            here = [r for r in ctx.level(level) if ctx.program.residents[r].present(w)]
            away = [var for r in here for var in ctx.variables.on(r, w, leave)]
            if len(away) > cap:
                counted = tuple(r for r in here if ctx.open_cells[r][w] & leave)
                limit = Cap(w, leave, counted)
                label = Label.at_most(
                    NAME, f"week {w + 1} {level} away", f"at most {cap}", cap=limit
                )
                ctx.add(ctx.model.add(total(away) <= cap), label)


def _approved(ctx: ModelContext, vacation: frozenset[int]) -> None:
    policy = ctx.program.vacation
    assert policy is not None
    index = {res.id: r for r, res in enumerate(ctx.program.residents)}
    members = set(ctx.members)
    for i, request in enumerate(policy.approved):
        r = index[request.resident]
        if r not in members:
            continue
        for w in request.weeks.weeks():
            subject = f"{request.resident} approved vacation {request.weeks.text()}"
            granted = ctx.variables.on(r, w, vacation)
            removal = (Removal(("vacation", "approved", i), subject),)
            if not granted:
                detail = f"week {w + 1} is a week vacation may not fall in"
                ctx.fail(
                    Label.personal(
                        NAME, subject, detail, resident=request.resident, changes=removal
                    )
                )
            else:
                label = Label.fixed(NAME, subject, f"week {w + 1}", changes=removal)
                ctx.add(ctx.model.add(sum(granted) == 1), label)


def couples(program: Program, open_cells: OpenCells) -> Iterator[list[int]]:
    """Each weekly cap on leave ties together everyone at its level who can take leave."""
    if program.vacation is None:
        return
    leave = {k for k, rot in enumerate(program.rotations) if rot.category == "leave"}
    for level, _ in program.vacation.max_away_per_week.rules():
        yield [
            r
            for r, resident in enumerate(program.residents)
            if level_includes(level, resident.pgy) and any(cell & leave for cell in open_cells[r])
        ]


FAMILY = Family[ModelContext](NAME, apply, couples=couples)
