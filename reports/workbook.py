"""The Excel workbook a coordinator sends out: a pure function of (program, schedule,
the validator's report, how the schedule was made).

Sheets: Schedule (the colour-coded grid chief residents keep by hand), Assignments (one row
per resident-week; the sheet ``check`` reads back), Coverage, Residents, Clinic, Rosters
(who is on each rotation each week), Checks, Violations (only when the check found any: a
best-effort schedule, or one edited by hand) and Run. Every green or red cell is the
validator's verdict (:mod:`reports.tables` reads it from the report). The file is written
atomically: to a temporary file beside the target, then renamed, so a crash never leaves a
half-written workbook.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import MultiCellRange
from openpyxl.worksheet.merge import MergedCellRange
from openpyxl.worksheet.worksheet import Worksheet

from reports import alternatives, tables
from reports.alternatives import Option
from reports.requests import request_summary, requests_table
from scheduler.checks import Report
from scheduler.checks.sites import effective as effective_sites
from scheduler.domain import Program, Rotation, Schedule
from scheduler.domain.result import RunInfo

CATEGORY_COLOURS = {
    "inpatient": "9DC3E6",
    "critical_care": "F4B6B6",
    "night_float": "B4A7D6",
    "subspecialty": "F9CB9C",
    "ambulatory": "D9EAD3",
    "designer": "D5A6BD",
    "elective": "FFE599",
    "leave": "D9D9D9",
}
CLINIC_COLOUR = "93C47D"
GOOD = PatternFill("solid", fgColor="C6EFCE")
BAD = PatternFill("solid", fgColor="FFC7CE")
HEADER = PatternFill("solid", fgColor="1F3864")
GROUP = PatternFill("solid", fgColor="D6DCE4")
WHITE_BOLD = Font(bold=True, color="FFFFFF")
BOLD = Font(bold=True)
SMALL = Font(size=8)
CENTER = Alignment(horizontal="center", vertical="center")
THIN = Side(style="thin", color="808080")
RUN_EDGE = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
THICK_RED = Side(style="thick", color="C00000")
BROKEN_EDGE = Border(left=THICK_RED, right=THICK_RED, top=THICK_RED, bottom=THICK_RED)

RESIDENT_COLUMNS = ("Resident", "Name", "PGY", "Track", "Cohort", "Site")


def colour(rotation: Rotation | None) -> str:
    if rotation is None:
        return "FFFFFF"
    if rotation.color:
        return rotation.color
    if rotation.phase == "Y":
        return CLINIC_COLOUR  # the template's clinic weeks stand out from X-phase electives
    return CATEGORY_COLOURS[rotation.category]


def write_workbook(
    path: str | Path,
    program: Program,
    schedule: Schedule,
    report: Report,
    run: RunInfo,
    baseline: Schedule | None = None,
    options: Sequence[Option] = (),
) -> Path:
    """Build the workbook and write it atomically to ``path``."""
    workbook = build_workbook(program, schedule, report, run, baseline, options)
    return save_atomically(workbook, Path(path))


def build_workbook(
    program: Program,
    schedule: Schedule,
    report: Report,
    run: RunInfo,
    baseline: Schedule | None = None,
    options: Sequence[Option] = (),
) -> Workbook:
    """Every sheet of a schedule; with ``baseline`` (the published schedule a repair
    started from), a ``Changes`` sheet of every resident-week that differs from it; with
    ``options`` (the schedules to choose from, the best first), ``Alternatives`` and
    ``Differences`` sheets saying how they differ."""
    # every sheet shows the clinic sites the check saw: the roster's, and those the schedule
    # chose for residents without one
    program = effective_sites(program, schedule)
    workbook = Workbook()
    schedule_sheet = workbook.active
    assert schedule_sheet is not None
    schedule_sheet.title = "Schedule"
    frames = tables.build(program, schedule, report)
    _schedule_sheet(schedule_sheet, program, schedule, frames, report)
    _assignments_sheet(workbook.create_sheet("Assignments"), frames.assignments)
    _coverage_sheet(workbook.create_sheet("Coverage"), program, frames.coverage)
    _residents_sheet(workbook.create_sheet("Residents"), frames.residents)
    _clinic_sheet(workbook.create_sheet("Clinic"), program, frames.clinic)
    _rosters_sheet(workbook.create_sheet("Rosters"), frames.rosters)
    if report.requests:
        _requests_sheet(
            workbook.create_sheet("Requests"), requests_table(program, report, run.confirmations)
        )
    if baseline is not None:
        _write_frame(
            workbook.create_sheet("Changes"),
            tables.changes(program, baseline, schedule),
            formats={"week_start": "yyyy-mm-dd"},
        )
    if len(options) > 1:
        _write_frame(workbook.create_sheet("Alternatives"), alternatives.summary(options))
        _write_frame(
            workbook.create_sheet("Differences"),
            alternatives.differences(program, options),
            formats={"week_start": "yyyy-mm-dd"},
        )
    _checks_sheet(workbook.create_sheet("Checks"), report)
    if report.violations:
        _violations_sheet(workbook.create_sheet("Violations"), report)
    _run_sheet(workbook.create_sheet("Run"), program, run, report)
    return workbook


def schedule_grid(sheet: Worksheet, program: Program, schedule: Schedule, report: Report) -> None:
    """The colour-coded grid of a schedule on ``sheet`` (the Schedule sheet's layout), for
    workbooks that show several schedules, such as a comparison of scenarios."""
    program = effective_sites(program, schedule)
    _schedule_sheet(sheet, program, schedule, tables.build(program, schedule, report), report)


def _ordinary_file_mode() -> int:
    """The mode a plain ``open(path, "w")`` would give: 0666 less the process umask."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def save_atomically(workbook: Workbook, path: Path) -> Path:
    """Save to a temporary file in the target's folder, then rename over the target.

    The temporary file is removed on any failure or interruption; one left by a process
    that was killed outright (which no handler sees) is removed by the next save of the
    same workbook, identified by the dead process's id in its name."""
    path = path.resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    _remove_orphans(path)
    handle, temporary = tempfile.mkstemp(
        prefix=f"{_temporary_prefix(path)}{os.getpid()}-", suffix=TEMPORARY_SUFFIX, dir=path.parent
    )
    os.close(handle)
    try:
        workbook.save(temporary)
        os.chmod(temporary, _ordinary_file_mode())  # mkstemp makes it private (0600)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
    return path


TEMPORARY_SUFFIX = ".xlsx.tmp"


def _temporary_prefix(path: Path) -> str:
    return f".{path.stem}-"


def _remove_orphans(path: Path) -> None:
    """Temporary files of earlier saves of ``path`` whose process no longer runs."""
    # exactly what mkstemp makes from the prefix: another workbook's name never matches
    pattern = re.compile(
        rf"{re.escape(_temporary_prefix(path))}(\d+)-[a-z0-9_]{{8}}{re.escape(TEMPORARY_SUFFIX)}"
    )
    for orphan in path.parent.iterdir():
        match = pattern.fullmatch(orphan.name)
        if match and not _running(int(match.group(1))):
            with contextlib.suppress(OSError):
                orphan.unlink()


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, ValueError):
        return True  # someone else's process, or not a process id: leave its file alone
    return True


