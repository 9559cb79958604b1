"""A corpus of malformed inputs (issue 9): every way we could think of to break each input.

Each case is a :class:`FuzzCase`: a category, a short id and a builder that writes the damaged
input into a folder (from a copy of examples/program_a, or from program A's solved workbook)
and returns a :class:`Case`: the command line to run, the file the message must name, the
places it must name and the exit codes that are right for it. The cases are generated
mechanically from tables (every field x every kind of bad value, every column x every kind of
bad cell, every kind of damage to a workbook), never at random, so a run is repeatable.

Categories:

- ``program``: the program YAML (fields, cross-references, ranges, dates, YAML syntax, bytes,
  files that are missing, empty or folders);
- ``roster-csv`` and ``roster-xlsx``: the roster file the program names;
- ``requests``: the residents' requests, i.e. ``pins:`` and ``vacation.approved:`` (the
  program file holds them until a separate requests file exists);
- ``workbook``: the .xlsx given to ``residency-scheduler check``, derived from a workbook
  that program A's solve wrote (solved once per process, :func:`solved_workbook`);
- ``scenario``: a scenario file over program A (its ``base:``, ``overrides:``, name and
  description; the files its overrides name; ``compare``'s BASE and scenarios), given to
  ``explain`` (fast) and to every other command that takes a program.

Used by tests/test_fuzz.py (in-process) and benchmarks/fuzz.py (the real executable).
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import hashlib
import io
import os
import re
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from openpyxl import Workbook

from tests.example_files import EXAMPLE, copy_example, replace_once

CATEGORIES = (
    "program",
    "roster-csv",
    "roster-xlsx",
    "requests",
    "requests-file",
    "workbook",
    "scenario",
)

#: Every solve case runs with these: an input error never reaches the solver, and a case whose
#: right answer is a proof (exit 3) gets it from the checks before the search.
SOLVE_OPTIONS = ("--time-limit", "20", "--fix-time-limit", "0", "--workers", "2", "--seed", "0")
OUT = "out.xlsx"
WORKBOOK = "schedule.xlsx"
HUGE = 10**20


@dataclass(frozen=True)
class Case:
    """What one damaged input must produce.

    ``places``: text the message must name; the first comes right after the file name
    (``program.yaml, rotations[2].coverage``), the others anywhere in the message. With exit 3
    (a proof) or exit 1 (``check`` found violations) they must appear in the report instead.
    """

    argv: tuple[str, ...]
    file: str
    places: tuple[str, ...] = ()
    codes: frozenset[int] = frozenset({2})


@dataclass(frozen=True)
class FuzzCase:
    category: str
    id: str
    build: Callable[[Path], Case]
    #: why the engine still fails this case, when the fix belongs to code this suite may not
    #: change (the CLI, the solve, the workbook writer); the test is then xfail(strict=True)
    xfail: str = ""


def judge(case: Case, code: int, stdout: str, stderr: str) -> list[str]:
    """What is wrong with an outcome (empty: it is right). Exit 2 must be one line on stderr
    naming the file, then the place, and a fix; exit 3 a proof naming the rule; exit 1 (from
    ``check``) a FAIL naming what is wrong. A traceback is always wrong."""
    problems: list[str] = []
    if "Traceback" in stdout + stderr:
        problems.append("a traceback")
    if code not in case.codes:
        problems.append(f"exit {code}, expected {sorted(case.codes)}")
    if code == 2:
        lines = stderr.strip().splitlines()
        message = lines[0] if lines else ""
        if len(lines) != 1:
            problems.append(f"{len(lines)} lines on stderr, not one")
        if not names_file_and_place(message, case):
            problems.append(f"does not name '{case.file}, {' '.join(case.places[:1])}'")
        problems += [
            f"does not name '{place}'" for place in case.places[1:] if place not in message
        ]
        fix = message.partition("Fix:")[2].strip()
        if not fix or fix.endswith(":"):
            problems.append("no fix")
    elif code == 3:
        if "No schedule exists" not in stderr:
            problems.append("exit 3 without a proof")
        problems += [f"the proof does not name '{p}'" for p in case.places if p not in stderr]
    elif code == 1:
        if "FAIL" not in stdout:
            problems.append("exit 1 without a FAIL verdict")
        problems += [f"the report does not name '{p}'" for p in case.places if p not in stdout]
    return problems


def names_file_and_place(message: str, case: Case) -> bool:
    """The message names the file as where the error is, followed by the first place."""
    file = re.escape(case.file)
    after = f", {re.escape(case.places[0])}" if case.places else "[:,]"
    return re.search(rf"(?:^|[\s/\\]){file}{after}", message) is not None


def snapshot(folder: Path) -> dict[str, str]:
    """Every file and folder under ``folder``: a file by its SHA-256, a link by its target;
    compared before and after a run, it shows inputs changed and files left behind."""
    found: dict[str, str] = {}
    for path in sorted(folder.rglob("*")):
        name = path.relative_to(folder).as_posix()
        if path.is_symlink():
            found[name] = "link to " + os.readlink(path)
        elif path.is_dir():
            found[name] = "folder"
        else:
            found[name] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def changes(before: dict[str, str], after: dict[str, str]) -> list[str]:
    """Inputs changed, removed, or files left behind, between two snapshots."""
    changed = sorted(name for name in before.keys() & after.keys() if before[name] != after[name])
    return (
        [f"changed {name}" for name in changed]
        + [f"removed {name}" for name in sorted(before.keys() - after.keys())]
        + [f"left behind {name}" for name in sorted(after.keys() - before.keys())]
    )


def cli_command() -> list[str]:
    """The installed ``residency-scheduler`` executable (or the same entry point via python)."""
    script = Path(sys.executable).parent / "residency-scheduler"
    if script.is_file():
        return [str(script)]
    return [sys.executable, "-c", "from scheduler.cli.main import main; main()"]


def solve_argv(folder: Path, program: Path) -> tuple[str, ...]:
    return ("solve", str(program), "--out", str(folder / OUT), *SOLVE_OPTIONS)


def loc(*parts: str | int) -> str:
    """('rotations', 2, 'coverage') -> 'rotations[2].coverage', as messages write a place."""
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


# =============================================================================== program

FieldPath = tuple[str | int, ...]
DELETE = object()  # a value that removes the key


def program_data() -> dict[str, Any]:
    """Program A's YAML as data, fresh for each case."""
    data = yaml.safe_load((EXAMPLE / "program.yaml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def set_path(data: Any, path: FieldPath, value: Any) -> None:
    """Set (or, with DELETE, remove) the value at ``path``; a missing section is added."""
    *parents, last = path
    for part in parents:
        data = data.setdefault(part, {}) if isinstance(part, str) else data[part]
    if value is DELETE:
        del data[last]
    else:
        data[last] = value


def write_program(folder: Path, data: dict[str, Any]) -> Path:
    """Program A's folder with its YAML replaced by ``data`` (comments are lost, nothing else)."""
    program = copy_example(folder)
    program.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=False), "utf-8")
    return program


def yaml_case(
    category: str,
    case_id: str,
    edits: dict[FieldPath, Any],
    places: tuple[str, ...],
    *,
    file: str = "program.yaml",
    codes: frozenset[int] = frozenset({2}),
) -> FuzzCase:
    """Program A with ``edits`` applied to its data (path -> new value, or DELETE)."""

    def build(folder: Path) -> Case:
        data = program_data()
        for path, value in edits.items():
            set_path(data, path, value)
        program = write_program(folder, data)
        return Case(solve_argv(folder, program), file, places, codes)

    return FuzzCase(category, case_id, build)


def text_case(
    category: str,
    case_id: str,
    edit: Callable[[str], str],
    places: Callable[[str], tuple[str, ...]] | tuple[str, ...],
    *,
    codes: frozenset[int] = frozenset({2}),
) -> FuzzCase:
    """Program A with its YAML text edited; ``places`` may be read off the edited text (a
    line number)."""

    def build(folder: Path) -> Case:
        program = copy_example(folder)
        original = program.read_text(encoding="utf-8")
        text = edit(original)
        assert text != original, f"{case_id}: the edit changed nothing"
        program.write_text(text, encoding="utf-8")
        where = places(text) if callable(places) else places
        return Case(solve_argv(folder, program), "program.yaml", where, codes)

    return FuzzCase(category, case_id, build)


def bytes_case(
    case_id: str, content: Callable[[bytes], bytes], places: tuple[str, ...] = ()
) -> FuzzCase:
    """Program A with its YAML replaced by raw bytes (encodings, binary)."""

    def build(folder: Path) -> Case:
        program = copy_example(folder)
        original = program.read_bytes()
        damaged = content(original)
        assert damaged != original, f"{case_id}: the edit changed nothing"
        program.write_bytes(damaged)
        return Case(solve_argv(folder, program), "program.yaml", places)

    return FuzzCase("program", case_id, build)


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    """1-based line of the ``occurrence``-th line that starts with ``needle``."""
    found = [i + 1 for i, line in enumerate(text.splitlines()) if line.startswith(needle)]
    return found[occurrence - 1]


#: Number fields of program A, each given every kind of bad number below.
NUMBER_FIELDS: list[FieldPath] = [
    ("weeks",),
    ("pgy_years", 2),
    ("templates", 0, "x_weeks"),
    ("templates", 0, "y_weeks"),
    ("templates", 0, "cohorts"),
    ("templates", 0, "stagger"),
    ("tracks", 0, "block_weeks"),
    ("rotations", 0, "unit"),
    ("rotations", 5, "clinic_half_days"),
    ("rotations", 0, "coverage", "interns"),
    ("rotations", 1, "coverage", "seniors"),
    ("rotations", 4, "coverage", "any"),
    ("requirements", 0, "weeks"),
    ("ambulatory_share", 0, "min"),
    ("ambulatory_share", 0, "max"),
    ("vacation", "weeks_per_resident"),
    ("vacation", "max_block_weeks"),
    ("vacation", "min_per_half"),
    ("vacation", "max_away_per_week", "any"),
    ("clinic_sites", 0, "capacity"),
    ("clinic_sites", 0, "min_residents"),
    ("cohort_balance", "max_difference"),
    ("objective", "heavy_balance"),
    ("objective", "switches"),
]
#: fields where null is a valid value (no limit, no rule)
NULLABLE: set[FieldPath] = {
    ("rotations", 0, "coverage", "interns"),
    ("rotations", 1, "coverage", "seniors"),
    ("rotations", 4, "coverage", "any"),
    ("vacation", "max_away_per_week", "any"),
}
BAD_NUMBERS: dict[str, Any] = {
    "negative": -1,
    "huge": HUGE,
    "float": 2.5,
    "boolean": True,
    "text": "abc",
    "null": None,
    "list": [1, 2],
}

