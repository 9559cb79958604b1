"""The history table a program names: weeks each resident spent on a rotation (or in a
category) in earlier years, for requirements over training."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from scheduler.domain import InputError
from scheduler.inputs.places import RosterRow, field_hint
from scheduler.inputs.tables import check_header, check_width, clean, read_table, side_file

HISTORY_REQUIRED = ("resident", "weeks")
HISTORY_COLUMNS = ("resident", "rotation", "category", "weeks")


@dataclass(frozen=True)
class HistorySource:
    """Prior weeks read from a table, one entry per row, and where each row is."""

    file: str
    rows: list[dict[str, Any]]
    origins: list[RosterRow]

    def error(self, exc: ValidationError) -> InputError | None:
        """The first error if it is in the history, named by row and column."""
        error = exc.errors(include_url=False)[0]
        loc = tuple(error["loc"])
        context = error.get("ctx") or {}
        if error["type"] == "reference":
            loc = loc + tuple(context["loc"])
        if len(loc) < 2 or loc[0] != "history" or not isinstance(loc[1], int):
            return None
        problem = context.get("message") or error["msg"].removeprefix("Value error, ")
        fix = context.get("fix") or field_hint(loc)
        column = str(loc[2]) if len(loc) > 2 else None
        return InputError(self.file, self.origins[loc[1]].place(column), problem, fix)


def read_history(program_path: Path, name: str) -> HistorySource:
    """A history table (CSV, or an XLSX sheet named History): resident, rotation or
    category, weeks in earlier years."""
    path = side_file(program_path, "history", name, ".csv or .xlsx")
    table, sheet = read_table(path, "history", "History")
    if not table:
        raise InputError(
            str(path),
            "",
            "the history table is empty",
            f"add a header row: {', '.join(HISTORY_COLUMNS)}",
        )
    header = [str(cell).strip().lower() if cell is not None else "" for cell in table[0]]
    check_header(path, sheet, header, HISTORY_REQUIRED, HISTORY_COLUMNS)
    rows: list[dict[str, Any]] = []
    origins: list[RosterRow] = []
    for number, values in enumerate(table[1:], start=2):
        origin = RosterRow(str(path), sheet, number)
        check_width(origin, header, values)
        cells = {column: clean(v) for column, v in zip(header, values, strict=False) if column}
        cells = {column: value for column, value in cells.items() if value is not None}
        if cells:
            rows.append(cells)
            origins.append(origin)
    return HistorySource(str(path), rows, origins)