# ---------------------------------------------------------------------------- Schedule


def _schedule_sheet(
    sheet: Worksheet, program: Program, schedule: Schedule, frames: tables.Tables, report: Report
) -> None:
    first_week_col = len(RESIDENT_COLUMNS) + 1
    summary_col = first_week_col + program.weeks + 1
    sheet["A1"] = (
        f"{program.name}: {program.start_date:%d %b %Y} to {program.week_start(program.weeks - 1):%d %b %Y}"
    )
    sheet["A1"].font = Font(bold=True, size=14)
    _schedule_header(sheet, program, first_week_col, summary_col)
    row = 4
    # (resident, requirement) -> its rows, grouped once rather than filtered per cell
    requirement_rows = {
        (str(rid), str(name)): rows
        for (rid, name), rows in frames.requirements.groupby(
            ["resident_id", "requirement"], sort=False
        )
    }
    summary = frames.residents.set_index("resident_id")
    names = tables.requirement_names(program)
    group: tuple[str, int] | None = None
    runs: list[str] = []  # cell ranges of multi-week runs, merged at the end
    broken, whole_year = _broken_weeks(report)
    for resident in tables.ordered_residents(program, schedule):
        if (resident.track, resident.pgy) != group:
            group = (resident.track, resident.pgy)
            track = program.track_by_id[resident.track]
            sheet.cell(row, 1, f"{track.name}, PGY-{resident.pgy}").font = BOLD
            for col in range(1, summary_col + len(names) + 3):
                sheet.cell(row, col).fill = GROUP
            row += 1
        values = (
            resident.id,
            resident.name,
            resident.pgy,
            resident.track,
            schedule.cohorts.get(resident.id),
            resident.clinic_site or "",
        )
        for col, value in enumerate(values, start=1):
            sheet.cell(row, col, value)
        runs += _schedule_row(
            sheet,
            program,
            row,
            first_week_col,
            schedule.assignments.get(resident.id, ()),
            broken.get(resident.id, set()),
        )
        if resident.id in whole_year:
            sheet.cell(row, 1).fill = BAD
        for offset, name in enumerate(names):
            entries = requirement_rows.get((resident.id, name))
            if entries is None:
                continue
            # Several requirements may share a name (e.g. a minimum for everyone and a
            # maximum for interns): one column, met only if all of them are.
            counts = sorted({_int(weeks) for weeks in entries["weeks"]})
            cell = sheet.cell(
                row,
                summary_col + offset,
                counts[0] if len(counts) == 1 else " / ".join(map(str, counts)),
            )
            # the validator judges a requirement's name as a whole: one verdict per cell
            _verdict_fill(cell, entries["met"].iloc[0])
            cell.alignment = CENTER
        extra = summary_col + len(names)
        _ambulatory_cell(sheet.cell(row, extra), summary.loc[str(resident.id)])
        sheet.cell(row, extra + 1, _int(summary.loc[resident.id, "clinic_half_days"]))
        sheet.cell(row, extra + 2, _int(summary.loc[resident.id, "vacation_weeks"]))
        row += 1
    _merge_runs(sheet, runs)
    row = _staffing_block(sheet, program, frames.coverage, row + 1, first_week_col)
    _legend(sheet, program, row + 1)
    _schedule_layout(sheet, program, first_week_col, summary_col, names)