#: Top-level fields, each given a value of the wrong kind.
WRONG_TYPES: dict[str, Any] = {
    "name": ["Program", "A"],
    "start_date": [2026, 6, 29],
    "weeks": {"n": 52},
    "pgy_years": "1, 2, 3",
    "templates": "three_plus_two",
    "tracks": "primary_care",
    "rotations": {"wards": "Inpatient wards"},
    "requirements": 12,
    "ambulatory_share": 0.5,
    "vacation": [4],
    "clinic_sites": 3,
    "cohort_balance": [1],
    "sequencing": "night float not next to micu",
    "objective": 10,
    "roster": ["roster.csv"],
}
#: Top-level fields whose null is an error (vacation: null means no vacation, a valid program).
NULL_FIELDS = [
    "name",
    "start_date",
    "pgy_years",
    "templates",
    "tracks",
    "rotations",
    "requirements",
    "ambulatory_share",
    "clinic_sites",
    "cohort_balance",
    "sequencing",
    "objective",
]
#: Required fields, and what their absence breaks (a field with a default is not an error).
REMOVED: dict[str, tuple[str, str]] = {
    "name": ("program.yaml", "name"),
    "start_date": ("program.yaml", "start_date"),
    "tracks": ("program.yaml", "tracks"),
    "rotations": ("program.yaml", "rotations"),
    "templates": ("program.yaml", "tracks[0].template"),
    "clinic_sites": ("roster.csv", "row 2, column clinic_site"),
    "roster": ("program.yaml", "residents"),
}
#: Text fields, each given a control character that a workbook cannot hold.
TEXT_FIELDS: list[FieldPath] = [
    ("name",),
    ("templates", 0, "name"),
    ("tracks", 0, "name"),
    ("rotations", 1, "name"),
    ("rotations", 1, "abbreviation"),
    ("requirements", 2, "label"),
    ("clinic_sites", 1, "name"),
    ("sequencing", "not_adjacent", 0, "label"),
]
CONTROL_CHARACTERS = ["\x00", "\x01", "\x07", "\x0b", "\x1b"]
#: Every section that takes keys of its own: an unknown key in each.
KEYED: list[FieldPath] = [
    (),
    ("templates", 0),
    ("tracks", 0),
    ("rotations", 0),
    ("rotations", 0, "coverage"),
    ("requirements", 0),
    ("ambulatory_share", 0),
    ("vacation",),
    ("vacation", "max_away_per_week"),
    ("clinic_sites", 0),
    ("cohort_balance",),
    ("sequencing",),
    ("sequencing", "not_adjacent", 0),
    ("sequencing", "not_adjacent", 0, "first"),
    ("objective",),
]
#: Every cross-reference of program A, given an id that names nothing.
WRONG_IDS: list[tuple[str, FieldPath, Any, str]] = [
    ("track-template", ("tracks", 0, "template"), "three_plus_tw0", "tracks[0].template"),
    ("rotation-track", ("rotations", 3, "tracks"), ["primary_cars"], "rotations[3].tracks[0]"),
    ("rotation-pgy", ("rotations", 3, "pgy"), [2, 7], "rotations[3].pgy[1]"),
    ("rotation-category", ("rotations", 2, "category"), "nights", "rotations[2].category"),
    ("rotation-phase", ("rotations", 6, "phase"), "Z", "rotations[6].phase"),
    (
        "requirement-rotation",
        ("requirements", 1, "rotations"),
        ["ward"],
        "requirements[1].rotations[0]",
    ),
    (
        "requirement-category",
        ("requirements", 1, "categories"),
        ["icu"],
        "requirements[1].categories[0]",
    ),
    (
        "requirement-track",
        ("requirements", 1, "tracks"),
        ["categorical"],
        "requirements[1].tracks[0]",
    ),
    ("requirement-pgy", ("requirements", 1, "pgy"), [2, 4], "requirements[1].pgy[1]"),
    (
        "ambulatory-track",
        ("ambulatory_share", 0, "tracks"),
        ["prelim"],
        "ambulatory_share[0].tracks[0]",
    ),
    ("ambulatory-pgy", ("ambulatory_share", 0, "pgy"), [0], "ambulatory_share[0].pgy[0]"),
    ("vacation-rotation", ("vacation", "rotation"), "holiday", "vacation.rotation"),
    ("vacation-rotation-not-leave", ("vacation", "rotation"), "wards", "vacation.rotation"),
    ("vacation-phase", ("vacation", "allowed_phases"), ["X", "Q"], "vacation.allowed_phases[1]"),
    (
        "not-adjacent-first",
        ("sequencing", "not_adjacent", 0, "first", "rotations"),
        ["night-float"],
        "sequencing.not_adjacent[0].first.rotations[0]",
    ),
    (
        "not-adjacent-second",
        ("sequencing", "not_adjacent", 0, "second", "rotations"),
        ["ICU"],
        "sequencing.not_adjacent[0].second.rotations[0]",
    ),
    (
        "max-consecutive-rotation",
        ("sequencing", "max_consecutive"),
        [{"rotations": ["nf"], "weeks": 4}],
        "sequencing.max_consecutive[0].rotations[0]",
    ),
    (
        "max-consecutive-track",
        ("sequencing", "max_consecutive"),
        [{"rotations": ["wards"], "weeks": 4, "tracks": ["pc"]}],
        "sequencing.max_consecutive[0].tracks[0]",
    ),
    (
        "heavy-category",
        ("objective", "heavy_categories"),
        ["critical_care", "icu"],
        "objective.heavy_categories[1]",
    ),
    (
        "coverage-level",
        ("rotations", 0, "coverage", "residents"),
        "2-3",
        "rotations[0].coverage.residents",
    ),
    (
        "coverage-pgy",
        ("rotations", 0, "coverage", "by_pgy"),
        {4: "1-2"},
        "rotations[0].coverage.by_pgy",
    ),
    ("duplicate-rotation", ("rotations", 1, "id"), "wards", "rotations[1].id"),
    ("duplicate-site", ("clinic_sites", 2, "id"), "main", "clinic_sites[2].id"),
    (
        "duplicate-track",
        ("tracks",),
        [
            {"id": "primary_care", "name": "A", "template": "three_plus_two"},
            {"id": "primary_care", "name": "B"},
        ],
        "tracks[1].id",
    ),
    ("rotation-id-space", ("rotations", 0, "id"), "in patient", "rotations[0].id"),
    ("rotation-id-too-long", ("rotations", 0, "id"), "w" * 41, "rotations[0].id"),
    ("empty-selector", ("requirements", 1, "rotations"), [], "requirements[1]"),
]
#: Ranges written wrongly, where the program takes a range.
BAD_RANGES: list[tuple[str, FieldPath, Any]] = [
    ("coverage-reversed", ("rotations", 0, "coverage", "interns"), "5-3"),
    ("coverage-text", ("rotations", 0, "coverage", "interns"), "abc"),
    ("coverage-negative-text", ("rotations", 0, "coverage", "interns"), "-3"),
    ("coverage-decimal", ("rotations", 0, "coverage", "interns"), "1.5-2"),
    ("coverage-double-dash", ("rotations", 0, "coverage", "interns"), "2--3"),
    ("coverage-min-over-max", ("rotations", 0, "coverage", "interns"), {"min": 4, "max": 2}),
    ("coverage-empty-text", ("rotations", 0, "coverage", "interns"), ""),
    ("requirement-reversed", ("requirements", 6, "weeks"), "6-3"),
    ("requirement-text", ("requirements", 6, "weeks"), "three"),
    ("requirement-plus-minus", ("requirements", 6, "weeks"), "3+-6"),
    ("share-reversed", ("ambulatory_share", 0), {"min": 0.6, "max": 0.5}),
    ("share-percent-text", ("ambulatory_share", 0, "min"), "half"),
    ("share-zero-denominator", ("ambulatory_share", 0, "min"), "1/0"),
    ("share-over-100-percent", ("ambulatory_share", 0, "max"), "150%"),
]
#: Start dates that are not a Monday of a sensible year.
BAD_DATES: list[tuple[str, Any]] = [
    ("no-such-day", "2026-02-30"),
    ("month-13", "2026-13-01"),
    ("day-first", "29/06/2026"),
    ("unpadded", "2026-6-29"),
    ("words", "next monday"),
    ("sunday", "2026-06-28"),
    ("year-1899", "1899-12-25"),
    ("year-2201", "2201-01-05"),
    ("empty", ""),
    ("number", 20260629),
]
#: Broken YAML: (id, edit of the text, the start of the line the parser stops at, and of the
#: line where the construct it was reading began, when the message must name that too).
BAD_SYNTAX: list[tuple[str, Callable[[str], str], str, str | None]] = [
    (
        "unclosed-bracket",
        lambda t: t.replace("weeks: 52\n", "weeks: [52\n"),
        "pgy_years:",
        "weeks: [52",
    ),
    (
        "unclosed-brace",
        lambda t: t.replace("seniors: 3-4}", "seniors: 3-4"),
        "  - id: micu",
        "    coverage: {interns: 2-3, seniors: 3-4",
    ),
    (
        "missing-comma",
        lambda t: t.replace("  - {id: main,", "  - {id: main"),
        "  - {id: main name",
        None,
    ),
    (
        "unclosed-quote",
        lambda t: t.replace('name: "3+2"', 'name: "3+2'),
        "  - {label: Ambulatory electives",
        "  - id: three_plus_two",
    ),
    ("tab-indent", lambda t: t.replace("weeks: 52\n", "weeks: 52\n\tfoo: 1\n"), "\tfoo", None),
    (
        "bad-indent",
        lambda t: t.replace("    x_weeks: 3", "      x_weeks: 3"),
        "      x_weeks",
        "  - id: three_plus_two",
    ),
    (
        "undefined-alias",
        lambda t: t.replace("weeks: 52\n", "weeks: *nowhere\n"),
        "weeks: *nowhere",
        None,
    ),
    ("two-documents", lambda t: t + "---\nname: second\n", "---", None),
    (
        "python-tag",
        lambda t: t.replace("weeks: 52\n", "weeks: !!python/object:os.system 1\n"),
        "weeks: !!python",
        None,
    ),
    (
        "list-item-in-mapping",
        lambda t: t.replace("weeks: 52\n", "weeks: 52\n- oops\n"),
        "- oops",
        None,
    ),
]


def _yaml_place(text: str, stop: str, start: str | None) -> tuple[str, ...]:
    if start is None:
        return (f"line {line_of(text, stop)}",)
    return (f"line {line_of(text, stop)}", f"starts on line {line_of(text, start)}")


def program_cases() -> list[FuzzCase]:
    cases: list[FuzzCase] = []
    for path in NUMBER_FIELDS:
        for kind, value in BAD_NUMBERS.items():
            if kind == "null" and path in NULLABLE:
                continue
            case_id = f"{loc(*path)}={kind}"
            # a yes/no among a list's numbers is reported for the list (pgy_years)
            where = path[:-1] if kind == "boolean" and isinstance(path[-1], int) else path
            cases.append(yaml_case("program", case_id, {path: value}, (loc(*where),)))
    for field, value in WRONG_TYPES.items():
        cases.append(yaml_case("program", f"{field}=wrong-type", {(field,): value}, (field,)))
    for field in NULL_FIELDS:
        cases.append(yaml_case("program", f"{field}=null", {(field,): None}, (field,)))
    for field, (file, place) in REMOVED.items():
        cases.append(
            yaml_case("program", f"{field}-removed", {(field,): DELETE}, (place,), file=file)
        )
    for path in TEXT_FIELDS:
        for char in CONTROL_CHARACTERS:
            case_id = f"{loc(*path)}=control-U+{ord(char):04X}"
            # the NUL and the escape are each tried on the first two fields only
            if char in ("\x00", "\x1b") and path not in TEXT_FIELDS[:2]:
                continue
            cases.append(
                yaml_case(
                    "program", case_id, {path: f"A{char}B"}, (loc(*path), f"U+{ord(char):04X}")
                )
            )
    for path in KEYED:
        key = "colour" if path else "pgy_year"
        cases.append(
            yaml_case(
                "program",
                f"unknown-key-{loc(*path) or 'top'}",
                {(*path, key): 1},
                (loc(*path, key),),
            )
        )
    for case_id, path, value, place in WRONG_IDS:
        cases.append(yaml_case("program", f"wrong-id-{case_id}", {path: value}, (place,)))
    for case_id, path, value in BAD_RANGES:
        cases.append(yaml_case("program", f"range-{case_id}", {path: value}, (loc(*path),)))
    for case_id, value in BAD_DATES:
        cases.append(
            text_case(
                "program",
                f"date-{case_id}",
                lambda t, v=value: t.replace(
                    "start_date: 2026-06-29",
                    f"start_date: {v!r}" if isinstance(v, str) else f"start_date: {v}",
                ),
                ("start_date",),
            )
        )
    cases.extend(_duplicate_key_cases())
    for case_id, edit, stop, start in BAD_SYNTAX:
        cases.append(
            text_case(
                "program",
                f"yaml-{case_id}",
                edit,
                lambda t, stop=stop, start=start: _yaml_place(t, stop, start),
            )
        )
    # valid YAML, but a text where a number belongs
    cases.append(
        text_case(
            "program",
            "yaml-stray-bracket",
            lambda t: t.replace("weeks: 52\n", "weeks: 52]\n"),
            ("weeks",),
        )
    )
    cases.extend(_byte_cases())
    cases.extend(_file_cases())
    cases.extend(_proof_cases())
    return cases


def _duplicate_key_cases() -> list[FuzzCase]:
    cases = []
    for key in ("name", "start_date", "weeks", "templates", "rotations", "vacation", "roster"):

        def edit(text: str, key: str = key) -> str:
            lines = text.splitlines(keepends=True)
            at = next(i for i, line in enumerate(lines) if line.startswith(f"{key}:"))
            return "".join([*lines[: at + 1], lines[at], *lines[at + 1 :]])

        cases.append(
            text_case(
                "program",
                f"duplicate-key-{key}",
                edit,
                lambda t, key=key: (f"line {line_of(t, key + ':', 2)}", f"'{key}'"),
            )
        )
    cases.append(
        text_case(
            "program",
            "duplicate-key-nested",
            lambda t: t.replace(
                "    category: inpatient\n", "    category: inpatient\n    category: leave\n"
            ),
            lambda t: (f"line {line_of(t, '    category: leave')}", "'category'"),
        )
    )
    return cases


