"""The requests file a program names: YAML (sections vacation, unavailable,
preferences), or a table (CSV, or an XLSX sheet named Requests) with one request per row.
An error in it names that file and the field, or the row and column."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scheduler.domain import InputError
from scheduler.inputs.places import RosterRow, format_loc
from scheduler.inputs.tables import check_header, check_width, clean, read_table, side_file
from scheduler.inputs.yaml_file import read_yaml

#: Columns of a requests table (CSV, or a sheet named Requests): one request per row.
REQUEST_COLUMNS = (
    "resident",
    "kind",
    "weeks",
    "start",
    "end",
    "priority",
    "hard",
    "rotation",
    "site",
    "rank",
    "note",
)
REQUEST_KINDS = ("vacation", "unavailable", "elective", "avoid", "site")
#: The preference list each ranked kind of row goes to, and the column that names it.
RANKED = {
    "elective": ("electives", "rotation"),
    "avoid": ("avoid", "rotation"),
    "site": ("sites", "site"),
}


@dataclass(frozen=True)
class RequestSource:
    """Requests read from their own file, and where each came from, so that an error in
    one points at that file (and, for a table, its row and column)."""

    file: str
    data: dict[str, Any]
    #: for a table: (section, index) -> its row; (preferences, i, field, j) -> the row of that choice
    rows: dict[tuple[Any, ...], RosterRow]

    def error(self, loc: tuple[Any, ...], problem: str, fix: str) -> InputError:
        if not self.rows:
            return InputError(self.file, format_loc(loc) or "top level", problem, fix)
        for size in (4, 2):
            origin = self.rows.get(tuple(loc[:size]))
            if origin is not None:
                field = loc[size] if len(loc) > size and isinstance(loc[size], str) else None
                column = (
                    ("site" if loc[2] == "sites" else "rotation")
                    if size == 4
                    else _request_column(field)
                )
                return InputError(self.file, origin.place(column), problem, fix)
        return InputError(self.file, "", problem, fix)


def _request_column(field: str | None) -> str | None:
    if field is None:
        return None
    return field if field in REQUEST_COLUMNS else "rotation" if field == "duties" else None


def read_requests(program_path: Path, name: str) -> RequestSource:
    """The requests file a program names: YAML (sections vacation, unavailable,
    preferences), or a table (CSV, or an XLSX sheet named Requests) with one row each."""
    path = side_file(program_path, "requests", name, ".yaml, .csv or .xlsx")
    if path.suffix.lower() in (".yaml", ".yml"):
        data = read_yaml(path, what="requests")
        return RequestSource(str(path), data, {})
    table, sheet = read_table(path, "requests file", "Requests")
    return _requests_from_table(path, table, sheet)


#: One ranked choice as read: (rank, row number, the rotation or site id, its row)
Choice = tuple[Any, int, str, RosterRow]


def _requests_from_table(path: Path, table: list[list[Any]], sheet: str | None) -> RequestSource:
    if not table:
        raise InputError(
            str(path),
            "",
            "the requests table is empty",
            f"add a header row: {', '.join(REQUEST_COLUMNS)}",
        )
    header = [str(cell).strip().lower() if cell is not None else "" for cell in table[0]]
    check_header(path, sheet, header, ("resident", "kind"), REQUEST_COLUMNS)
    sections: dict[str, list[dict[str, Any]]] = {"vacation": [], "unavailable": []}
    choices: dict[str, dict[str, list[Choice]]] = {}
    rows: dict[tuple[Any, ...], RosterRow] = {}
    for number, values in enumerate(table[1:], start=2):
        origin = RosterRow(str(path), sheet, number)
        check_width(origin, header, values)
        cells = {name: clean(v) for name, v in zip(header, values, strict=False) if name}
        cells = {name: value for name, value in cells.items() if value is not None}
        if not cells:
            continue
        kind = _kind(path, origin, cells)
        if kind in sections:
            _no_cells(origin, cells, ("rotation", "site", "rank"), kind)
            rows[(kind, len(sections[kind]))] = origin
            sections[kind].append(cells)
            continue
        resident, field, choice = _ranked_choice(path, origin, cells, kind, number)
        choices.setdefault(resident, {"electives": [], "avoid": [], "sites": []})[field].append(
            choice
        )
    preferences = _preferences(choices, rows)
    return RequestSource(str(path), {**sections, "preferences": preferences}, rows)


def _kind(path: Path, origin: RosterRow, cells: dict[str, Any]) -> str:
    kind = str(cells.pop("kind", "")).lower()
    if kind not in REQUEST_KINDS:
        raise InputError(
            str(path),
            origin.place("kind"),
            f"kind '{kind}' is not a kind of request" if kind else "no kind",
            f"write one of {', '.join(REQUEST_KINDS)}",
        )
    return kind


def _ranked_choice(
    path: Path, origin: RosterRow, cells: dict[str, Any], kind: str, number: int
) -> tuple[str, str, Choice]:
    """A row ranking an elective, a rotation to avoid or a site: whose, which list, the choice."""
    field, column = RANKED[kind]
    other = "site" if column == "rotation" else "rotation"
    _no_cells(origin, cells, ("weeks", "start", "end", "priority", "hard", other), kind)
    if column not in cells:
        raise InputError(
            str(path),
            origin.place(column),
            f"a{'n' if kind[0] in 'aeiou' else ''} {kind} row with no {column}",
            f"name the {column}'s id",
        )
    rank = cells.get("rank", 10**6)
    if isinstance(rank, str) and rank.isdigit():
        rank = int(rank)
    if not isinstance(rank, int) or isinstance(rank, bool) or rank < 1:
        raise InputError(
            str(path),
            origin.place("rank"),
            f"rank '{rank}' is not a whole number from 1",
            "write 1 for a first choice",
        )
    return str(cells.get("resident", "")), field, (rank, number, str(cells[column]), origin)


def _preferences(
    choices: dict[str, dict[str, list[Choice]]], rows: dict[tuple[Any, ...], RosterRow]
) -> list[dict[str, Any]]:
    """One preference entry per resident, each list by rank (then row), and each choice's
    row recorded for the messages."""
    preferences = []
    for i, (resident, fields) in enumerate(choices.items()):
        entry: dict[str, Any] = {"resident": resident}
        for field, listed in fields.items():
            listed.sort(key=lambda item: (item[0], item[1]))
            entry[field] = [rotation for _, _, rotation, _ in listed]
            for j, (_, _, _, origin) in enumerate(listed):
                rows[("preferences", i, field, j)] = origin
        first = min((o for f in fields.values() for *_, o in f), key=lambda o: o.row)
        rows[("preferences", i)] = first
        preferences.append(entry)
    return preferences


def _no_cells(
    origin: RosterRow, cells: dict[str, Any], columns: tuple[str, ...], kind: str
) -> None:
    """A cell that the row's kind does not use is a mistake (a shifted row), not ignored."""
    for column in columns:
        if column in cells:
            raise InputError(
                origin.file,
                origin.place(column),
                f"a {kind} row has no use for {column} ('{cells[column]}')",
                "leave that cell empty, or check the row's kind",
            )
