"""Read a program YAML file (and its roster) into a validated :class:`Program`.

Every failure becomes an :class:`InputError` whose one-line message names the file, the
place in it (field path, or sheet/row/column of a roster) and how to fix it. Nothing here
prints or exits; the CLI decides that.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import ValidationError

from scheduler.domain import InputError, Program
from scheduler.inputs.history_file import HistorySource, read_history
from scheduler.inputs.messages import explain_error
from scheduler.inputs.places import RosterRow
from scheduler.inputs.requests_file import RequestSource, read_requests
from scheduler.inputs.roster import read_roster
from scheduler.inputs.yaml_file import read_yaml


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
        raise explain_error(exc, path, origins, requests) from None


def input_files(path: Path) -> list[Path]:
    """The files a (loadable) program is read from: its YAML, its roster and its requests."""
    data = read_yaml(path)
    return [path] + [
        path.parent / data[key]
        for key in ("roster", "requests", "history")
        if isinstance(data.get(key), str)
    ]