def _byte_cases() -> list[FuzzCase]:
    return [
        bytes_case(
            "latin-1", lambda b: b.replace(b"Program A", "Programme Août".encode("latin-1"))
        ),
        bytes_case("lone-0xff", lambda b: b.replace(b"weeks: 52", b"weeks: 52\xff")),
        bytes_case("utf-16", lambda b: b.decode("utf-8").encode("utf-16")),
        bytes_case(
            "nul-byte", lambda b: b.replace(b"weeks: 52", b"weeks: 5\x002"), ("line 18", "U+0000")
        ),
        bytes_case("binary", lambda b: bytes(range(256)) * 8),
        bytes_case("empty", lambda b: b""),
        bytes_case("whitespace-only", lambda b: b"  \n\n   \n"),
        bytes_case("comments-only", lambda b: b"# nothing here\n# at all\n"),
        bytes_case("a-scalar", lambda b: b"program A\n"),
        bytes_case("a-list", lambda b: b"- name: Program A\n- weeks: 52\n"),
        bytes_case("utf-8-bom-then-garbage", lambda b: b"\xef\xbb\xbf\x00\x01\x02", ("line 1",)),
    ]


def _file_cases() -> list[FuzzCase]:
    def folder_as_program(folder: Path) -> Case:
        copy_example(folder / "copy")
        (folder / "program.yaml").mkdir()
        return Case(solve_argv(folder, folder / "program.yaml"), "program.yaml")

    def missing_program(folder: Path) -> Case:
        copy_example(folder)
        return Case(solve_argv(folder, folder / "progam.yaml"), "progam.yaml")

    def roster(
        value: str, setup: Callable[[Path], None] = lambda _: None
    ) -> Callable[[Path], Case]:
        def build(folder: Path) -> Case:
            program = copy_example(folder)
            replace_once(program, "roster: roster.csv", f"roster: {value}")
            setup(folder)
            return Case(solve_argv(folder, program), "program.yaml", ("roster",))

        return build

    def loop(folder: Path) -> None:
        (folder / "loop.csv").symlink_to("loop.csv")

    def roster_wrong_kind(folder: Path) -> Case:
        program = copy_example(folder)
        (folder / "roster.json").write_text('[{"id": "r001"}]', encoding="utf-8")
        replace_once(program, "roster: roster.csv", "roster: roster.json")
        return Case(solve_argv(folder, program), "roster.json")

    def roster_and_residents(folder: Path) -> Case:
        program = copy_example(folder)
        text = program.read_text(encoding="utf-8")
        program.write_text(
            text
            + "residents:\n  - {id: x, name: X, pgy: 1, track: primary_care, clinic_site: main}\n",
            encoding="utf-8",
        )
        return Case(solve_argv(folder, program), "program.yaml", ("residents",))

    return [
        FuzzCase("program", "file-program-is-a-folder", folder_as_program),
        FuzzCase("program", "file-program-missing", missing_program),
        FuzzCase("program", "file-roster-missing", roster("nobody.csv")),
        FuzzCase(
            "program",
            "file-roster-is-a-folder",
            roster("team.csv", lambda f: (f / "team.csv").mkdir()),
        ),
        FuzzCase("program", "file-roster-symlink-loop", roster("loop.csv", loop)),
        FuzzCase("program", "file-roster-empty-name", roster("''")),
        FuzzCase("program", "file-roster-outside", roster("../../../../../../no/such/roster.csv")),
        FuzzCase("program", "file-roster-wrong-kind", roster_wrong_kind),
        FuzzCase("program", "file-roster-and-residents", roster_and_residents),
    ]


def _proof_cases() -> list[FuzzCase]:
    """Programs whose every field is well-formed but that have no schedule: a proof (exit 3)
    naming the rule is the right answer, not an input error."""
    proof = frozenset({3})
    return [
        yaml_case(
            "program",
            "proof-requirement-over-the-year",
            {("requirements", 0, "weeks"): 53},
            ("Wards",),
            codes=proof,
        ),
        yaml_case(
            "program",
            "proof-vacation-over-the-away-cap",
            {("vacation", "weeks_per_resident"): 12},
            ("max_away_per_week",),
            codes=proof,
        ),
        yaml_case(
            "program",
            "proof-clinic-minimum-over-capacity",
            {("clinic_sites", 0, "min_residents"): 6},
            ("main",),
            codes=proof,
        ),
    ]


# ========================================================================= continuity


def continuity_cases() -> list[FuzzCase]:
    """Program A's continuity rules, broken one field at a time."""
    gap = ("continuity", "max_weeks_without_clinic")
    half = ("continuity", "clinic_half_days")
    bad: dict[str, tuple[FieldPath, Any, str]] = {
        "gap-zero": ((*gap, 0, "weeks"), 0, loc(*gap, 0, "weeks")),
        "gap-negative": ((*gap, 0, "weeks"), -3, loc(*gap, 0, "weeks")),
        "gap-huge": ((*gap, 0, "weeks"), HUGE, loc(*gap, 0, "weeks")),
        "gap-text": ((*gap, 0, "weeks"), "three", loc(*gap, 0, "weeks")),
        "gap-boolean": ((*gap, 0, "weeks"), True, loc(*gap, 0, "weeks")),
        "gap-unknown-track": ((*gap, 0, "tracks"), ["primary"], loc(*gap, 0, "tracks", 0)),
        "gap-unknown-pgy": ((*gap, 0, "pgy"), [7], loc(*gap, 0, "pgy", 0)),
        "gap-unknown-key": ((*gap, 0, "days"), 3, loc(*gap, 0, "days")),
        "half-days-negative": ((*half, 0, "min"), -1, loc(*half, 0, "min")),
        "half-days-huge": ((*half, 0, "min"), HUGE, loc(*half, 0, "min")),
        "half-days-cumulative-maybe": (
            (*half, 0, "cumulative"),
            "maybe",
            loc(*half, 0, "cumulative"),
        ),
        "half-days-no-min": ((*half, 0, "min"), DELETE, loc(*half, 0, "min")),
        "continuity-a-list": (("continuity",), [3], "continuity"),
        "event-no-name": (("events",), [{"weeks": 3}], "events[0].name"),
        "event-unknown-track": (
            ("events",),
            [{"name": "x", "weeks": 3, "tracks": ["pcx"]}],
            "events[0].tracks[0]",
        ),
        "event-unknown-resident": (
            ("events",),
            [{"name": "x", "weeks": 3, "residents": ["r999"]}],
            "events[0].residents[0]",
        ),
        "event-past-the-year": (("events",), [{"name": "x", "weeks": "50-53"}], "events[0].weeks"),
        "event-unknown-duty": (
            ("events",),
            [{"name": "x", "weeks": 3, "free_of": {"rotations": ["wardz"]}}],
            "events[0].free_of.rotations[0]",
        ),
        "event-empty-free-of": (
            ("events",),
            [{"name": "x", "weeks": 3, "free_of": {}}],
            "events[0].free_of",
        ),
        "rotation-unknown-named-resident": (
            ("rotations", 0, "residents"),
            ["r999"],
            "rotations[0].residents[0]",
        ),
        "rotation-named-residents-text": (
            ("rotations", 0, "residents"),
            "r001",
            "rotations[0].residents",
        ),
        "track-site-priority-negative": (
            ("tracks", 0, "site_priority"),
            -1,
            "tracks[0].site_priority",
        ),
        "track-site-priority-text": (
            ("tracks", 0, "site_priority"),
            "first",
            "tracks[0].site_priority",
        ),
        "continuity-unknown-key": (("continuity", "longest_gap"), 3, "continuity.longest_gap"),
        "second-site-capacity-negative": (
            ("longitudinal_sites",),
            [{"id": "geri", "name": "Geriatrics", "capacity": -1}],
            "longitudinal_sites[0].capacity",
        ),
        "second-site-no-name": (
            ("longitudinal_sites",),
            [{"id": "geri", "capacity": 2}],
            "longitudinal_sites[0].name",
        ),
        "second-site-unknown-track": (
            ("longitudinal_sites",),
            [{"id": "geri", "name": "Geriatrics", "capacity": 2, "tracks": ["pcx"]}],
            "longitudinal_sites[0].tracks[0]",
        ),
        "second-site-no-half-days": (
            ("longitudinal_sites",),
            [{"id": "geri", "name": "Geriatrics", "capacity": 2, "half_days": 0}],
            "longitudinal_sites[0].half_days",
        ),
        "second-site-a-mapping": (("longitudinal_sites",), {"geri": 2}, "longitudinal_sites"),
        "heavy-band-negative": (("objective", "heavy_band"), -1, "objective.heavy_band"),
    }
    return [
        yaml_case("program", f"continuity-{case_id}", {path: value}, (place,))
        for case_id, (path, value, place) in bad.items()
    ]


# ============================================================================ history


def history_csv_case(case_id: str, content: bytes, places: tuple[str, ...]) -> FuzzCase:
    """Program A reading a history.csv with ``content`` (and a cumulative ICU rule)."""

    def build(folder: Path) -> Case:
        program = copy_example(folder)
        replace_once(
            program, "requests: requests.yaml", "requests: requests.yaml\nhistory: history.csv"
        )
        (folder / "history.csv").write_bytes(content)
        return Case(solve_argv(folder, program), "history.csv", places)

    return FuzzCase("program", case_id, build)


def history_cases() -> list[FuzzCase]:
    header = "resident,rotation,category,weeks\n"
    rows: dict[str, tuple[str, str]] = {
        "unknown-resident": ("r999,micu,,4", "row 2, column resident"),
        "unknown-rotation": ("r001,micux,,4", "row 2, column rotation"),
        "unknown-category": ("r001,,nights,4", "row 2, column category"),
        "both": ("r001,micu,critical_care,4", "row 2, column rotation"),
        "neither": ("r001,,,4", "row 2, column rotation"),
        "weeks-negative": ("r001,micu,,-4", "row 2, column weeks"),
        "weeks-text": ("r001,micu,,four", "row 2, column weeks"),
        "weeks-huge": ("r001,micu,,100000000000000000000", "row 2, column weeks"),
        "no-weeks": ("r001,micu,,", "row 2, column weeks"),
        "row-too-wide": ("r001,micu,,4,extra", "row 2"),
    }
    cases = [
        history_csv_case(f"history-{case_id}", (header + row + "\n").encode(), (place,))
        for case_id, (row, place) in rows.items()
    ]
    cases += [
        history_csv_case("history-empty", b"", ()),
        history_csv_case(
            "history-unknown-column", b"resident,weeks,colour\nr001,4,red\n", ("row 1",)
        ),
        history_csv_case("history-no-weeks-column", b"resident,rotation\nr001,micu\n", ("row 1",)),
        history_csv_case(
            "history-latin-1",
            "resident,rotation,category,weeks\nr\xe9,micu,,4\n".encode("latin-1"),
            ("byte",),
        ),
        yaml_case(
            "program",
            "history-inline-unknown-key",
            {("history",): [{"resident": "r001", "rotation": "micu", "weeks": 4, "year": 1}]},
            ("history[0].year",),
        ),
        yaml_case(
            "program",
            "history-inline-not-a-list",
            {("history",): {"resident": "r001"}},
            ("history",),
        ),
        yaml_case(
            "program",
            "requirement-cumulative-maybe",
            {("requirements", 0, "cumulative"): "maybe"},
            ("requirements[0].cumulative",),
        ),
    ]
    return cases


# ======================================================================= requests file

REQUESTS_YAML = "requests.yaml"


def requests_yaml_case(case_id: str, content: Any, places: tuple[str, ...]) -> FuzzCase:
    """Program A with its requests.yaml replaced by ``content`` (data, or raw text/bytes)."""

    def build(folder: Path) -> Case:
        program = copy_example(folder)
        target = folder / REQUESTS_YAML
        if isinstance(content, bytes):
            target.write_bytes(content)
        elif isinstance(content, str):
            target.write_text(content, encoding="utf-8")
        else:
            target.write_text(yaml.safe_dump(content, sort_keys=False), encoding="utf-8")
        return Case(solve_argv(folder, program), REQUESTS_YAML, places)

    return FuzzCase("requests-file", case_id, build)


def requests_csv_case(case_id: str, content: bytes, places: tuple[str, ...]) -> FuzzCase:
    """Program A reading its requests from a requests.csv with ``content``."""

    def build(folder: Path) -> Case:
        program = copy_example(folder)
        replace_once(program, "requests: requests.yaml", "requests: requests.csv")
        (folder / "requests.csv").write_bytes(content)
        return Case(solve_argv(folder, program), "requests.csv", places)

    return FuzzCase("requests-file", case_id, build)


