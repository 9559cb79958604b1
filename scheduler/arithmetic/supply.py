"""Supply against demand, week by week and over the year: vacation against away caps,
staffing minimums against who can be there, coverage minimums against requirement
maximums, requirements against open weeks, and clinic capacity and minimums."""

from __future__ import annotations

from collections.abc import Iterable

from constraints.phases import OpenRotations
from scheduler.arithmetic.required import (
    Need,
    most_required,
    requirement_needs,
    rotations_of_requirements,
)
from scheduler.arithmetic.words import MOST
from scheduler.cohorts import room_shortfalls
from scheduler.problem import Program, Resident, Rotation, level_includes


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


def vacation_capacity(program: Program) -> list[str]:
    policy = program.vacation
    if policy is None:
        return []
    reasons = []
    for level, cap in policy.max_away_per_week.rules():
        people = [r for r in program.residents if level_includes(level, r.pgy)]
        needed = len(people) * policy.weeks_per_resident
        if needed > cap * program.weeks:
            reasons.append(
                f"vacation: {len(people)} {level} x {policy.weeks_per_resident} weeks = {needed} weeks away, "
                f"but at most {cap} a week x {program.weeks} weeks = {cap * program.weeks}; "
                f"raise max_away_per_week.{level} to at least {-(-needed // program.weeks)}"
            )
    return reasons


def weekly_supply(program: Program, open_weeks: dict[tuple[str, str], list[int]]) -> list[str]:
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
                reasons.append(
                    f"coverage week {w + 1}: rotations need at least {sum(demand.values())} {level} ({parts}), "
                    f"but only {len(able)} {level} are out of clinic that week"
                )
    return reasons[:MOST]


def _level_min(rotation: Rotation, level: str) -> int:
    return sum(bounds.min for name, bounds in rotation.coverage.rules() if name == level)


def coverage_against_requirements(
    program: Program, open_weeks: dict[tuple[str, str], list[int]]
) -> list[str]:
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
                reasons.append(
                    f"coverage {rotation.id}: needs {bounds.min} {level} x {program.weeks} weeks = {demand} "
                    f"resident-weeks, but open weeks, vacation and requirements (their maximums "
                    f"on it, their minimums elsewhere) allow at most {supply}; lower the "
                    "coverage, or those requirements"
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
    away = vacation.weeks_per_resident if vacation and vacation.rotation != rotation.id else 0
    # weeks required on rotations other than this one and vacation (which is counted apart)
    apart = {index[rotation.id]} | ({index[vacation.rotation]} if vacation else set())
    elsewhere, _ = most_required([need for need in needs if not need.rotations & apart])
    return max(0, min(most, program.weeks - away - elsewhere))


def requirements_against_open_weeks(
    program: Program, open_weeks: dict[tuple[str, str], list[int]]
) -> list[str]:
    reasons = []
    for requirement in program.requirements:
        chosen = program.select(requirement)
        for resident in program.residents:
            if not requirement.applies_to(resident):
                continue
            weeks = {w for rid in chosen for w in open_weeks.get((resident.id, rid), [])}
            if len(weeks) < requirement.weeks.min:
                reasons.append(
                    f"requirement {requirement.name}: {resident.id} needs {requirement.weeks.min} weeks but "
                    f"those rotations are open to them in only {len(weeks)} weeks"
                )
    return reasons[:MOST]


def forced_clinic(program: Program, open_weeks: dict[tuple[str, str], list[int]]) -> list[str]:
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
                reasons.append(
                    f"clinic {site.id} week {w + 1}: {len(forced)} residents are in their clinic phase with no "
                    f"other option, capacity {site.capacity}; rebalance the site's roster across cohorts "
                    f"({len(members)} residents at the site) or raise its capacity"
                )
    return reasons[:MOST]


def clinic_minimums(program: Program) -> Iterable[str]:
    """A site's weekly minimum cannot exceed its capacity, nor the residents it has."""
    for site in program.clinic_sites:
        members = sum(1 for r in program.residents if r.clinic_site == site.id)
        if site.min_residents > site.capacity:
            yield (
                f"clinic {site.id}: at least {site.min_residents} in clinic every week, but its "
                f"capacity is {site.capacity}; lower min_residents or raise the capacity"
            )
        elif site.min_residents > members:
            yield (
                f"clinic {site.id}: at least {site.min_residents} in clinic every week, but only "
                f"{members} residents have it as their site; lower min_residents"
            )


def room_in_no_cohort(program: Program) -> list[str]:
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
            reasons.append(
                f"room in the template: no cohort{fixed} of {template.id} leaves {resident.id} "
                f"room for their vacation and requirements ({per_cohort}); lower those "
                "requirements, or open their rotations to more phases"
            )
    return reasons[:MOST]
