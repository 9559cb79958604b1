"""Read a schedule back from a workbook's Assignments sheet (the grid: :mod:`scheduler.inputs.grid`).

This is what ``check`` uses, so it accepts a workbook a chief resident edited by hand: it
needs only the columns resident_id, week, rotation_id and cohort, tolerates reordered rows
and columns, and reports a malformed sheet with the sheet, row and column to fix. Rotation
ids are taken as written; an unknown one is the validator's to report.
"""

from __future__ import annotations

import datetime as dt
import warnings
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook

from scheduler.domain import InputError, Program, Schedule, Sheet
from scheduler.inputs.sheets import bounded_rows, unreadable

SHEET = Sheet.ASSIGNMENTS.value
GRID = Sheet.SCHEDULE.value
#: The grid's first columns, before the weeks (the writer and the grid reader share them).
RESIDENT_COLUMNS = ("Resident", "Name", "PGY", "Track", "Cohort", "Site")
NEEDED = ("resident_id", "week", "rotation_id", "cohort")
#: The clinic site column: a site the schedule chose where the roster has none.
SITE = "clinic_site"


def read_schedule(path: str | Path, program: Program) -> Schedule:
    """The schedule in ``path``'s Assignments sheet; raise :class:`InputError` if malformed."""
    with open_workbook(path) as workbook:
        if SHEET not in workbook.sheetnames:
            raise InputError(
                str(path),
                f"sheet {SHEET}",
                "sheet not found",
                "name the table's sheet Assignments, or check the grid with --sheet Schedule",
            )
        limit = 1 + len(program.residents) * program.weeks + SPARE_ROWS
        rows = sheet_rows(workbook, str(path), SHEET, max_row=limit)
    return _parse(str(path), rows, program)


def sheet_names(path: str | Path) -> list[str]:
    """The workbook's sheets, e.g. to know whether it has both a grid and a table."""
    with open_workbook(path) as workbook:
        return list(workbook.sheetnames)


#: Rows read beyond those a schedule needs (blank rows, notes): a stray value far below the
#: table (a cell at row 1,048,576) must not make a check read a million empty rows.
SPARE_ROWS = 1_000


def sheet_rows(
    workbook: Workbook, file: str, sheet: str, *, max_row: int, max_col: int | None = None
) -> list[tuple[Any, ...]]:
    """The sheet's values within bounds (:func:`scheduler.inputs.sheets.bounded_rows`)."""
    try:
        worksheet = workbook[sheet]
    except Exception as error:  # a damaged workbook part
        raise unreadable(file, sheet, error) from None
    return bounded_rows(file, worksheet, max_row=max_row, max_col=max_col)


@contextmanager
def open_workbook(path: str | Path) -> Iterator[Workbook]:
    """The workbook opened read-only (fast on large sheets), closed on leaving; a missing
    or unreadable file is an :class:`InputError`."""
    path = Path(path)
    if path.is_dir():
        raise InputError(str(path), "", "is a folder, not a workbook", "give the .xlsx file's path")
    if not path.is_file():
        raise InputError(str(path), "", "file not found", "check the path")
    _check_zip(path)
    try:
        with warnings.catch_warnings():
            # openpyxl warns on stderr about parts it skips (a defined name whose sheet is
            # gone, an Excel extension): the message for bad input must stay one line
            warnings.simplefilter("ignore")
            workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl, zlib and XML parsing raise many types for a damaged file
        raise _unreadable(path, type(exc).__name__) from None
    try:
        yield workbook
    finally:
        workbook.close()


def _check_zip(path: Path) -> None:
    """Every part of the workbook's zip must read back whole (its checksum matching).

    openpyxl reads only the parts it needs, so bytes damaged in another part (a summary
    sheet, the document properties) would pass ``check`` unnoticed, in a file that Excel then
    refuses to open; the parts it does read fail with zlib or XML errors of many types.
    """
    try:
        archive = zipfile.ZipFile(path)
    except Exception as exc:  # not a zip, or its directory cut short or garbled
        raise _unreadable(path, type(exc).__name__) from None
    with archive:
        for part in archive.infolist():
            try:
                with archive.open(part) as stream:
                    while stream.read(1 << 20):
                        pass
            except Exception:  # a bad header, data that does not inflate, a checksum mismatch
                raise _unreadable(path, f"part {part.filename} is damaged") from None


def _unreadable(path: Path, detail: str) -> InputError:
    return InputError(
        str(path),
        "",
        f"not a readable .xlsx workbook ({detail})",
        "open it in Excel and save as .xlsx",
    )