def named_file_case(
    case_id: str, name: str, make: Callable[[Path], None], place: str, file: str = "program.yaml"
) -> FuzzCase:
    """Program A naming ``name`` as its requests file, which ``make`` creates (or not)."""

    def build(folder: Path) -> Case:
        program = copy_example(folder)
        replace_once(program, "requests: requests.yaml", f"requests: {name}")
        make(folder)
        return Case(solve_argv(folder, program), file, (place,) if place else ())

    return FuzzCase("requests-file", case_id, build)


REQUEST_HEADER = "resident,kind,weeks,start,end,priority,hard,rotation,rank,note\n"


def vacation_request(**fields: Any) -> dict[str, Any]:
    return {"resident": "r002", "weeks": "10-11", "priority": 1, **fields}


def requests_file_cases() -> list[FuzzCase]:
    cases: list[FuzzCase] = []
    for kind, span in BAD_SPANS.items():
        cases.append(
            requests_yaml_case(
                f"yaml-weeks-{kind}", {"vacation": [vacation_request(weeks=span)]}, ("vacation[0]",)
            )
        )
    bad_fields: dict[str, tuple[dict[str, Any], str]] = {
        "unknown-resident": (vacation_request(resident="r999"), "vacation[0].resident"),
        "priority-0": (vacation_request(priority=0), "vacation[0].priority"),
        "priority-4": (vacation_request(priority=4), "vacation[0].priority"),
        "priority-text": (vacation_request(priority="high"), "vacation[0].priority"),
        "priority-boolean": (vacation_request(priority=True), "vacation[0].priority"),
        "priority-huge": (vacation_request(priority=HUGE), "vacation[0].priority"),
        "hard-maybe": (vacation_request(hard="maybe"), "vacation[0].hard"),
        "unknown-key": (vacation_request(weight=3), "vacation[0].weight"),
        "no-resident": ({"weeks": 3}, "vacation[0].resident"),
        "no-weeks": ({"resident": "r002"}, "vacation[0].weeks"),
        "weeks-and-dates": (vacation_request(start="2026-09-07"), "vacation[0].weeks"),
        "start-not-a-date": ({"resident": "r002", "start": "next week"}, "vacation[0].start"),
        "start-feb-30": ({"resident": "r002", "start": "2027-02-30"}, "vacation[0].start"),
        "start-before-year": ({"resident": "r002", "start": "2026-01-05"}, "vacation[0].start"),
        "end-after-year": (
            {"resident": "r002", "start": "2027-06-21", "end": "2027-08-01"},
            "vacation[0].end",
        ),
        "end-before-start": (
            {"resident": "r002", "start": "2026-09-14", "end": "2026-09-07"},
            "vacation[0].end",
        ),
        "end-alone": ({"resident": "r002", "weeks": 3, "end": "2026-09-07"}, "vacation[0].end"),
        "note-control-character": (vacation_request(note="a\x07b"), "vacation[0].note"),
        "note-too-long": (vacation_request(note="x" * 500), "vacation[0].note"),
    }
    for case_id, (request, place) in bad_fields.items():
        cases.append(requests_yaml_case(f"yaml-{case_id}", {"vacation": [request]}, (place,)))
    unavailable = {"resident": "r002", "weeks": 12}
    cases += [
        requests_yaml_case(
            "yaml-unavailable-unknown-duty",
            {"unavailable": [{**unavailable, "duties": {"rotations": ["wardz"]}}]},
            ("unavailable[0].duties.rotations[0]",),
        ),
        requests_yaml_case(
            "yaml-unavailable-unknown-category",
            {"unavailable": [{**unavailable, "duties": {"categories": ["nights"]}}]},
            ("unavailable[0].duties.categories[0]",),
        ),
        requests_yaml_case(
            "yaml-unavailable-empty-duties",
            {"unavailable": [{**unavailable, "duties": {}}]},
            ("unavailable[0].duties",),
        ),
    ]
    preference_cases: dict[str, tuple[dict[str, Any], str]] = {
        "unknown-elective": ({"resident": "r002", "electives": ["cardz"]}, "electives[0]"),
        "unknown-avoid": ({"resident": "r002", "avoid": ["nightz"]}, "avoid[0]"),
        "elective-twice": (
            {"resident": "r002", "electives": ["consults", "consults"]},
            "electives[1]",
        ),
        "ranked-and-avoided": (
            {"resident": "r002", "electives": ["consults"], "avoid": ["consults"]},
            "avoid",
        ),
        "electives-not-a-list": ({"resident": "r002", "electives": "consults"}, "electives"),
        "unknown-resident": ({"resident": "r999", "electives": ["consults"]}, "resident"),
        "unknown-site": ({"resident": "r002", "sites": ["mian"]}, "sites[0]"),
        "site-twice": ({"resident": "r002", "sites": ["main", "main"]}, "sites[1]"),
        "sites-not-a-list": ({"resident": "r002", "sites": "main"}, "sites"),
        "too-many-electives": ({"resident": "r002", "electives": ["consults"] * 30}, "electives"),
    }
    for case_id, (entry, place) in preference_cases.items():
        cases.append(
            requests_yaml_case(
                f"yaml-preference-{case_id}", {"preferences": [entry]}, (f"preferences[0].{place}",)
            )
        )
    cases += [
        requests_yaml_case(
            "yaml-preference-twice",
            {"preferences": [{"resident": "r002"}, {"resident": "r002"}]},
            ("preferences[1].resident",),
        ),
        requests_yaml_case("yaml-unknown-section", {"holidays": []}, ("holidays",)),
        requests_yaml_case(
            "yaml-section-not-a-list", {"vacation": {"resident": "r002"}}, ("vacation",)
        ),
        requests_yaml_case("yaml-a-list", [vacation_request()], ()),
        requests_yaml_case("yaml-syntax", "vacation:\n  - {resident: r002, weeks: [3\n", ("line",)),
        requests_yaml_case("yaml-binary", b"\x00\x01\x02\xff\xfe", ()),
        requests_yaml_case(
            "yaml-latin-1",
            "vacation:\n  - {resident: r002, weeks: 3, note: caf\xe9}\n".encode("latin-1"),
            (),
        ),
        requests_yaml_case("yaml-empty", "", ()),
        requests_yaml_case("yaml-duplicate-key", "vacation: []\nvacation: []\n", ("line 2",)),
    ]
    csv_rows: dict[str, tuple[str, str]] = {
        "unknown-kind": ("r002,holiday,3,,,,,,,", "row 2, column kind"),
        "no-kind": ("r002,,3,,,,,,,", "row 2, column kind"),
        "unknown-resident": ("r999,vacation,3,,,,,,,", "row 2, column resident"),
        "bad-weeks": ("r002,vacation,3-1,,,,,,,", "row 2, column weeks"),
        "past-the-year": ("r002,vacation,60,,,,,,,", "row 2, column weeks"),
        "no-weeks": ("r002,vacation,,,,,,,,", "row 2, column weeks"),
        "bad-date": ("r002,vacation,,2026-13-01,,,,,,", "row 2, column start"),
        "bad-priority": ("r002,vacation,3,,,9,,,,", "row 2, column priority"),
        "bad-hard": ("r002,vacation,3,,,,perhaps,,,", "row 2, column hard"),
        "vacation-with-rotation": ("r002,vacation,3,,,,,wards,,", "row 2, column rotation"),
        "elective-with-weeks": ("r002,elective,3,,,,,consults,1,", "row 2, column weeks"),
        "elective-without-rotation": ("r002,elective,,,,,,,1,", "row 2, column rotation"),
        "elective-unknown-rotation": ("r002,elective,,,,,,cardz,1,", "row 2, column rotation"),
        "rank-zero": ("r002,elective,,,,,,consults,0,", "row 2, column rank"),
        "rank-text": ("r002,elective,,,,,,consults,first,", "row 2, column rank"),
        "row-too-wide": ("r002,vacation,3,,,,,,,,extra", "row 2"),
        "unavailable-unknown-resident": ("r999,unavailable,3,,,,,,,", "row 2, column resident"),
        "site-without-site": ("r002,site,,,,,,,1,", "row 2, column site"),
        "site-with-rotation": ("r002,site,,,,,,wards,1,", "row 2, column rotation"),
    }
    for case_id, (row, place) in csv_rows.items():
        cases.append(
            requests_csv_case(f"csv-{case_id}", (REQUEST_HEADER + row + "\n").encode(), (place,))
        )
    cases += [
        requests_csv_case("csv-empty", b"", ()),
        requests_csv_case("csv-no-kind-column", b"resident,weeks\nr002,3\n", ("row 1",)),
        requests_csv_case(
            "csv-unknown-column", b"resident,kind,colour\nr002,vacation,red\n", ("row 1",)
        ),
        requests_csv_case(
            "csv-duplicate-column", b"resident,kind,kind\nr002,vacation,vacation\n", ("row 1",)
        ),
        requests_csv_case(
            "csv-nul-byte", b"resident,kind,weeks\nr002,vaca\x00tion,3\n", ("row 2",)
        ),
        requests_csv_case(
            "csv-latin-1",
            "resident,kind,weeks,note\nr002,vacation,3,caf\xe9\n".encode("latin-1"),
            ("byte",),
        ),
        requests_csv_case(
            "csv-elective-twice",
            (
                REQUEST_HEADER + "r002,elective,,,,,,consults,1,\nr002,elective,,,,,,consults,2,\n"
            ).encode(),
            ("row 3, column rotation",),
        ),
    ]
    cases += [
        named_file_case("missing", "nowhere.yaml", lambda folder: None, "requests"),
        named_file_case("folder", "wishes", lambda folder: (folder / "wishes").mkdir(), "requests"),
        named_file_case(
            "wrong-suffix",
            "requests.txt",
            lambda folder: (folder / "requests.txt").write_text("x"),
            "",
            file="requests.txt",
        ),
    ]
    return cases


# ============================================================================ requests


def request_case(
    case_id: str,
    section: str,
    value: Any,
    places: tuple[str, ...],
    codes: frozenset[int] = frozenset({2}),
) -> FuzzCase:
    """Program A with ``pins:`` or ``vacation.approved:`` set to ``value``."""
    path: FieldPath = ("pins",) if section == "pins" else ("vacation", "approved")
    return yaml_case("requests", case_id, {path: value}, places, codes=codes)


def pin(**fields: Any) -> dict[str, Any]:
    return {"resident": "r002", "weeks": "10-12", "rotation": "wards", **fields}


def approved(**fields: Any) -> dict[str, Any]:
    return {"resident": "r002", "weeks": "10-11", **fields}


#: Bad week spans, for pins and approved vacations alike.
BAD_SPANS: dict[str, Any] = {
    "reversed": "5-3",
    "zero": "0-0",
    "week-0": 0,
    "negative": -1,
    "text": "abc",
    "past-the-year": "51-53",
    "far-past-the-year": "1-99",
    "huge": HUGE,
    "float": 2.5,
    "boolean": True,
    "null": None,
    "three-parts": "1-3-5",
    "open-ended": "3+",
    "list": [3, 4],
}


