"""Scenario files: a program director's "what if" as a few lines over a base program.

A scenario file names a base program and the settings it changes::

    scenario: 4+1                    # the name shown in comparisons (default: the file name)
    base: ../program.yaml            # optional when `compare` is given the base
    overrides:
      templates:
        - {id: three_plus_two, x_weeks: 4, y_weeks: 1}

The overrides are laid over the base program's YAML before it is validated, so a scenario
is checked exactly as a program is, and every command that takes a program takes a
scenario file too (``solve``, ``check`` and ``explain`` of one scenario). How settings
combine: a mapping's keys are combined one by one; a list whose items all have an ``id``
(templates, tracks, rotations, clinic sites) is combined item by item (an item with a new
``id`` is added, ``remove: true`` drops one); any other list or value is replaced; ``null``
removes a setting. Roster, requests and history files named in the overrides are read
relative to the scenario file; the base's, relative to the base.

A file with none of these keys is a whole program, and is loaded as one.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scheduler.errors import InputError
from scheduler.loading import input_files, load_program, program_from_data, read_yaml
from scheduler.problem import Program

#: The settings a scenario file may hold (a program file holds none of them).
SCENARIO_KEYS = ("scenario", "base", "overrides", "description")
#: Program settings that name another file, relative to the file that names them.
SIDE_FILES = ("roster", "requests", "history")


@dataclass(frozen=True)
class Scenario:
    """A program to solve and compare, with where it came from."""

    name: str
    path: Path
    program: Program
    #: every file it was read from (the scenario, its base, their rosters and requests)
    files: tuple[Path, ...]
    #: the base program a scenario file changes (None for a whole program)
    base: Path | None = None
    description: str = ""
    #: the overrides as written, to show what the scenario changes
    overrides: dict[str, Any] | None = None


def is_scenario(data: dict[str, Any]) -> bool:
    """Whether settings read from a file are a scenario (rather than a whole program)."""
    return any(key in data for key in ("base", "overrides", "scenario"))


def load_scenario(path: str | Path, base: Path | None = None) -> Scenario:
    """Load a scenario file laid over its base (its own ``base:``, else ``base``), or a
    whole program file; raise :class:`InputError` on any problem."""
    path = Path(path)
    data = read_yaml(path, what="program or scenario")
    if not is_scenario(data):
        program = load_program(path)
        return Scenario(program.name, path, program, tuple(input_files(path)))
    _check_keys(path, data)
    base_path = _base_path(path, data, base)
    base_data = read_yaml(base_path)
    if is_scenario(base_data):
        raise InputError(
            str(path),
            "base",
            f"the base '{base_path}' is itself a scenario",
            "name a whole program file as the base (scenarios do not build on scenarios)",
        )
    overrides = data.get("overrides") or {}
    if not isinstance(overrides, dict):
        raise InputError(
            str(path),
            "overrides",
            "overrides must be a mapping of program settings",
            "write them as 'overrides:' followed by indented settings, as in a program file",
        )
    try:
        merged = combine(_anchored(base_data, base_path), _anchored(overrides, path), "overrides")
    except InputError as error:
        raise InputError(str(path), error.place, error.problem, error.fix) from None
    program = program_from_data(merged, path)
    files = [path, base_path] + [
        Path(merged[key]) for key in SIDE_FILES if _names_file(merged, key)
    ]
    name = str(data.get("scenario") or path.stem)
    return Scenario(
        name,
        path,
        program,
        tuple(files),
        base=base_path,
        description=str(data.get("description") or ""),
        overrides=overrides,
    )


def load_any(path: str | Path) -> Program:
    """The program a file describes, whether a program file or a scenario naming its base."""
    return load_scenario(path).program


def files_of(path: Path) -> list[Path]:
    """The files a program or scenario is read from (the scenario's base included)."""
    return list(load_scenario(path).files)


def _check_keys(path: Path, data: dict[str, Any]) -> None:
    for key in data:
        if key not in SCENARIO_KEYS:
            raise InputError(
                str(path),
                str(key),
                f"'{key}' is not a scenario setting",
                f"a scenario holds {', '.join(SCENARIO_KEYS)}; put program settings under "
                "'overrides:'",
            )
    for key in ("scenario", "base", "description"):
        if key in data and not isinstance(data[key], str | int | float):
            raise InputError(str(path), key, f"{key} must be one line of text", "quote it")


def _base_path(path: Path, data: dict[str, Any], base: Path | None) -> Path:
    if data.get("base"):
        return path.parent / str(data["base"])
    if base is not None:
        return base
    raise InputError(
        str(path),
        "base",
        "the scenario names no base program",
        "add 'base: program.yaml' (relative to the scenario file), or give the base first to "
        "'compare'",
    )


def _names_file(data: dict[str, Any], key: str) -> bool:
    return isinstance(data.get(key), str)


def _anchored(data: dict[str, Any], origin: Path) -> dict[str, Any]:
    """``data`` with the files it names made absolute (they are relative to ``origin``)."""
    return {
        key: str((origin.parent / value).absolute())
        if key in SIDE_FILES and isinstance(value, str)
        else value
        for key, value in data.items()
    }


def combine(base: Any, change: Any, place: str) -> Any:
    """``change`` laid over ``base``: see the module docstring for how settings combine."""
    if isinstance(base, dict) and isinstance(change, dict):
        merged = dict(base)
        for key, value in change.items():
            if value is None:
                merged.pop(key, None)
            elif key in merged:
                merged[key] = combine(merged[key], value, f"{place}.{key}")
            else:
                merged[key] = value
        return merged
    if _by_id(base) and _by_id(change):
        return _combine_items(base, change, place)
    return change


def _by_id(value: Any) -> bool:
    return isinstance(value, list) and all(
        isinstance(item, dict) and "id" in item for item in value
    )


def _combine_items(base: list[dict[str, Any]], change: list[dict[str, Any]], place: str) -> Any:
    """Items combined by ``id``: changed where the id exists, added where it is new,
    dropped with ``remove: true``."""
    items = {str(item["id"]): dict(item) for item in base}
    for index, item in enumerate(change):
        key = str(item["id"])
        if item.get("remove") is True:
            if key not in items:
                raise InputError(
                    "",
                    f"{place}[{index}]",
                    f"there is no '{key}' to remove",
                    f"use one of the base's ids: {', '.join(items)}",
                )
            del items[key]
            continue
        update = {k: v for k, v in item.items() if k != "remove"}
        items[key] = combine(items[key], update, f"{place}[{index}]") if key in items else update
    return list(items.values())
