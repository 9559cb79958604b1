"""The Schedule sheet: the colour-coded grid of residents by weeks that chief residents
keep by hand, with each resident's requirements, ambulatory share, clinic half-days and
vacation beside it, the staffing per rotation and level below it, and a legend. Every
green or red cell is the validator's verdict, read from its report."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import MultiCellRange
from openpyxl.worksheet.merge import MergedCellRange
from openpyxl.worksheet.worksheet import Worksheet

from reports import tables
from reports.layout import (
    BAD,
    BOLD,
    BROKEN_EDGE,
    CENTER,
    GROUP,
    HEADER,
    RUN_EDGE,
    SMALL,
    WHITE_BOLD,
    colour,
    print_landscape,
    verdict,
    verdict_fill,
    whole,
)
from scheduler.checks import Report
from scheduler.domain import Program, Resident, Rotation, Schedule
from scheduler.inputs.schedule_file import RESIDENT_COLUMNS


def schedule_sheet(
    sheet: Worksheet, program: Program, schedule: Schedule, frames: tables.Tables, report: Report
) -> None:
    """The grid of ``schedule`` on ``sheet``, grouped by track and PGY year."""
    first_week_col = len(RESIDENT_COLUMNS) + 1
    summary_col = first_week_col + program.weeks + 1
    sheet["A1"] = (
        f"{program.name}: {program.start_date:%d %b %Y} to {program.week_start(program.weeks - 1):%d %b %Y}"
    )
    sheet["A1"].font = Font(bold=True, size=14)
    _schedule_header(sheet, program, first_week_col, summary_col)
    row = 4
    rows = _ResidentRows(sheet, program, schedule, frames, report, first_week_col, summary_col)
    group: tuple[str, int] | None = None
    for resident in tables.ordered_residents(program, schedule):
        if (resident.track, resident.pgy) != group:
            group = (resident.track, resident.pgy)
            track = program.track_by_id[resident.track]
            sheet.cell(row, 1, f"{track.name}, PGY-{resident.pgy}").font = BOLD
            for col in range(1, summary_col + len(rows.names) + 3):
                sheet.cell(row, col).fill = GROUP
            row += 1
        rows.write(row, resident)
        row += 1
    _merge_runs(sheet, rows.runs)
    row = _staffing_block(sheet, program, frames.coverage, row + 1, first_week_col)
    _legend(sheet, program, row + 1)
    _schedule_layout(sheet, program, first_week_col, summary_col, rows.names)


class _ResidentRows:
    """Writes one resident's row: who, the weeks, then requirements, ambulatory share,
    clinic half-days and vacation, each green or red by the check's verdict."""

    def __init__(
        self,
        sheet: Worksheet,
        program: Program,
        schedule: Schedule,
        frames: tables.Tables,
        report: Report,
        first_week_col: int,
        summary_col: int,
    ) -> None:
        self.sheet, self.program, self.schedule = sheet, program, schedule
        self.first_week_col, self.summary_col = first_week_col, summary_col
        # (resident, requirement) -> its rows, grouped once rather than filtered per cell
        self.requirement_rows = {
            (str(rid), str(name)): rows
            for (rid, name), rows in frames.requirements.groupby(
                ["resident_id", "requirement"], sort=False
            )
        }
        self.summary = frames.residents.set_index("resident_id")
        self.names = tables.requirement_names(program)
        self.runs: list[str] = []  # cell ranges of multi-week runs, merged at the end
        self.broken, self.whole_year = _broken_weeks(report)

    def write(self, row: int, resident: Resident) -> None:
        sheet = self.sheet
        values = (
            resident.id,
            resident.name,
            resident.pgy,
            resident.track,
            self.schedule.cohorts.get(resident.id),
            resident.clinic_site or "",
        )
        for col, value in enumerate(values, start=1):
            sheet.cell(row, col, value)
        self.runs += _schedule_row(
            sheet,
            self.program,
            row,
            self.first_week_col,
            self.schedule.assignments.get(resident.id, ()),
            self.broken.get(resident.id, set()),
        )
        if resident.id in self.whole_year:
            sheet.cell(row, 1).fill = BAD
        self._requirements(row, resident)
        extra = self.summary_col + len(self.names)
        _ambulatory_cell(sheet.cell(row, extra), self.summary.loc[str(resident.id)])
        sheet.cell(row, extra + 1, whole(self.summary.loc[resident.id, "clinic_half_days"]))
        sheet.cell(row, extra + 2, whole(self.summary.loc[resident.id, "vacation_weeks"]))

    def _requirements(self, row: int, resident: Resident) -> None:
        for offset, name in enumerate(self.names):
            entries = self.requirement_rows.get((resident.id, name))
            if entries is None:
                continue
            # Several requirements may share a name (e.g. a minimum for everyone and a
            # maximum for interns): one column, met only if all of them are.
            counts = sorted({whole(weeks) for weeks in entries["weeks"]})
            cell = self.sheet.cell(
                row,
                self.summary_col + offset,
                counts[0] if len(counts) == 1 else " / ".join(map(str, counts)),
            )
            # the validator judges a requirement's name as a whole: one verdict per cell
            verdict_fill(cell, entries["met"].iloc[0])
            cell.alignment = CENTER


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
    verdict_fill(cell, summary["ambulatory_met"])


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
            cell = sheet.cell(row, first_col + whole(record.week) - 1, whole(record.staffed))
            cell.font = SMALL
            cell.alignment = CENTER
            if verdict(record.ok) is False:
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
    print_landscape(sheet, title_rows="2:3", title_cols="A:B", paper=sheet.PAPERSIZE_TABLOID)