def request_cases() -> list[FuzzCase]:
    cases: list[FuzzCase] = []
    for section, make in (("pins", pin), ("vacation.approved", approved)):
        prefix = "pin" if section == "pins" else "approved"
        for kind, span in BAD_SPANS.items():
            cases.append(
                request_case(
                    f"{prefix}-weeks-{kind}", section, [make(weeks=span)], (f"{section}[0].weeks",)
                )
            )
        cases.append(
            request_case(
                f"{prefix}-unknown-resident",
                section,
                [make(resident="r0002")],
                (f"{section}[0].resident", "r0002"),
            )
        )
        cases.append(
            request_case(
                f"{prefix}-resident-number",
                section,
                [make(resident=2)],
                (f"{section}[0].resident",),
            )
        )
        cases.append(
            request_case(
                f"{prefix}-resident-control",
                section,
                [make(resident="r00\x012")],
                (f"{section}[0].resident", "U+0001"),
            )
        )
        cases.append(
            request_case(
                f"{prefix}-unknown-key", section, [make(note="please")], (f"{section}[0].note",)
            )
        )
        for key in ("resident", "weeks"):
            entry = make()
            del entry[key]
            cases.append(
                request_case(f"{prefix}-no-{key}", section, [entry], (f"{section}[0].{key}",))
            )
        cases.append(request_case(f"{prefix}-a-mapping", section, make(), (section,)))
        cases.append(request_case(f"{prefix}-a-string", section, "r002 10-12", (section,)))
        cases.append(request_case(f"{prefix}-null", section, None, (section,)))
        cases.append(request_case(f"{prefix}-list-of-ids", section, ["r002"], (f"{section}[0]",)))
        cases.append(
            request_case(
                f"{prefix}-second-bad",
                section,
                [make(), make(resident="zz")],
                (f"{section}[1].resident",),
            )
        )
    cases.append(
        request_case(
            "pin-unknown-rotation", "pins", [pin(rotation="wardz")], ("pins[0].rotation", "'wards'")
        )
    )
    cases.append(
        request_case(
            "pin-no-rotation", "pins", [{"resident": "r002", "weeks": 3}], ("pins[0].rotation",)
        )
    )
    cases.append(
        request_case("pin-rotation-null", "pins", [pin(rotation=None)], ("pins[0].rotation",))
    )
    cases.append(
        request_case(
            "approved-rotation-key",
            "vacation.approved",
            [approved(rotation="vacation")],
            ("vacation.approved[0].rotation",),
        )
    )
    cases.append(
        text_case(
            "requests",
            "pin-duplicate-key",
            lambda t: (
                t
                + "pins:\n  - resident: r002\n    resident: r003\n    weeks: 3\n    rotation: wards\n"
            ),
            lambda t: (f"line {line_of(t, '    resident: r003')}", "'resident'"),
        )
    )
    proof = frozenset({3})
    cases.append(
        request_case(
            "proof-pins-over-coverage",
            "pins",
            [
                pin(resident="r001", weeks="7-9", rotation="micu"),
                pin(resident="r004", weeks="7-9", rotation="micu"),
                pin(resident="r007", weeks=8, rotation="micu"),
            ],
            ("pins[2]",),
            proof,
        )
    )
    cases.append(
        request_case(
            "proof-pin-not-open",
            "pins",
            [pin(resident="r001", rotation="consults")],
            ("pins[0]",),
            proof,
        )
    )
    cases.append(
        request_case(
            "proof-approved-too-long",
            "vacation.approved",
            [approved(weeks="10-15")],
            ("vacation.approved[0]",),
            proof,
        )
    )
    cases.append(
        request_case(
            "proof-pin-against-approved",
            "pins",
            [
                pin(resident="r002", weeks="10-12", rotation="vacation"),
                pin(resident="r002", weeks="10", rotation="micu"),
            ],
            ("pins[1]",),
            proof,
        )
    )
    return cases


# ============================================================================== rosters

ROSTER_COLUMNS = [
    "id",
    "name",
    "pgy",
    "track",
    "clinic_site",
    "cohort",
    "prior_weeks",
    "prior_ambulatory_weeks",
]