#: Check families whose violations name a rotation, a site or a group rather than a resident.
NOT_A_RESIDENTS_RULE = frozenset({"coverage", "clinic", "cohort balance"})


def _broken_weeks(report: Report) -> tuple[dict[str, set[int]], set[str]]:
    """Where the check found a resident's own rule broken: the weeks (0-based) by resident,
    and the residents whose rule over the whole year broke. A rotation's, a site's or a
    level's rule is shown in the staffing rows instead."""
    weeks: dict[str, set[int]] = {}
    whole_year: set[str] = set()
    for violation in report.violations:
        if violation.family in NOT_A_RESIDENTS_RULE:
            continue
        if violation.weeks:
            weeks.setdefault(violation.who, set()).update(w - 1 for w in violation.weeks)
        else:
            whole_year.add(violation.who)
    return weeks, whole_year


def _schedule_header(
    sheet: Worksheet, program: Program, first_week_col: int, summary_col: int
) -> None:
    for col, title in enumerate(RESIDENT_COLUMNS, start=1):
        sheet.cell(2, col, title)
        sheet.merge_cells(start_row=2, start_column=col, end_row=3, end_column=col)
    for week in range(program.weeks):
        sheet.cell(2, first_week_col + week, week + 1)
        sheet.cell(3, first_week_col + week, program.week_start(week)).number_format = "d mmm"
    names = tables.requirement_names(program)
    for offset, title in enumerate([*names, "Amb %", "Clinic ½-days", "Vacation"]):
        sheet.cell(2, summary_col + offset, title)
        sheet.merge_cells(
            start_row=2,
            start_column=summary_col + offset,
            end_row=3,
            end_column=summary_col + offset,
        )
    for row in (2, 3):
        for col in range(1, summary_col + len(names) + 3):
            cell = sheet.cell(row, col)
            cell.fill = HEADER
            cell.font = WHITE_BOLD if row == 2 else Font(color="FFFFFF", size=8)
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)


