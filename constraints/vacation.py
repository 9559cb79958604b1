"""Vacation: how many weeks, in what runs, when, and how many away at once.

Each resident takes exactly ``weeks_per_resident`` weeks on the vacation rotation, in runs
of at most ``max_block_weeks``, with at least ``min_per_half`` in each half of the year.
Each week at most ``max_away_per_week`` residents (in total, interns, seniors) are on any
leave rotation, so that jeopardy coverage holds. Approved vacations are fixed. Where leave
may fall (X or Y weeks) is part of the variables' domain (:mod:`constraints.phases`).

The rules are written once, against :class:`VacationWeeks`: where a resident's vacation
and leave literals come from. The year model's are its assignment variables
(:class:`YearWeeks`); the vacation plan (:mod:`scheduler.stages.vacation_plan`), a small
model of vacation weeks alone, passes its own, so both hold the same rules.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol

from ortools.sat.python import cp_model

from scheduler.domain import Program, Selector, level_includes
from scheduler.domain.edits import Knob, Removal
from scheduler.stages.families import Family, ModelContext, OpenCells, Penalty, total
from scheduler.stages.labels import Cap, Label

NAME = "vacation"


class VacationWeeks(Protocol):
    """Where the vacation rules are written, and the literals they are written on."""

    program: Program
    model: cp_model.CpModel
    members: list[int]

    def vacation(self, r: int, weeks: range) -> list[cp_model.IntVar]:
        """Literals true when resident ``r`` is on vacation in one of ``weeks``."""
        ...

    def leave(self, r: int, w: int) -> list[cp_model.IntVar]:
        """Literals true when resident ``r`` is on a leave rotation in week ``w``."""
        ...

    def may_take_leave(self, r: int, w: int) -> bool:
        """Whether a leave rotation is open to resident ``r`` in week ``w`` at all."""
        ...

    def at_level(self, level: str) -> list[int]:
        """Members who count toward a cap at ``level``."""
        ...

    def add(self, constraint: cp_model.Constraint, label: Label) -> cp_model.Constraint: ...

    def fail(self, label: Label) -> None: ...


class YearWeeks:
    """The year model's literals: a resident's assignment variables."""

    def __init__(self, ctx: ModelContext) -> None:
        policy = ctx.program.vacation
        assert policy is not None
        self.ctx, self.program, self.model, self.members = ctx, ctx.program, ctx.model, ctx.members
        self.vacation_rotation = ctx.rotation_set(Selector(rotations=[policy.rotation]))
        self.leave_rotations = ctx.category_set("leave")

    def vacation(self, r: int, weeks: range) -> list[cp_model.IntVar]:
        on = self.ctx.variables.on
        return [var for w in weeks for var in on(r, w, self.vacation_rotation)]

    def leave(self, r: int, w: int) -> list[cp_model.IntVar]:
        return self.ctx.variables.on(r, w, self.leave_rotations)

    def may_take_leave(self, r: int, w: int) -> bool:
        return bool(self.ctx.open_cells[r][w] & self.leave_rotations)

    def at_level(self, level: str) -> list[int]:
        return self.ctx.level(level)

    def add(self, constraint: cp_model.Constraint, label: Label) -> cp_model.Constraint:
        return self.ctx.add(constraint, label)

    def fail(self, label: Label) -> None:
        self.ctx.fail(label)


def apply(ctx: ModelContext) -> list[Penalty]:
    if ctx.program.vacation is None:
        return []
    weeks = YearWeeks(ctx)
    per_resident(weeks)
    if not ctx.personal:
        away_caps(weeks)  # the only vacation rule that ties residents together
    approved(weeks)
    return []


def per_resident(target: VacationWeeks) -> None:
    """Each resident's allowance, runs and halves."""
    policy = target.program.vacation
    assert policy is not None
    weeks = target.program.weeks
    for r in target.members:
        resident = target.program.residents[r]
        taken = total(target.vacation(r, range(weeks)))
        # a resident who withdraws mid-year keeps the vacation taken, within the allowance
        whole = resident.whole_year
        allowance = policy.weeks_per_resident
        target.add(
            target.model.add(taken == allowance if whole else taken <= allowance),
            Label.personal(
                NAME,
                f"{resident.id} vacation weeks",
                f"{'exactly' if whole else 'at most'} {allowance}",
                resident=resident.id,
                changes=(Knob(("vacation", "weeks_per_resident"), up=False),),
            ),
        )
        _runs(target, r)
        if policy.min_per_half and whole:
            _halves(target, r)


