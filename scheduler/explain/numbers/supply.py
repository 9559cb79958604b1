"""Supply against demand, week by week and over the year: vacation against away caps,
staffing minimums against who can be there, coverage minimums against requirement
maximums, requirements against open weeks, and clinic capacity and minimums."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from constraints.phases import OpenRotations
from scheduler.domain import Program, Resident, Rotation, level_includes
from scheduler.domain.edits import Finding, Knob, coverage_path
from scheduler.explain.numbers.required import (
    Need,
    most_required,
    requirement_needs,
    rotations_of_requirements,
)
from scheduler.explain.numbers.words import MOST, joined, some
from scheduler.stages.calendar import resident_weeks
from scheduler.stages.cohorts import room_shortfalls


def open_weeks(
    program: Program, open_cells: list[list[frozenset[int]]]
) -> dict[tuple[str, str], list[int]]:
    """(resident id, rotation id) -> weeks in which the rotation is open to the resident."""
    result: dict[tuple[str, str], list[int]] = {}
    for r, resident in enumerate(program.residents):
        for w, cell in enumerate(open_cells[r]):
            for k in cell:
                result.setdefault((resident.id, program.rotations[k].id), []).append(w)
    return result


def vacation_capacity(program: Program) -> list[Finding]:
    policy = program.vacation
    if policy is None:
        return []
    reasons = []
    for level, cap in policy.max_away_per_week.rules():
        # a resident who withdraws mid-year need not take the year's vacation
        people = [r for r in program.residents if level_includes(level, r.pgy) and r.whole_year]
        if not people:
            continue
        needed = len(people) * policy.weeks_per_resident
        if needed > cap * program.weeks:
            least = -(-needed // program.weeks)
            text = (
                f"vacation: {len(people)} {level} x {policy.weeks_per_resident} weeks = {needed} weeks away, "
                f"but at most {cap} a week x {program.weeks} weeks = {cap * program.weeks}; "
                f"raise max_away_per_week.{level} to at least {least}"
            )
            changes = (
                Knob(("vacation", "max_away_per_week", level), up=True, needed=least),
                Knob(
                    ("vacation", "weeks_per_resident"),
                    up=False,
                    needed=cap * program.weeks // len(people),
                ),
            )
            reasons.append(Finding(f"vacation capacity {level}", text, changes))
    return reasons


def weekly_supply(program: Program, open_weeks: dict[tuple[str, str], list[int]]) -> list[Finding]:
    """Each week, the minimum staffing of a level cannot exceed the residents who could give it."""
    reasons = []
    for level in ("interns", "seniors"):
        people = [r for r in program.residents if level_includes(level, r.pgy)]
        demand = {
            rot.id: _level_min(rot, level) for rot in program.rotations if _level_min(rot, level)
        }
        if not demand:
            continue
        for w in range(program.weeks):
            able = [
                r
                for r in people
                if any(w in open_weeks.get((r.id, rotation_id), ()) for rotation_id in demand)
            ]
            if sum(demand.values()) > len(able):
                parts = ", ".join(f"{rid} {n}" for rid, n in demand.items())
                text = (
                    f"coverage week {w + 1}: rotations need at least {sum(demand.values())} {level} ({parts}), "
                    f"but only {len(able)} {level} are out of clinic that week"
                )
                short = sum(demand.values()) - len(able)
                changes = tuple(
                    Knob(coverage_path(rid, level, "min"), up=False, needed=max(0, n - short))
                    for rid, n in demand.items()
                )
                reasons.append(Finding(f"weekly supply {level} week {w + 1}", text, changes))
    return reasons[:MOST]


def _level_min(rotation: Rotation, level: str) -> int:
    return sum(bounds.min for name, bounds in rotation.coverage.rules() if name == level)


def coverage_against_requirements(
    program: Program, open_weeks: dict[tuple[str, str], list[int]]
) -> list[Finding]:
    """A rotation's yearly minimum staffing must fit inside what requirements allow."""
    reasons = []
    sets = rotations_of_requirements(program)
    needs = {r.id: requirement_needs(program, r, sets) for r in program.residents}
    for rotation in program.rotations:
        for level, bounds in rotation.coverage.rules():
            if bounds.min == 0:
                continue
            demand = bounds.min * program.weeks
            people = [r for r in program.residents if level_includes(level, r.pgy)]
            supply = sum(_most_weeks(program, r, rotation, open_weeks, needs[r.id]) for r in people)
            if supply < demand:
                text = (
                    f"coverage {rotation.id}: needs {bounds.min} {level} x {program.weeks} weeks = {demand} "
                    f"resident-weeks, but open weeks, vacation and requirements (their maximums "
                    f"on it, their minimums elsewhere) allow at most {supply}; lower the "
                    "coverage, or those requirements"
                )
                lower = Knob(
                    coverage_path(rotation.id, level, "min"),
                    up=False,
                    needed=supply // program.weeks,
                )
                raise_caps = tuple(
                    Knob(("requirements", i, "weeks", "max"), up=True)
                    for i, requirement in enumerate(program.requirements)
                    if requirement.weeks.max is not None
                    and rotation.id in program.select(requirement)
                )
                reasons.append(
                    Finding(f"coverage {rotation.id} {level}", text, (lower, *raise_caps))
                )
    return reasons


