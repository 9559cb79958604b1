"""Tables derived from a schedule: pure functions of (program, schedule, report), no solver.

Each function returns a pandas DataFrame that the workbook writer lays out, and that tests
and notebooks can use directly. Tables count; they never judge. Every "ok" or "met" column
is the validator's verdict, read from its :class:`~scheduler.checks.Report`, so no sheet
can disagree with the ``Checks`` sheet. :func:`build` computes each table once.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from scheduler.checks import Report
from scheduler.checks import ambulatory as ambulatory_check
from scheduler.checks import clinic as clinic_check
from scheduler.checks import continuity as continuity_check
from scheduler.checks import coverage as coverage_check
from scheduler.checks import longitudinal as longitudinal_check
from scheduler.checks import requirements as requirements_check
from scheduler.domain import (
    CATEGORIES,
    Program,
    Resident,
    Schedule,
    Template,
    as_fraction,
    level_includes,
)

ASSIGNMENT_COLUMNS = (
    "resident_id",
    "resident_name",
    "track",
    "pgy",
    "cohort",
    "clinic_site",
    "week",
    "week_start",
    "rotation_id",
    "rotation_name",
    "category",
    "phase",
    "ambulatory",
    "clinic_half_days",
)


def phase_in_week(template: Template | None, cohort: int | None, week: int) -> str:
    """'X', 'Y' or '' (no template) for 0-based ``week``; for display in reports."""
    if template is None or cohort is None:
        return ""
    return template.phase(cohort, week)


def ordered_residents(program: Program, schedule: Schedule) -> list[Resident]:
    """Residents grouped by track (program order) and PGY, then by cohort, so that clinic
    weeks line up in the staggered pattern chief residents know, then by name."""
    track_order = {track.id: i for i, track in enumerate(program.tracks)}
    return sorted(
        program.residents,
        key=lambda r: (track_order.get(r.track, 99), r.pgy, schedule.cohorts.get(r.id, 0), r.name),
    )


def _on(schedule: Schedule, resident_id: str, week: int) -> str | None:
    """The resident's rotation in 0-based ``week``; None where the schedule has none (a
    broken row, which the validator reports and tables count as nothing)."""
    row = schedule.assignments.get(resident_id, ())
    return row[week] if week < len(row) else None


def clinic_half_days(program: Program, resident: Resident, rotation_id: str | None) -> int:
    """Clinic half-days a week on ``rotation_id`` gives this resident (none without a site):
    the rotation's, and in a week that keeps clinic, their longitudinal second site's."""
    rotation = program.rotation_by_id.get(rotation_id) if rotation_id else None
    return 0 if rotation is None else program.clinic_half_days(resident, rotation)


def assignments(program: Program, schedule: Schedule) -> pd.DataFrame:
    """One row per resident-week, the machine-readable form of the schedule."""
    rows = []
    for resident in ordered_residents(program, schedule):
        template = program.template_of(resident)
        cohort = schedule.cohorts.get(resident.id)
        for week, rotation_id in enumerate(schedule.assignments.get(resident.id, ())):
            rotation = program.rotation_by_id.get(rotation_id)
            rows.append(
                {
                    "resident_id": resident.id,
                    "resident_name": resident.name,
                    "track": resident.track,
                    "pgy": resident.pgy,
                    "cohort": cohort,
                    "clinic_site": resident.clinic_site or "",
                    "week": week + 1,
                    "week_start": program.week_start(week),
                    "rotation_id": rotation_id,
                    "rotation_name": rotation.name if rotation else "",
                    "category": rotation.category if rotation else "",
                    "phase": phase_in_week(template, cohort, week),
                    "ambulatory": bool(rotation and rotation.ambulatory),
                    "clinic_half_days": clinic_half_days(program, resident, rotation_id),
                }
            )
    return pd.DataFrame(rows, columns=list(ASSIGNMENT_COLUMNS))


def coverage(program: Program, schedule: Schedule, report: Report) -> pd.DataFrame:
    """Staffed count per rotation, level and week, against the rotation's min and max; ``ok``
    is the validator's verdict (None where it judged nothing)."""
    rows = []
    for rotation in program.rotations:
        for level, bounds in rotation.coverage.rules():
            members = [r.id for r in program.residents if level_includes(level, r.pgy)]
            for week in range(program.weeks):
                count = sum(1 for rid in members if _on(schedule, rid, week) == rotation.id)
                subject = coverage_check.subject(rotation.id, level, week + 1)
                rows.append(
                    {
                        "rotation_id": rotation.id,
                        "rotation": rotation.name,
                        "level": level,
                        "week": week + 1,
                        "staffed": count,
                        "min": bounds.min,
                        "max": bounds.max,
                        "ok": report.outcome(coverage_check.NAME, subject),
                    }
                )
    return pd.DataFrame(
        rows, columns=["rotation_id", "rotation", "level", "week", "staffed", "min", "max", "ok"]
    )


