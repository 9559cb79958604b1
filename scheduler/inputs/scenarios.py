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
``id`` is added, ``remove: true`` drops one; an empty list replaces the base's); any other
list or value is replaced; ``null`` removes a setting. Roster, requests and history files
named in the overrides are read relative to the scenario file; the base's, relative to the
base.

The base must be a whole, valid program on its own (its errors name the base file); an
error that only the overrides cause names the scenario file and the place in its
``overrides:``.

A file with none of these keys is a whole program, and is loaded as one.
"""

from __future__ import annotations

import errno
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scheduler.domain import InputError, Program
from scheduler.inputs.overrides import (
    NOT_IN_A_LINE,
    SIDE_FILES,
    combine,
    escaped,
    names_file,
    shown,
    traced,
)
from scheduler.inputs.program_file import input_files, load_program, program_from_data
from scheduler.inputs.yaml_file import read_yaml

#: The settings a scenario file may hold (a program file holds none of them).
SCENARIO_KEYS = ("scenario", "base", "overrides", "description")
#: Longest scenario name: it heads a column of the comparison (and names a sheet).
MOST_NAME = 80
#: Longest description: one cell of the comparison's Scenarios sheet.
MOST_DESCRIPTION = 1000
#: Characters a workbook cannot hold (a newline or tab is also refused in a name).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_YAML_SUFFIXES = (".yaml", ".yml")
#: What to do when the file system refuses to look a path up, by its errno.
_LOOKUP_FIXES = {
    errno.ENAMETOOLONG: "give a shorter path (a name of at most 255 characters)",
    errno.ELOOP: "a symbolic link on the way leads back to itself: point it at the file",
    errno.EACCES: "give a file in a folder this account can read",
}


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
    _check_lookup(path, path, "", str(path), "")
    data = _read(path)
    if not is_scenario(data):
        _check_side_files(data, path, "")
        program = load_program(path)
        return Scenario(program.name, path, program, tuple(input_files(path)))
    _check_keys(path, data)
    overrides = _overrides(path, data)
    base_path = _base_path(path, data, base)
    base_data = _read_base(path, base_path, _text(data["base"]) if "base" in data else None)
    _check_side_files(base_data, base_path, "")
    _check_side_files(overrides, path, "overrides.")
    load_program(base_path)  # the base alone: an error in it names the base file
    try:
        merged = combine(_anchored(base_data, base_path), overrides, "overrides", Program)
    except InputError as error:
        raise InputError(str(path), error.place, error.problem, error.fix) from None
    try:
        program = program_from_data(merged, path)
    except InputError as error:
        raise traced(error, path, overrides, merged) from None
    files = _files(path, base_path, base_data, overrides)
    return Scenario(
        _text(data["scenario"]) if "scenario" in data else path.stem,
        path,
        program,
        tuple(files),
        base=base_path,
        description=_text(data.get("description", "")),
        overrides=overrides,
    )


def load_base(path: str | Path) -> Scenario:
    """The base program ``compare`` is given first: a whole program, not a scenario."""
    path = Path(path)
    _check_lookup(path, path, "", str(path), "")
    data = _read(path)
    if is_scenario(data):
        base = data.get("base")
        raise InputError(
            str(path),
            next(key for key in ("base", "overrides", "scenario") if key in data),
            "compare's BASE is a scenario, not a whole program",
            "give the program the scenarios change first: compare "
            f"{base if isinstance(base, str) and base.strip() else 'PROGRAM.yaml'} "
            f"{path.name} ...",
        )
    return load_scenario(path)


def load_any(path: str | Path) -> Program:
    """The program a file describes, whether a program file or a scenario naming its base."""
    return load_scenario(path).program


def files_of(path: Path) -> list[Path]:
    """The files a program or scenario that loads is read from (the scenario's base
    included), without validating it again."""
    data = _read(path)
    if not is_scenario(data):
        return input_files(path)
    base_path = _base_path(path, data, None)
    return _files(path, base_path, read_yaml(base_path), data.get("overrides") or {})


def _files(
    path: Path, base_path: Path, base_data: dict[str, Any], overrides: dict[str, Any]
) -> list[Path]:
    """The scenario, its base, and the roster, requests and history files the combined
    program reads: those the overrides name (or remove), else the base's."""
    named = {**_anchored(base_data, base_path), **_anchored(overrides, path)}
    return [path, base_path] + [Path(named[key]) for key in SIDE_FILES if names_file(named, key)]