def _most_weeks(
    program: Program,
    resident: Resident,
    rotation: Rotation,
    open_weeks: dict[tuple[str, str], list[int]],
    needs: list[Need],
) -> int:
    """The most weeks the resident can give the rotation: its open weeks, within every
    requirement maximum that covers it, and no more than the year less vacation and the
    weeks requirements put on other rotations."""
    most = len(open_weeks.get((resident.id, rotation.id), []))
    for requirement in program.requirements:
        capped = requirement.weeks.max is not None and requirement.applies_to(resident)
        if capped and rotation.id in program.select(requirement):
            most = min(most, requirement.weeks.max or 0)
    index = {rot.id: i for i, rot in enumerate(program.rotations)}
    vacation = program.vacation
    away = (
        vacation.weeks_per_resident
        if vacation and vacation.rotation != rotation.id and resident.whole_year
        else 0
    )
    # weeks required on rotations other than this one and vacation (which is counted apart)
    apart = {index[rotation.id]} | ({index[vacation.rotation]} if vacation else set())
    elsewhere, _ = most_required([need for need in needs if not need.rotations & apart])
    return max(0, min(most, program.weeks - away - elsewhere))


def requirements_against_open_weeks(
    program: Program, open_weeks: dict[tuple[str, str], list[int]]
) -> list[Finding]:
    reasons = []
    for i, requirement in enumerate(program.requirements):
        chosen = program.select(requirement)
        for resident in program.residents:
            if not requirement.applies_to(resident) or requirement.cumulative:
                continue  # (a cumulative one's need this year depends on history)
            weeks = {w for rid in chosen for w in open_weeks.get((resident.id, rid), [])}
            if len(weeks) < requirement.weeks.min:
                text = (
                    f"requirement {requirement.name}: {resident.id} needs {requirement.weeks.min} weeks but "
                    f"those rotations are open to them in only {len(weeks)} weeks"
                )
                lower = Knob(("requirements", i, "weeks", "min"), up=False, needed=len(weeks))
                reasons.append(Finding(f"requirement {i} {resident.id}", text, (lower,)))
    return reasons[:MOST]


def forced_clinic(program: Program, open_weeks: dict[tuple[str, str], list[int]]) -> list[Finding]:
    """Residents whose every open rotation in a week has clinic must fit the site's capacity."""
    reasons = []
    for site in program.clinic_sites:
        members = [r for r in program.residents if r.clinic_site == site.id]
        for w in range(program.weeks):
            forced = [
                r.id
                for r in members
                if all(
                    rot.clinic_half_days > 0
                    for rot in program.rotations
                    if w in open_weeks.get((r.id, rot.id), ())
                )
            ]
            if len(forced) > site.capacity:
                text = (
                    f"clinic {site.id} week {w + 1}: {len(forced)} residents are in their clinic phase with no "
                    f"other option, capacity {site.capacity}; rebalance the site's roster across cohorts "
                    f"({len(members)} residents at the site) or raise its capacity"
                )
                capacity = Knob(("clinic_sites", site.id, "capacity"), up=True, needed=len(forced))
                reasons.append(Finding(f"clinic {site.id} week {w + 1}", text, (capacity,)))
    return reasons[:MOST]