def requirement_status(program: Program, schedule: Schedule, report: Report) -> pd.DataFrame:
    """Weeks per resident per requirement, with the range; ``met`` is the validator's verdict
    on the requirement's name (requirements sharing a name are met only together)."""
    rows = []
    for requirement in program.requirements:
        chosen = set(program.select(requirement))
        for resident in program.residents:
            if not requirement.applies_to(resident) or resident.id not in schedule.assignments:
                continue
            weeks = sum(1 for rot in schedule.assignments[resident.id] if rot in chosen)
            subject = requirements_check.subject(resident.id, requirement.name)
            rows.append(
                {
                    "resident_id": resident.id,
                    "requirement": requirement.name,
                    "weeks": weeks,
                    "range": requirement.weeks.text(),
                    "met": report.outcome(requirements_check.NAME, subject),
                }
            )
    return pd.DataFrame(rows, columns=["resident_id", "requirement", "weeks", "range", "met"])


def requirement_names(program: Program) -> list[str]:
    """Requirement names in program order, each once (one column per name in reports)."""
    return list(dict.fromkeys(requirement.name for requirement in program.requirements))


def residents(program: Program, schedule: Schedule, report: Report) -> pd.DataFrame:
    """Per-resident summary: weeks by category, ambulatory share, clinic, vacation, and the
    validator's verdict on their requirements and ambulatory share."""
    vacation = program.vacation_rotation
    rows = []
    for resident in ordered_residents(program, schedule):
        row_rotations = schedule.assignments.get(resident.id, ())
        rotations = [program.rotation_by_id.get(rot) for rot in row_rotations]
        by_category = {
            cat: sum(1 for rot in rotations if rot and rot.category == cat) for cat in CATEGORIES
        }
        ambulatory = sum(1 for rot in rotations if rot and rot.ambulatory)
        scheduled = len(rotations) - by_category["leave"]
        rows.append(
            {
                "resident_id": resident.id,
                "resident_name": resident.name,
                "track": resident.track,
                "pgy": resident.pgy,
                "cohort": schedule.cohorts.get(resident.id),
                "clinic_site": resident.clinic_site or "",
                "second_site": resident.second_site or "",
                **{f"weeks_{cat}": n for cat, n in by_category.items()},
                "ambulatory_weeks": ambulatory,
                "scheduled_weeks": scheduled,
                # no scheduled week (a year of leave): no share to show
                "ambulatory_share": ambulatory / scheduled if scheduled else None,
                **_ambulatory_target(program, resident, ambulatory, scheduled),
                "ambulatory_met": report.outcome(
                    ambulatory_check.NAME, ambulatory_check.subject(resident.id)
                ),
                "clinic_half_days": sum(
                    clinic_half_days(program, resident, rot) for rot in row_rotations
                ),
                "prior_clinic_half_days": resident.prior_clinic_half_days,
                "continuity_met": report.outcome(
                    continuity_check.NAME, continuity_check.subject(resident.id)
                ),
                "vacation_weeks": sum(1 for rot in row_rotations if rot == vacation),
                **_over_training(program, resident, row_rotations),
                "requirements": _requirements_verdict(program, resident, report),
            }
        )
    return pd.DataFrame(rows)