def _schedule_row(
    sheet: Worksheet,
    program: Program,
    row: int,
    first_col: int,
    rotations: Sequence[str],
    broken: set[int],
) -> list[str]:
    """Colour each week and label each run of one rotation; return the runs to merge. A
    week in ``broken`` (0-based: the check found a rule of the resident's broken there) is
    a run of its own, framed in red, so that the mark is never lost inside a merged block."""
    runs: list[str] = []
    week = 0
    while week < len(rotations):
        end = week
        while (
            end + 1 < len(rotations)
            and rotations[end + 1] == rotations[week]
            and not {end, end + 1} & broken
        ):
            end += 1
        rotation = program.rotation_by_id.get(rotations[week])
        fill = PatternFill("solid", fgColor=colour(rotation))
        for w in range(week, end + 1):
            cell = sheet.cell(row, first_col + w)
            cell.fill = fill
            cell.border = RUN_EDGE
        cell = sheet.cell(row, first_col + week, rotation.short if rotation else rotations[week])
        cell.font = SMALL
        cell.alignment = CENTER
        if end > week:
            first, last = get_column_letter(first_col + week), get_column_letter(first_col + end)
            runs.append(f"{first}{row}:{last}{row}")
        elif week in broken:
            cell.border = BROKEN_EDGE
        week = end + 1
    return runs


def _merge_runs(sheet: Worksheet, runs: list[str]) -> None:
    """Merge every run at once. ``merge_cells`` checks each new range against all earlier
    ones and rebuilds its borders, which took about 20 s for program C's 3,300 runs; runs
    never overlap, and their cells already carry their fill and borders."""
    sheet.merged_cells = MultiCellRange(
        [*sheet.merged_cells.ranges, *(MergedCellRange(sheet, run) for run in runs)]
    )


def _ambulatory_cell(cell: Cell, summary: Any) -> None:
    """This year's ambulatory share, or the share over training where a cumulative rule
    applies (empty with no scheduled week to measure); coloured by the validator's verdict."""
    share = summary["ambulatory_measured"]
    if pd.isna(share):
        share = summary["ambulatory_share"]
    cell.value = None if pd.isna(share) else float(share)
    cell.number_format = "0%"
    cell.alignment = CENTER
    _verdict_fill(cell, summary["ambulatory_met"])


def _verdict_fill(cell: Cell, verdict: Any) -> None:
    """Green or red by the validator's verdict; no fill where it judged nothing."""
    if verdict is None or pd.isna(verdict):
        return
    cell.fill = GOOD if bool(verdict) else BAD


def _staffing_block(
    sheet: Worksheet, program: Program, frame: pd.DataFrame, row: int, first_col: int
) -> int:
    """Per-rotation staffing per week under the grid, red where the validator found it out
    of range."""
    sheet.cell(row, 1, "Staffing per week (count; required range)").font = BOLD
    row += 1
    for (rotation_id, level), rows in frame.groupby(["rotation_id", "level"], sort=False):
        rotation = program.rotation_by_id[str(rotation_id)]
        bounds = dict(rotation.coverage.rules())[str(level)]
        sheet.cell(row, 1, rotation.short)
        sheet.cell(row, 2, f"{rotation.name}: {level} {bounds.text()}").font = SMALL
        for record in rows.itertuples():
            cell = sheet.cell(row, first_col + _int(record.week) - 1, _int(record.staffed))
            cell.font = SMALL
            cell.alignment = CENTER
            if _verdict(record.ok) is False:
                cell.fill = BAD
        row += 1
    return row


def _legend(sheet: Worksheet, program: Program, row: int) -> None:
    sheet.cell(row, 1, "Legend").font = BOLD
    row += 1
    for rotation in program.rotations:
        swatch = sheet.cell(row, 1, rotation.short)
        swatch.fill = PatternFill("solid", fgColor=colour(rotation))
        swatch.font = SMALL
        swatch.alignment = CENTER
        sheet.cell(row, 2, f"{rotation.name}: {_describe(rotation)}")
        row += 1


def _describe(rotation: Rotation) -> str:
    parts = [rotation.category.replace("_", " ")]
    if rotation.phase != "X":
        parts.append("clinic (Y) phase" if rotation.phase == "Y" else "any phase")
    if rotation.ambulatory and rotation.category != "ambulatory":
        parts.append("counts as ambulatory")
    if rotation.clinic_half_days:
        parts.append(f"{rotation.clinic_half_days} clinic half-days a week")
    if rotation.unit != 1:
        parts.append(
            "whole segments" if rotation.unit == "segment" else f"{rotation.unit}-week units"
        )
    return ", ".join(parts)


