"""Explain why a program has no schedule.

Three parts. First, supply-and-demand arithmetic that needs no search and speaks the
chief resident's language ("MICU needs 312 intern-weeks but requirements allow at most
272"). Each check is a sound necessary condition, so a shortfall proves infeasibility.
Second, when the solver proves infeasibility that the arithmetic missed, the year model is
rebuilt with a switch literal per labelled rule and CP-SAT's assumption core is shrunk to
a small set of rules that cannot all hold. Third, since the year model is built on
cohorts the engine chose, :func:`cohorts_that_matter` reads from the labels' dependencies
whose cohorts such a conflict can hang on: if none was chosen freely, it is a proof.
"""

from __future__ import annotations

import time

from scheduler.context import AtLeast, AtMost, Label, Personal
from scheduler.cores import conflicting_rules
from scheduler.model import Layout, build_year_model
from scheduler.problem import Program, Resident, Rotation, level_includes


def supply_shortfalls(program: Program, open_cells: list[list[frozenset[int]]]) -> list[str]:
    """Plain-arithmetic reasons the program cannot be scheduled (empty if none found).

    ``open_cells`` should be optimistic (a rotation open in a week under any cohort the
    resident could have), so that a shortfall holds for every cohort assignment.
    """
    open_weeks = _open_weeks(program, open_cells)
    return [
        *_vacation_capacity(program),
        *_weekly_supply(program, open_weeks),
        *_coverage_against_requirements(program, open_weeks),
        *_requirements_against_open_weeks(program, open_weeks),
        *_forced_clinic(program, open_weeks),
    ]


def _open_weeks(
    program: Program, open_cells: list[list[frozenset[int]]]
) -> dict[tuple[str, str], list[int]]:
    """(resident id, rotation id) -> weeks in which the rotation is open to the resident."""
    result: dict[tuple[str, str], list[int]] = {}
    for r, resident in enumerate(program.residents):
        for w, cell in enumerate(open_cells[r]):
            for k in cell:
                result.setdefault((resident.id, program.rotations[k].id), []).append(w)
    return result


def _vacation_capacity(program: Program) -> list[str]:
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


def _weekly_supply(program: Program, open_weeks: dict[tuple[str, str], list[int]]) -> list[str]:
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
    return reasons[:5]


def _level_min(rotation: Rotation, level: str) -> int:
    return sum(bounds.min for name, bounds in rotation.coverage.rules() if name == level)


def _coverage_against_requirements(
    program: Program, open_weeks: dict[tuple[str, str], list[int]]
) -> list[str]:
    """A rotation's yearly minimum staffing must fit inside what requirements allow."""
    reasons = []
    for rotation in program.rotations:
        for level, bounds in rotation.coverage.rules():
            if bounds.min == 0:
                continue
            demand = bounds.min * program.weeks
            people = [r for r in program.residents if level_includes(level, r.pgy)]
            supply = sum(_most_weeks(program, r, rotation, open_weeks) for r in people)
            if supply < demand:
                reasons.append(
                    f"coverage {rotation.id}: needs {bounds.min} {level} x {program.weeks} weeks = {demand} "
                    f"resident-weeks, but requirements and open weeks allow at most {supply}; "
                    f"lower the coverage or raise the requirement maximums"
                )
    return reasons


def _most_weeks(
    program: Program,
    resident: Resident,
    rotation: Rotation,
    open_weeks: dict[tuple[str, str], list[int]],
) -> int:
    most = len(open_weeks.get((resident.id, rotation.id), []))
    for requirement in program.requirements:
        capped = requirement.weeks.max is not None and requirement.applies_to(resident)
        if capped and rotation.id in program.select(requirement):
            most = min(most, requirement.weeks.max or 0)
    return most


def _requirements_against_open_weeks(
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
    return reasons[:5]


def _forced_clinic(program: Program, open_weeks: dict[tuple[str, str], list[int]]) -> list[str]:
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
    return reasons[:5]


def explain_infeasible(
    program: Program,
    layout: Layout,
    members: list[int] | None = None,
    *,
    owns_orphans: bool = True,
    time_limit: float = 60.0,
    seed: int = 0,
) -> list[Label] | None:
    """A small set of labelled rules that cannot all hold, found from an assumption core
    (None if no core was found in time)."""
    deadline = time.perf_counter() + time_limit
    built = build_year_model(program, layout, members, owns_orphans=owns_orphans, diagnose=True)
    return conflicting_rules(built.context, deadline, seed)


def cohorts_that_matter(
    program: Program, layout: Layout, labels: list[Label] | None, component: list[int]
) -> set[str]:
    """Residents whose cohorts the conflict ``labels`` can depend on.

    Changing anyone else's cohort leaves the conflict in place: their variables appear in
    none of its personal rules, and in each of its "at most" rules they had, in that week,
    an option outside every rotation the conflict caps, so they could add nothing to any of
    them; under another cohort they can only add, never take away. An "at least" rule on a
    group (or a conflict not named in time) depends on everyone in the component; a
    structural rule on no one.
    """
    ids = [resident.id for resident in program.residents]
    if labels is None or any(isinstance(label.depends, AtLeast) for label in labels):
        return {ids[r] for r in component}
    relevant = {label.depends.resident for label in labels if isinstance(label.depends, Personal)}
    caps = [label.depends.cap for label in labels if isinstance(label.depends, AtMost)]
    for cap in caps:
        for r in cap.members:
            capped = frozenset().union(
                *(c.rotations for c in caps if c.week == cap.week and r in c.members)
            )
            if layout.open_cells[r][cap.week] <= capped:
                relevant.add(ids[r])
    return relevant
