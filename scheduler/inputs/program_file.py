"""Read a program YAML file (and its roster) into a validated :class:`Program`.

Every failure becomes an :class:`InputError` whose one-line message names the file, the
place in it (field path, or sheet/row/column of a roster) and how to fix it. Nothing here
prints or exits; the CLI decides that.
"""

from __future__ import annotations

import csv
import re
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from scheduler.domain import InputError, Program, Resident
from scheduler.inputs.sheets import bounded_rows

ROSTER_REQUIRED = ("id", "name", "pgy", "track")
ROSTER_COLUMNS = tuple(Resident.model_fields)


@dataclass(frozen=True)
class RosterRow:
    """Where a resident came from, to point errors at the right line of the roster."""

    file: str
    sheet: str | None
    row: int

    def place(self, column: str | None) -> str:
        sheet = f"sheet {self.sheet}, " if self.sheet else ""
        col = f", column {column}" if column else ""
        return f"{sheet}row {self.row}{col}"


def load_program(path: str | Path) -> Program:
    """Load and validate a program file; raise :class:`InputError` on any problem."""
    path = Path(path)
    return program_from_data(read_yaml(path), path)


def program_from_data(data: dict[str, Any], path: Path) -> Program:
    """Validate a program's settings as read from ``path`` (its roster, requests and history
    files are relative to it unless given as absolute paths)."""
    origins: list[RosterRow] = []
    if isinstance(data.get("roster"), str):
        try:
            roster_path = (path.parent / data["roster"]).resolve()
        except (OSError, RuntimeError):  # a symlink loop
            roster_path = path.parent / data["roster"]
        if roster_path.is_dir():
            raise InputError(
                str(path),
                "roster",
                f"roster '{data['roster']}' is a folder",
                "give the path of the roster's .csv or .xlsx file, relative to the program file",
            )
        if not roster_path.is_file():
            raise InputError(
                str(path),
                "roster",
                f"roster file '{data['roster']}' not found",
                "give a path relative to the program file",
            )
        rows, origins = read_roster(roster_path)
        if data.get("residents"):
            raise InputError(
                str(path), "residents", "both a roster file and inline residents", "keep only one"
            )
        data = {**data, "residents": rows}
    requests: RequestSource | None = None
    if isinstance(data.get("requests"), str):
        requests = read_requests(path, data["requests"])
        data = {**data, "requests": requests.data}
    history: HistorySource | None = None
    if isinstance(data.get("history"), str):
        history = read_history(path, data["history"])
        data = {**data, "history": history.rows}
    try:
        return Program.model_validate(data)
    except ValidationError as exc:
        if history is not None:
            error = history.error(exc)
            if error is not None:
                raise error from None
        raise _explain(exc, path, origins, requests) from None


def input_files(path: Path) -> list[Path]:
    """The files a (loadable) program is read from: its YAML, its roster and its requests."""
    data = read_yaml(path)
    return [path] + [
        path.parent / data[key]
        for key in ("roster", "requests", "history")
        if isinstance(data.get(key), str)
    ]


class _StrictLoader(yaml.SafeLoader):
    """Safe YAML that rejects repeated keys and leaves dates as text for pydantic to check.

    PyYAML would silently keep the last of two equal keys, and turns ``2026-02-30`` into a
    bare ValueError with no position; both become clear errors this way.
    """

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[Any, yaml.Node] = {}
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue  # '<<: *anchor' merges keys, which the mapping's own keys override
            key = self.construct_object(key_node, deep=deep)
            if not isinstance(key, str | int | float | bool | type(None)):
                raise yaml.constructor.ConstructorError(
                    None, None, "a key that is a list or a mapping", key_node.start_mark
                )
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"key '{key}' appears twice in one mapping", key_node.start_mark
                )
            seen[key] = key_node
        return super().construct_mapping(node, deep=deep)


_StrictLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def read_yaml(path: Path, what: str = "program") -> dict[str, Any]:
    if path.is_dir():
        raise InputError(
            str(path),
            "",
            f"is a folder, not a {what} file",
            f"give the path of the {what} .yaml file",
        )
    if not path.is_file():
        raise InputError(str(path), "", "file not found", "check the path")
    try:
        text = path.read_text(encoding="utf-8")
        data = yaml.load(text, Loader=_StrictLoader)
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow (NUL, say)
        line = text.count("\n", 0, exc.position) + 1
        raise InputError(
            str(path),
            f"line {line}",
            f"the character U+{exc.character:04X} is not allowed in YAML"
            if isinstance(exc.character, int)
            else "a character that is not allowed in YAML",
            "delete it (retype the line if the character is not visible)",
        ) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        place = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or "not valid YAML"
        raise InputError(
            str(path),
            place,
            f"YAML syntax error: {problem}{_yaml_context(exc)}",
            "fix the indentation or quoting there",
        ) from None
    except UnicodeDecodeError:
        raise InputError(str(path), "", "not a UTF-8 text file", "save it as UTF-8 YAML") from None
    except RecursionError:
        raise InputError(
            str(path), "", "nested too deeply to read", "a program needs a few levels at most"
        ) from None
    except (ValueError, TypeError) as exc:  # e.g. '!!int abc': a tag whose value is not one
        raise InputError(
            str(path), "", f"a value YAML cannot read ({exc})", "remove the '!!' tag there"
        ) from None
    if not isinstance(data, dict):
        start = "name: ..." if what == "program" else "vacation: [...]"
        raise InputError(
            str(path), "", f"expected a mapping of {what} settings", f"start with '{start}'"
        )
    return data