def _schedule_layout(
    sheet: Worksheet, program: Program, first_col: int, summary_col: int, names: list[str]
) -> None:
    widths = {"A": 9, "B": 22, "C": 5, "D": 13, "E": 7, "F": 10}
    for letter, width in widths.items():
        sheet.column_dimensions[letter].width = width
    for week in range(program.weeks):
        sheet.column_dimensions[get_column_letter(first_col + week)].width = 6.5
    sheet.column_dimensions[get_column_letter(first_col + program.weeks)].width = 2
    for offset in range(len(names) + 3):
        sheet.column_dimensions[get_column_letter(summary_col + offset)].width = 9
    sheet.row_dimensions[2].height = 30
    sheet.freeze_panes = sheet.cell(4, first_col)
    _print_landscape(sheet, title_rows="2:3", title_cols="A:B", paper=sheet.PAPERSIZE_TABLOID)


def _print_landscape(
    sheet: Worksheet, *, title_rows: str, title_cols: str | None = None, paper: str | None = None
) -> None:
    """Landscape, one page wide (as many pages tall as needed), titles on every page."""
    sheet.page_setup.orientation = "landscape"
    if paper is not None:
        sheet.page_setup.paperSize = paper
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = title_rows
    if title_cols:
        sheet.print_title_cols = title_cols


# ---------------------------------------------------------------------------- tables


def _write_frame(
    sheet: Worksheet, frame: pd.DataFrame, *, formats: dict[str, str] | None = None
) -> None:
    """Header row plus one row per record, with filters, a frozen header and fitted widths."""
    formats = formats or {}
    columns = list(frame.columns)
    sheet.append(columns)
    for values in frame.itertuples(index=False):
        sheet.append([_plain(value) for value in values])
    for col, name in enumerate(columns, start=1):
        header = sheet.cell(1, col)
        header.font = WHITE_BOLD
        header.fill = HEADER
        sheet.column_dimensions[get_column_letter(col)].width = max(10, min(40, len(str(name)) + 2))
        if name in formats:
            for row in range(2, len(frame) + 2):
                sheet.cell(row, col).number_format = formats[name]
    sheet.freeze_panes = "A2"
    _print_landscape(sheet, title_rows="1:1")
    if len(frame):
        sheet.auto_filter.ref = sheet.dimensions


def _verdict(value: Any) -> bool | None:
    """A verdict cell of a table as True, False or None (not judged)."""
    return None if value is None or pd.isna(value) else bool(value)


def _int(value: Any) -> int:
    """A pandas or numpy scalar as a plain int."""
    return int(value)


def _plain(value: Any) -> Any:
    """pandas/numpy scalars to plain Python for openpyxl; missing values to empty cells."""
    if value is None:
        return None
    if hasattr(value, "item"):
        value = value.item()
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    return value


def _assignments_sheet(sheet: Worksheet, frame: pd.DataFrame) -> None:
    _write_frame(sheet, frame, formats={"week_start": "yyyy-mm-dd"})
    sheet.column_dimensions["B"].width = 22
    sheet.column_dimensions["I"].width = 34


def _wide(
    sheet: Worksheet,
    program: Program,
    keys: list[str],
    rows: Iterable[tuple[list[Any], list[tuple[Any, bool | None]]]],
) -> None:
    """A row-per-entity, column-per-week grid; cells the validator failed (False) are red."""
    header = [*keys, *[f"W{w + 1}" for w in range(program.weeks)]]
    sheet.append(header)
    sheet.append([*[""] * len(keys), *[program.week_start(w) for w in range(program.weeks)]])
    for col in range(1, len(header) + 1):
        for r in (1, 2):
            cell = sheet.cell(r, col)
            cell.fill = HEADER
            cell.font = WHITE_BOLD if r == 1 else Font(color="FFFFFF", size=8)
            cell.alignment = CENTER
            if r == 2 and col > len(keys):
                cell.number_format = "d mmm"
    for lead, cells in rows:
        sheet.append([*lead, *[value for value, _ in cells]])
        row = sheet.max_row
        for offset, (_, ok) in enumerate(cells):
            cell = sheet.cell(row, len(keys) + 1 + offset)
            cell.alignment = CENTER
            if ok is False:
                cell.fill = BAD
    for col in range(1, len(keys) + 1):
        sheet.column_dimensions[get_column_letter(col)].width = 14
    sheet.column_dimensions["B"].width = 30
    for col in range(len(keys) + 1, len(header) + 1):
        sheet.column_dimensions[get_column_letter(col)].width = 6.5
    sheet.freeze_panes = sheet.cell(3, len(keys) + 1)
    last_key = get_column_letter(len(keys))
    _print_landscape(
        sheet, title_rows="1:2", title_cols=f"A:{last_key}", paper=sheet.PAPERSIZE_TABLOID
    )


