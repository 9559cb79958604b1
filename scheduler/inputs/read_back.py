"""A schedule read back from its workbook, and every place where the workbook's two views of
it disagree.

A workbook holds a schedule twice: the Assignments table (one row per resident-week, what
``check`` reads by default) and the Schedule grid (what a chief resident edits by hand).
The sheet asked for must be readable (else an :class:`~scheduler.domain.InputError`); the
other one, if the workbook has it, is compared with it, and a difference, or an unreadable
other sheet, is reported rather than a reason to leave the first unchecked.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from scheduler.domain import InputError, Program, Schedule, Sheet
from scheduler.inputs.grid import differences, read_grid
from scheduler.inputs.schedule_file import GRID, SHEET, read_schedule, sheet_names


@dataclass(frozen=True)
class ReadBack:
    """The schedule as the sheet asked for holds it, and where the other sheet disagrees."""

    schedule: Schedule
    mismatches: list[str]
    sheet: Sheet


def read_back(program: Program, workbook: Path, sheet: Sheet = Sheet.ASSIGNMENTS) -> ReadBack:
    """The schedule in ``sheet`` of ``workbook``, compared with the other sheet."""
    sheets = sheet_names(workbook)
    if sheet == Sheet.SCHEDULE:
        grid = read_grid(workbook, program)
        if SHEET not in sheets:
            return ReadBack(grid.schedule, [], sheet)
        try:
            table = read_schedule(workbook, program)
        except InputError as error:
            return ReadBack(
                grid.schedule, [f"the Assignments sheet could not be read: {error}"], sheet
            )
        # the grid holds no clinic sites: those the schedule chose are in the table
        found = replace(grid.schedule, sites=table.sites)
        return ReadBack(found, differences(program, table, grid), sheet)
    table = read_schedule(workbook, program)
    if GRID not in sheets:
        return ReadBack(table, [], sheet)
    try:
        grid = read_grid(workbook, program)
    except InputError as error:
        return ReadBack(table, [f"the Schedule grid could not be read: {error}"], sheet)
    return ReadBack(table, differences(program, table, grid), sheet)