# ------------------------------------------------------------------------- reading


def _read(path: Path) -> dict[str, Any]:
    try:
        return read_yaml(path, what="program or scenario")
    except InputError as error:
        if error.problem.startswith("expected a mapping"):
            error.fix = "start with 'name: ...' (a program) or 'base: program.yaml' (a scenario)"
        raise


def _check_lookup(target: Path, owner: Path, place: str, shown: str, what: str) -> None:
    """A path that the file system refuses to look up (a name too long, a symlink loop, a
    folder that cannot be entered, an unreadable file), as an error of ``owner``'s
    ``place``; a missing file is left to the messages that say so. ``what`` is empty for
    ``owner`` itself."""
    label = f"{what} '{shown}' " if what else ""
    try:
        target.stat()
    except (FileNotFoundError, NotADirectoryError):
        return
    except ValueError:  # a NUL in the name
        raise InputError(
            str(owner), place, f"{label}holds a character no file name can hold", "retype it"
        ) from None
    except OSError as error:
        raise InputError(
            str(owner),
            place,
            f"{label}cannot be read ({error.strerror or error})",
            _LOOKUP_FIXES.get(error.errno or 0, "check the path"),
        ) from None
    if target.is_file() and not os.access(target, os.R_OK):
        raise InputError(
            str(owner),
            place,
            f"{label}cannot be read (permission denied)",
            "give a file this account can read",
        )


def _check_side_files(data: dict[str, Any], origin: Path, prefix: str) -> None:
    """The roster, requests and history files ``data`` names (relative to ``origin``) can at
    least be looked up."""
    for key in SIDE_FILES:
        value = data.get(key)
        if isinstance(value, str) and not value.strip():
            raise InputError(
                str(origin),
                prefix + key,
                f"{key} is empty",
                f"name the {key} file, relative to this file",
            )
        if isinstance(value, str):
            _check_lookup(origin.parent / value, origin, prefix + key, value, f"{key} file")


def _check_keys(path: Path, data: dict[str, Any]) -> None:
    for key in data:
        if key not in SCENARIO_KEYS:
            raise InputError(
                str(path),
                escaped(str(key)),
                f"'{escaped(str(key))}' is not a scenario setting",
                f"a scenario holds {', '.join(SCENARIO_KEYS)}; put program settings under "
                "'overrides:'",
            )
    for key, most in (("scenario", MOST_NAME), ("base", 4096), ("description", MOST_DESCRIPTION)):
        if key not in data:
            continue
        value = data[key]
        kinds = str if key == "base" else str | int | float
        if not isinstance(value, kinds) or isinstance(value, bool):
            what = "the path of the base program's .yaml file" if key == "base" else "text"
            raise InputError(
                str(path),
                key,
                f"{key} must be {what}, not {shown(value)}",
                "write e.g. 'base: ../program.yaml' (quote a name YAML would read otherwise), "
                "or remove the line to take compare's base"
                if key == "base"
                else "quote it",
            )
        text = str(value)
        if not text.strip():
            raise InputError(
                str(path),
                key,
                f"{key} is empty",
                "write the base program's file, or remove the line to take compare's base"
                if key == "base"
                else f"write the {'name' if key == 'scenario' else 'description'}, or remove "
                "the line" + (" to use the file's name" if key == "scenario" else ""),
            )
        bad = (_CONTROL if key == "description" else NOT_IN_A_LINE).search(text)
        if bad:
            raise InputError(
                str(path),
                key,
                f"'{text.encode('unicode_escape').decode()[:60]}' holds the control character "
                f"U+{ord(bad.group()):04X}"
                + (
                    ", which a workbook cannot hold"
                    if key != "base" and _CONTROL.match(bad.group())
                    else ""
                ),
                "delete that character (retype the text if it is not visible)"
                + ("; a name is one line" if bad.group() in "\t\n\r" else ""),
            )
        if len(text) > most:
            raise InputError(
                str(path),
                key,
                f"{key} is {len(text)} characters long, more than {most}",
                "shorten it"
                + (" (it heads a column of the comparison)" if key == "scenario" else ""),
            )