def _yaml_context(exc: yaml.YAMLError) -> str:
    """Where the construct the parser was in began, when that is on another line: an
    unclosed bracket or quote is noticed lines later, but it is on the line it began."""
    mark = getattr(exc, "problem_mark", None)
    start = getattr(exc, "context_mark", None)
    context = re.match(r"while (?:parsing|scanning) an? (.+)", str(getattr(exc, "context", "")))
    if mark is None or start is None or context is None or start.line == mark.line:
        return ""
    return f" (in the {context.group(1)} that starts on line {start.line + 1})"


def read_table(path: Path, what: str, sheet_name: str) -> tuple[list[list[Any]], str | None]:
    """The cells of a CSV file, or of an XLSX file's sheet ``sheet_name`` (else its first),
    and the sheet's name (None for CSV)."""
    if path.suffix.lower() == ".csv":
        return _csv_table(path, what), None
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return _xlsx_table(path, sheet_name)
    raise InputError(
        str(path),
        "",
        f"{what} must be .csv or .xlsx, not '{path.suffix}'",
        f"export the {what} as CSV",
    )


def _csv_table(path: Path, what: str) -> list[list[Any]]:
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
    _check_header(path, sheet, header)
    rows: list[dict[str, Any]] = []
    origins: list[RosterRow] = []
    for number, values in enumerate(table[1:], start=2):
        origin = RosterRow(str(path), sheet, number)
        _check_width(origin, header, values)
        cells = {name: _clean(value) for name, value in zip(header, values, strict=False) if name}
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


