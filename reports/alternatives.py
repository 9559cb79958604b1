"""How the schedules to choose from differ: the ``Alternatives`` sheet's two tables.

Pure functions of the schedules, their objective terms and the validator's report on each.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from reports.tables import ordered_residents
from scheduler.checks import Report
from scheduler.domain import Program, Schedule
from scheduler.domain.result import TermValue


@dataclass(frozen=True)
class Option:
    """One schedule a chief resident can choose: the best one is the first."""

    label: str  # 'schedule 1', 'schedule 2', ...
    file: str
    schedule: Schedule
    report: Report
    objective: float | None
    terms: dict[str, TermValue]


def summary(options: Sequence[Option]) -> pd.DataFrame:
    """One row per schedule: its file, the check's verdict, its objective and each term,
    and how many resident-weeks and residents differ from the first."""
    first = options[0].schedule
    rows = []
    for option in options:
        weeks = differing(first, option.schedule)
        rows.append(
            {
                "schedule": option.label,
                "file": option.file,
                "independent check": "PASS"
                if option.report.ok
                else f"FAIL ({len(option.report.violations)})",
                "objective": option.objective,
                **{f"{name} (x {t.weight})": t.value for name, t in option.terms.items()},
                "resident-weeks differing from schedule 1": sum(len(w) for w in weeks.values()),
                "residents differing": len(weeks),
            }
        )
    return pd.DataFrame(rows)


def differences(program: Program, options: Sequence[Option]) -> pd.DataFrame:
    """Every resident-week where a schedule differs from the first: who, which week, and
    the rotation in each."""
    first = options[0]
    rows = []
    for option in options[1:]:
        weeks = differing(first.schedule, option.schedule)
        for resident in ordered_residents(program, option.schedule):
            for week in weeks.get(resident.id, []):
                rows.append(
                    {
                        "schedule": option.label,
                        "resident_id": resident.id,
                        "resident_name": resident.name,
                        "week": week + 1,
                        "week_start": program.week_start(week),
                        first.label: first.schedule.assignments[resident.id][week],
                        "this schedule": option.schedule.assignments[resident.id][week],
                    }
                )
    columns = ["schedule", "resident_id", "resident_name", "week", "week_start", first.label]
    return pd.DataFrame(rows, columns=[*columns, "this schedule"])


def differing(one: Schedule, other: Schedule) -> dict[str, list[int]]:
    """The weeks (0-based) each resident's rotation differs between two schedules."""
    weeks = {
        rid: [w for w, (a, b) in enumerate(zip(row, other.assignments[rid], strict=True)) if a != b]
        for rid, row in one.assignments.items()
    }
    return {rid: found for rid, found in weeks.items() if found}