def _runs(target: VacationWeeks, r: int) -> None:
    policy = target.program.vacation
    assert policy is not None
    run = policy.max_block_weeks
    resident = target.program.residents[r]
    for start in range(target.program.weeks - run):
        literals = target.vacation(r, range(start, start + run + 1))
        if len(literals) <= run:
            continue  # a week of the window cannot be vacation, so the run is cut anyway
        target.add(
            target.model.add(total(literals) <= run),
            Label.personal(
                NAME,
                f"{resident.id} vacation run at week {start + 1}",
                f"at most {run} in a row",
                resident=resident.id,
                changes=(Knob(("vacation", "max_block_weeks"), up=True),),
            ),
        )


def _halves(target: VacationWeeks, r: int) -> None:
    policy = target.program.vacation
    assert policy is not None
    weeks = target.program.weeks
    half = weeks // 2
    resident = target.program.residents[r]
    for name, span in (("first", range(0, half)), ("second", range(half, weeks))):
        target.add(
            target.model.add(total(target.vacation(r, span)) >= policy.min_per_half),
            Label.personal(
                NAME,
                f"{resident.id} vacation in {name} half",
                f"at least {policy.min_per_half}",
                resident=resident.id,
                changes=(Knob(("vacation", "min_per_half"), up=False),),
            ),
        )


def away_caps(target: VacationWeeks) -> None:
    """At most so many residents of a level away on leave in any week."""
    program = target.program
    policy = program.vacation
    assert policy is not None
    leave = frozenset(k for k, rot in enumerate(program.rotations) if rot.category == "leave")
    for level, cap in policy.max_away_per_week.rules():
        at_level = target.at_level(level)
        for w in range(program.weeks):
            # Residents outside this component cannot take leave at this level (leave
            # would couple them in), so they add nothing to the count.
            # a resident who has withdrawn is gone, not away: not counted
            here = [r for r in at_level if program.residents[r].present(w)]
            away = [var for r in here for var in target.leave(r, w)]
            if len(away) > cap:
                counted = tuple(r for r in here if target.may_take_leave(r, w))
                label = Label.at_most(
                    NAME, f"week {w + 1} {level} away", f"at most {cap}", cap=Cap(w, leave, counted)
                )
                target.add(target.model.add(total(away) <= cap), label)


def approved(target: VacationWeeks) -> None:
    """An approved vacation is fixed: on vacation in each of its weeks."""
    program = target.program
    policy = program.vacation
    assert policy is not None
    index = {res.id: r for r, res in enumerate(program.residents)}
    members = set(target.members)
    for i, request in enumerate(policy.approved):
        r = index[request.resident]
        if r not in members:
            continue
        for w in request.weeks.weeks():
            subject = f"{request.resident} approved vacation {request.weeks.text()}"
            granted = target.vacation(r, range(w, w + 1))
            removal = (Removal(("vacation", "approved", i), subject),)
            if not granted:
                detail = f"week {w + 1} is a week vacation may not fall in"
                target.fail(
                    Label.personal(
                        NAME, subject, detail, resident=request.resident, changes=removal
                    )
                )
            else:
                label = Label.fixed(NAME, subject, f"week {w + 1}", changes=removal)
                target.add(target.model.add(sum(granted) == 1), label)


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