def clinic_minimums(program: Program) -> Iterable[Finding]:
    """A site's weekly minimum cannot exceed its capacity, nor the residents it has."""
    for site in program.clinic_sites:
        members = sum(1 for r in program.residents if r.clinic_site == site.id)
        key = f"clinic {site.id} minimum"
        if site.min_residents > site.capacity:
            text = (
                f"clinic {site.id}: at least {site.min_residents} in clinic every week, but its "
                f"capacity is {site.capacity}; lower min_residents or raise the capacity"
            )
            changes = (
                Knob(("clinic_sites", site.id, "min_residents"), up=False, needed=site.capacity),
                Knob(("clinic_sites", site.id, "capacity"), up=True, needed=site.min_residents),
            )
            yield Finding(key, text, changes)
        elif site.min_residents > members:
            text = (
                f"clinic {site.id}: at least {site.min_residents} in clinic every week, but only "
                f"{members} residents have it as their site; lower min_residents"
            )
            lower = Knob(("clinic_sites", site.id, "min_residents"), up=False, needed=members)
            yield Finding(key, text, (lower,))


def room_in_no_cohort(program: Program) -> list[Finding]:
    """A resident whose every cohort (or the one fixed on the roster) leaves no room for
    their vacation or for one of their requirements cannot be scheduled."""
    lookup = OpenRotations(program)
    reasons = []
    for resident in program.residents:
        template = program.template_of(resident)
        if template is None:
            continue
        cohorts = (
            [resident.cohort] if resident.cohort is not None else range(1, template.cohorts + 1)
        )
        found = {g: room_shortfalls(program, lookup, resident, template, g) for g in cohorts}
        if all(found.values()):
            per_cohort = "; ".join(f"cohort {g}: {why[0]}" for g, why in found.items())
            fixed = " (fixed on the roster)" if resident.cohort is not None else ""
            text = (
                f"room in the template: no cohort{fixed} of {template.id} leaves {resident.id} "
                f"room for their vacation and requirements ({per_cohort}); lower those "
                "requirements, or open their rotations to more phases"
            )
            changes = [
                Knob(("requirements", i, "weeks", "min"), up=False)
                for i, requirement in enumerate(program.requirements)
                if requirement.weeks.min > 0 and requirement.applies_to(resident)
            ]
            if program.vacation is not None and program.vacation.weeks_per_resident > 0:
                changes.append(Knob(("vacation", "weeks_per_resident"), up=False))
            reasons.append(Finding(f"room {resident.id}", text, tuple(changes)))
    return reasons[:MOST]


def requirements_against_each_other(program: Program) -> list[Finding]:
    """A requirement's minimum on a set of rotations must fit inside what other
    requirements' maximums allow there, where those cover the whole set (requirements on
    disjoint parts of it add up): Heavy 16 weeks of MICU and night float, with MICU
    exactly 6 and night float exactly 3, leaves at most 9."""
    sets = rotations_of_requirements(program)
    found: dict[tuple[int, tuple[int, ...], int], list[str]] = defaultdict(list)
    for resident in program.residents:
        applying = [j for j, req in enumerate(program.requirements) if req.applies_to(resident)]
        for i in applying:
            need, inside = program.requirements[i].weeks.min, sets[i]
            if need == 0 or not inside or program.requirements[i].cumulative:
                continue
            caps = [
                (sets[j], program.requirements[j].weeks.max or 0, j)
                for j in applying
                if j != i
                and program.requirements[j].weeks.max is not None
                and sets[j]
                and sets[j] <= inside
            ]
            cover = _cheapest_cover(inside, caps)
            if cover is not None and cover[0] < need:
                found[i, cover[1], cover[0]].append(resident.id)
    return [
        _over_other_maximums(program, i, used, most, ids)
        for (i, used, most), ids in list(found.items())[:MOST]
    ]


