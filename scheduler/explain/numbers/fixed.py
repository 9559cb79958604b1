"""Pins and approved vacations: each must fit some cohort, no week may be fixed twice, and
no week may have more residents fixed on a rotation (or away) than its maximum."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import NamedTuple

from constraints.phases import OpenRotations
from scheduler.domain import Program, Resident, level_includes
from scheduler.domain.edits import Finding, Knob, Removal, coverage_path
from scheduler.explain.numbers.words import MOST, count
from scheduler.stages.calendar import resident_weeks


class _Fixed(NamedTuple):
    """A pin or an approved vacation: how it is named, whom it fixes where and when
    (0-based weeks), and how a fix would take it out."""

    name: str
    resident: Resident
    rotation: str
    weeks: range
    removal: Removal


def _fixed_weeks(program: Program) -> list[_Fixed]:
    """Every pin, approved vacation and hard vacation request."""
    fixed = [
        _Fixed(
            f"pins[{i}] {pin.resident} {pin.rotation} {pin.weeks.text()}",
            program.resident_by_id[pin.resident],
            pin.rotation,
            pin.weeks.weeks(),
            Removal(("pins", i), f"{pin.resident} on {pin.rotation} in {pin.weeks.text()}"),
        )
        for i, pin in enumerate(program.pins)
    ]
    policy = program.vacation
    if policy is not None:
        fixed += [
            _Fixed(
                f"vacation.approved[{i}] {request.resident} {request.weeks.text()}",
                program.resident_by_id[request.resident],
                policy.rotation,
                request.weeks.weeks(),
                Removal(
                    ("vacation", "approved", i),
                    f"{request.resident}'s vacation in {request.weeks.text()}",
                ),
            )
            for i, request in enumerate(policy.approved)
        ]
        # a hard vacation request fixes its weeks just as an approved vacation does
        fixed += [
            _Fixed(
                f"requests.vacation[{i}] {request.resident} {_span(weeks)} (hard)",
                program.resident_by_id[request.resident],
                policy.rotation,
                weeks,
                Removal(("requests", "vacation", i), f"{request.resident}'s hard request"),
            )
            for i, request in enumerate(program.requests.vacation)
            if request.hard
            for weeks in [program.requested_weeks(request)]
        ]
    return fixed


def _span(weeks: range) -> str:
    return (
        f"week {weeks.start + 1}" if len(weeks) == 1 else f"weeks {weeks.start + 1}-{weeks[-1] + 1}"
    )


def _removals(entries: list[_Fixed], over: int) -> tuple[Removal, ...]:
    """Taking out one of the entries is a fix only when one too many are fixed."""
    return tuple(entry.removal for entry in entries) if over == 1 else ()


def fixed_weeks_conflicts(program: Program) -> list[Finding]:
    """Pins and approved vacations that no cohort can place, that ask two things of one
    week, or that put more residents on a rotation (or away) than its weekly maximum."""
    fixed = _fixed_weeks(program)
    return [
        *_fixed_in_no_cohort(program, fixed),
        *_fixed_twice(fixed),
        *_fixed_over_coverage(program, fixed),
        *_fixed_over_away_caps(program, fixed),
    ]


def _fixed_in_no_cohort(program: Program, fixed: list[_Fixed]) -> Iterator[Finding]:
    lookup = OpenRotations(program)
    index = program.rotation_index
    for name, resident, rotation_id, weeks, removal in fixed:
        template = program.template_of(resident)
        if template is None:
            cohorts: list[int | None] = [None]
        elif resident.cohort is not None:
            cohorts = [resident.cohort]
        else:
            cohorts = list(range(1, template.cohorts + 1))
        closed = {
            g: _closed_week(program, lookup, resident, index[rotation_id], g, weeks)
            for g in cohorts
        }
        if all(week is not None for week in closed.values()):
            text = f"{name}: {_why_closed(program, resident, rotation_id, closed)}"
            yield Finding(f"closed {name}", text, (removal,))


def _closed_week(
    program: Program,
    lookup: OpenRotations,
    resident: Resident,
    k: int,
    cohort: int | None,
    weeks: range,
) -> tuple[int, str] | None:
    """The first of ``weeks`` (with its phase) closed to rotation ``k`` under the cohort."""
    slots = resident_weeks(program, resident, cohort)
    for w in weeks:
        if k not in lookup(resident, slots[w]):
            return w, slots[w].phase
    return None


def _why_closed(
    program: Program,
    resident: Resident,
    rotation_id: str,
    closed: dict[int | None, tuple[int, str] | None],
) -> str:
    rotation = program.rotation_by_id[rotation_id]
    if not rotation.allows(resident):
        return (
            f"{rotation_id} is not open to {resident.id} (PGY-{resident.pgy}, {resident.track}); "
            "fix it to a rotation open to them, or open this one to their year and track"
        )
    phase_name = {"X": "service (X)", "Y": "clinic (Y)", "-": "service"}
    if None in closed:
        week, _ = closed[None] or (0, "-")
        return (
            f"{resident.id} has no template, so week {week + 1} is a service week, where "
            f"{rotation_id} may not be; fix a rotation of the service phase"
        )
    where = "; ".join(
        f"cohort {g}: week {w + 1} is a {phase_name[phase]} week"
        for g, found in closed.items()
        if found is not None
        for w, phase in [found]
    )
    if resident.cohort is not None:
        return (
            f"in {where} (the cohort is fixed on the roster), where {rotation_id} may not "
            "be; move the weeks, or change or clear the roster's cohort"
        )
    template = program.template_of(resident)
    assert template is not None
    return (
        f"no cohort of template {template.id} has {rotation_id} open in all these weeks "
        f"({where}); move or shorten them"
    )


def _fixed_twice(fixed: list[_Fixed]) -> Iterator[Finding]:
    by_week: dict[tuple[str, int], list[_Fixed]] = defaultdict(list)
    for entry in fixed:
        for w in entry.weeks:
            by_week[entry.resident.id, w].append(entry)
    found = 0
    for (rid, w), entries in by_week.items():
        rotations = sorted({entry.rotation for entry in entries})
        if len(rotations) > 1 and found < MOST:
            found += 1
            names = "; ".join(entry.name for entry in entries)
            text = (
                f"{names}: {rid} is fixed on {' and '.join(rotations)} in week {w + 1}; "
                "keep one of them"
            )
            removals = tuple(entry.removal for entry in entries)
            yield Finding(f"fixed twice {rid} week {w + 1}", text, removals)


def _fixed_over_coverage(program: Program, fixed: list[_Fixed]) -> Iterator[Finding]:
    on: dict[tuple[str, int], list[_Fixed]] = defaultdict(list)
    for entry in fixed:
        for w in entry.weeks:
            on[entry.rotation, w].append(entry)
    found = 0
    for rotation in program.rotations:
        for level, bounds in rotation.coverage.rules():
            if bounds.max is None:
                continue
            for w in range(program.weeks):
                there = [
                    entry
                    for entry in on.get((rotation.id, w), [])
                    if level_includes(level, entry.resident.pgy)
                ]
                staff = len({entry.resident.id for entry in there})
                if staff > bounds.max and found < MOST:
                    found += 1
                    over = staff - bounds.max
                    text = (
                        f"pins against coverage: {rotation.id} week {w + 1} takes at most "
                        f"{count(bounds.max, level)} (coverage {level} {bounds.text()}), but "
                        f"{staff} are fixed there: {'; '.join(entry.name for entry in there)}; "
                        f"move {over} of them, or raise the maximum to {staff}"
                    )
                    raise_max = Knob(
                        coverage_path(rotation.id, level, "max"), up=True, needed=staff
                    )
                    yield Finding(
                        f"pins over {rotation.id} {level} week {w + 1}",
                        text,
                        (*_removals(there, over), raise_max),
                    )


def _fixed_over_away_caps(program: Program, fixed: list[_Fixed]) -> Iterator[Finding]:
    policy = program.vacation
    if policy is None:
        return
    leave = {rotation.id for rotation in program.rotations if rotation.category == "leave"}
    away: dict[int, dict[str, _Fixed]] = defaultdict(dict)
    for entry in fixed:
        if entry.rotation in leave:
            for w in entry.weeks:
                away[w].setdefault(entry.resident.id, entry)
    found = 0
    for level, cap in policy.max_away_per_week.rules():
        for w in sorted(away):
            entries = [
                entry
                for rid, entry in away[w].items()
                if level_includes(level, program.resident_by_id[rid].pgy)
            ]
            if len(entries) > cap and found < MOST:
                found += 1
                over = len(entries) - cap
                text = (
                    f"approved leave against the away cap: week {w + 1} allows at most {cap} "
                    f"{level} away (vacation.max_away_per_week.{level}), but {len(entries)} are "
                    f"fixed on leave then: {'; '.join(entry.name for entry in entries)}; move "
                    f"{over} of them, or raise the cap to {len(entries)}"
                )
                raise_cap = Knob(
                    ("vacation", "max_away_per_week", level), up=True, needed=len(entries)
                )
                yield Finding(
                    f"leave over the away cap {level} week {w + 1}",
                    text,
                    (*_removals(entries, over), raise_cap),
                )
    for rid, (weeks_fixed, entries) in _fixed_vacation_weeks(program, fixed).items():
        if len(weeks_fixed) > policy.weeks_per_resident:
            text = (
                f"vacation: {rid} has {len(weeks_fixed)} weeks of approved or pinned vacation, "
                f"but vacation.weeks_per_resident is {policy.weeks_per_resident}; "
                "shorten the approved vacations or raise weeks_per_resident"
            )
            raise_weeks = Knob(("vacation", "weeks_per_resident"), up=True, needed=len(weeks_fixed))
            removals = tuple(entry.removal for entry in entries)
            yield Finding(f"fixed vacation {rid}", text, (*removals, raise_weeks))


def _fixed_vacation_weeks(
    program: Program, fixed: list[_Fixed]
) -> dict[str, tuple[set[int], list[_Fixed]]]:
    """Resident id -> the weeks fixed on vacation, and what fixes them."""
    policy = program.vacation
    found: dict[str, tuple[set[int], list[_Fixed]]] = {}
    for entry in fixed:
        if policy is not None and entry.rotation == policy.rotation:
            weeks, entries = found.setdefault(entry.resident.id, (set(), []))
            weeks.update(entry.weeks)
            entries.append(entry)
    return found
