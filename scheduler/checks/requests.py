"""Requests: hard ones are rules (checked like any other); every request, hard or soft, is
answered in :attr:`Report.requests` with what the schedule gives and, when it is not
granted, why, in facts read off the schedule (a full away cap and who fills it, a clinic
week, a pin, a staffing minimum the resident is part of, a vacation allowance already
spent). Nothing here asks the model: the reasons are the checker's own reading.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from scheduler.checks.judging import (
    CheckContext,
    CheckFamily,
    applies,
    counts_at,
    named,
    runs,
    staffing,
    weeks_of,
)
from scheduler.checks.report import RequestOutcome
from scheduler.domain import Preference, RequestedWeeks, Resident, Unavailable

NAME = "requests"
#: How many weeks' reasons a denial lists before it says "and N more weeks".
MOST_REASONS = 2


def check(ctx: CheckContext) -> None:
    residents = {r.id: r for r in ctx.complete if ctx.cohort_problem(r) is None}
    requests = ctx.program.requests
    for i, request in enumerate(requests.vacation):
        if request.resident in residents:
            _vacation(ctx, i, request, residents[request.resident])
    for i, unavailable in enumerate(requests.unavailable):
        if unavailable.resident in residents:
            _unavailable(ctx, i, unavailable, residents[unavailable.resident])
    for i, preference in enumerate(requests.preferences):
        if preference.resident in residents:
            _preference(ctx, i, preference, residents[preference.resident])


# ------------------------------------------------------------------ weeks and their words


def requested(ctx: CheckContext, request: RequestedWeeks) -> range:
    """0-based weeks of a request, from its raw fields (week numbers, or dates)."""
    if request.weeks is not None:
        return weeks_of(request.weeks)
    assert request.start is not None
    first = (request.start - ctx.program.start_date).days // 7
    last = ((request.end or request.start) - ctx.program.start_date).days // 7
    return range(first, last + 1)


def _span(weeks: list[int] | range) -> str:
    """1-based runs of 0-based weeks: 'weeks 3-4, 9'."""
    parts = [
        f"{run[0] + 1}-{run[-1] + 1}" if len(run) > 1 else f"{run[0] + 1}"
        for run in runs(list(weeks))
    ]
    return ("week " if len(weeks) == 1 else "weeks ") + ", ".join(parts)


def _dated(ctx: CheckContext, weeks: range) -> str:
    first = ctx.program.week_start(weeks.start)
    last = ctx.program.week_start(weeks.stop - 1) + dt.timedelta(days=6)
    return f"{_span(weeks)} ({first:%d %b} - {last:%d %b})"


def _names(ids: list[str]) -> str:
    return ", ".join(ids)


# ------------------------------------------------------------------ vacation


def _vacation(ctx: CheckContext, i: int, request: RequestedWeeks, resident: Resident) -> None:
    policy = ctx.program.vacation
    assert policy is not None  # the program's validation refuses a request without a policy
    row = ctx.schedule.assignments[resident.id]
    weeks = requested(ctx, request)
    missing = [w for w in weeks if row[w] != policy.rotation]
    if request.hard:
        ctx.verdict(
            NAME,
            "hard vacation requests granted",
            not missing,
            resident.id,
            [w + 1 for w in missing],
            f"requests.vacation[{i}]: {resident.id} asked for vacation in {_span(weeks)} "
            f"(hard), not given in {_span(missing)}"
            if missing
            else "",
        )
    reasons = [] if not missing else list(_vacation_reasons(ctx, resident, weeks, missing))
    _answer(ctx, ("vacation", i), request, resident, weeks, missing, reasons)


def _vacation_reasons(
    ctx: CheckContext, resident: Resident, weeks: range, missing: list[int]
) -> Iterator[str]:
    policy = ctx.program.vacation
    assert policy is not None
    row = ctx.schedule.assignments[resident.id]
    if len(weeks) > policy.max_block_weeks:
        yield f"{len(weeks)} weeks in a row, and vacation comes in runs of at most {policy.max_block_weeks}"
    yield from _reasons_in(ctx, resident, missing, vacation=True)
    taken = [w for w, rotation in enumerate(row) if rotation == policy.rotation]
    if len(taken) >= policy.weeks_per_resident:
        yield (
            f"{resident.id}'s {policy.weeks_per_resident} vacation weeks are all taken "
            f"({_span(taken)})"
        )


def _answer(
    ctx: CheckContext,
    where: tuple[str, int],
    request: RequestedWeeks,
    resident: Resident,
    weeks: range,
    denied: list[int],
    reasons: list[str],
) -> None:
    """Record a request about weeks as the schedule answers it (denied: the weeks not as
    asked)."""
    section, i = where
    ctx.requests.append(
        RequestOutcome(
            source=f"requests.{section}[{i}]",
            resident=resident.id,
            kind=section,
            asked=_dated(ctx, weeks),
            priority=request.priority,
            hard=request.hard,
            granted=not denied,
            given=_given(ctx, ctx.schedule.assignments[resident.id], weeks),
            reason="; ".join(reasons),
            note=request.note or "",
        )
    )


def _reasons_in(
    ctx: CheckContext, resident: Resident, denied: list[int], *, vacation: bool
) -> Iterator[str]:
    """The reasons of the first denied weeks, and how many more weeks there are."""
    for w in denied[:MOST_REASONS]:
        yield from _week_reasons(ctx, resident, w, vacation=vacation)
    if len(denied) > MOST_REASONS:
        yield f"and {len(denied) - MOST_REASONS} more weeks"


def _week_reasons(
    ctx: CheckContext, resident: Resident, w: int, *, vacation: bool
) -> Iterator[str]:
    """What holds the resident where the schedule put them in week ``w`` (0-based)."""
    policy = ctx.program.vacation
    phase = ctx.phase_of(resident, w)
    if (
        vacation
        and policy is not None
        and (phase if phase != "-" else "X") not in policy.allowed_phases
    ):
        cohort = ctx.schedule.cohorts.get(resident.id)
        yield (
            f"week {w + 1} is a clinic (Y) week for cohort {cohort}, and vacation falls only "
            f"in {'/'.join(policy.allowed_phases)} weeks"
        )
        return
    rotation = ctx.schedule.assignments[resident.id][w]
    for i, pin in enumerate(ctx.program.pins):
        if pin.resident == resident.id and w in weeks_of(pin.weeks):
            yield f"week {w + 1} is pinned to {pin.rotation} (pins[{i}])"
            return
    if rotation in ctx.leave:
        yield f"week {w + 1} is already {ctx.rotations[rotation].name}"
        return
    found = False
    if vacation:
        for reason in _away_cap_reasons(ctx, resident, w):
            found = True
            yield reason
    for reason in _staffing_reasons(ctx, resident, w, rotation):
        found = True
        yield reason
    if not found:
        yield (
            f"week {w + 1}: no rule holds {resident.id} on {rotation} by itself; the best "
            "schedule found gave the week to other goals"
        )


def _away_cap_reasons(ctx: CheckContext, resident: Resident, w: int) -> Iterator[str]:
    policy = ctx.program.vacation
    assert policy is not None
    caps = policy.max_away_per_week
    for level, cap in (("any", caps.any), ("interns", caps.interns), ("seniors", caps.seniors)):
        if cap is None or not counts_at(level, resident.pgy):
            continue
        away = [
            r.id
            for r in ctx.complete
            if counts_at(level, r.pgy) and ctx.schedule.assignments[r.id][w] in ctx.leave
        ]
        if len(away) >= cap:
            who = "residents" if level == "any" else level
            yield f"week {w + 1}: {len(away)} {who} already away, the cap is {cap}: {_names(away)}"


def _staffing_reasons(
    ctx: CheckContext, resident: Resident, w: int, rotation_id: str
) -> Iterator[str]:
    rotation = ctx.rotations[rotation_id]
    for level, bounds in staffing(rotation):
        if not counts_at(level, resident.pgy) or bounds.min == 0:
            continue
        there = [
            r.id
            for r in ctx.complete
            if counts_at(level, r.pgy) and ctx.schedule.assignments[r.id][w] == rotation_id
        ]
        if len(there) <= bounds.min:
            who = "residents" if level == "any" else level
            yield (
                f"week {w + 1}: {resident.id} is one of the {len(there)} {who} {rotation.name} "
                f"needs (at least {bounds.min})"
            )
    row = ctx.schedule.assignments[resident.id]
    for requirement in ctx.program.requirements:
        chosen = named(ctx.program, requirement)
        if rotation_id not in chosen or not applies(requirement, resident):
            continue
        done = sum(1 for r in row if r in chosen)
        if done <= requirement.weeks.min:
            yield (
                f"week {w + 1} is one of the {done} weeks of {requirement.name} that "
                f"{resident.id} must do (at least {requirement.weeks.min})"
            )


def _given(ctx: CheckContext, row: tuple[str, ...], weeks: range) -> str:
    """What the schedule gives in those weeks: 'vacation 20-21', 'wards 20, vacation 21'."""
    parts: list[tuple[str, list[int]]] = []
    for w in weeks:
        if parts and parts[-1][0] == row[w]:
            parts[-1][1].append(w)
        else:
            parts.append((row[w], [w]))
    return ", ".join(
        f"{ctx.rotations[rotation].name} {_span(ws).split(' ', 1)[1]}" for rotation, ws in parts
    )


# ------------------------------------------------------------------ unavailable


def _unavailable(ctx: CheckContext, i: int, request: Unavailable, resident: Resident) -> None:
    row = ctx.schedule.assignments[resident.id]
    weeks = requested(ctx, request)
    duties = named(ctx.program, request.duties)
    on_duty = [w for w in weeks if row[w] in duties]
    if request.hard:
        ctx.verdict(
            NAME,
            "hard unavailable weeks kept free of duty",
            not on_duty,
            resident.id,
            [w + 1 for w in on_duty],
            f"requests.unavailable[{i}]: {resident.id} is unavailable in {_span(weeks)} "
            f"(hard), but on {', '.join(sorted({row[w] for w in on_duty}))} in {_span(on_duty)}"
            if on_duty
            else "",
        )
    reasons = list(_reasons_in(ctx, resident, on_duty, vacation=False))
    _answer(ctx, ("unavailable", i), request, resident, weeks, on_duty, reasons)


# ------------------------------------------------------------------ electives


def _preference(ctx: CheckContext, i: int, preference: Preference, resident: Resident) -> None:
    row = ctx.schedule.assignments[resident.id]
    source = f"requests.preferences[{i}]"
    for rank, rotation_id in enumerate(preference.electives, start=1):
        weeks = [w for w, rotation in enumerate(row) if rotation == rotation_id]
        ctx.requests.append(
            RequestOutcome(
                source=source,
                resident=resident.id,
                kind="elective",
                asked=f"{ctx.rotations[rotation_id].name} (choice {rank})",
                priority=rank,
                hard=False,
                granted=bool(weeks),
                given=_span(weeks) if weeks else "not given",
                reason="" if weeks else _elective_reason(ctx, resident, rotation_id),
            )
        )
    for rotation_id in preference.avoid:
        weeks = [w for w, rotation in enumerate(row) if rotation == rotation_id]
        reasons = [
            f"{requirement.name} needs at least {requirement.weeks.min} weeks of it"
            for requirement in ctx.program.requirements
            if weeks
            and rotation_id in named(ctx.program, requirement)
            and applies(requirement, resident)
            and requirement.weeks.min > 0
        ]
        ctx.requests.append(
            RequestOutcome(
                source=source,
                resident=resident.id,
                kind="avoid",
                asked=f"not {ctx.rotations[rotation_id].name}",
                priority=None,
                hard=False,
                granted=not weeks,
                given=_span(weeks) if weeks else "not given",
                reason="; ".join(reasons)
                or ("" if not weeks else "no rule requires it; the best schedule found gave it"),
            )
        )


def _elective_reason(ctx: CheckContext, resident: Resident, rotation_id: str) -> str:
    rotation = ctx.rotations[rotation_id]
    if rotation.pgy is not None and resident.pgy not in rotation.pgy:
        return f"{rotation.name} is open to PGY {', '.join(map(str, rotation.pgy))} only"
    if rotation.tracks is not None and resident.track not in rotation.tracks:
        return f"{rotation.name} is open to the {', '.join(rotation.tracks)} track(s) only"
    row = ctx.schedule.assignments[resident.id]
    possible = [
        w
        for w in range(ctx.program.weeks)
        if rotation.phase == "either"
        or (ctx.phase_of(resident, w).replace("-", "X")) == rotation.phase
    ]
    full = [w for w in possible if _full(ctx, resident, w, rotation_id)]
    room = [w for w in possible if w not in full]
    if not room:
        return f"{rotation.name} was at its maximum in every week {resident.id} could take it"
    return (
        f"{rotation.name} had room in {_span(room)}, which the schedule gives to "
        + ", ".join(sorted({ctx.rotations[row[w]].name for w in room}))
        + (f"; it was full in {_span(full)}" if full else "")
    )


def _full(ctx: CheckContext, resident: Resident, w: int, rotation_id: str) -> bool:
    """Whether the rotation has its maximum of the resident's level in week ``w``."""
    for level, bounds in staffing(ctx.rotations[rotation_id]):
        if bounds.max is None or not counts_at(level, resident.pgy):
            continue
        there = sum(
            1
            for r in ctx.complete
            if counts_at(level, r.pgy) and ctx.schedule.assignments[r.id][w] == rotation_id
        )
        if there >= bounds.max:
            return True
    return False


FAMILY = CheckFamily(NAME, check)