def roster_rows() -> list[list[str]]:
    """Program A's roster.csv, header first; row i of the list is row i + 1 of the file."""
    with (EXAMPLE / "roster.csv").open(newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


def csv_text(rows: Iterable[Iterable[object]], delimiter: str = ",") -> str:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\n").writerows(rows)
    return buffer.getvalue()


def csv_case(
    case_id: str,
    content: Callable[[], bytes],
    places: tuple[str, ...] = (),
    file: str = "roster.csv",
) -> FuzzCase:
    """Program A with its roster.csv replaced by ``content()``."""

    def build(folder: Path) -> Case:
        program = copy_example(folder)
        (folder / "roster.csv").write_bytes(content())
        return Case(solve_argv(folder, program), file, places)

    return FuzzCase("roster-csv", case_id, build)


def edited_rows(edit: Callable[[list[list[str]]], None]) -> Callable[[], bytes]:
    def content() -> bytes:
        rows = roster_rows()
        edit(rows)
        return csv_text(rows).encode("utf-8")

    return content


def set_cell(row: int, column: str, value: str) -> Callable[[list[list[str]]], None]:
    """Set the cell at (1-based file row, column name)."""

    def edit(rows: list[list[str]]) -> None:
        rows[row - 1][ROSTER_COLUMNS.index(column)] = value

    return edit


def drop_column(column: str) -> Callable[[list[list[str]]], None]:
    def edit(rows: list[list[str]]) -> None:
        index = ROSTER_COLUMNS.index(column)
        for row in rows:
            del row[index]

    return edit


#: (column, bad value, id) for cells of one resident; the row is varied so messages must
#: name the right one.
BAD_CELLS: list[tuple[str, str, str]] = [
    ("id", "", "empty"),
    ("name", "", "empty"),
    ("pgy", "", "empty"),
    ("track", "", "empty"),
    ("clinic_site", "", "empty"),
    ("id", "r 005", "space"),
    ("id", "r" * 41, "too-long"),
    ("id", "-r005", "leading-dash"),
    ("name", "Ana\x0bRuiz", "control"),
    ("pgy", "0", "zero"),
    ("pgy", "-1", "negative"),
    ("pgy", "4", "not-a-year"),
    ("pgy", "two", "text"),
    ("pgy", "1.5", "decimal"),
    ("pgy", str(HUGE), "huge"),
    ("pgy", "true", "boolean"),
    ("track", "primary-care", "unknown"),
    ("clinic_site", "chc_north", "unknown"),
    ("cohort", "first", "text"),
    ("cohort", "1.5", "decimal"),
    ("cohort", "0", "zero"),
    ("cohort", "6", "too-high"),
    ("cohort", "-1", "negative"),
    ("cohort", str(HUGE), "huge"),
    ("prior_weeks", "-1", "negative"),
    ("prior_weeks", "abc", "text"),
    ("prior_weeks", str(HUGE), "huge"),
    ("prior_ambulatory_weeks", "5", "over-prior-weeks"),
]


def roster_csv_cases() -> list[FuzzCase]:
    cases: list[FuzzCase] = []
    for column in ("id", "name", "pgy", "track"):
        cases.append(
            csv_case(
                f"missing-column-{column}", edited_rows(drop_column(column)), ("row 1", column)
            )
        )
    for i, (column, value, kind) in enumerate(BAD_CELLS):
        row = 2 + (i * 7) % 30
        cases.append(
            csv_case(
                f"{column}-{kind}",
                edited_rows(set_cell(row, column, value)),
                (f"row {row}, column {column}",),
            )
        )

    def duplicate(rows: list[list[str]]) -> None:
        rows[20][0] = rows[5][0]  # row 21 repeats row 6's id

    def duplicate_column(rows: list[list[str]]) -> None:
        rows[0][5] = "pgy"  # 'cohort' renamed: two pgy columns

    def extra_cell(rows: list[list[str]]) -> None:
        rows[9].append("surplus")

    def shifted(rows: list[list[str]]) -> None:
        rows[12][1:2] = rows[12][1].split(" ", 1)  # a name with an unquoted comma

    def unknown_column(rows: list[list[str]]) -> None:
        rows[0][6] = "email"

    def unknown_second_site(rows: list[list[str]]) -> None:
        rows[0].append("second_site")
        for row in rows[1:]:
            row.append("")
        rows[4][-1] = "geriatrix"  # the program has no longitudinal site at all

    original = (EXAMPLE / "roster.csv").read_bytes()
    cases += [
        csv_case(
            "unknown-second-site",
            edited_rows(unknown_second_site),
            ("row 5, column second_site",),
        ),
        csv_case("duplicate-id", edited_rows(duplicate), ("row 21, column id",)),
        csv_case("duplicate-column", edited_rows(duplicate_column), ("row 1", "pgy")),
        csv_case("extra-cell", edited_rows(extra_cell), ("row 10",)),
        csv_case("unquoted-comma-in-name", edited_rows(shifted), ("row 13",)),
        csv_case("unknown-column", edited_rows(unknown_column), ("row 1", "email")),
        csv_case("utf-16-bom", lambda: original.decode("utf-8").encode("utf-16")),
        csv_case("double-utf-8-bom", lambda: b"\xef\xbb\xbf\xef\xbb\xbf" + original, ("row 1",)),
        csv_case("latin-1", lambda: original.replace(b"Dmitri", "Dmítri".encode("latin-1"))),
        csv_case("semicolons", lambda: csv_text(roster_rows(), ";").encode(), ("row 1",)),
        csv_case("tabs", lambda: csv_text(roster_rows(), "\t").encode(), ("row 1",)),
        csv_case("binary", lambda: bytes(range(256)) * 4),
        csv_case("nul-byte", lambda: original.replace(b"r004", b"r0\x0004"), ("row 5",)),
        csv_case("empty-file", lambda: b""),
        csv_case("blank-lines-only", lambda: b"\n\n\n", ("row 1",)),
        csv_case("header-only", lambda: original.split(b"\n", 1)[0] + b"\n", ("row 2",)),
        csv_case(
            "header-and-blank-rows",
            lambda: original.split(b"\n", 1)[0] + b"\n,,,,,,,\n\n",
            ("row 2",),
        ),
        csv_case("an-xlsx-named-csv", lambda: xlsx_bytes(roster_table())),
        csv_case("field-too-long", edited_rows(set_cell(3, "name", "x" * 200_000)), ("row 3",)),
        csv_case("unterminated-quote", lambda: original.replace(b"r005,", b'r005,"'), ("row 6",)),
    ]
    return cases


def roster_table() -> list[list[Any]]:
    """The roster as typed cells, the way a spreadsheet holds it."""
    rows: list[list[Any]] = [list(roster_rows()[0])]
    for row in roster_rows()[1:]:
        rows.append([int(v) if v.isdigit() else (v or None) for v in row])
    return rows


def xlsx_bytes(rows: list[list[Any]], title: str = "Roster") -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = title
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_case(case_id: str, content: Callable[[], bytes], places: tuple[str, ...] = ()) -> FuzzCase:
    """Program A with its roster given as roster.xlsx holding ``content()``."""

    def build(folder: Path) -> Case:
        program = copy_example(folder)
        replace_once(program, "roster: roster.csv", "roster: roster.xlsx")
        (folder / "roster.xlsx").write_bytes(content())
        return Case(solve_argv(folder, program), "roster.xlsx", places)

    return FuzzCase("roster-xlsx", case_id, build)


def xlsx_rows(
    edit: Callable[[list[list[Any]]], None], title: str = "Roster"
) -> Callable[[], bytes]:
    def content() -> bytes:
        rows = roster_table()
        edit(rows)
        return xlsx_bytes(rows, title)

    return content


def set_value(row: int, column: str, value: Any) -> Callable[[list[list[Any]]], None]:
    def edit(rows: list[list[Any]]) -> None:
        rows[row - 1][ROSTER_COLUMNS.index(column)] = value

    return edit


#: (column, bad cell value, id): typed cells a spreadsheet can hold.
BAD_XLSX_CELLS: list[tuple[str, Any, str]] = [
    ("id", None, "empty"),
    ("name", None, "empty"),
    ("pgy", None, "empty"),
    ("track", None, "empty"),
    ("clinic_site", None, "empty"),
    ("pgy", "senior", "text"),
    ("pgy", 1.5, "decimal"),
    ("pgy", 4, "not-a-year"),
    ("pgy", True, "boolean"),
    ("pgy", dt.datetime(2026, 1, 1), "date"),
    ("pgy", 1e20, "huge"),
    ("pgy", "=1+0", "formula"),
    ("pgy", "#N/A", "error-text"),
    ("track", "categorical", "unknown"),
    ("clinic_site", "north", "unknown"),
    ("cohort", "first", "text"),
    ("cohort", 9, "too-high"),
    ("cohort", -2, "negative"),
    ("cohort", 2.5, "decimal"),
    ("id", 5, "number"),
    ("prior_weeks", -4, "negative"),
]


def roster_xlsx_cases() -> list[FuzzCase]:
    cases: list[FuzzCase] = []
    for column in ("id", "name", "pgy", "track"):

        def drop(rows: list[list[Any]], column: str = column) -> None:
            index = ROSTER_COLUMNS.index(column)
            for row in rows:
                del row[index]

        cases.append(
            xlsx_case(f"missing-column-{column}", xlsx_rows(drop), ("sheet Roster, row 1", column))
        )
    for i, (column, value, kind) in enumerate(BAD_XLSX_CELLS):
        row = 2 + (i * 11) % 30
        cases.append(
            xlsx_case(
                f"{column}-{kind}",
                xlsx_rows(set_value(row, column, value)),
                (f"sheet Roster, row {row}, column {column}",),
            )
        )

    def duplicate(rows: list[list[Any]]) -> None:
        rows[17][0] = rows[3][0]

    def header_only(rows: list[list[Any]]) -> None:
        del rows[1:]

    def nothing(rows: list[list[Any]]) -> None:
        rows.clear()

    def duplicate_column(rows: list[list[Any]]) -> None:
        rows[0][5] = "track"

    valid = xlsx_bytes(roster_table())
    cases += [
        xlsx_case("duplicate-id", xlsx_rows(duplicate), ("sheet Roster, row 18, column id",)),
        xlsx_case(
            "duplicate-column", xlsx_rows(duplicate_column), ("sheet Roster, row 1", "track")
        ),
        xlsx_case("header-only", xlsx_rows(header_only), ("sheet Roster, row 2",)),
        xlsx_case("empty-sheet", xlsx_rows(nothing), ("sheet Roster",)),
        xlsx_case("roster-on-another-sheet", lambda: _two_sheets(), ("sheet Notes",)),
        xlsx_case("csv-renamed", lambda: (EXAMPLE / "roster.csv").read_bytes()),
        xlsx_case("zero-bytes", lambda: b""),
        xlsx_case("binary", lambda: bytes(range(256)) * 16),
        xlsx_case("truncated-half", lambda: valid[: len(valid) // 2]),
        xlsx_case("truncated-end", lambda: valid[:-30]),
        xlsx_case("flipped-bytes", lambda: flip(valid, len(valid) // 3, 64)),
        xlsx_case(
            "sheet-cut-short",
            lambda: damaged_zip(valid, "xl/worksheets/sheet1.xml", lambda d: d[: len(d) // 2]),
            ("sheet Roster",),
        ),
        xlsx_case(
            "sheet-part-missing", lambda: damaged_zip(valid, "xl/worksheets/sheet1.xml", None)
        ),
        xlsx_case(
            "workbook-part-garbage",
            lambda: damaged_zip(valid, "xl/workbook.xml", lambda d: b"<workbook"),
        ),
    ]
    return cases


def _two_sheets() -> bytes:
    """The roster on a second sheet named 'Residents', the first sheet empty."""
    workbook = Workbook()
    first = workbook.active
    assert first is not None
    first.title = "Notes"
    sheet = workbook.create_sheet("Residents")
    for row in roster_table():
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# ============================================================================= workbooks


def flip(data: bytes, start: int, length: int) -> bytes:
    """``data`` with ``length`` bytes from ``start`` inverted."""
    middle = bytes(b ^ 0xFF for b in data[start : start + length])
    return data[:start] + middle + data[start + length :]


def damaged_zip(data: bytes, member: str, change: Callable[[bytes], bytes] | None) -> bytes:
    """The zip ``data`` with one member rewritten through ``change`` (None: removed)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    if change is None:
        del parts[member]
    else:
        parts[member] = change(parts[member])
    return zip_parts(parts)


def zip_parts(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


#: a solved workbook of program A handed in (the test session's shared one), if any
_given: list[bytes] = []


def give_solved_workbook(data: bytes) -> None:
    """Use ``data`` (program A's solved workbook) instead of solving A again."""
    _given[:] = [data]


def solved_workbook() -> bytes:
    """Program A's solved workbook: the one given, else solved once per process."""
    return _given[0] if _given else _solve_a()


@functools.cache
def _solve_a() -> bytes:
    """Program A solved once per process by the installed executable (seed 0, 2 workers)."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "solved.xlsx"
        proc = subprocess.run(
            [
                *cli_command(),
                "solve",
                str(EXAMPLE / "program.yaml"),
                "--out",
                str(out),
                "--seed",
                "0",
                "--workers",
                "2",
            ],
            capture_output=True,
            text=True,
            timeout=300,
        )
        if proc.returncode != 0:
            raise RuntimeError(f"program A did not solve (exit {proc.returncode}): {proc.stderr}")
        return out.read_bytes()


@functools.cache
def solved_parts() -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(solved_workbook())) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def sheet_member(parts: dict[str, bytes], sheet: str) -> str:
    """The zip member of a sheet: workbook.xml names it, its relationships place it."""
    book = parts["xl/workbook.xml"].decode()
    rel = re.search(rf'<sheet name="{sheet}"[^>]*r:id="(\w+)"', book)
    assert rel, sheet
    links = parts["xl/_rels/workbook.xml.rels"].decode()
    target = re.search(rf'Target="([^"]+)" Id="{rel.group(1)}"', links)
    assert target, rel.group(1)
    return target.group(1).lstrip("/")


def _cell_pattern(ref: str) -> re.Pattern[bytes]:
    return re.compile(rb'<c r="' + ref.encode() + rb'"(?: [^>]*?)?(?:/>|>.*?</c>)', re.S)


def cell_xml(ref: str, value: Any) -> bytes:
    """A cell as openpyxl writes it: inline text, a number, a boolean, or empty."""
    if value is None:
        return f'<c r="{ref}" />'.encode()
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'.encode()
    if isinstance(value, int | float):
        return f'<c r="{ref}" t="n"><v>{value!r}</v></c>'.encode()
    text = str(value).replace("&", "&amp;").replace("<", "&lt;")
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'.encode()


def set_xml_cell(xml: bytes, ref: str, value: Any) -> bytes:
    new, count = _cell_pattern(ref).subn(lambda _: cell_xml(ref, value), xml, count=1)
    assert count == 1, f"no cell {ref}"
    return new


def xml_cell_text(xml: bytes, ref: str) -> str:
    found = _cell_pattern(ref).search(xml)
    assert found, ref
    value = re.search(rb"<(?:t|v)>([^<]*)</", found.group())
    return value.group(1).decode() if value else ""


def delete_xml_rows(xml: bytes, rows: Iterable[int]) -> bytes:
    for row in rows:
        xml, count = re.subn(
            rb'<row r="' + str(row).encode() + rb'"[ >].*?</row>', b"", xml, count=1, flags=re.S
        )
        assert count == 1, f"no row {row}"
    return xml


#: ``check`` read the workbook and found rules broken (exit 1, FAIL): right for a workbook
#: that is well-formed but names an unknown rotation or resident, or a cohort the template
#: lacks, since the validator judges those, and a cell it cannot judge stays uncoloured.
VERDICT = frozenset({1})
#: The place of most workbook errors.
SHEET_A = "sheet Assignments"
#: Columns of the Assignments sheet as the solve writes them.
ASSIGNMENT_COLUMNS = {"resident_id": "A", "cohort": "E", "week": "G", "rotation_id": "I"}


def workbook_case(
    case_id: str,
    content: Callable[[], bytes],
    places: tuple[str, ...] = (),
    *,
    codes: frozenset[int] = frozenset({2}),
    extra: tuple[str, ...] = (),
) -> FuzzCase:
    """``check`` of program A against schedule.xlsx holding ``content()``."""

    def build(folder: Path) -> Case:
        program = copy_example(folder)
        (folder / WORKBOOK).write_bytes(content())
        return Case(
            ("check", str(program), str(folder / WORKBOOK), *extra), WORKBOOK, places, codes
        )

    return FuzzCase("workbook", case_id, build)


def assignments(change: Callable[[bytes], bytes]) -> Callable[[], bytes]:
    """The solved workbook with its Assignments sheet's XML changed."""

    def content() -> bytes:
        parts = dict(solved_parts())
        member = sheet_member(parts, "Assignments")
        parts[member] = change(parts[member])
        return zip_parts(parts)

    return content


def grid(change: Callable[[bytes], bytes]) -> Callable[[], bytes]:
    """The solved workbook with its Schedule grid's XML changed."""

    def content() -> bytes:
        parts = dict(solved_parts())
        member = sheet_member(parts, "Schedule")
        parts[member] = change(parts[member])
        return zip_parts(parts)

    return content


def cells(*edits: tuple[str, Any]) -> Callable[[bytes], bytes]:
    def change(xml: bytes) -> bytes:
        for ref, value in edits:
            xml = set_xml_cell(xml, ref, value)
        return xml

    return change


def first_resident_rows(xml: bytes) -> list[int]:
    """Sheet rows of the first resident listed in the Assignments sheet (rows 2 to 53)."""
    first = xml_cell_text(xml, "A2")
    return [r for r in range(2, 2 + 52) if xml_cell_text(xml, f"A{r}") == first]


def whole_resident(column: str, value: Any) -> Callable[[bytes], bytes]:
    """The same change on every row of the first resident."""

    def change(xml: bytes) -> bytes:
        for row in first_resident_rows(xml):
            xml = set_xml_cell(xml, f"{column}{row}", value)
        return xml

    return change


def table_only(edit: Callable[[list[list[Any]]], None]) -> Callable[[], bytes]:
    """A workbook holding only an Assignments sheet: the solved one's rows, edited."""

    def content() -> bytes:
        rows = assignment_rows()
        edit(rows)
        return xlsx_bytes(rows, "Assignments")

    return content


@functools.cache
def _assignment_rows() -> tuple[tuple[Any, ...], ...]:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(solved_workbook()), read_only=True)
    try:
        return tuple(tuple(row) for row in book["Assignments"].iter_rows(values_only=True))
    finally:
        book.close()


def assignment_rows() -> list[list[Any]]:
    return [list(row) for row in _assignment_rows()]


def workbook_cases() -> list[FuzzCase]:
    cases: list[FuzzCase] = []
    # an empty cell in each column check reads (cohort: a row that disagrees with the others)
    for row, (name, column) in zip((5, 60, 400, 1000), ASSIGNMENT_COLUMNS.items(), strict=True):
        cases.append(
            workbook_case(
                f"empty-{name}",
                assignments(cells((f"{column}{row}", None))),
                (f"{SHEET_A}, row {row}, column {name}",),
            )
        )
    bad_weeks: dict[str, Any] = {
        "text": "two",
        "zero": 0,
        "past-the-year": 53,
        "negative": -1,
        "decimal": 2.5,
        "huge": 1e20,
        "boolean": True,
        "spaces": "   ",
        "a-date-text": "2026-07-06",
    }
    for i, (kind, value) in enumerate(bad_weeks.items()):
        row = 7 + 97 * i
        cases.append(
            workbook_case(
                f"week-{kind}",
                assignments(cells((f"G{row}", value))),
                (f"{SHEET_A}, row {row}, column week",),
            )
        )
    for i, (kind, value) in enumerate({"text": "first", "decimal": 1.5, "boolean": True}.items()):
        row = 9 + 131 * i
        cases.append(
            workbook_case(
                f"cohort-{kind}",
                assignments(cells((f"E{row}", value))),
                (f"{SHEET_A}, row {row}, column cohort",),
            )
        )
    cases += [
        workbook_case(
            "cohort-differs-on-one-row",
            assignments(cells(("E30", 77))),
            (f"{SHEET_A}, row 30, column cohort",),
        ),
        # a cohort the template does not have is the validator's to report (phases)
        workbook_case(
            "cohort-out-of-range",
            assignments(whole_resident("E", 6)),
            ("needs a cohort from 1 to 5, has 6",),
            codes=VERDICT,
        ),
        workbook_case(
            "cohort-zero",
            assignments(whole_resident("E", 0)),
            ("needs a cohort from 1 to 5, has 0",),
            codes=VERDICT,
        ),
        workbook_case(
            "cohort-negative",
            assignments(whole_resident("E", -1)),
            ("needs a cohort from 1 to 5, has -1",),
            codes=VERDICT,
        ),
        workbook_case(
            "duplicate-resident-week", assignments(cells(("G3", 1))), (f"{SHEET_A}, row 3",)
        ),
        workbook_case(
            "resident-moved-onto-another",
            assignments(_second_resident_onto_first(60)),
            (f"{SHEET_A}, row 60",),
        ),
        workbook_case(
            "missing-week", assignments(lambda x: delete_xml_rows(x, [10])), (SHEET_A, "week 9")
        ),
        workbook_case(
            "missing-last-week",
            assignments(lambda x: delete_xml_rows(x, [53])),
            (SHEET_A, "week 52"),
        ),
        workbook_case(
            "unknown-resident-one-row",
            assignments(cells(("A20", "r999"))),
            (SHEET_A, "no row for week 19"),
        ),
        workbook_case("resident-id-a-number", assignments(cells(("A21", 9))), (SHEET_A,)),
        workbook_case(
            "header-renamed", assignments(cells(("G1", "wk"))), (f"{SHEET_A}, row 1", "week")
        ),
        workbook_case(
            "header-blank",
            assignments(cells(*((f"{c}1", None) for c in "ABCDEFGHIJKLM"))),
            (f"{SHEET_A}, row 1",),
        ),
        workbook_case(
            "sheet-emptied",
            assignments(
                lambda x: re.sub(rb"<sheetData>.*</sheetData>", b"<sheetData />", x, flags=re.S)
            ),
            (SHEET_A,),
        ),
        workbook_case(
            "no-assignments-sheet", _renamed_sheet("Assignments", "Assignments (old)"), (SHEET_A,)
        ),
        workbook_case(
            "assignments-lower-case", _renamed_sheet("Assignments", "assignments"), (SHEET_A,)
        ),
        workbook_case(
            "table-only-week-text",
            table_only(lambda rows: _set(rows, 40, "week", "forty")),
            (f"{SHEET_A}, row 40, column week",),
        ),
        workbook_case(
            "table-only-column-missing",
            table_only(lambda rows: _drop(rows, "rotation_id")),
            (f"{SHEET_A}, row 1", "rotation_id"),
        ),
        workbook_case(
            "table-only-missing-resident-week", table_only(lambda rows: rows.pop(100)), (SHEET_A,)
        ),
        workbook_case(
            "table-only-cohort-out-of-range",
            table_only(lambda rows: _whole(rows, "cohort", 12)),
            ("needs a cohort from 1 to 5, has 12",),
            codes=VERDICT,
        ),
        workbook_case(
            "table-only-cohort-empty-for-one",
            table_only(lambda rows: _whole(rows, "cohort", None)),
            ("cohort",),
            codes=VERDICT,
        ),
        workbook_case(
            "clinic-site-one-row",
            assignments(cells(("F5", "elsewhere"))),
            (f"{SHEET_A}, row 5, column clinic_site",),
        ),
        # the sheets read fine, but what they say breaks the rules: the verdict must be FAIL
        workbook_case(
            "clinic-site-whole-year",
            assignments(whole_resident("F", "nowhere")),
            ("clinic site 'nowhere' does not exist",),
            codes=VERDICT,
        ),
        workbook_case(
            "unknown-rotation",
            assignments(cells(("I5", "wardz"))),
            ("unknown rotation 'wardz'",),
            codes=VERDICT,
        ),
        workbook_case(
            "unknown-resident-whole-year",
            assignments(whole_resident("A", "r999")),
            ("'r999' is scheduled but not on the roster",),
            codes=VERDICT,
        ),
        workbook_case(
            "resident-missing-whole-year",
            assignments(lambda x: delete_xml_rows(x, first_resident_rows(x))),
            ("has no schedule",),
            codes=VERDICT,
        ),
        workbook_case(
            "table-only-unknown-rotation",
            table_only(lambda rows: _set(rows, 77, "rotation_id", "wardz")),
            ("unknown rotation 'wardz'",),
            codes=VERDICT,
        ),
        # the grid, read with --sheet Schedule
        workbook_case(
            "grid-empty-block",
            grid(cells(("G5", None))),
            ("sheet Schedule, row 5, column G",),
            extra=("--sheet", "Schedule"),
        ),
        workbook_case(
            "grid-unknown-label",
            grid(cells(("G5", "XYZ"))),
            ("sheet Schedule, row 5, column G", "XYZ"),
            extra=("--sheet", "Schedule"),
        ),
        workbook_case(
            "grid-unknown-resident",
            grid(cells(("A6", "r999"))),
            ("sheet Schedule, row 6, column A",),
            extra=("--sheet", "Schedule"),
        ),
        workbook_case(
            "grid-no-header",
            grid(cells(("A2", "Who"))),
            ("sheet Schedule",),
            extra=("--sheet", "Schedule"),
        ),
        workbook_case(
            "grid-week-header-text",
            grid(cells(("J2", "four"))),
            ("sheet Schedule, row 2", "week 4"),
            extra=("--sheet", "Schedule"),
        ),
        workbook_case(
            "grid-cohort-text",
            grid(cells(("E7", "two"))),
            ("sheet Schedule, row 7, column E",),
            extra=("--sheet", "Schedule"),
        ),
        workbook_case(
            "grid-missing",
            _renamed_sheet("Schedule", "Grid"),
            ("sheet Schedule",),
            extra=("--sheet", "Schedule"),
        ),
        workbook_case(
            "grid-sheet-cut-short",
            grid(lambda x: x[: len(x) // 2]),
            ("sheet Schedule",),
            extra=("--sheet", "Schedule"),
        ),
    ]
    cases += _damaged_workbook_cases()
    return cases


def _second_resident_onto_first(row: int) -> Callable[[bytes], bytes]:
    """Row ``row`` (the second resident's) given the first resident's id: their week then
    appears twice for the first resident."""

    def change(xml: bytes) -> bytes:
        first = xml_cell_text(xml, "A2")
        assert xml_cell_text(xml, f"A{row}") != first
        return set_xml_cell(xml, f"A{row}", first)

    return change


def _renamed_sheet(old: str, new: str) -> Callable[[], bytes]:
    def content() -> bytes:
        parts = dict(solved_parts())
        book = parts["xl/workbook.xml"]
        parts["xl/workbook.xml"] = book.replace(
            f'name="{old}"'.encode(), f'name="{new}"'.encode(), 1
        )
        return zip_parts(parts)

    return content


def _set(rows: list[list[Any]], row: int, column: str, value: Any) -> None:
    rows[row - 1][rows[0].index(column)] = value


def _drop(rows: list[list[Any]], column: str) -> None:
    index = rows[0].index(column)
    for row in rows:
        del row[index]


def _whole(rows: list[list[Any]], column: str, value: Any) -> None:
    """Every row of the first resident."""
    index, first = rows[0].index(column), rows[1][0]
    for row in rows[1:]:
        if row[0] == first:
            row[index] = value


def _damaged_workbook_cases() -> list[FuzzCase]:

    def member_offset(name: str) -> tuple[int, int]:
        """Where a member's compressed bytes lie in the solved workbook."""
        data = solved_workbook()
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            info = archive.getinfo(name)
        header = 30 + len(info.filename.encode()) + len(info.extra)
        start = info.header_offset + header
        return start, info.compress_size

    def flipped_in(member: str, where: float, length: int = 32) -> Callable[[], bytes]:
        def content() -> bytes:
            start, size = member_offset(member)
            return flip(solved_workbook(), start + int(size * where), length)

        return content

    def whole(change: Callable[[bytes], bytes]) -> Callable[[], bytes]:
        return lambda: change(solved_workbook())

    def part(member: str, change: Callable[[bytes], bytes] | None) -> Callable[[], bytes]:
        return lambda: damaged_zip(solved_workbook(), member, change)

    sheet = "xl/worksheets/sheet2.xml"
    return [
        workbook_case("flipped-assignments-start", flipped_in(sheet, 0.0)),
        workbook_case("flipped-assignments-middle", flipped_in(sheet, 0.5)),
        workbook_case("flipped-assignments-end", flipped_in(sheet, 0.99, 8)),
        workbook_case("flipped-workbook-part", flipped_in("xl/workbook.xml", 0.3, 16)),
        workbook_case("flipped-central-directory", whole(lambda d: flip(d, len(d) - 400, 40))),
        workbook_case("flipped-signature", whole(lambda d: flip(d, 0, 4))),
        workbook_case("truncated-half", whole(lambda d: d[: len(d) // 2])),
        workbook_case("truncated-tenth", whole(lambda d: d[: len(d) // 10])),
        workbook_case("truncated-end", whole(lambda d: d[:-10])),
        workbook_case(
            "assignments-xml-cut-short", part(sheet, lambda x: x[: len(x) // 2]), (SHEET_A,)
        ),
        workbook_case("assignments-xml-garbage", part(sheet, lambda x: b"\x00\x01 not xml")),
        workbook_case("assignments-part-missing", part(sheet, None), (SHEET_A,)),
        workbook_case(
            "workbook-xml-garbage", part("xl/workbook.xml", lambda x: b"<workbook><sheets>")
        ),
        workbook_case("workbook-xml-missing", part("xl/workbook.xml", None)),
        workbook_case("content-types-missing", part("[Content_Types].xml", None)),
        workbook_case("relations-garbage", part("xl/_rels/workbook.xml.rels", lambda x: x[:50])),
        workbook_case("styles-garbage", part("xl/styles.xml", lambda x: b"<styleSheet")),
        workbook_case("csv-renamed", lambda: (EXAMPLE / "roster.csv").read_bytes()),
        workbook_case("xls-renamed", lambda: bytes.fromhex("d0cf11e0a1b11ae1") + bytes(504)),
        workbook_case(
            "pdf-renamed", lambda: b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"
        ),
        workbook_case("empty-file", lambda: b""),
        workbook_case("binary", lambda: bytes(range(256)) * 64),
    ]


def _workbook_file_cases() -> list[FuzzCase]:
    def folder(path: Path) -> Case:
        program = copy_example(path)
        (path / WORKBOOK).mkdir()
        return Case(("check", str(program), str(path / WORKBOOK)), WORKBOOK)

    def missing(path: Path) -> Case:
        program = copy_example(path)
        return Case(("check", str(program), str(path / WORKBOOK)), WORKBOOK)

    return [
        FuzzCase("workbook", "file-is-a-folder", folder),
        FuzzCase("workbook", "file-missing", missing),
    ]


# ============================================================================ scenarios

SCENARIO = "scenario.yaml"
#: What a scenario case writes beside program A: text, bytes, or None for a folder.
Extra = dict[str, str | bytes | None]
#: compare, in case a broken scenario were let through: short first schedules, one at a time
COMPARE_OPTIONS = ("--time-limit", "5", "--stop-at-first", "--workers", "1", "--parallel", "1")


def scenario_argv(command: str, folder: Path, scenario: Path) -> tuple[str, ...]:
    """``scenario`` given to ``command`` as its program (to ``compare`` as a scenario after
    program A, or as its BASE)."""
    program = str(folder / "program.yaml")
    if command == "explain":
        return ("explain", str(scenario), "--fix-time-limit", "0")
    if command == "solve":
        return solve_argv(folder, scenario)
    if command == "check":
        return ("check", str(scenario), str(folder / WORKBOOK))
    if command == "repair":
        return (
            "repair",
            str(scenario),
            "--from",
            str(folder / WORKBOOK),
            "--freeze-until",
            "10",
            "--out",
            str(folder / OUT),
        )
    good = folder / "good.yaml"
    good.write_text("scenario: good\nbase: program.yaml\n", encoding="utf-8")
    out = ("--out", str(folder / OUT), *COMPARE_OPTIONS)
    if command == "compare":
        return ("compare", program, str(good), str(scenario), *out)
    assert command == "compare-base", command
    return ("compare", str(scenario), str(good), *out)


def scenario_case(
    case_id: str,
    text: str | bytes,
    places: tuple[str, ...] = (),
    *,
    file: str = SCENARIO,
    extra: Extra | None = None,
    under: str = "",
    command: str = "explain",
) -> FuzzCase:
    """Program A's folder with a scenario file of ``text`` (in the subfolder ``under``) and
    the ``extra`` files, the scenario given to ``command``."""

    def build(folder: Path) -> Case:
        copy_example(folder)
        for name, content in (extra or {}).items():
            target = folder / name
            target.parent.mkdir(parents=True, exist_ok=True)
            if content is None:
                target.mkdir()
            elif isinstance(content, bytes):
                target.write_bytes(content)
            else:
                target.write_text(content, encoding="utf-8")
        scenario = folder / under / SCENARIO
        scenario.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            scenario.write_bytes(text)
        else:
            scenario.write_text(text, encoding="utf-8")
        return Case(scenario_argv(command, folder, scenario), file, places)

    return FuzzCase("scenario", case_id, build)


def over(overrides: str, base: str = "program.yaml") -> str:
    """A scenario of ``base`` with ``overrides`` (YAML lines, indented under overrides:)."""
    return f"scenario: what if\nbase: {base}\noverrides:\n" + "".join(
        f"  {line}\n" for line in overrides.splitlines()
    )


def scenario_cases() -> list[FuzzCase]:
    return [*_scenario_base_cases(), *_scenario_override_cases(), *_scenario_file_cases()]


def _scenario_base_cases() -> list[FuzzCase]:
    """Every way ``base:`` can be wrong: what it names, and what it is."""
    program = (EXAMPLE / "program.yaml").read_text(encoding="utf-8")
    named: dict[str, tuple[str, Extra]] = {
        "a-folder": ("programs", {"programs": None}),
        "the-roster": ("roster.csv", {}),
        "a-workbook": ("program.xlsx", {"program.xlsx": b"PK\x03\x04" + bytes(200)}),
        "itself": (SCENARIO, {}),
        "itself-by-another-path": (f"./{SCENARIO}", {}),
        "a-scenario": ("other.yaml", {"other.yaml": "base: program.yaml\n"}),
        "missing": ("missing.yaml", {}),
        "missing-folder": ("nowhere/program.yaml", {}),
        "name-too-long": ("p" * 300 + ".yaml", {}),
    }
    cases = [
        scenario_case(f"base-{case_id}", f"base: {name}\n", ("base",), extra=extra)
        for case_id, (name, extra) in named.items()
    ]
    values = {
        "a-list": "[program.yaml]",
        "a-mapping": "{file: program.yaml}",
        "a-number": "3",
        "zero": "0",
        "yes": "yes",
        "empty-text": "''",
        "blank-text": "'   '",
        "null": "null",
        "nothing": "",
        "control-character": '"program\\x07.yaml"',
        "nul": '"pro\\0gram.yaml"',
        "newline": '"program.yaml\\nother.yaml"',
        "very-long": "a/" * 2500 + "program.yaml",
    }
    cases += [
        scenario_case(f"base-{case_id}", f"base: {value}\noverrides: {{}}\n", ("base",))
        for case_id, value in values.items()
    ]
    # a base that is a program file with something wrong inside is named itself
    inside: dict[str, tuple[str, bytes | str, tuple[str, ...]]] = {
        "latin-1": ("latin.yaml", "name: Caf\xe9\n".encode("latin-1"), ()),
        "binary": ("binary.yaml", bytes(range(256)) * 4, ()),
        "empty": ("empty.yaml", b"", ()),
        "a-list-file": ("list.yaml", "- name: x\n", ()),
        "syntax-error": ("broken.yaml", "name: [Program A\nweeks: 52\n", ("line",)),
        "invalid-program": ("bad.yaml", program.replace("weeks: 52", "weeks: fifty"), ("weeks",)),
        "invalid-roster": (
            "roster.csv",
            "id,name,pgy,track,clinic_site\nr001,A,9,primary_care,main\n",
            ("row 2, column pgy",),
        ),
    }
    cases += [
        scenario_case(
            f"base-{case_id}",
            f"base: {name if name != 'roster.csv' else 'program.yaml'}\n",
            places,
            file=name,
            extra={name: content},
        )
        for case_id, (name, content, places) in inside.items()
    ]
    cases += [
        scenario_case("no-base", "scenario: x\noverrides: {weeks: 50}\n", ("base",)),
        scenario_case(
            "base-of-a-subfolder-scenario", "base: program.yaml\n", ("base",), under="sub"
        ),
    ]
    return cases


def _scenario_override_cases() -> list[FuzzCase]:
    """Overrides that are not settings, that cannot be combined, or that break the program
    (named at their place under ``overrides:``, or in the file they name)."""
    at: dict[str, tuple[str, str]] = {
        # what overrides is
        "overrides-a-list": ("overrides", "[weeks, 50]"),
        "overrides-text": ("overrides", "''"),
        "overrides-zero": ("overrides", "0"),
        "overrides-no": ("overrides", "no"),
    }
    cases = [
        scenario_case(case_id, f"base: program.yaml\noverrides: {value}\n", (place,))
        for case_id, (place, value) in at.items()
    ]
    bad: dict[str, tuple[str, str]] = {
        # keys that are not setting names (YAML reads 1: as a number, yes: as true)
        "number-key": ("1: x", "overrides"),
        "yes-key": ("yes: 1", "overrides"),
        "null-key": ("~: 1", "overrides"),
        "nested-number-key": ("vacation: {1: x}", "overrides.vacation"),
        "number-key-in-a-new-item": ("rotations: [{id: wards, coverage: {2: x}}]", "overrides"),
        "deep-junk": ("vacation: " + "{a: " * 200 + "1" + "}" * 200, "overrides.vacation.a"),
        # items matched by id
        "id-a-list": ("rotations: [{id: [wards], name: X}]", "overrides.rotations[0].id"),
        "id-a-mapping": ("rotations: [{id: {wards: 1}, name: X}]", "overrides.rotations[0].id"),
        "id-null": ("rotations: [{id: null, name: X}]", "overrides.rotations[0].id"),
        "id-a-number": ("rotations: [{id: 7, name: X}]", "overrides.rotations[0].id"),
        "id-empty": ("rotations: [{id: '', name: X}]", "overrides.rotations[0].id"),
        "remove-yes-text": (
            "rotations: [{id: consults, remove: 'yes'}]",
            "overrides.rotations[0].remove",
        ),
        "remove-one": ("rotations: [{id: consults, remove: 1}]", "overrides.rotations[0].remove"),
        "remove-null": (
            "rotations: [{id: consults, remove: null}]",
            "overrides.rotations[0].remove",
        ),
        "remove-unknown-id": ("rotations: [{id: consult, remove: true}]", "overrides.rotations[0]"),
        "remove-and-change": (
            "rotations: [{id: consults, remove: true, name: Consults}]",
            "overrides.rotations[0]",
        ),
        "remove-from-nothing": (
            "longitudinal_sites: [{id: geri, remove: true}]",
            "overrides.longitudinal_sites[0]",
        ),
        "mixed-id-and-no-id": (
            "rotations: [{id: consults, remove: true}, {name: Addiction}]",
            "overrides.rotations[1]",
        ),
        "mixed-id-and-text": (
            "rotations: [{id: consults, remove: true}, wards]",
            "overrides.rotations[1]",
        ),
        "same-id-twice": (
            "rotations: [{id: consults, name: A}, {id: consults, remove: true}]",
            "overrides.rotations[1].id",
        ),
        "new-item-without-name": (
            "rotations: [{id: micu, name: ICU}, {id: addiction, category: ambulatory}]",
            "overrides.rotations[1].name",
        ),
        "changed-item-wrong": (
            "rotations: [{id: wards, coverage: {interns: 5-1}}]",
            "overrides.rotations[0].coverage.interns",
        ),
        # replaced values
        "rotations-a-number": ("rotations: 5", "overrides.rotations"),
        "rotations-text": ("rotations: wards", "overrides.rotations"),
        "rotations-empty": ("rotations: []", "overrides.rotations"),
        "requirements-with-remove": (
            "requirements: [{label: Wards, remove: true}]",
            "overrides.requirements[0]",
        ),
        "weeks-too-many": ("weeks: 70", "overrides.weeks"),
        "unknown-setting": ("nam: Program B", "overrides.nam"),
        "null-for-unknown-setting": ("sequencng: null", "overrides.sequencng"),
        "null-for-unknown-nested": (
            "vacation: {weeks_per_resdent: null}",
            "overrides.vacation.weeks_per_resdent",
        ),
        "name-removed": ("name: null", "overrides.name"),
        "program-key-scenario": ("scenario: inner", "overrides.scenario"),
        # a change that breaks what it does not touch: the scenario is named
        "removed-rotation-required": ("rotations: [{id: night_float, remove: true}]", "overrides"),
        # files named in the overrides, relative to the scenario
        "roster-missing": ("roster: nope.csv", "overrides.roster"),
        "roster-empty-text": ("roster: ''", "overrides.roster"),
        "roster-a-list": ("roster: [roster.csv]", "overrides.roster"),
        "roster-a-number": ("roster: 5", "overrides.roster"),
        "roster-name-too-long": ("roster: " + "r" * 300 + ".csv", "overrides.roster"),
        "requests-missing": ("requests: nope.yaml", "overrides.requests"),
        "history-missing": ("history: nope.csv", "overrides.history"),
        "inline-residents-and-roster": (
            "residents: [{id: r1, name: X, pgy: 1, track: primary_care}]",
            "overrides.residents",
        ),
    }
    cases += [
        scenario_case(case_id, over(change), (place,)) for case_id, (change, place) in bad.items()
    ]
    roster_header = "id,name,pgy,track,clinic_site\n"
    cases += [
        scenario_case(
            "roster-a-folder",
            over("roster: rosters"),
            ("overrides.roster",),
            extra={"rosters": None},
        ),
        # a file the overrides name, with an error inside, is named itself (not the base's)
        scenario_case(
            "roster-bad-row",
            over("roster: roster.csv", base="../program.yaml"),
            ("row 2, column pgy",),
            file="roster.csv",
            extra={"what-if/roster.csv": roster_header + "r001,A,9,primary_care,main\n"},
            under="what-if",
        ),
        scenario_case(
            "roster-unknown-column",
            over("roster: roster.csv", base="../program.yaml"),
            ("row 1",),
            file="roster.csv",
            extra={"what-if/roster.csv": "id,name,pgy,track,colour\nr001,A,1,primary_care,red\n"},
            under="what-if",
        ),
        scenario_case(
            "requests-unknown-resident",
            over("requests: requests.yaml", base="../program.yaml"),
            ("vacation[0].resident",),
            file="requests.yaml",
            extra={"what-if/requests.yaml": "vacation: [{resident: r999, weeks: 3}]\n"},
            under="what-if",
        ),
        # the base's own files, broken by the overrides: named, with the scenario
        scenario_case(
            "removed-track-the-roster-uses",
            over(
                "tracks: [{id: primary_care, remove: true}, {id: pc, name: PC, template: three_plus_two}]"
            ),
            ("row 2, column track", SCENARIO),
            file="roster.csv",
        ),
        scenario_case(
            "removed-rotation-a-request-names",
            over("rotations: [{id: consults, remove: true}]"),
            ("preferences", SCENARIO),
            file="requests.yaml",
        ),
    ]
    return cases


def _scenario_file_cases() -> list[FuzzCase]:
    """The scenario file itself: its YAML, its bytes, its name and description, and the
    commands it is given to."""
    text: dict[str, tuple[str | bytes, tuple[str, ...]]] = {
        "yaml-unclosed-bracket": (
            "base: program.yaml\noverrides:\n  rotations: [{id: wards\n",
            ("line",),
        ),
        "yaml-tab": ("base: program.yaml\noverrides:\n\tweeks: 50\n", ("line 3",)),
        "yaml-key-twice": ("base: program.yaml\nbase: program.yaml\n", ("line 2",)),
        "yaml-list-as-key": ("base: program.yaml\n[a]: 1\n", ("line 2",)),
        "not-utf8": ("base: program.yaml\nscenario: Caf\xe9\n".encode("latin-1"), ()),
        "a-list": ("- base: program.yaml\n", ()),
        "empty": ("", ()),
        "program-key-beside-base": ("base: program.yaml\nweeks: 50\n", ("weeks",)),
        "top-level-number-key": ("base: program.yaml\n1: x\n", ("1",)),
        "name-empty": ("scenario: ''\nbase: program.yaml\n", ("scenario",)),
        "name-300-characters": (f"scenario: {'x' * 300}\nbase: program.yaml\n", ("scenario",)),
        "name-newline": ('scenario: "4+1\\nplan"\nbase: program.yaml\n', ("scenario",)),
        "name-control-character": ('scenario: "4+1\\x1b"\nbase: program.yaml\n', ("scenario",)),
        "name-yes": ("scenario: yes\nbase: program.yaml\n", ("scenario",)),
        "name-a-list": ("scenario: [4, 1]\nbase: program.yaml\n", ("scenario",)),
        "description-control-character": (
            'description: "bell\\x07"\nbase: program.yaml\n',
            ("description",),
        ),
        "description-a-mapping": ("description: {a: 1}\nbase: program.yaml\n", ("description",)),
        "description-too-long": (
            f"description: {'x' * 5000}\nbase: program.yaml\n",
            ("description",),
        ),
    }
    cases = [scenario_case(case_id, content, places) for case_id, (content, places) in text.items()]
    broken = over("rotations: [{id: consults, remove: 'yes'}]")
    cases += [
        scenario_case(
            f"{command}-broken", broken, ("overrides.rotations[0].remove",), command=command
        )
        for command in ("solve", "check", "repair", "compare")
    ]
    cases += [
        scenario_case(
            "compare-scenario-as-base",
            "base: program.yaml\n",
            ("base", "compare program.yaml scenario.yaml"),
            command="compare-base",
        ),
        scenario_case(
            "compare-no-base-scenario-as-base",
            "overrides: {weeks: 50}\n",
            ("overrides", "compare PROGRAM.yaml"),
            command="compare-base",
        ),
    ]
    return cases


def all_cases() -> list[FuzzCase]:
    cases = [
        *program_cases(),
        *request_cases(),
        *requests_file_cases(),
        *continuity_cases(),
        *history_cases(),
        *roster_csv_cases(),
        *roster_xlsx_cases(),
        *workbook_cases(),
        *_workbook_file_cases(),
        *scenario_cases(),
    ]
    ids = [f"{case.category}:{case.id}" for case in cases]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    assert not duplicates, duplicates
    return cases


CASES = all_cases()
