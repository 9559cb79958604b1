"""Next year from this one: PGY years move up, the last year graduates, history carries over.

Pure data: from a program and the year's schedule, the next year's roster rows, history rows
and the changes to the program file; the command line writes them. What carries over:

- every resident who stays moves up one PGY year, keeps their track, clinic site and (the
  template continuing) their cohort, and adds this year's scheduled, ambulatory weeks and
  clinic half-days to the roster's history columns;
- residents in their program's last PGY year graduate, and so do residents of a one-year
  track (a track whose residents are all interns, such as preliminary interns);
- each graduate's place becomes a place for an incoming intern (``new001`` ...): the same
  track and clinic site, so every site keeps the residents it holds (giving them this
  year's interns' sites instead overfilled program A's main site: 11 residents where a
  site of capacity 5 under 3+2 holds 10), cohorts left for the engine;
- the history table gains this year's weeks on every rotation, for rules over training;
- the start date moves on by the year's weeks; pins, approved vacations and requests
  belonged to this year and are dropped.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any

from scheduler.domain import Program, Resident, Schedule

#: The roster columns written, in order.
ROSTER_COLUMNS = (
    "id",
    "name",
    "pgy",
    "track",
    "clinic_site",
    "second_site",
    "cohort",
    "prior_weeks",
    "prior_ambulatory_weeks",
    "prior_clinic_half_days",
)
HISTORY_COLUMNS = ("resident", "rotation", "category", "weeks")


def graduates(program: Program, resident: Resident) -> bool:
    """Whether the resident leaves at the end of the year: in the program's last PGY year,
    or on a one-year track (all its residents interns)."""
    if resident.pgy >= max(program.pgy_years):
        return True
    track = [r for r in program.residents if r.track == resident.track]
    return all(r.pgy == 1 for r in track)


def next_roster(program: Program, schedule: Schedule) -> list[dict[str, Any]]:
    """The next year's roster rows: those who stay, moved up, then a place for an incoming
    intern in each graduate's track and clinic site."""
    rows = [
        _moved_up(program, schedule, resident)
        for resident in program.residents
        if not graduates(program, resident)
    ]
    leaving = [r for r in program.residents if graduates(program, r)]
    for number, graduate in enumerate(leaving, start=1):
        rows.append(
            {
                "id": f"new{number:03d}",
                "name": f"Incoming intern {number} ({graduate.track})",
                "pgy": 1,
                "track": graduate.track,
                "clinic_site": graduate.clinic_site or schedule.sites.get(graduate.id, ""),
                "second_site": "",
                "cohort": "",
                "prior_weeks": 0,
                "prior_ambulatory_weeks": 0,
                "prior_clinic_half_days": 0,
            }
        )
    return rows


def next_history(program: Program, schedule: Schedule) -> list[dict[str, Any]]:
    """Earlier years' entries of those who stay, plus this year's weeks on each rotation."""
    staying = {r.id for r in program.residents if not graduates(program, r)}
    weeks: Counter[tuple[str, str | None, str | None]] = Counter()
    for entry in program.history:
        if entry.resident in staying:
            weeks[entry.resident, entry.rotation, entry.category] += entry.weeks
    for rid in sorted(staying):
        for rotation, count in Counter(schedule.assignments.get(rid, ())).items():
            weeks[rid, rotation, None] += count
    return [
        {"resident": rid, "rotation": rotation or "", "category": category or "", "weeks": n}
        for (rid, rotation, category), n in weeks.items()
    ]


def next_program(data: dict[str, Any], program: Program) -> dict[str, Any]:
    """The program file's contents for next year (``data`` as read from this year's file):
    the start date moved on, the roster and history pointed at the files written beside
    it, and this year's pins, approved vacations and requests left out."""
    data = dict(data)
    data["start_date"] = (program.start_date + dt.timedelta(weeks=program.weeks)).isoformat()
    data["roster"] = "roster.csv"
    data["history"] = "history.csv"
    data.pop("residents", None)
    data.pop("pins", None)
    data.pop("requests", None)
    if isinstance(data.get("vacation"), dict):
        data["vacation"] = {k: v for k, v in data["vacation"].items() if k != "approved"}
    # rotations and events that name residents keep only those who stay
    staying = {r.id for r in program.residents if not graduates(program, r)}
    for field in ("rotations", "events"):
        items = data.get(field)
        if isinstance(items, list):
            data[field] = [_without_graduates(item, staying) for item in items]
    return data


def emptied(data: dict[str, Any]) -> list[str]:
    """Where a list of named residents is left empty (all graduated): open to nobody until
    next year's residents are named there."""
    return [
        f"{field}[{i}].residents"
        for field in ("rotations", "events")
        for i, item in enumerate(data.get(field) or [])
        if isinstance(item, dict) and item.get("residents") == []
    ]


def _without_graduates(item: Any, staying: set[str]) -> Any:
    if not isinstance(item, dict) or not isinstance(item.get("residents"), list):
        return item
    return {**item, "residents": [rid for rid in item["residents"] if rid in staying]}


def _moved_up(program: Program, schedule: Schedule, resident: Resident) -> dict[str, Any]:
    row = schedule.assignments.get(resident.id, ())
    rotations = [program.rotation_by_id.get(rid) for rid in row]
    scheduled = [r for r in rotations if r is not None and r.category != "leave"]
    site = resident.clinic_site or schedule.sites.get(resident.id)
    at_site = resident.model_copy(update={"clinic_site": site})
    half_days = sum(program.clinic_half_days(at_site, r) for r in scheduled)
    return {
        "id": resident.id,
        "name": resident.name,
        "pgy": resident.pgy + 1,
        "track": resident.track,
        "clinic_site": site or "",
        "second_site": resident.second_site or "",
        "cohort": schedule.cohorts.get(resident.id, ""),
        "prior_weeks": resident.prior_weeks + len(scheduled),
        "prior_ambulatory_weeks": resident.prior_ambulatory_weeks
        + sum(1 for r in scheduled if r.ambulatory),
        "prior_clinic_half_days": resident.prior_clinic_half_days + half_days,
    }


@dataclass(frozen=True)
class NextYear:
    """Next year's files as data, and what moved: who stays, who comes, who graduates."""

    program: dict[str, Any]
    roster: list[dict[str, Any]]
    history: list[dict[str, Any]]
    staying: int
    graduated: int
    #: places in the program where every resident named graduated (to name next year's)
    emptied: list[str]

    @property
    def incoming(self) -> int:
        return len(self.roster) - self.staying


def next_year(data: dict[str, Any], program: Program, schedule: Schedule) -> NextYear:
    """Everything rollover writes, from this year's program file (``data`` as read) and its
    schedule."""
    next_data = next_program(data, program)
    staying = sum(1 for r in program.residents if not graduates(program, r))
    return NextYear(
        next_data,
        next_roster(program, schedule),
        next_history(program, schedule),
        staying,
        len(program.residents) - staying,
        emptied(next_data),
    )