def _coverage_sheet(sheet: Worksheet, program: Program, frame: pd.DataFrame) -> None:
    rows = []
    for (rotation_id, level), group in frame.groupby(["rotation_id", "level"], sort=False):
        first = group.iloc[0]
        maximum = "" if pd.isna(first["max"]) else _int(first["max"])
        lead = [rotation_id, first["rotation"], level, _int(first["min"]), maximum]
        rows.append((lead, [(_int(r.staffed), _verdict(r.ok)) for r in group.itertuples()]))
    _wide(sheet, program, ["rotation_id", "rotation", "level", "min", "max"], rows)


def _clinic_sheet(sheet: Worksheet, program: Program, frame: pd.DataFrame) -> None:
    rows = []
    for site_id, group in frame.groupby("site_id", sort=False):
        first = group.iloc[0]
        lead = [site_id, first["site"], "residents", _int(first["min"]), _int(first["capacity"])]
        rows.append((lead, [(_int(r.residents), _verdict(r.ok)) for r in group.itertuples()]))
        lead = [site_id, first["site"], "half-days", "", ""]
        rows.append((lead, [(_int(r.half_days), None) for r in group.itertuples()]))
    _wide(sheet, program, ["site_id", "site", "count", "min", "capacity"], rows)


def _residents_sheet(sheet: Worksheet, frame: pd.DataFrame) -> None:
    _write_frame(sheet, frame, formats={"ambulatory_share": "0.0%", "ambulatory_measured": "0.0%"})
    columns = list(frame.columns)
    status_col = columns.index("requirements") + 1
    share_col = columns.index("ambulatory_met") + 1
    continuity_col = columns.index("continuity_met") + 1
    for row, record in enumerate(frame.itertuples(index=False), start=2):
        requirements = str(record.requirements)
        if requirements != "not checked" and not requirements.startswith("withdrew"):
            _verdict_fill(sheet.cell(row, status_col), requirements == "all met")
        _verdict_fill(sheet.cell(row, share_col), record.ambulatory_met)
        _verdict_fill(sheet.cell(row, continuity_col), record.continuity_met)
    sheet.column_dimensions["B"].width = 22
    sheet.column_dimensions[get_column_letter(status_col)].width = 40


def _rosters_sheet(sheet: Worksheet, frame: pd.DataFrame) -> None:
    _write_frame(sheet, frame, formats={"week_start": "yyyy-mm-dd"})
    for letter, width in (("D", 30), ("F", 60), ("G", 80)):
        sheet.column_dimensions[letter].width = width


#: A soft request the schedule does not grant: not a broken rule, but worth a look.
DENIED = PatternFill("solid", fgColor="FFEB9C")


def _requests_sheet(sheet: Worksheet, frame: pd.DataFrame) -> None:
    """Every request, granted or not, and why not; a hard one not granted is red (it is a
    broken rule, also in Checks), a soft one amber."""
    _write_frame(sheet, frame)
    columns = list(frame.columns)
    granted_col = columns.index("granted") + 1
    for row, record in enumerate(frame.itertuples(index=False), start=2):
        cell = sheet.cell(row, granted_col)
        if record.granted == "yes":
            cell.fill = GOOD
        else:
            cell.fill = BAD if record.hard == "hard" else DENIED
    widths = {
        "asked": 30,
        "schedule gives": 30,
        "why not": 90,
        "note": 24,
        "resident_name": 22,
        "confirmed by a solve": 60,
    }
    for name, width in widths.items():
        sheet.column_dimensions[get_column_letter(columns.index(name) + 1)].width = width


