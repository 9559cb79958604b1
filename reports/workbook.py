"""The Excel workbook a coordinator sends out: a pure function of (program, schedule,
the validator's report, how the schedule was made).

Sheets: Schedule (the colour-coded grid chief residents keep by hand), Assignments (one row
per resident-week; the sheet ``check`` reads back), Coverage, Residents, Clinic, Rosters
(who is on each rotation each week), Checks, Violations (only when the check found any: a
best-effort schedule, or one edited by hand) and Run. Every green or red cell is the
validator's verdict (:mod:`reports.tables` reads it from the report). The grid is
:mod:`reports.schedule_sheet`; the file is written atomically (:mod:`reports.files`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from reports import alternatives, tables
from reports.alternatives import Option
from reports.files import write_atomically
from reports.layout import (
    BAD,
    BOLD,
    CENTER,
    GOOD,
    HEADER,
    WHITE_BOLD,
    print_landscape,
    verdict,
    verdict_fill,
    whole,
    write_frame,
)
from reports.requests import request_summary, requests_table
from reports.schedule_sheet import schedule_sheet
from scheduler.checks import Report
from scheduler.checks.sites import effective as effective_sites
from scheduler.domain import Program, Schedule
from scheduler.domain.result import RunInfo


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
    return write_atomically(Path(path), workbook.save)


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
    grid = workbook.active
    assert grid is not None
    grid.title = "Schedule"
    frames = tables.build(program, schedule, report)
    schedule_sheet(grid, program, schedule, frames, report)
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
        write_frame(
            workbook.create_sheet("Changes"),
            tables.changes(program, baseline, schedule),
            formats={"week_start": "yyyy-mm-dd"},
        )
    if len(options) > 1:
        write_frame(workbook.create_sheet("Alternatives"), alternatives.summary(options))
        write_frame(
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
    schedule_sheet(sheet, program, schedule, tables.build(program, schedule, report), report)


# ---------------------------------------------------------------------------- tables


def _assignments_sheet(sheet: Worksheet, frame: pd.DataFrame) -> None:
    write_frame(sheet, frame, formats={"week_start": "yyyy-mm-dd"})
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
    print_landscape(
        sheet, title_rows="1:2", title_cols=f"A:{last_key}", paper=sheet.PAPERSIZE_TABLOID
    )


def _coverage_sheet(sheet: Worksheet, program: Program, frame: pd.DataFrame) -> None:
    rows = []
    for (rotation_id, level), group in frame.groupby(["rotation_id", "level"], sort=False):
        first = group.iloc[0]
        maximum = "" if pd.isna(first["max"]) else whole(first["max"])
        lead = [rotation_id, first["rotation"], level, whole(first["min"]), maximum]
        rows.append((lead, [(whole(r.staffed), verdict(r.ok)) for r in group.itertuples()]))
    _wide(sheet, program, ["rotation_id", "rotation", "level", "min", "max"], rows)


def _clinic_sheet(sheet: Worksheet, program: Program, frame: pd.DataFrame) -> None:
    rows = []
    for site_id, group in frame.groupby("site_id", sort=False):
        first = group.iloc[0]
        lead = [site_id, first["site"], "residents", whole(first["min"]), whole(first["capacity"])]
        rows.append((lead, [(whole(r.residents), verdict(r.ok)) for r in group.itertuples()]))
        lead = [site_id, first["site"], "half-days", "", ""]
        rows.append((lead, [(whole(r.half_days), None) for r in group.itertuples()]))
    _wide(sheet, program, ["site_id", "site", "count", "min", "capacity"], rows)


def _residents_sheet(sheet: Worksheet, frame: pd.DataFrame) -> None:
    write_frame(sheet, frame, formats={"ambulatory_share": "0.0%", "ambulatory_measured": "0.0%"})
    columns = list(frame.columns)
    status_col = columns.index("requirements") + 1
    share_col = columns.index("ambulatory_met") + 1
    continuity_col = columns.index("continuity_met") + 1
    for row, record in enumerate(frame.itertuples(index=False), start=2):
        requirements = str(record.requirements)
        if requirements != "not checked" and not requirements.startswith("withdrew"):
            verdict_fill(sheet.cell(row, status_col), requirements == "all met")
        verdict_fill(sheet.cell(row, share_col), record.ambulatory_met)
        verdict_fill(sheet.cell(row, continuity_col), record.continuity_met)
    sheet.column_dimensions["B"].width = 22
    sheet.column_dimensions[get_column_letter(status_col)].width = 40


def _rosters_sheet(sheet: Worksheet, frame: pd.DataFrame) -> None:
    write_frame(sheet, frame, formats={"week_start": "yyyy-mm-dd"})
    for letter, width in (("D", 30), ("F", 60), ("G", 80)):
        sheet.column_dimensions[letter].width = width


#: A soft request the schedule does not grant: not a broken rule, but worth a look.
DENIED = PatternFill("solid", fgColor="FFEB9C")


def _requests_sheet(sheet: Worksheet, frame: pd.DataFrame) -> None:
    """Every request, granted or not, and why not; a hard one not granted is red (it is a
    broken rule, also in Checks), a soft one amber."""
    write_frame(sheet, frame)
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
    print_landscape(sheet, title_rows="1:1")


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
    print_landscape(sheet, title_rows="1:1")


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
    print_landscape(sheet, title_rows="1:1")


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
