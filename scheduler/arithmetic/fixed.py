"""Pins and approved vacations: each must fit some cohort, no week may be fixed twice, and
no week may have more residents fixed on a rotation (or away) than its maximum."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from constraints.phases import OpenRotations
from scheduler.arithmetic.words import MOST, count
from scheduler.calendar import resident_weeks
from scheduler.problem import Program, Resident, level_includes


def _fixed_weeks(program: Program) -> list[tuple[str, Resident, str, range]]:
    """(name, resident, rotation id, 0-based weeks) of every pin and approved vacation."""
    fixed = [
        (
            f"pins[{i}] {pin.resident} {pin.rotation} {pin.weeks.text()}",
            program.resident_by_id[pin.resident],
            pin.rotation,
            pin.weeks.weeks(),
        )
        for i, pin in enumerate(program.pins)
    ]
    policy = program.vacation
    if policy is not None:
        fixed += [
            (
                f"vacation.approved[{i}] {request.resident} {request.weeks.text()}",
                program.resident_by_id[request.resident],
                policy.rotation,
                request.weeks.weeks(),
            )
            for i, request in enumerate(policy.approved)
        ]
    return fixed


def fixed_weeks_conflicts(program: Program) -> list[str]:
    """Pins and approved vacations that no cohort can place, that ask two things of one
    week, or that put more residents on a rotation (or away) than its weekly maximum."""
    fixed = _fixed_weeks(program)
    return [
        *_fixed_in_no_cohort(program, fixed),
        *_fixed_twice(fixed),
        *_fixed_over_coverage(program, fixed),
        *_fixed_over_away_caps(program, fixed),
    ]


def _fixed_in_no_cohort(
    program: Program, fixed: list[tuple[str, Resident, str, range]]
) -> Iterator[str]:
    lookup = OpenRotations(program)
    index = {rotation.id: k for k, rotation in enumerate(program.rotations)}
    for name, resident, rotation_id, weeks in fixed:
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
            yield f"{name}: {_why_closed(program, resident, rotation_id, closed)}"


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


def _fixed_twice(fixed: list[tuple[str, Resident, str, range]]) -> Iterator[str]:
    by_week: dict[tuple[str, int], list[tuple[str, str]]] = defaultdict(list)
    for name, resident, rotation_id, weeks in fixed:
        for w in weeks:
            by_week[resident.id, w].append((name, rotation_id))
    found = 0
    for (rid, w), entries in by_week.items():
        rotations = sorted({rotation for _, rotation in entries})
        if len(rotations) > 1 and found < MOST:
            found += 1
            names = "; ".join(name for name, _ in entries)
            yield (
                f"{names}: {rid} is fixed on {' and '.join(rotations)} in week {w + 1}; "
                "keep one of them"
            )


def _fixed_over_coverage(
    program: Program, fixed: list[tuple[str, Resident, str, range]]
) -> Iterator[str]:
    on: dict[tuple[str, int], list[tuple[str, Resident]]] = defaultdict(list)
    for name, resident, rotation_id, weeks in fixed:
        for w in weeks:
            on[rotation_id, w].append((name, resident))
    found = 0
    for rotation in program.rotations:
        for level, bounds in rotation.coverage.rules():
            if bounds.max is None:
                continue
            for w in range(program.weeks):
                there = [
                    (name, resident)
                    for name, resident in on.get((rotation.id, w), [])
                    if level_includes(level, resident.pgy)
                ]
                staff = len({resident.id for _, resident in there})
                if staff > bounds.max and found < MOST:
                    found += 1
                    over = staff - bounds.max
                    yield (
                        f"pins against coverage: {rotation.id} week {w + 1} takes at most "
                        f"{count(bounds.max, level)} (coverage {level} {bounds.text()}), but "
                        f"{staff} are fixed there: {'; '.join(name for name, _ in there)}; "
                        f"move {over} of them, or raise the maximum to {staff}"
                    )


def _fixed_over_away_caps(
    program: Program, fixed: list[tuple[str, Resident, str, range]]
) -> Iterator[str]:
    policy = program.vacation
    if policy is None:
        return
    leave = {rotation.id for rotation in program.rotations if rotation.category == "leave"}
    away: dict[int, dict[str, str]] = defaultdict(dict)
    for name, resident, rotation_id, weeks in fixed:
        if rotation_id in leave:
            for w in weeks:
                away[w].setdefault(resident.id, name)
    found = 0
    for level, cap in policy.max_away_per_week.rules():
        for w in sorted(away):
            names = [
                n
                for rid, n in away[w].items()
                if level_includes(level, program.resident_by_id[rid].pgy)
            ]
            if len(names) > cap and found < MOST:
                found += 1
                yield (
                    f"approved leave against the away cap: week {w + 1} allows at most {cap} "
                    f"{level} away (vacation.max_away_per_week.{level}), but {len(names)} are "
                    f"fixed on leave then: {'; '.join(names)}; move {len(names) - cap} of them, "
                    f"or raise the cap to {len(names)}"
                )
    for rid, weeks_fixed in _fixed_vacation_weeks(program, fixed).items():
        if len(weeks_fixed) > policy.weeks_per_resident:
            yield (
                f"vacation: {rid} has {len(weeks_fixed)} weeks of approved or pinned vacation, "
                f"but vacation.weeks_per_resident is {policy.weeks_per_resident}; "
                "shorten the approved vacations or raise weeks_per_resident"
            )


def _fixed_vacation_weeks(
    program: Program, fixed: list[tuple[str, Resident, str, range]]
) -> dict[str, set[int]]:
    policy = program.vacation
    weeks: dict[str, set[int]] = defaultdict(set)
    for _, resident, rotation_id, span in fixed:
        if policy is not None and rotation_id == policy.rotation:
            weeks[resident.id].update(span)
    return weeks