def _cheapest_cover(
    rotations: frozenset[int], caps: list[tuple[frozenset[int], int, int]]
) -> tuple[int, tuple[int, ...]] | None:
    """The least sum of maximums of pairwise disjoint requirement sets that together make
    up ``rotations`` exactly, and which requirements (None if no such sets)."""
    best: tuple[int, tuple[int, ...]] | None = None

    def search(left: frozenset[int], total: int, used: tuple[int, ...]) -> None:
        nonlocal best
        if best is not None and total >= best[0]:
            return
        if not left:
            best = (total, used)
            return
        k = min(left)
        for rotations_j, most, j in caps:
            if k in rotations_j and rotations_j <= left:
                search(left - rotations_j, total + most, (*used, j))

    search(rotations, 0, ())
    return best


def _over_other_maximums(
    program: Program, i: int, used: tuple[int, ...], most: int, ids: list[str]
) -> Finding:
    requirement = program.requirements[i]
    need = requirement.weeks.min
    others = [program.requirements[j] for j in used]
    limits = joined([f"{other.name} (at most {other.weeks.max})" for other in others])
    who = f"{len(ids)} resident{'s' if len(ids) > 1 else ''} ({some(ids)})"
    text = (
        f"requirements against each other: {requirement.name} needs {need} weeks from {who}, "
        f"but on the same rotations {limits} allow at most {most}; lower {requirement.name} "
        f"to {most}, or raise those maximums"
    )
    changes = (
        Knob(("requirements", i, "weeks", "min"), up=False, needed=most),
        *(
            Knob(
                ("requirements", j, "weeks", "max"),
                up=True,
                needed=(other.weeks.max or 0) + need - most,
            )
            for j, other in zip(used, others, strict=True)
        ),
    )
    return Finding(f"requirement {i} over {' '.join(map(str, used))}", text, changes)


def clinic_over_the_year(program: Program, candidates: dict[str, list[int]]) -> list[Finding]:
    """A site's residents spend at least their clinic-only weeks (weeks whose every open
    rotation has clinic: the clinic phase, for most) in clinic, under whatever cohort they
    get; over the year that cannot exceed the site's capacity times the weeks."""
    lookup = OpenRotations(program)
    with_clinic = frozenset(k for k, rot in enumerate(program.rotations) if rot.clinic_half_days)
    reasons = []
    for site in program.clinic_sites:
        members = [r for r in program.residents if r.clinic_site == site.id]
        forced = 0
        for resident in members:
            cohorts: list[int | None] = [*candidates.get(resident.id, [])] or [None]
            forced += min(
                _clinic_only_weeks(program, lookup, resident, cohort, with_clinic)
                for cohort in cohorts
            )
        room = site.capacity * program.weeks
        if forced > room:
            least = -(-forced // program.weeks)
            text = (
                f"clinic {site.id} over the year: its {len(members)} residents have {forced} "
                f"weeks with nothing but clinic rotations open to them under any cohort, but a "
                f"capacity of {site.capacity} a week x {program.weeks} weeks holds {room}; raise "
                f"the capacity to {least}, or move residents to another site"
            )
            capacity = Knob(("clinic_sites", site.id, "capacity"), up=True, needed=least)
            reasons.append(Finding(f"clinic {site.id} year", text, (capacity,)))
    return reasons


def _clinic_only_weeks(
    program: Program,
    lookup: OpenRotations,
    resident: Resident,
    cohort: int | None,
    with_clinic: frozenset[int],
) -> int:
    cells = [lookup(resident, slot) for slot in resident_weeks(program, resident, cohort)]
    return sum(1 for cell in cells if cell and cell <= with_clinic)
