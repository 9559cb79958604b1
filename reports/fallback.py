"""The schedule as a plain CSV, for when the workbook cannot be written after a solve.

A solve can take many minutes; a full disk, a file locked by Excel or a bug in the
workbook writer must not lose it. This writer shares nothing with the workbook code (no
openpyxl, no pandas tables), so whatever broke the workbook is unlikely to break it too:
the standard library's ``csv``, one row per resident-week with the Assignments sheet's
identifying columns, tried next to the workbook, then in the working folder, then in the
system's temporary folder.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import tempfile
from pathlib import Path

from reports.files import write_atomically
from scheduler.domain import Program, Schedule

COLUMNS = (
    "resident_id",
    "resident_name",
    "cohort",
    "clinic_site",
    "week",
    "week_start",
    "rotation_id",
)


def fallback_paths(workbook: Path) -> list[Path]:
    """Where the CSV is tried, in order: beside the workbook, here, the temporary folder."""
    name = f"{workbook.stem}.assignments.csv"
    folders = [workbook.resolve().parent, Path.cwd(), Path(tempfile.gettempdir())]
    unique = list(dict.fromkeys(folder.resolve() for folder in folders))
    return [folder / name for folder in unique]


def save_assignments_csv(workbook: Path, program: Program, schedule: Schedule) -> Path | None:
    """The first place of :func:`fallback_paths` where the CSV could be written (None if
    none could); each attempt is atomic, so a failed one leaves nothing behind."""
    rows = _rows(program, schedule)
    for path in fallback_paths(workbook):
        with contextlib.suppress(OSError):
            _write(path, rows)
            return path
    return None


def _rows(program: Program, schedule: Schedule) -> list[list[object]]:
    names = {resident.id: resident.name for resident in program.residents}
    sites = {resident.id: resident.clinic_site or "" for resident in program.residents}
    rows: list[list[object]] = []
    for resident_id, weeks in schedule.assignments.items():
        for week, rotation in enumerate(weeks):
            start = program.start_date + dt.timedelta(weeks=week)
            rows.append(
                [
                    resident_id,
                    names.get(resident_id, ""),
                    schedule.cohorts.get(resident_id, ""),
                    schedule.sites.get(resident_id) or sites.get(resident_id, ""),
                    week + 1,
                    start.isoformat(),
                    rotation,
                ]
            )
    return rows


def _write(path: Path, rows: list[list[object]]) -> None:
    def write(temporary: Path) -> None:
        with temporary.open("w", newline="", encoding="utf-8") as stream:
            writer = csv.writer(stream)
            writer.writerow(COLUMNS)
            writer.writerows(rows)

    write_atomically(path, write)