def _check_header(
    path: Path,
    sheet: str | None,
    header: list[str],
    required: tuple[str, ...] = ROSTER_REQUIRED,
    known: tuple[str, ...] = ROSTER_COLUMNS,
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


def _check_width(origin: RosterRow, header: list[str], values: list[Any]) -> None:
    """A value to the right of the header's last column belongs to no column: in a CSV it
    is usually a shifted row (an unquoted comma), so it is an error, not silently dropped.
    (An XLSX roster is read only as wide as its header.)"""
    extra = next((v for v in values[len(header) :] if _clean(v) is not None), None)
    if extra is not None:
        raise InputError(
            origin.file,
            origin.place(None),
            f"{len(values)} cells, but the header names {len(header)} columns: '{extra}' is in "
            "no column",
            "quote a value that holds a comma, or delete the extra cell",
        )


#: Rows of a roster sheet read at most (the header and 20,000 residents).
MOST_ROSTER_ROWS = 20_001


def _xlsx_table(path: Path, sheet_name: str) -> tuple[list[list[Any]], str]:
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


def _clean(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def _explain(
    exc: ValidationError,
    path: Path,
    origins: list[RosterRow],
    requests: RequestSource | None = None,
) -> InputError:
    """Turn pydantic's first error into a one-line message pointing at the right place."""
    error = exc.errors(include_url=False)[0]
    context = error.get("ctx") or {}
    if error["type"] == "reference":
        # the error's own loc leads to the model that raised it; ctx's loc goes on from there
        loc = tuple(error["loc"]) + tuple(context["loc"])
        problem, fix = context["message"], context["fix"]
    elif "fix" in context:  # an error that knows its own fix (e.g. a character in a text)
        loc = tuple(error["loc"])
        problem, fix = context["message"], context["fix"]
    else:
        loc = tuple(error["loc"])
        problem = error["msg"].removeprefix("Value error, ")
        fix = _field_hint(loc)
    if origins and len(loc) >= 2 and loc[0] == "residents" and isinstance(loc[1], int):
        origin = origins[loc[1]]
        column = str(loc[2]) if len(loc) > 2 else None
        problem = re.sub(
            r"residents\[(\d+)\]", lambda m: f"row {origins[int(m.group(1))].row}", problem
        )
        return InputError(origin.file, origin.place(column), problem, fix)
    if requests is not None and len(loc) > 1 and loc[0] == "requests":
        return requests.error(loc[1:], problem, fix)
    return InputError(str(path), format_loc(loc) or "top level", problem, fix)


def format_loc(loc: tuple[Any, ...]) -> str:
    """('pins', 2, 'rotation') -> 'pins[2].rotation'."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        elif str(part).startswith(("function-", "tagged-union")):
            continue
        else:
            text += f".{part}" if text else str(part)
    return text


def _field_hint(loc: tuple[Any, ...]) -> str:
    """The description of the field at ``loc``, which says what a valid value looks like."""
    model: Any = Program
    field = None
    for part in loc:
        if isinstance(part, int) or model is None:
            continue
        fields = getattr(model, "model_fields", {})
        if part not in fields:
            if part in ("min", "max", "first", "last"):
                break
            return "remove or rename the key" if len(fields) else ""
        field = fields[part]
        model = _inner_model(field.annotation)
    if field is None or not field.description:
        return ""
    return f"expected {field.description}"


def _inner_model(annotation: Any) -> Any:
    from typing import get_args

    from pydantic import BaseModel

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


# --------------------------------------------------------------------------- requests

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


def _side_file(program_path: Path, key: str, name: str, kinds: str) -> Path:
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


def read_requests(program_path: Path, name: str) -> RequestSource:
    """The requests file a program names: YAML (sections vacation, unavailable,
    preferences), or a table (CSV, or an XLSX sheet named Requests) with one row each."""
    path = _side_file(program_path, "requests", name, ".yaml, .csv or .xlsx")
    if path.suffix.lower() in (".yaml", ".yml"):
        data = read_yaml(path, what="requests")
        return RequestSource(str(path), data, {})
    table, sheet = read_table(path, "requests file", "Requests")
    return _requests_from_table(path, table, sheet)


def _requests_from_table(path: Path, table: list[list[Any]], sheet: str | None) -> RequestSource:
    if not table:
        raise InputError(
            str(path),
            "",
            "the requests table is empty",
            f"add a header row: {', '.join(REQUEST_COLUMNS)}",
        )
    header = [str(cell).strip().lower() if cell is not None else "" for cell in table[0]]
    _check_header(path, sheet, header, ("resident", "kind"), REQUEST_COLUMNS)
    sections: dict[str, list[dict[str, Any]]] = {"vacation": [], "unavailable": []}
    choices: dict[str, dict[str, list[tuple[Any, int, str, RosterRow]]]] = {}
    rows: dict[tuple[Any, ...], RosterRow] = {}
    for number, values in enumerate(table[1:], start=2):
        origin = RosterRow(str(path), sheet, number)
        _check_width(origin, header, values)
        cells = {name: _clean(v) for name, v in zip(header, values, strict=False) if name}
        cells = {name: value for name, value in cells.items() if value is not None}
        if not cells:
            continue
        kind = str(cells.pop("kind", "")).lower()
        if kind not in REQUEST_KINDS:
            raise InputError(
                str(path),
                origin.place("kind"),
                f"kind '{kind}' is not a kind of request" if kind else "no kind",
                f"write one of {', '.join(REQUEST_KINDS)}",
            )
        if kind in sections:
            _no_cells(origin, cells, ("rotation", "site", "rank"), kind)
            rows[(kind, len(sections[kind]))] = origin
            sections[kind].append(cells)
            continue
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
        resident = str(cells.get("resident", ""))
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
        choices.setdefault(resident, {"electives": [], "avoid": [], "sites": []})[field].append(
            (rank, number, str(cells[column]), origin)
        )
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
    return RequestSource(str(path), {**sections, "preferences": preferences}, rows)


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


# --------------------------------------------------------------------------- history

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
        fix = context.get("fix") or _field_hint(loc)
        column = str(loc[2]) if len(loc) > 2 else None
        return InputError(self.file, self.origins[loc[1]].place(column), problem, fix)


def read_history(program_path: Path, name: str) -> HistorySource:
    """A history table (CSV, or an XLSX sheet named History): resident, rotation or
    category, weeks in earlier years."""
    path = _side_file(program_path, "history", name, ".csv or .xlsx")
    table, sheet = read_table(path, "history", "History")
    if not table:
        raise InputError(
            str(path),
            "",
            "the history table is empty",
            f"add a header row: {', '.join(HISTORY_COLUMNS)}",
        )
    header = [str(cell).strip().lower() if cell is not None else "" for cell in table[0]]
    _check_header(path, sheet, header, HISTORY_REQUIRED, HISTORY_COLUMNS)
    rows: list[dict[str, Any]] = []
    origins: list[RosterRow] = []
    for number, values in enumerate(table[1:], start=2):
        origin = RosterRow(str(path), sheet, number)
        _check_width(origin, header, values)
        cells = {column: _clean(v) for column, v in zip(header, values, strict=False) if column}
        cells = {column: value for column, value in cells.items() if value is not None}
        if cells:
            rows.append(cells)
            origins.append(origin)
    return HistorySource(str(path), rows, origins)
