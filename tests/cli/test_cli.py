"""The command line end to end: solve, check and schema, and their exit codes.

0 a schedule / a clean check, 1 check found violations, 2 invalid input, 3 proven infeasible,
4 no schedule within the time limit. The check tests read the session's solve of program A
(tests/conftest.py); the real executable solves it again in a subprocess for the end-to-end
solve test (slow tier); the other commands run the typer app in-process (CliRunner) to keep
the runtime low, except where the exact piped output of the executable is the point.
"""

from __future__ import annotations

import csv
import json
import os
import re
import subprocess
import sys
import zipfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from openpyxl import load_workbook
from typer.testing import CliRunner

from scheduler.checks import validate
from scheduler.cli.main import app
from scheduler.domain import Schedule
from scheduler.inputs.program_file import load_program
from scheduler.inputs.schedule_file import read_schedule
from tests.conftest import SolvedA
from tests.example_files import EXAMPLE, copy_example, replace_once


def cli_command() -> list[str]:
    script = Path(sys.executable).parent / "residency-scheduler"
    if script.is_file():
        return [str(script)]
    return [sys.executable, "-c", "from scheduler.cli.main import main; main()"]


def run_cli(*args: object, cwd: Path) -> subprocess.CompletedProcess[str]:
    # Output is a pipe, as in a script or a log; drop COLUMNS so rich sees the default width.
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    return subprocess.run(
        [*cli_command(), *(str(a) for a in args)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def no_traceback(proc: subprocess.CompletedProcess[str]) -> bool:
    return "Traceback" not in proc.stdout + proc.stderr


@dataclass(frozen=True)
class Outcome:
    returncode: int
    stdout: str
    stderr: str


def invoke(*args: object) -> Outcome:
    """The typer app in-process; any exception but SystemExit fails the test right here."""
    result = CliRunner().invoke(app, [str(a) for a in args])
    exception = result.exception
    assert exception is None or isinstance(exception, SystemExit), repr(exception)
    return Outcome(result.exit_code, result.stdout, result.stderr)


@dataclass(frozen=True)
class Solved:
    program: Path
    workbook: Path
    proc: subprocess.CompletedProcess[str]


@pytest.fixture(scope="module")
def solved(tmp_path_factory: pytest.TempPathFactory) -> Solved:
    folder = tmp_path_factory.mktemp("program_a")
    program = copy_example(folder)
    workbook = folder / "schedule.xlsx"
    proc = run_cli("solve", program, "--out", workbook, "--seed", "0", "--workers", "2", cwd=folder)
    return Solved(program, workbook, proc)


# ----------------------------------------------------------------------------- solve / check


@pytest.mark.slow
def test_solve_program_a_writes_workbook_and_exits_0(solved: Solved) -> None:
    proc = solved.proc
    assert no_traceback(proc), proc.stderr[-3000:]
    assert proc.returncode == 0, proc.stdout + proc.stderr[-3000:]
    assert solved.workbook.is_file()
    assert zipfile.is_zipfile(solved.workbook)
    assert re.search(r"independent check\s+PASS", proc.stdout), proc.stdout
    assert str(solved.workbook) in proc.stdout
    # Nothing but the workbook (no temporary file) is left beside it.
    assert sorted(p.name for p in solved.workbook.parent.iterdir()) == [
        "program.yaml",
        "requests.yaml",
        "roster.csv",
        "schedule.xlsx",
    ]


def test_check_on_solved_workbook_passes(solved_a: SolvedA) -> None:
    proc = invoke("check", solved_a.program_file, solved_a.workbook)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.startswith("PASS"), proc.stdout
    assert "no violations" in proc.stdout


def edit_one_week_to_vacation(source: Path, target: Path) -> tuple[str, int]:
    """Move one resident from wards to vacation in one week, by hand, with openpyxl.

    The week chosen already has the most residents away (3, the cap), so the edit breaks a
    rule about that very resident and week as well as the resident's yearly counts.
    """
    workbook = load_workbook(source)
    sheet = workbook["Assignments"]
    header = [cell.value for cell in sheet[1]]
    col = {name: header.index(name) + 1 for name in ("resident_id", "week", "rotation_id")}
    away: Counter[int] = Counter()
    on_wards: dict[int, tuple[int, str]] = {}
    for row in range(2, sheet.max_row + 1):
        week = int(sheet.cell(row, col["week"]).value)
        rotation = sheet.cell(row, col["rotation_id"]).value
        if rotation == "vacation":
            away[week] += 1
        elif rotation == "wards":
            on_wards.setdefault(week, (row, str(sheet.cell(row, col["resident_id"]).value)))
    week = max(on_wards, key=lambda w: (away[w], -w))
    assert away[week] == 3, "program A's vacation cap is 3 a week; some week should be full"
    row, resident = on_wards[week]
    sheet.cell(row, col["rotation_id"]).value = "vacation"
    workbook.save(target)
    return resident, week


@pytest.fixture(scope="module")
def edited(solved_a: SolvedA, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, int]:
    target = (
        tmp_path_factory.mktemp("edited") / "program-a-schedule-edited-by-the-chief-residents.xlsx"
    )
    resident, week = edit_one_week_to_vacation(solved_a.workbook, target)
    return target, resident, week


def test_hand_edited_workbook_fails_check_naming_resident_and_week(
    solved_a: SolvedA, edited: tuple[Path, str, int]
) -> None:
    path, resident, week = edited
    proc = invoke("check", solved_a.program_file, path)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    lines = proc.stdout.splitlines()
    assert any(line.startswith("FAIL: ") for line in lines), proc.stdout
    assert any(re.search(rf"\bweek {week}\b", line) and resident in line for line in lines), (
        f"no violation names {resident} and week {week}:\n{proc.stdout}"
    )
    # Wards is a 12-week requirement for interns and 9 for seniors; one week fewer breaks it.
    assert any(resident in line and "Wards" in line and "short by 1" in line for line in lines), (
        proc.stdout
    )
    assert any(resident in line and "5 vacation weeks" in line for line in lines), proc.stdout
    # Only the table was edited: the grid still shows wards, and check says so.
    assert any(
        line.strip().startswith("[workbook]")
        and f"({resident}) week {week}: the grid shows wards, Assignments has vacation" in line
        for line in lines
    ), proc.stdout


def test_check_prints_each_violation_with_its_family(
    solved_a: SolvedA, edited: tuple[Path, str, int]
) -> None:
    path, _, _ = edited
    program = load_program(solved_a.program_file)
    report = validate(program, read_schedule(path, program))
    assert report.violations
    proc = invoke("check", solved_a.program_file, path)
    assert proc.returncode == 1
    for violation in report.violations:
        assert str(violation) in proc.stdout, f"{violation} missing from:\n{proc.stdout}"


def test_check_summary_is_one_line_when_piped(
    solved_a: SolvedA, edited: tuple[Path, str, int]
) -> None:
    path, _, _ = edited
    proc = run_cli("check", solved_a.program_file, path, cwd=path.parent)
    assert proc.returncode == 1
    summary = [line for line in proc.stdout.splitlines() if line.startswith("FAIL: ")]
    # The path is printed whole, never broken across lines by the terminal width.
    assert len(summary) == 1 and f" of {path}" in summary[0], proc.stdout


def test_check_out_recomputes_the_requests_sheet_from_the_edited_schedule(
    solved_a: SolvedA, tmp_path: Path
) -> None:
    # A granted vacation request's first week is put back on wards by hand: the fresh
    # workbook's Requests sheet says it is no longer granted, and why.
    workbook = load_workbook(solved_a.workbook)
    requests = list(workbook["Requests"].iter_rows(values_only=True))
    header = list(requests[0])
    at = {
        name: header.index(name) for name in ("resident_id", "kind", "asked", "granted", "source")
    }
    row = next(r for r in requests[1:] if r[at["kind"]] == "vacation" and r[at["granted"]] == "yes")
    resident, week = row[at["resident_id"]], int(str(row[at["asked"]]).split()[1].split("-")[0])
    sheet = workbook["Assignments"]
    columns = [cell.value for cell in sheet[1]]
    for cells in sheet.iter_rows(min_row=2):
        if (
            cells[columns.index("resident_id")].value == resident
            and cells[columns.index("week")].value == week
        ):
            assert cells[columns.index("rotation_id")].value == "vacation"
            cells[columns.index("rotation_id")].value = "wards"
    edited = tmp_path / "edited.xlsx"
    workbook.save(edited)
    fresh = tmp_path / "fresh.xlsx"
    proc = invoke("check", solved_a.program_file, edited, "--out", fresh)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "requests granted:" in proc.stdout
    rows = list(load_workbook(fresh)["Requests"].iter_rows(values_only=True))
    again = next(r for r in rows[1:] if r[at["source"]] == row[at["source"]])
    assert again[at["granted"]] == "no"
    assert again[header.index("why not")], again


@pytest.mark.slow
def test_denied_priority_1_requests_are_tried_again_as_hard_ones(tmp_path: Path) -> None:
    # Five residents ask for the same two weeks at priority 1; at most 3 may be away.
    program = copy_example(tmp_path)
    asked = [{"resident": f"r00{i}", "weeks": "30-31", "priority": 1} for i in range(1, 6)]
    requests = yaml.safe_load((tmp_path / "requests.yaml").read_text(encoding="utf-8"))
    requests.update(vacation=asked, unavailable=[])  # the interns keep their ranked sites
    (tmp_path / "requests.yaml").write_text(yaml.safe_dump(requests), encoding="utf-8")
    out = tmp_path / "out.xlsx"
    proc = invoke(
        "solve", program, "--out", out, "--time-limit", "30", "--confirm-time-limit", "40"
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Confirming" in proc.stderr
    rows = list(load_workbook(out)["Requests"].iter_rows(values_only=True))
    header = list(rows[0])
    granted, confirmed = header.index("granted"), header.index("confirmed by a solve")
    denied = [row for row in rows[1:] if row[granted] == "no"]
    assert len(denied) >= 2, rows
    # each can be granted at another's expense: a schedule exists with it made hard
    assert all(str(row[confirmed]).startswith("a schedule granting it exists") for row in denied)
    assert all(row[confirmed] is None for row in rows[1:] if row[granted] == "yes")


# ----------------------------------------------------------------------------- infeasible


@pytest.mark.slow
def test_vacation_cap_too_small_exits_3_naming_the_rule(tmp_path: Path) -> None:
    # 30 residents x 4 weeks = 120 weeks away, but a cap of 2 a week allows 2 x 52 = 104.
    program = copy_example(tmp_path)
    replace_once(program, "max_away_per_week: {any: 3}", "max_away_per_week: {any: 2}")
    out = tmp_path / "x.xlsx"
    proc = invoke("solve", program, "--out", out, "--time-limit", "30", "--fix-time-limit", "0")
    assert proc.returncode == 3, proc.stdout + proc.stderr
    assert "No schedule exists" in proc.stderr
    reasons = [line for line in proc.stderr.splitlines() if line.startswith("  - ")]
    assert any(
        "vacation" in r and "max_away_per_week" in r and "120" in r and "104" in r for r in reasons
    ), proc.stderr
    assert not out.exists()


@pytest.mark.slow
def test_coverage_needing_more_interns_than_exist_exits_3_naming_the_rule(tmp_path: Path) -> None:
    # Wards needs 11 interns every week; the program has 10.
    program = copy_example(tmp_path)
    replace_once(
        program, "coverage: {interns: 2-3, seniors: 3-4}", "coverage: {interns: 11, seniors: 3-4}"
    )
    out = tmp_path / "x.xlsx"
    proc = invoke("solve", program, "--out", out, "--time-limit", "30", "--fix-time-limit", "0")
    assert proc.returncode == 3, proc.stdout + proc.stderr
    reasons = [line for line in proc.stderr.splitlines() if line.startswith("  - ")]
    assert reasons, proc.stderr
    assert any("coverage" in r and "wards" in r and "interns" in r for r in reasons), proc.stderr
    assert not out.exists()


TINY_WITHOUT_REQUIREMENTS = """\
name: Tiny
start_date: 2026-06-29
weeks: 4
tracks: [{id: cat, name: Categorical}]
rotations:
  - {id: wards, name: Wards, category: inpatient, coverage: {interns: 1}}
  - {id: elective, name: Elective, category: elective}
residents:
  - {id: a, name: Dr A, pgy: 1, track: cat}
  - {id: b, name: Dr B, pgy: 1, track: cat}
"""


def test_solve_program_without_requirements_exits_0(tmp_path: Path) -> None:
    program = tmp_path / "tiny.yaml"
    program.write_text(TINY_WITHOUT_REQUIREMENTS, encoding="utf-8")
    out = tmp_path / "tiny.xlsx"
    proc = invoke("solve", program, "--out", out, "--time-limit", "10")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert out.is_file()


# ----------------------------------------------------------------------------- exit 4


def test_no_schedule_within_time_limit_exits_4(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The CLI's handling of a time-out. A real time-out depends on machine speed, so the
    solver is replaced by one that reports NO_SOLUTION, as CP-SAT does when time runs out."""
    from scheduler.domain.result import Result, Status
    from scheduler.workflows import pipeline

    calls: list[Any] = []

    def timed_out(program: Any, params: Any, on_progress: Any = None) -> Result:
        calls.append(params)
        return Result(Status.NO_SOLUTION, None, wall_time=params.time_limit)

    monkeypatch.setattr(pipeline, "solve", timed_out)
    program = copy_example(tmp_path)
    out = tmp_path / "x.xlsx"
    result = CliRunner().invoke(
        app, ["solve", str(program), "--out", str(out), "--time-limit", "5"]
    )
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    assert result.exit_code == 4, result.stdout + result.stderr
    assert len(calls) == 1 and calls[0].time_limit == 5
    assert "No schedule found in 5s" in result.stderr
    assert "not proven impossible" in result.stderr
    assert not out.exists()


# ----------------------------------------------------------------------------- schema / --out


def test_schema_prints_json_with_described_fields(tmp_path: Path) -> None:
    proc = run_cli("schema", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    schema = json.loads(proc.stdout)
    properties = schema["properties"]
    assert {"residents", "rotations", "tracks", "start_date", "roster", "pins"} <= set(properties)
    assert schema.get("additionalProperties") is False
    undocumented = [name for name, field in properties.items() if not field.get("description")]
    assert not undocumented, f"top-level fields without a description: {undocumented}"
    for model, definition in schema["$defs"].items():
        fields = definition.get("properties", {})
        missing = [name for name, field in fields.items() if not field.get("description")]
        assert not missing, f"{model} fields without a description: {missing}"
    assert "Monday" in properties["start_date"]["description"]
    resident = schema["$defs"]["Resident"]["properties"]
    assert {"id", "name", "pgy", "track"} <= set(resident)


@pytest.mark.parametrize("name", ["schedule.csv", "schedule", "schedule.xlsx.bak"])
def test_out_must_end_in_xlsx(tmp_path: Path, name: str) -> None:
    program = copy_example(tmp_path)
    out = tmp_path / name
    result = CliRunner().invoke(app, ["solve", str(program), "--out", str(out)])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    assert result.exit_code == 2, result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert str(out) in lines[0] and ".xlsx" in lines[0] and "Fix:" in lines[0]
    assert not out.exists()


def test_out_that_is_a_folder_exits_2(tmp_path: Path) -> None:
    program = copy_example(tmp_path / "program")
    folder = tmp_path / "results.xlsx"
    folder.mkdir()
    result = CliRunner().invoke(app, ["solve", str(program), "--out", str(folder)])
    assert result.exit_code == 2, result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert str(folder) in lines[0] and "Fix:" in lines[0]
    assert list(folder.iterdir()) == []


def program_with_xlsx_roster(folder: Path) -> tuple[Path, Path]:
    """Program A with its roster as roster.xlsx: (the YAML, the roster)."""
    import csv

    from openpyxl import Workbook

    program = copy_example(folder)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    with (folder / "roster.csv").open(encoding="utf-8") as rows:
        for row in csv.reader(rows):
            sheet.append([int(v) if v.isdigit() else (v or None) for v in row])
    book.save(folder / "roster.xlsx")
    replace_once(program, "roster: roster.csv", "roster: roster.xlsx")
    return program, folder / "roster.xlsx"


def test_out_that_is_the_programs_own_roster_is_refused_and_the_roster_kept(
    tmp_path: Path,
) -> None:
    program, roster = program_with_xlsx_roster(tmp_path)
    before = roster.read_bytes()
    result = CliRunner().invoke(app, ["solve", str(program), "--out", str(roster)])
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "is an input of the program" in lines[0] and "Fix:" in lines[0]
    assert roster.read_bytes() == before


def test_check_out_that_is_the_roster_is_refused(tmp_path: Path) -> None:
    program, roster = program_with_xlsx_roster(tmp_path)
    before = roster.read_bytes()
    workbook = tmp_path / "schedule.xlsx"
    workbook.write_bytes(b"")  # refused before it is read
    result = CliRunner().invoke(app, ["check", str(program), str(workbook), "--out", str(roster)])
    assert result.exit_code == 2, result.output
    assert "is an input of the program" in result.stderr
    assert roster.read_bytes() == before


def test_out_in_a_missing_folder_is_refused_before_the_solve(tmp_path: Path) -> None:
    program = copy_example(tmp_path / "program")
    out = tmp_path / "no such folder" / "schedule.xlsx"
    result = CliRunner().invoke(app, ["solve", str(program), "--out", str(out)])
    assert result.exit_code == 2, result.output
    assert "Solving" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "does not exist" in lines[0] and "Fix:" in lines[0]


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write anywhere")
def test_out_in_a_read_only_folder_is_refused_before_the_solve(tmp_path: Path) -> None:
    program = copy_example(tmp_path / "program")
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        result = CliRunner().invoke(
            app, ["solve", str(program), "--out", str(locked / "schedule.xlsx")]
        )
    finally:
        locked.chmod(0o755)
    assert result.exit_code == 2, result.output
    assert "Solving" not in result.stderr and "cannot be written" in result.stderr


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["solve", "PROGRAM", "--time-limit", "abc"], "--time-limit"),
        (["solve", "PROGRAM", "--bogus"], "--bogus"),
        (["check", "PROGRAM"], "WORKBOOK"),
        (["solve", "PROGRAM", "--workers", "0"], "--workers"),
        (["solve", "PROGRAM", "--workers", str(2**40)], "--workers"),
        (["solve", "PROGRAM", "--seed", str(2**40)], "--seed"),
        (["explain", "PROGRAM", "--seed", "-1"], "--seed"),
        (["solve", "PROGRAM", "--time-limit", "1e20"], "--time-limit"),
    ],
)
def test_a_command_line_mistake_is_one_line_naming_it(
    tmp_path: Path, args: list[str], named: str
) -> None:
    program = copy_example(tmp_path)
    proc = run_cli(*(str(program) if a == "PROGRAM" else a for a in args), cwd=tmp_path)
    assert proc.returncode == 2, proc.stderr
    assert no_traceback(proc)
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("error: ") and named.lower() in lines[0].lower()
    assert lines[0].endswith(f"Fix: see residency-scheduler {args[0]} --help")


def test_no_arguments_shows_help_not_a_traceback(tmp_path: Path) -> None:
    proc = run_cli(cwd=tmp_path)
    assert no_traceback(proc)
    assert "solve" in proc.stdout + proc.stderr and "check" in proc.stdout + proc.stderr


@pytest.mark.parametrize(
    "failure",
    [OSError(28, "No space left on device"), ValueError("a bug in the writer\nsecond line")],
    ids=["disk-full", "writer-bug"],
)
def test_a_workbook_that_cannot_be_written_after_the_solve_leaves_the_schedule_as_csv(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failure: Exception
) -> None:
    """The solve is never lost: the schedule goes to a CSV beside the workbook, the one-line
    error says where, and the CSV holds a schedule the independent check passes."""
    from scheduler.workflows import writing

    def broken(*args: object) -> Path:
        raise failure

    monkeypatch.setattr(writing, "write_workbook", broken)
    program_file = copy_example(tmp_path)
    out = tmp_path / "out" / "schedule.xlsx"
    out.parent.mkdir()
    # (no confirmations: a denied priority-1 request would be tried again for up to 60 s)
    outcome = invoke("solve", program_file, "--out", out, "--confirm-time-limit", 0)
    assert outcome.returncode == 2, outcome.stdout + outcome.stderr
    lines = outcome.stderr.strip().splitlines()
    saved = out.parent / "schedule.assignments.csv"
    assert lines[-1].startswith(f"error: {out}: the workbook could not be written"), lines
    assert f"saved in {saved}" in lines[-1] and "Fix:" in lines[-1]
    assert sorted(p.name for p in out.parent.iterdir()) == [saved.name]
    program = load_program(program_file)
    with saved.open(newline="", encoding="utf-8") as stream:
        table = list(csv.DictReader(stream))
    assert len(table) == len(program.residents) * program.weeks
    weeks: dict[str, list[str]] = {}
    cohorts: dict[str, int] = {}
    for row in sorted(table, key=lambda row: (row["resident_id"], int(row["week"]))):
        weeks.setdefault(row["resident_id"], []).append(row["rotation_id"])
        if row["cohort"]:
            cohorts[row["resident_id"]] = int(row["cohort"])
    schedule = Schedule({rid: tuple(rotations) for rid, rotations in weeks.items()}, cohorts)
    assert validate(program, schedule).ok


@pytest.mark.slow
def test_the_same_input_seed_and_one_worker_give_the_same_schedule_twice(tmp_path: Path) -> None:
    """Reproducible runs: one worker searches deterministically (CP-SAT's portfolio
    interleaved in one thread), so two solves write identical Assignments sheets."""
    sheets = []
    for name in ("first.xlsx", "second.xlsx"):
        out = tmp_path / name
        outcome = invoke(
            "solve",
            EXAMPLE / "program.yaml",
            "--out",
            out,
            "--workers",
            1,
            "--seed",
            5,
            "--stop-at-first",  # the first schedule: 10 s on one worker, where the best takes 25
        )
        assert outcome.returncode == 0, outcome.stderr
        rows = load_workbook(out, read_only=True)["Assignments"].iter_rows(values_only=True)
        sheets.append(list(rows))
    assert len(sheets[0]) == 30 * 52 + 1
    assert sheets[0] == sheets[1]