def _checks_sheet(sheet: Worksheet, report: Report) -> None:
    sheet.append(["family", "rule", "checked", "violations", "verdict"])
    for check in report.checks:
        sheet.append(
            [
                check.family,
                check.rule,
                check.checked,
                len(check.violations),
                "PASS" if check.ok else "FAIL",
            ]
        )
        sheet.cell(sheet.max_row, 5).fill = GOOD if check.ok else BAD
    for col in range(1, 6):
        sheet.cell(1, col).font = WHITE_BOLD
        sheet.cell(1, col).fill = HEADER
    sheet.column_dimensions["A"].width = 16
    sheet.column_dimensions["B"].width = 48
    sheet.freeze_panes = "A2"
    violations = report.violations
    if violations:
        start = sheet.max_row + 2
        sheet.cell(start, 1, "Violations").font = BOLD
        sheet.append(["family", "who", "weeks", "message"])
        for violation in violations:
            weeks = ", ".join(str(w) for w in violation.weeks)
            sheet.append([violation.family, violation.who, weeks, violation.message])
        sheet.column_dimensions["D"].width = 100
    _print_landscape(sheet, title_rows="1:1")


def _violations_sheet(sheet: Worksheet, report: Report) -> None:
    """Every rule the check found broken: who, which weeks, and in words (a best-effort
    schedule, or one edited by hand)."""
    sheet.append(["family", "rule", "who", "weeks", "message"])
    for violation in report.violations:
        weeks = ", ".join(str(w) for w in violation.weeks)
        sheet.append([violation.family, violation.rule, violation.who, weeks, violation.message])
    for col in range(1, 6):
        sheet.cell(1, col).font = WHITE_BOLD
        sheet.cell(1, col).fill = HEADER
    for letter, width in (("A", 14), ("B", 40), ("C", 12), ("D", 14), ("E", 100)):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    _print_landscape(sheet, title_rows="1:1")


def _run_sheet(sheet: Worksheet, program: Program, run: RunInfo, report: Report) -> None:
    rows: list[tuple[str, Any]] = [
        ("program", program.name),
        ("program file", run.program_file),
        ("input sha256", run.input_hash),
        ("solver status", run.status),
        ("search", _search_note(run)),
        ("objective", run.objective),
        ("bound", run.bound),
        ("gap", run.gap),
        ("time to first schedule (s)", _seconds(run.time_to_first)),
        ("time to best schedule (s)", _seconds(run.time_to_best)),
        ("total time (s)", _seconds(run.wall_time)),
        ("seed", run.seed),
        ("workers", run.workers),
        ("engine version", run.version),
        ("created", run.created),
        ("residents", len(program.residents)),
        ("weeks", program.weeks),
        (
            "independent check",
            "PASS" if report.ok else f"FAIL ({len(report.violations)} violations)",
        ),
    ]
    summary = request_summary(report)
    if summary is not None:
        rows.append(("requests", summary))
    for name, (weight, value, description) in run.terms.items():
        rows.append((f"objective term: {name}", f"{value} x weight {weight} ({description})"))
    sheet.append(["item", "value"])
    for item in rows:
        sheet.append(list(item))
    for col in (1, 2):
        sheet.cell(1, col).font = WHITE_BOLD
        sheet.cell(1, col).fill = HEADER
    gap_row = next(i for i, (name, _) in enumerate(rows, start=2) if name == "gap")
    sheet.cell(gap_row, 2).number_format = "0.0%"
    sheet.column_dimensions["A"].width = 30
    sheet.column_dimensions["B"].width = 80
    _print_landscape(sheet, title_rows="1:1")


def _search_note(run: RunInfo) -> str:
    """Whether the search ran its course: a schedule from an interrupted search is the best
    found so far, which a coordinator should know before sending it out."""
    if run.interrupted:
        return (
            f"INTERRUPTED by the user (Ctrl-C) after {_seconds(run.wall_time)}s: the best "
            "schedule found so far, not the end of the search"
        )
    if run.wall_time is None:
        return "not searched (checked from a workbook)"
    return "ran to its end (optimal, or the time limit or the first schedule reached)"


def _seconds(value: float | None) -> float | None:
    return None if value is None else round(value, 2)