def _parse(file: str, rows: list[tuple[Any, ...]], program: Program) -> Schedule:
    col = _columns(file, rows)
    weeks: dict[str, dict[int, str]] = {}
    cohorts: dict[str, int | None] = {}
    sites: dict[str, str] = {}
    for number, values in enumerate(rows[1:], start=2):
        if all(value is None or value == "" for value in values):
            continue
        resident, week, rotation, cohort = _row(file, number, values, col, program)
        _site(file, number, values, col, resident, sites)
        place = f"sheet {SHEET}, row {number}"
        if week in weeks.setdefault(resident, {}):
            raise InputError(
                file,
                f"{place}",
                f"second row for {resident} week {week}",
                "keep one row per resident and week",
            )
        if resident in cohorts and cohorts[resident] != cohort:
            raise InputError(
                file,
                f"{place}, column cohort",
                f"{resident} is in cohort {_shown(cohorts[resident])} on an earlier row and "
                f"{_shown(cohort)} here",
                "give the resident one cohort on every row",
            )
        weeks[resident][week] = rotation
        cohorts[resident] = cohort
    roster = {resident.id: resident.clinic_site for resident in program.residents}
    return Schedule(
        _whole_years(file, weeks, program),
        {rid: c for rid, c in cohorts.items() if c is not None},
        # a site the roster already gives is the roster's; any other is the schedule's
        # choice, which the check judges
        {rid: site for rid, site in sites.items() if site and site != roster.get(rid)},
    )


def _site(
    file: str,
    number: int,
    values: tuple[Any, ...],
    col: dict[str, int],
    resident: str,
    sites: dict[str, str],
) -> None:
    """The resident's clinic site on this row, the same on every row of theirs."""
    if SITE not in col:
        return
    value = values[col[SITE]] if col[SITE] < len(values) else None
    site = text(value) if value is not None else ""
    if resident in sites and sites[resident] != site:
        raise InputError(
            file,
            f"sheet {SHEET}, row {number}, column {SITE}",
            f"{resident} is at site '{sites[resident]}' on an earlier row and '{site}' here",
            "give the resident one clinic site on every row",
        )
    sites[resident] = site


def _shown(cohort: int | None) -> str:
    return "(none)" if cohort is None else str(cohort)


def _columns(file: str, rows: list[tuple[Any, ...]]) -> dict[str, int]:
    """Where each needed column is, from the header row."""
    if not rows:
        raise InputError(
            file,
            f"sheet {SHEET}",
            "the sheet is empty",
            f"add a header row with {', '.join(NEEDED)}",
        )
    header = [str(value).strip() if value is not None else "" for value in rows[0]]
    missing = [name for name in NEEDED if name not in header]
    if missing:
        raise InputError(
            file,
            f"sheet {SHEET}, row 1",
            f"missing column {', '.join(missing)}",
            f"the header needs {', '.join(NEEDED)}",
        )
    found = {name: header.index(name) for name in NEEDED}
    if SITE in header:  # optional: workbooks written before sites could be chosen lack it
        found[SITE] = header.index(SITE)
    return found


def _row(
    file: str, number: int, values: tuple[Any, ...], col: dict[str, int], program: Program
) -> tuple[str, int, str, int | None]:
    """(resident, week, rotation, cohort) of one row, each checked."""
    place = f"sheet {SHEET}, row {number}"

    def cell(name: str) -> Any:
        index = col[name]
        return values[index] if index < len(values) else None

    resident = text(cell("resident_id"))
    if not resident:
        raise InputError(
            file,
            f"{place}, column resident_id",
            "empty resident id",
            "fill it in or delete the row",
        )
    if cell("week") is None or text(cell("week")) == "":
        raise InputError(
            file, f"{place}, column week", "empty week", "enter the week number or delete the row"
        )
    week = whole_number(cell("week"))
    if week is None or not 1 <= week <= program.weeks:
        raise InputError(
            file,
            f"{place}, column week",
            f"week '{cell('week')}' is not a week from 1 to {program.weeks}",
            "use the week number",
        )
    rotation = text(cell("rotation_id"))
    if not rotation:
        raise InputError(
            file, f"{place}, column rotation_id", "empty rotation id", "enter a rotation id"
        )
    cohort_value = cell("cohort")
    cohort = whole_number(cohort_value)
    if cohort_value not in (None, "") and cohort is None:
        raise InputError(
            file,
            f"{place}, column cohort",
            f"cohort '{cohort_value}' is not a whole number",
            "use the cohort number or leave it empty",
        )
    return resident, week, rotation, cohort


def _whole_years(
    file: str, weeks: dict[str, dict[int, str]], program: Program
) -> dict[str, tuple[str, ...]]:
    """Each resident's rotations week by week; every week must have its row."""
    assignments: dict[str, tuple[str, ...]] = {}
    for resident, by_week in weeks.items():
        absent = [w for w in range(1, program.weeks + 1) if w not in by_week]
        if absent:
            raise InputError(
                file,
                f"sheet {SHEET}",
                f"{resident} has no row for week {absent[0]}"
                + (f" and {len(absent) - 1} more" if len(absent) > 1 else ""),
                "add a row for every week of the year",
            )
        assignments[resident] = tuple(by_week[w] for w in range(1, program.weeks + 1))
    return assignments


def text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def whole_number(value: Any) -> int | None:
    if isinstance(value, bool | dt.datetime):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value.strip())
    return None