def _over_training(
    program: Program, resident: Resident, row: tuple[str, ...]
) -> dict[str, int | None]:
    """For each cumulative requirement: its weeks this year and over training (with the
    history), side by side; empty where it does not apply to the resident."""
    figures: dict[str, int | None] = {}
    for requirement in program.requirements:
        if not requirement.cumulative:
            continue
        this_year = f"{requirement.name} this year"
        total = f"{requirement.name} over training"
        if not requirement.applies_to(resident):
            figures.setdefault(this_year, None)
            figures.setdefault(total, None)
            continue
        named = set(program.select(requirement))
        weeks = sum(1 for rotation in row if rotation in named)
        figures[this_year] = weeks
        figures[total] = weeks + program.prior_weeks(resident.id, requirement)
    return figures


def _requirements_verdict(program: Program, resident: Resident, report: Report) -> str:
    """'all met', 'not met: <names>', or 'not checked' (the validator could not judge the
    resident: their row is broken)."""
    if resident.withdrawn_from is not None:
        return f"withdrew in week {resident.withdrawn_from}: the year's totals do not apply"
    names = [r.name for r in program.requirements if r.applies_to(resident)]
    verdicts = {
        name: report.outcome(requirements_check.NAME, requirements_check.subject(resident.id, name))
        for name in dict.fromkeys(names)
    }
    unmet = [name for name, met in verdicts.items() if met is False]
    if unmet:
        return f"not met: {', '.join(unmet)}"
    if any(met is None for met in verdicts.values()):
        return "not checked"
    return "all met"


def _ambulatory_target(
    program: Program, resident: Resident, ambulatory: int, scheduled: int
) -> dict[str, object]:
    """The ambulatory share a resident is held to, and the share it is measured on (with a
    cumulative rule, over training: the roster's earlier years count too)."""
    rules = [rule for rule in program.ambulatory_share if rule.applies_to(resident)]
    if not rules:
        return {"ambulatory_target": "", "ambulatory_measured": None}
    texts: list[str] = []
    measured: float | None = None
    for rule in rules:
        amb, total = ambulatory, scheduled
        if rule.cumulative:
            amb, total = amb + resident.prior_ambulatory_weeks, total + resident.prior_weeks
        measured = amb / total if total else None
        low, high = as_fraction(rule.min), as_fraction(rule.max)
        scope = " over training" if rule.cumulative else ""
        texts.append(f"{float(low):.0%}-{float(high):.0%}{scope}")
    return {"ambulatory_target": "; ".join(texts), "ambulatory_measured": measured}


def clinic(program: Program, schedule: Schedule, report: Report) -> pd.DataFrame:
    """Residents in clinic and clinic half-days per site per week, against capacity; ``ok``
    is the validator's verdict."""
    rows = []
    for site in program.clinic_sites:
        members = [
            r
            for r in program.residents
            if r.clinic_site == site.id and r.id in schedule.assignments
        ]
        for week in range(program.weeks):
            days = [clinic_half_days(program, r, _on(schedule, r.id, week)) for r in members]
            rows.append(
                {
                    "site_id": site.id,
                    "site": site.name,
                    "week": week + 1,
                    "residents": sum(1 for d in days if d > 0),
                    "half_days": sum(days),
                    "capacity": site.capacity,
                    "min": site.min_residents,
                    "ok": report.outcome(
                        clinic_check.NAME, clinic_check.subject(site.id, week + 1)
                    ),
                }
            )
    rows += _second_sites(program, schedule, report)
    return pd.DataFrame(
        rows, columns=["site_id", "site", "week", "residents", "half_days", "capacity", "min", "ok"]
    )


