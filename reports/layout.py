"""What every sheet shares: colours, fills and fonts, a rotation's colour, the landscape
print setup, and a table written as a sheet with its header, filters and widths."""

from __future__ import annotations

from typing import Any

import pandas as pd
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from scheduler.domain import Rotation

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


def colour(rotation: Rotation | None) -> str:
    if rotation is None:
        return "FFFFFF"
    if rotation.color:
        return rotation.color
    if rotation.phase == "Y":
        return CLINIC_COLOUR  # the template's clinic weeks stand out from X-phase electives
    return CATEGORY_COLOURS[rotation.category]


def print_landscape(
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


def write_frame(
    sheet: Worksheet, frame: pd.DataFrame, *, formats: dict[str, str] | None = None
) -> None:
    """Header row plus one row per record, with filters, a frozen header and fitted widths."""
    formats = formats or {}
    columns = list(frame.columns)
    sheet.append(columns)
    for values in frame.itertuples(index=False):
        sheet.append([plain(value) for value in values])
    for col, name in enumerate(columns, start=1):
        header = sheet.cell(1, col)
        header.font = WHITE_BOLD
        header.fill = HEADER
        sheet.column_dimensions[get_column_letter(col)].width = max(10, min(40, len(str(name)) + 2))
        if name in formats:
            for row in range(2, len(frame) + 2):
                sheet.cell(row, col).number_format = formats[name]
    sheet.freeze_panes = "A2"
    print_landscape(sheet, title_rows="1:1")
    if len(frame):
        sheet.auto_filter.ref = sheet.dimensions


def verdict(value: Any) -> bool | None:
    """A verdict cell of a table as True, False or None (not judged)."""
    return None if value is None or pd.isna(value) else bool(value)


def whole(value: Any) -> int:
    """A pandas or numpy scalar as a plain int."""
    return int(value)


def plain(value: Any) -> Any:
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


def verdict_fill(cell: Cell, verdict: Any) -> None:
    """Green or red by the validator's verdict; no fill where it judged nothing."""
    if verdict is None or pd.isna(verdict):
        return
    cell.fill = GOOD if bool(verdict) else BAD
