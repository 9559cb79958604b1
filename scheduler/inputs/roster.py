"""The roster: one row per resident (CSV or XLSX, its first sheet or one named Roster)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from scheduler.domain import InputError, Resident
from scheduler.inputs.places import RosterRow
from scheduler.inputs.tables import check_header, check_width, clean, read_table

ROSTER_REQUIRED = ("id", "name", "pgy", "track")
ROSTER_COLUMNS = tuple(Resident.model_fields)


def read_roster(path: Path) -> tuple[list[dict[str, Any]], list[RosterRow]]:
    """Rows of a CSV or XLSX roster as dicts, with their positions for error messages."""
    table, sheet = read_table(path, "roster", "Roster")
    if not table:
        raise InputError(
            str(path),
            f"sheet {sheet}" if sheet else "",
            "roster is empty",
            f"add a header row: {', '.join(ROSTER_COLUMNS)}"
            + (" (the roster is read from a sheet named Roster, else the first)" if sheet else ""),
        )
    header = [str(cell).strip().lower() if cell is not None else "" for cell in table[0]]
    check_header(path, sheet, header, ROSTER_REQUIRED, ROSTER_COLUMNS)
    rows: list[dict[str, Any]] = []
    origins: list[RosterRow] = []
    for number, values in enumerate(table[1:], start=2):
        origin = RosterRow(str(path), sheet, number)
        check_width(origin, header, values)
        cells = {name: clean(value) for name, value in zip(header, values, strict=False) if name}
        if all(value is None for value in cells.values()):
            continue
        rows.append({name: value for name, value in cells.items() if value is not None})
        origins.append(origin)
    if not rows:
        raise InputError(
            str(path),
            RosterRow(str(path), sheet, 2).place(None),
            "the roster lists no residents",
            "add a row for each resident under the header row",
        )
    return rows, origins