def _text(value: Any) -> str:
    return str(value).strip() if isinstance(value, str) else str(value)


def _overrides(path: Path, data: dict[str, Any]) -> dict[str, Any]:
    overrides = data.get("overrides")
    if overrides is None:  # 'overrides:' with nothing under it: the base as it is
        return {}
    if not isinstance(overrides, dict):
        raise InputError(
            str(path),
            "overrides",
            f"overrides must be a mapping of program settings, not {shown(overrides)}",
            "write them as 'overrides:' followed by indented settings, as in a program file",
        )
    _check_names(path, overrides)
    return overrides


def _check_names(path: Path, overrides: dict[str, Any]) -> None:
    """Every key in the overrides is a setting's name (text): YAML reads ``1:`` as a
    number and ``yes:``, ``on:`` as true. Walked without recursion, each shared (aliased)
    node once."""
    seen: set[int] = set()
    stack: list[tuple[str, Any]] = [("overrides", overrides)]
    while stack:
        place, value = stack.pop()
        if id(value) in seen:
            continue
        if isinstance(value, dict):
            seen.add(id(value))
            for key, item in value.items():
                if not isinstance(key, str):
                    raise InputError(
                        str(path),
                        place,
                        f"a key that is {shown(key)}, not the name of a setting",
                        "write setting names as words (quote a name YAML reads as a number "
                        "or a yes/no)",
                    )
                stack.append((f"{place}.{escaped(key)}", item))
        elif isinstance(value, list):
            seen.add(id(value))
            stack.extend((f"{place}[{i}]", item) for i, item in enumerate(value))


def _base_path(path: Path, data: dict[str, Any], base: Path | None) -> Path:
    if "base" in data:
        return path.parent / _text(data["base"])
    if base is not None:
        return base
    raise InputError(
        str(path),
        "base",
        "the scenario names no base program",
        "add 'base: program.yaml' (relative to the scenario file), or give the base first to "
        "'compare'",
    )


def _read_base(path: Path, base_path: Path, shown: str | None) -> dict[str, Any]:
    """The base's settings (``shown``: as the scenario's ``base:`` names it, None for
    compare's BASE), every way a base can be wrong named as the scenario's ``base`` (or,
    for a base that is a program file with an error inside, as that file)."""
    if shown is None:  # compare's BASE, read first by compare itself
        data = read_yaml(base_path)
        if is_scenario(data):
            raise InputError(
                str(path),
                "base",
                f"the scenario names no base, and compare's BASE '{base_path}' is itself a "
                "scenario",
                "add 'base: program.yaml' to the scenario, or give compare a whole program first",
            )
        return data
    where = str(path), "base"
    _check_lookup(base_path, path, "base", shown, "the base")
    if base_path.is_dir():
        raise InputError(
            *where,
            f"the base '{shown}' is a folder",
            "name the base program's .yaml file, relative to the scenario file",
        )
    if not base_path.is_file():
        raise InputError(
            *where,
            f"the base '{shown}': file not found (looked for {base_path})",
            "name the base program's .yaml file, relative to the scenario file",
        )
    if base_path.resolve() == path.resolve():
        raise InputError(
            *where,
            "the base is this scenario file itself",
            "name the whole program file the scenario changes",
        )
    try:
        data = read_yaml(base_path)
    except InputError as error:
        if base_path.suffix.lower() in _YAML_SUFFIXES:
            raise  # a program file with an error in it: named there
        raise InputError(
            *where,
            f"the base '{shown}' is not a program .yaml file ({error.problem})",
            "name the base program's .yaml file, relative to the scenario file",
        ) from None
    if is_scenario(data):
        raise InputError(
            *where,
            f"the base '{shown}' is itself a scenario",
            "name a whole program file as the base (scenarios do not build on scenarios)",
        )
    return data


def _anchored(data: dict[str, Any], origin: Path) -> dict[str, Any]:
    """``data`` with the files it names made absolute (they are relative to ``origin``)."""
    return {
        key: str((origin.parent / value).absolute())
        if key in SIDE_FILES and isinstance(value, str)
        else value
        for key, value in data.items()
    }


# ------------------------------------------------------------------------- combining
