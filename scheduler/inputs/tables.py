"""Tables a user hands in (CSV, or a sheet of an .xlsx), read without trusting them: the
roster, the requests table and the history table share this. Headers are checked column
by column, a cell beyond the header's last column is an error (a shifted row), and every
cell is cleaned the same way."""

from __future__ import annotations

import csv
import warnings
from pathlib import Path
from typing import Any

from scheduler.domain import InputError
from scheduler.inputs.places import RosterRow
from scheduler.inputs.sheets import bounded_rows


def read_table(path: Path, what: str, sheet_name: str) -> tuple[list[list[Any]], str | None]:
    """The cells of a CSV file, or of an XLSX file's sheet ``sheet_name`` (else its first),
    and the sheet's name (None for CSV)."""
    if path.suffix.lower() == ".csv":
        return csv_table(path, what), None
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return xlsx_table(path, sheet_name)
    raise InputError(
        str(path),
        "",
        f"{what} must be .csv or .xlsx, not '{path.suffix}'",
        f"export the {what} as CSV",
    )


def csv_table(path: Path, what: str) -> list[list[Any]]:
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.reader(handle)
            return list(reader)
    except csv.Error as exc:  # a field over the csv module's limit, a NUL byte
        raise InputError(
            str(path),
            f"row {reader.line_num}",
            f"not a readable CSV row ({exc})",
            f"fix that row; a {what}'s cells are short",
        ) from None
    except UnicodeDecodeError as exc:
        raise InputError(
            str(path),
            f"byte {exc.start}",
            "not UTF-8 text",
            f"save the {what} as 'CSV UTF-8' (Excel: File > Save As)",
        ) from None


#: Rows of a roster sheet read at most (the header and 20,000 residents).
MOST_ROSTER_ROWS = 20_001


def xlsx_table(path: Path, sheet_name: str) -> tuple[list[list[Any]], str]:
    from openpyxl import load_workbook

    try:
        with warnings.catch_warnings():  # openpyxl's warnings would add lines to the one
            warnings.simplefilter("ignore")
            workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a damaged file
        raise InputError(
            str(path),
            "",
            f"cannot open as an Excel workbook ({type(exc).__name__})",
            "re-save it as .xlsx",
        ) from None
    if not workbook.worksheets:  # a workbook part missing: openpyxl lists no sheet at all
        workbook.close()
        raise InputError(str(path), "", "the workbook has no sheet to read", "re-save it as .xlsx")
    sheet = workbook[sheet_name] if sheet_name in workbook.sheetnames else workbook.worksheets[0]
    try:
        table = [list(row) for row in bounded_rows(str(path), sheet, max_row=MOST_ROSTER_ROWS)]
    finally:
        workbook.close()
    return table, sheet.title


def clean(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def check_header(
    path: Path,
    sheet: str | None,
    header: list[str],
    required: tuple[str, ...],
    known: tuple[str, ...],
) -> None:
    """Every required column once, and no column the engine does not know."""
    place = RosterRow(str(path), sheet, 1).place(None)
    missing = [column for column in required if column not in header]
    if missing:
        optional = [column for column in known if column not in required]
        raise InputError(
            str(path),
            place,
            f"missing column{'s' if len(missing) > 1 else ''} {', '.join(missing)}",
            f"the header needs {', '.join(required)} (optional: {', '.join(optional)})",
        )
    unknown = [column for column in header if column and column not in known]
    if unknown:
        raise InputError(
            str(path),
            place,
            f"unknown column '{unknown[0]}'",
            f"use only {', '.join(known)}",
        )
    for i, column in enumerate(header):
        if column and column in header[:i]:
            # one of the two would silently win, and its empty cells read as missing values
            first = header.index(column)
            raise InputError(
                str(path),
                place,
                f"column '{column}' appears twice (columns {first + 1} and {i + 1})",
                "keep one of them",
            )


def check_width(origin: RosterRow, header: list[str], values: list[Any]) -> None:
    """A value to the right of the header's last column belongs to no column: in a CSV it
    is usually a shifted row (an unquoted comma), so it is an error, not silently dropped.
    (An XLSX roster is read only as wide as its header.)"""
    extra = next((v for v in values[len(header) :] if clean(v) is not None), None)
    if extra is not None:
        raise InputError(
            origin.file,
            origin.place(None),
            f"{len(values)} cells, but the header names {len(header)} columns: '{extra}' is in "
            "no column",
            "quote a value that holds a comma, or delete the extra cell",
        )


def side_file(program_path: Path, key: str, name: str, kinds: str) -> Path:
    """The file the program's ``key`` names, relative to the program; it must exist."""
    path = program_path.parent / name
    if path.is_dir() or not path.is_file():
        raise InputError(
            str(program_path),
            key,
            f"{key} file '{name}' {'is a folder' if path.is_dir() else 'not found'}",
            f"give the path of a {kinds} file, relative to the program file",
        )
    return path