def _second_sites(program: Program, schedule: Schedule, report: Report) -> list[dict[str, object]]:
    """The same figures for each longitudinal second site (residents there in clinic weeks,
    its half-days each), with the validator's verdict on its capacity."""
    rows: list[dict[str, object]] = []
    for site in program.longitudinal_sites:
        members = [
            r
            for r in program.residents
            if r.second_site == site.id and r.id in schedule.assignments
        ]
        for week in range(program.weeks):
            there = sum(
                1 for r in members if clinic_half_days(program, r, _on(schedule, r.id, week)) > 0
            )
            rows.append(
                {
                    "site_id": site.id,
                    "site": f"{site.name} (second site)",
                    "week": week + 1,
                    "residents": there,
                    "half_days": there * site.half_days,
                    "capacity": site.capacity,
                    "min": 0,
                    "ok": report.outcome(
                        longitudinal_check.NAME, longitudinal_check.subject(site.id, week + 1)
                    ),
                }
            )
    return rows


def rosters(program: Program, schedule: Schedule) -> pd.DataFrame:
    """Who is on each rotation each week: the coordinator's weekly service lists."""
    rows = []
    by_id = program.resident_by_id
    residents = ordered_residents(program, schedule)
    for week in range(program.weeks):
        on: dict[str, list[str]] = {}
        for resident in residents:
            rotation_id = _on(schedule, resident.id, week)
            if rotation_id is not None:
                on.setdefault(rotation_id, []).append(resident.id)
        for rotation in program.rotations:
            ids = on.get(rotation.id, [])
            rows.append(
                {
                    "week": week + 1,
                    "week_start": program.week_start(week),
                    "rotation_id": rotation.id,
                    "rotation": rotation.name,
                    "residents": len(ids),
                    "interns": ", ".join(by_id[rid].name for rid in ids if by_id[rid].pgy == 1),
                    "seniors": ", ".join(
                        f"{by_id[rid].name} (PGY-{by_id[rid].pgy})"
                        for rid in ids
                        if by_id[rid].pgy > 1
                    ),
                }
            )
    return pd.DataFrame(
        rows,
        columns=[
            "week",
            "week_start",
            "rotation_id",
            "rotation",
            "residents",
            "interns",
            "seniors",
        ],
    )


@dataclass(frozen=True)
class Tables:
    """Every table the workbook shows, each computed once per build."""

    assignments: pd.DataFrame
    coverage: pd.DataFrame
    requirements: pd.DataFrame
    residents: pd.DataFrame
    clinic: pd.DataFrame
    rosters: pd.DataFrame


def changes(program: Program, baseline: Schedule, schedule: Schedule) -> pd.DataFrame:
    """Every resident-week whose rotation differs from ``baseline`` (the published
    schedule a repair started from): the coordinator's list of what to tell whom."""
    rows = []
    for resident in ordered_residents(program, schedule):
        before = baseline.assignments.get(resident.id, ())
        after = schedule.assignments.get(resident.id, ())
        for week, (old, new) in enumerate(zip(before, after, strict=False)):
            if old != new:
                rows.append(
                    {
                        "resident_id": resident.id,
                        "resident_name": resident.name,
                        "week": week + 1,
                        "week_start": program.week_start(week),
                        "published": old,
                        "now": new,
                        "now_name": _rotation_name(program, new),
                    }
                )
    columns = ["resident_id", "resident_name", "week", "week_start", "published", "now", "now_name"]
    return pd.DataFrame(rows, columns=columns)


def _rotation_name(program: Program, rotation_id: str) -> str:
    rotation = program.rotation_by_id.get(rotation_id)
    return rotation.name if rotation else rotation_id


def build(program: Program, schedule: Schedule, report: Report) -> Tables:
    return Tables(
        assignments=assignments(program, schedule),
        coverage=coverage(program, schedule, report),
        requirements=requirement_status(program, schedule, report),
        residents=residents(program, schedule, report),
        clinic=clinic(program, schedule, report),
        rosters=rosters(program, schedule),
    )
