"""Bad input: ``load_program`` / ``read_schedule`` raise InputError, the CLI exits 2 with one line.

Every message must name the file and the place in it (field path, or sheet/row/column) and say
how to fix it ("Fix:"), on one line, with no traceback. Bad inputs are built in ``tmp_path``
from a copy of examples/program_a (program.yaml + roster.csv) or from small YAML files.

Every case goes through the CLI in-process (typer's CliRunner, fast); a few representative
ones also run the installed ``residency-scheduler`` executable in a subprocess, to see exactly
what a user sees (real exit code, stderr, no traceback).
"""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from openpyxl import Workbook
from typer.testing import CliRunner

from scheduler.cli.main import app
from scheduler.domain import InputError
from scheduler.inputs.program_file import load_program
from scheduler.inputs.schedule_file import NEEDED, read_schedule
from tests.example_files import EXAMPLE, copy_example, replace_once


def cli_command() -> list[str]:
    script = Path(sys.executable).parent / "residency-scheduler"
    if script.is_file():
        return [str(script)]
    return [sys.executable, "-c", "from scheduler.cli.main import main; main()"]


@dataclass(frozen=True)
class Outcome:
    code: int
    stdout: str
    stderr: str
    crash: str  # the uncaught exception or traceback text, "" if none


def run_cli(*args: object, cwd: Path) -> Outcome:
    """The real executable in a subprocess."""
    proc = subprocess.run(
        [*cli_command(), *(str(a) for a in args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )
    crash = proc.stderr if "Traceback" in proc.stdout + proc.stderr else ""
    return Outcome(proc.returncode, proc.stdout, proc.stderr, crash)


def invoke(*args: object) -> Outcome:
    """The typer app in-process; an exception other than SystemExit is a crash."""
    result = CliRunner().invoke(app, [str(a) for a in args])
    exception = result.exception
    crash = "" if exception is None or isinstance(exception, SystemExit) else repr(exception)
    return Outcome(result.exit_code, result.stdout, result.stderr, crash)


def assert_one_line_exit_2(outcome: Outcome, case: Case) -> None:
    assert not outcome.crash, outcome.crash[-2000:]
    assert "Traceback" not in outcome.stdout + outcome.stderr, outcome.stderr[-2000:]
    assert outcome.code == 2, outcome.stdout + outcome.stderr[-2000:]
    lines = outcome.stderr.strip().splitlines()
    assert len(lines) == 1, outcome.stderr
    assert_message(lines[0], case)


def append(path: Path, extra: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + extra, encoding="utf-8")


def roster_rows() -> list[list[str]]:
    with (EXAMPLE / "roster.csv").open(newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


def write_roster(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)


def use_roster(program: Path, name: str) -> None:
    replace_once(program, "roster: roster.csv", f"roster: {name}")


def inline_residents(program: Path, residents: list[list[str]]) -> None:
    """Replace the roster file by inline residents (id, name, pgy, track, clinic_site)."""
    lines = ["residents:"]
    for rid, name, pgy, track, site, *_ in residents:
        lines.append(
            f"  - {{id: {rid}, name: {name}, pgy: {pgy}, track: {track}, clinic_site: {site}}}"
        )
    replace_once(program, "roster: roster.csv", "\n".join(lines))


@dataclass(frozen=True)
class Case:
    program: Path
    file: str  # the file the message must name (base name)
    place: str | tuple[str, ...]  # the place, e.g. "pins[0].rotation"; a tuple is any of them
    extra: tuple[str, ...] = ()  # further text the message must contain


# ------------------------------------------------------------------------ program cases


def unknown_rotation_in_pin(tmp_path: Path) -> Case:
    program = copy_example(tmp_path)
    append(program, "\npins:\n  - {resident: r001, weeks: 1-3, rotation: wardz}\n")
    return Case(
        program,
        "program.yaml",
        "pins[0].rotation",
        ("unknown rotation 'wardz'", "did you mean 'wards'?"),
    )


def unknown_rotation_in_requirement(tmp_path: Path) -> Case:
    program = copy_example(tmp_path)
    replace_once(
        program,
        "{label: MICU, rotations: [micu], pgy: [3]",
        "{label: MICU, rotations: [mciu], pgy: [3]",
    )
    return Case(
        program,
        "program.yaml",
        "requirements[3].rotations[0]",
        ("unknown rotation 'mciu'", "did you mean 'micu'?"),
    )


def unknown_resident_in_pin(tmp_path: Path) -> Case:
    program = copy_example(tmp_path)
    append(program, "\npins:\n  - {resident: r0001, weeks: 2, rotation: wards}\n")
    return Case(
        program,
        "program.yaml",
        "pins[0].resident",
        ("unknown resident 'r0001'", "did you mean 'r001'?"),
    )


def pin_past_year_end(tmp_path: Path) -> Case:
    program = copy_example(tmp_path)
    append(program, "\npins:\n  - {resident: r001, weeks: 50-53, rotation: wards}\n")
    return Case(program, "program.yaml", "pins[0].weeks", ("week 53",))


def duplicate_resident_inline(tmp_path: Path) -> Case:
    program = copy_example(tmp_path)
    residents = roster_rows()[1:]
    inline_residents(program, [*residents, residents[3]])
    return Case(program, "program.yaml", "residents[30].id", ("duplicate resident id 'r004'",))


def duplicate_resident_in_csv(tmp_path: Path) -> Case:
    program = copy_example(tmp_path)
    rows = roster_rows()
    write_roster(tmp_path / "roster_dup.csv", [*rows, rows[3]])  # r003 again, as row 32
    use_roster(program, "roster_dup.csv")
    return Case(program, "roster_dup.csv", "row 32, column id", ("duplicate resident id 'r003'",))


def duplicate_grid_label(tmp_path: Path) -> Case:
    # Night float would show as "WARDS" in the grid, like wards: the grid could not be read back.
    program = copy_example(tmp_path)
    replace_once(program, "abbreviation: NF", "abbreviation: wards")
    return Case(
        program, "program.yaml", "rotations[2].abbreviation", ("'night_float' shows as 'wards'",)
    )


def pgy_not_in_program_inline(tmp_path: Path) -> Case:
    program = copy_example(tmp_path)
    residents = roster_rows()[1:]
    residents[7][2] = "5"
    inline_residents(program, residents)
    return Case(program, "program.yaml", "residents[7].pgy", ("PGY 5",))


def pgy_not_in_program_csv(tmp_path: Path) -> Case:
    program = copy_example(tmp_path)
    rows = roster_rows()
    rows[4][2] = "4"  # r004, on line 5 of the file
    write_roster(tmp_path / "roster_pgy.csv", rows)
    use_roster(program, "roster_pgy.csv")
    return Case(program, "roster_pgy.csv", "row 5, column pgy", ("PGY 4",))


def pgy_not_a_number_csv(tmp_path: Path) -> Case:
    program = copy_example(tmp_path)
    rows = roster_rows()
    rows[2][2] = "two"
    write_roster(tmp_path / "roster_text.csv", rows)
    use_roster(program, "roster_text.csv")
    return Case(program, "roster_text.csv", "row 3, column pgy")


def start_date_not_a_date(tmp_path: Path) -> Case:
    program = copy_example(tmp_path)
    replace_once(program, "start_date: 2026-06-29", "start_date: next monday")
    return Case(program, "program.yaml", "start_date", ("date",))


def start_date_not_a_monday(tmp_path: Path) -> Case:
    program = copy_example(tmp_path)
    replace_once(program, "start_date: 2026-06-29", "start_date: 2026-06-30")
    return Case(program, "program.yaml", "start_date", ("Tuesday", "Monday", "2026-06-29"))


def start_date_does_not_exist(tmp_path: Path) -> Case:
    # Unquoted, this is a YAML timestamp; PyYAML itself raises ValueError on constructing it.
    program = copy_example(tmp_path)
    replace_once(program, "start_date: 2026-06-29", "start_date: 2026-02-30")
    line = program.read_text(encoding="utf-8").splitlines().index("start_date: 2026-02-30") + 1
    return Case(program, "program.yaml", ("start_date", f"line {line}"))


def roster_missing_column(tmp_path: Path) -> Case:
    program = copy_example(tmp_path)
    rows = [[cell for i, cell in enumerate(row) if i != 2] for row in roster_rows()]  # drop pgy
    write_roster(tmp_path / "roster_nopgy.csv", rows)
    use_roster(program, "roster_nopgy.csv")
    return Case(program, "roster_nopgy.csv", "row 1", ("missing column pgy",))


def roster_unknown_column(tmp_path: Path) -> Case:
    program = copy_example(tmp_path)
    rows = roster_rows()
    rows[0].append("email")
    write_roster(tmp_path / "roster_email.csv", rows)
    use_roster(program, "roster_email.csv")
    return Case(program, "roster_email.csv", "row 1", ("unknown column 'email'",))


def roster_not_utf8(tmp_path: Path) -> Case:
    program = copy_example(tmp_path)
    text = (
        (EXAMPLE / "roster.csv").read_text(encoding="utf-8").replace("Dmitri Yilmaz", "José Pérez")
    )
    (tmp_path / "roster_latin1.csv").write_bytes(text.encode("latin-1"))
    use_roster(program, "roster_latin1.csv")
    return Case(program, "roster_latin1.csv", "")  # place: the file; any line/row number is a bonus


def program_file_missing(tmp_path: Path) -> Case:
    return Case(tmp_path / "no_such_program.yaml", "no_such_program.yaml", "", ("not found",))


def roster_file_missing(tmp_path: Path) -> Case:
    program = copy_example(tmp_path)
    use_roster(program, "no_such_roster.csv")
    return Case(program, "program.yaml", "roster", ("no_such_roster.csv", "not found"))


def roster_wrong_format(tmp_path: Path) -> Case:
    program = copy_example(tmp_path)
    shutil.copy(EXAMPLE / "roster.csv", tmp_path / "roster.txt")
    use_roster(program, "roster.txt")
    return Case(program, "roster.txt", "", (".csv or .xlsx",))


def roster_and_inline_residents(tmp_path: Path) -> Case:
    program = copy_example(tmp_path)
    append(
        program,
        "\nresidents:\n  - {id: x1, name: Extra, pgy: 1, track: primary_care, clinic_site: main}\n",
    )
    return Case(program, "program.yaml", "residents", ("both",))


def unknown_top_level_key(tmp_path: Path) -> Case:
    program = copy_example(tmp_path)
    replace_once(program, "pgy_years: [1, 2, 3]", "pgy_year: [1, 2, 3]")
    return Case(program, "program.yaml", "pgy_year", ("remove or rename",))


def unknown_nested_key(tmp_path: Path) -> Case:
    program = copy_example(tmp_path)
    replace_once(program, "max_block_weeks: 2", "max_blok_weeks: 2")
    return Case(program, "program.yaml", "vacation.max_blok_weeks", ("remove or rename",))


def unknown_category(tmp_path: Path) -> Case:
    program = copy_example(tmp_path)
    replace_once(program, "category: night_float", "category: nights")
    return Case(program, "program.yaml", "rotations[2].category", ("critical_care",))


def bad_range(tmp_path: Path) -> Case:
    program = copy_example(tmp_path)
    replace_once(program, 'weeks: "3+"', 'weeks: "3 or more"')
    return Case(program, "program.yaml", "requirements[5].weeks", ("'3 or more'",))


def yaml_syntax_error(tmp_path: Path) -> Case:
    program = copy_example(tmp_path)
    replace_once(program, "weeks: 52\n", "weeks: 52\n  broken: [\n")
    line = program.read_text(encoding="utf-8").splitlines().index("  broken: [") + 1
    return Case(program, "program.yaml", f"line {line}", ("YAML",))


def yaml_tab_indent(tmp_path: Path) -> Case:
    program = copy_example(tmp_path)
    replace_once(program, "weeks: 52\n", "weeks: 52\n\tfoo: 1\n")
    line = program.read_text(encoding="utf-8").splitlines().index("\tfoo: 1") + 1
    return Case(program, "program.yaml", f"line {line}", ("YAML",))


def yaml_duplicate_key(tmp_path: Path) -> Case:
    # The second 'weeks' silently wins; like an unknown key, this should be an error.
    program = copy_example(tmp_path)
    replace_once(program, "weeks: 52\n", "weeks: 52\nweeks: 50\n")
    line = program.read_text(encoding="utf-8").splitlines().index("weeks: 50") + 1
    return Case(program, "program.yaml", ("weeks", f"line {line}"))


def program_not_a_mapping(tmp_path: Path) -> Case:
    program = tmp_path / "list.yaml"
    program.write_text("- name: Program A\n- weeks: 52\n", encoding="utf-8")
    return Case(program, "list.yaml", "", ("mapping",))


def xlsx_roster_bad_row(tmp_path: Path) -> Case:
    program = copy_example(tmp_path)
    rows = roster_rows()
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Roster"
    sheet.append(rows[0])
    for row in rows[1:]:
        sheet.append([row[0], row[1], int(row[2]), row[3], row[4], None, int(row[6]), int(row[7])])
    sheet.cell(6, 3).value = "senior"  # PGY of r005, on row 6
    workbook.save(tmp_path / "roster.xlsx")
    use_roster(program, "roster.xlsx")
    return Case(program, "roster.xlsx", "sheet Roster, row 6, column pgy")


def control_character_in_a_roster_name(tmp_path: Path) -> Case:
    # A vertical tab in a name used to pass validation and crash the workbook writer after
    # the solve, losing it.
    program = copy_example(tmp_path)
    rows = roster_rows()
    rows[1][1] += "\x0bX"
    write_roster(tmp_path / "roster.csv", rows)
    return Case(program, "roster.csv", "row 2, column name", ("U+000B", "workbook cannot hold"))


def nul_in_the_program_name(tmp_path: Path) -> Case:
    program = copy_example(tmp_path)
    text = program.read_text(encoding="utf-8")
    first = text.index("\nname: ") + 1
    end = text.index("\n", first)
    program.write_text(text[:first] + 'name: "Program\\0A"' + text[end:], encoding="utf-8")
    return Case(program, "program.yaml", "name", ("U+0000",))


def control_character_in_a_rotation_name(tmp_path: Path) -> Case:
    program = copy_example(tmp_path)
    replace_once(program, "name: Medical ICU", 'name: "Medical\\x07ICU"')
    return Case(program, "program.yaml", "rotations[1].name", ("U+0007",))


def boolean_for_the_weeks(tmp_path: Path) -> Case:
    # `weeks: true` used to be read as a one-week year and "proven infeasible" (exit 3).
    program = copy_example(tmp_path)
    replace_once(program, "weeks: 52", "weeks: true")
    return Case(program, "program.yaml", "weeks", ("'true' is a yes/no",))


def boolean_among_the_years(tmp_path: Path) -> Case:
    program = copy_example(tmp_path)
    replace_once(program, "pgy: [1], weeks: 12}", "pgy: [true], weeks: 12}")
    return Case(program, "program.yaml", "requirements[0].pgy", ("'true' is a yes/no",))


def yaml_key_that_is_a_list(tmp_path: Path) -> Case:
    program = copy_example(tmp_path)
    append(program, "\n? [a, b]\n: 1\n")
    return Case(program, "program.yaml", "line ", ("a key that is a list or a mapping",))


def yaml_nested_too_deeply(tmp_path: Path) -> Case:
    program = copy_example(tmp_path)
    append(program, "\nnotes: " + "[" * 1000 + "]" * 1000 + "\n")
    return Case(program, "program.yaml", "program.yaml", ("nested too deeply",))


def yaml_tag_with_a_wrong_value(tmp_path: Path) -> Case:
    program = copy_example(tmp_path)
    replace_once(program, "weeks: 52", "weeks: !!int abc")
    return Case(program, "program.yaml", "program.yaml", ("a value YAML cannot read",))


def roster_field_too_long(tmp_path: Path) -> Case:
    program = copy_example(tmp_path)
    rows = roster_rows()
    rows[1][1] = "x" * 200_000
    write_roster(tmp_path / "roster.csv", rows)
    return Case(program, "roster.csv", "row 2", ("not a readable CSV row",))


def coverage_beyond_any_count(tmp_path: Path) -> Case:
    # 10^20 passed validation and crashed inside the solver.
    program = copy_example(tmp_path)
    replace_once(
        program,
        "coverage: {interns: 2-3, seniors: 3-4}",
        "coverage: {interns: 100000000000000000000, seniors: 3-4}",
    )
    return Case(program, "program.yaml", "rotations[0].coverage.interns", ("100000",))


def year_off_the_calendar(tmp_path: Path) -> Case:
    program = copy_example(tmp_path)
    text = program.read_text(encoding="utf-8")
    start = text.index("start_date: ")
    end = text.index("\n", start)
    program.write_text(text[:start] + "start_date: 9999-01-04" + text[end:], encoding="utf-8")
    return Case(program, "program.yaml", "start_date", ("outside 1900-2200",))


PROGRAM_CASES = [
    pytest.param(coverage_beyond_any_count, id="coverage-1e20"),
    pytest.param(year_off_the_calendar, id="year-9999"),
    pytest.param(yaml_key_that_is_a_list, id="yaml-list-key"),
    pytest.param(yaml_nested_too_deeply, id="yaml-nested-too-deeply"),
    pytest.param(yaml_tag_with_a_wrong_value, id="yaml-int-tag-abc"),
    pytest.param(roster_field_too_long, id="roster-field-too-long"),
    pytest.param(boolean_for_the_weeks, id="boolean-weeks"),
    pytest.param(boolean_among_the_years, id="boolean-pgy"),
    pytest.param(control_character_in_a_roster_name, id="control-character-roster-name"),
    pytest.param(nul_in_the_program_name, id="nul-program-name"),
    pytest.param(control_character_in_a_rotation_name, id="control-character-rotation-name"),
    pytest.param(unknown_rotation_in_pin, id="unknown-rotation-in-pin"),
    pytest.param(unknown_rotation_in_requirement, id="unknown-rotation-in-requirement"),
    pytest.param(unknown_resident_in_pin, id="unknown-resident-in-pin"),
    pytest.param(pin_past_year_end, id="pin-past-year-end"),
    pytest.param(duplicate_resident_inline, id="duplicate-resident-inline"),
    pytest.param(duplicate_resident_in_csv, id="duplicate-resident-csv"),
    pytest.param(duplicate_grid_label, id="duplicate-grid-label"),
    pytest.param(pgy_not_in_program_inline, id="wrong-pgy-inline"),
    pytest.param(pgy_not_in_program_csv, id="wrong-pgy-csv"),
    pytest.param(pgy_not_a_number_csv, id="pgy-not-a-number-csv"),
    pytest.param(start_date_not_a_date, id="date-not-a-date"),
    pytest.param(start_date_not_a_monday, id="date-not-a-monday"),
    pytest.param(start_date_does_not_exist, id="date-does-not-exist"),
    pytest.param(roster_missing_column, id="roster-missing-column"),
    pytest.param(roster_unknown_column, id="roster-unknown-column"),
    pytest.param(roster_not_utf8, id="roster-not-utf8"),
    pytest.param(program_file_missing, id="program-file-missing"),
    pytest.param(roster_file_missing, id="roster-file-missing"),
    pytest.param(roster_wrong_format, id="roster-wrong-format"),
    pytest.param(roster_and_inline_residents, id="roster-and-inline-residents"),
    pytest.param(unknown_top_level_key, id="unknown-key-top-level"),
    pytest.param(unknown_nested_key, id="unknown-key-nested"),
    pytest.param(unknown_category, id="unknown-category"),
    pytest.param(bad_range, id="bad-range"),
    pytest.param(yaml_syntax_error, id="yaml-syntax-error"),
    pytest.param(yaml_tab_indent, id="yaml-tab-indent"),
    pytest.param(program_not_a_mapping, id="program-not-a-mapping"),
    pytest.param(xlsx_roster_bad_row, id="xlsx-roster-bad-row"),
]
DUPLICATE_KEY = pytest.param(yaml_duplicate_key, id="yaml-duplicate-key")


def assert_message(message: str, case: Case) -> None:
    assert "\n" not in message.strip(), f"message is not one line: {message!r}"
    assert case.file in message, f"message does not name {case.file}: {message!r}"
    places = (case.place,) if isinstance(case.place, str) else case.place
    assert any(place in message for place in places), f"message does not name {places}: {message!r}"
    assert "Fix:" in message, f"message has no fix: {message!r}"
    for text in case.extra:
        assert text in message, f"message lacks {text!r}: {message!r}"


@pytest.mark.parametrize("make", [*PROGRAM_CASES, DUPLICATE_KEY])
def test_load_program_raises_input_error(make: Callable[[Path], Case], tmp_path: Path) -> None:
    case = make(tmp_path)
    with pytest.raises(InputError) as info:
        load_program(case.program)
    assert_message(str(info.value), case)


@pytest.mark.parametrize("make", PROGRAM_CASES)
def test_solve_cli_exits_2_with_one_line(make: Callable[[Path], Case], tmp_path: Path) -> None:
    case = make(tmp_path)
    out = tmp_path / "x.xlsx"
    assert_one_line_exit_2(invoke("solve", case.program, "--out", out), case)
    assert not out.exists()


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(unknown_rotation_in_pin, id="unknown-rotation-in-pin"),
        pytest.param(pgy_not_in_program_csv, id="wrong-pgy-csv"),
        pytest.param(yaml_syntax_error, id="yaml-syntax-error"),
    ],
)
def test_solve_executable_exits_2_with_one_line(
    make: Callable[[Path], Case], tmp_path: Path
) -> None:
    case = make(tmp_path)
    out = tmp_path / "x.xlsx"
    assert_one_line_exit_2(run_cli("solve", case.program, "--out", out, cwd=tmp_path), case)
    assert not out.exists()


def test_valid_example_copy_loads(tmp_path: Path) -> None:
    """Control: the unmodified copy loads, so each failure above is due to its one change."""
    program = load_program(copy_example(tmp_path))
    assert len(program.residents) == 30


def test_duplicate_in_csv_points_at_the_other_row_of_the_roster(tmp_path: Path) -> None:
    case = duplicate_resident_in_csv(tmp_path)
    with pytest.raises(InputError) as info:
        load_program(case.program)
    message = str(info.value)
    # r003 first appears on row 4 of the CSV; "residents[2]" is an index the user never wrote.
    assert "residents[" not in message, message
    assert "row 4" in message, message


# ------------------------------------------------------------------- workbook cases (check)

TINY_PROGRAM = """\
name: Tiny
start_date: 2026-06-29
weeks: 4
tracks: [{id: cat, name: Categorical}]
rotations:
  - {id: wards, name: Wards, category: inpatient}
  - {id: elective, name: Elective, category: elective}
residents:
  - {id: a, name: Dr A, pgy: 1, track: cat}
  - {id: b, name: Dr B, pgy: 1, track: cat}
"""


def assignments_rows() -> list[list[object]]:
    """Header plus a row per resident-week of the tiny program (columns NEEDED)."""
    rows: list[list[object]] = [list(NEEDED)]
    for rid in ("a", "b"):
        for week in range(1, 5):
            rows.append([rid, week, "wards" if (week + (rid == "b")) % 2 else "elective", None])
    return rows


def write_assignments(
    path: Path, rows: list[list[object]], sheet_name: str = "Assignments"
) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = sheet_name
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def tiny_program(tmp_path: Path) -> Path:
    program = tmp_path / "tiny.yaml"
    program.write_text(TINY_PROGRAM, encoding="utf-8")
    return program


def wb_not_a_zip(tmp_path: Path) -> Case:
    path = tmp_path / "schedule.xlsx"
    path.write_text("resident_id,week,rotation_id,cohort\na,1,wards,\n", encoding="utf-8")
    return Case(path, "schedule.xlsx", "", ("not a readable",))


def wb_csv_file(tmp_path: Path) -> Case:
    path = tmp_path / "schedule.csv"
    path.write_text("resident_id,week,rotation_id,cohort\na,1,wards,\n", encoding="utf-8")
    return Case(path, "schedule.csv", "", (".xlsx",))


def wb_missing(tmp_path: Path) -> Case:
    return Case(tmp_path / "nowhere.xlsx", "nowhere.xlsx", "", ("not found",))


def wb_no_assignments_sheet(tmp_path: Path) -> Case:
    path = write_assignments(tmp_path / "schedule.xlsx", assignments_rows(), sheet_name="Sheet1")
    return Case(path, "schedule.xlsx", "sheet Assignments", ("not found",))


def wb_missing_column(tmp_path: Path) -> Case:
    rows = [
        [cell for i, cell in enumerate(row) if i != 2] for row in assignments_rows()
    ]  # no rotation_id
    path = write_assignments(tmp_path / "schedule.xlsx", rows)
    return Case(path, "schedule.xlsx", "sheet Assignments, row 1", ("rotation_id",))


def wb_duplicate_row(tmp_path: Path) -> Case:
    rows = assignments_rows()
    rows.append(list(rows[2]))  # a, week 2 again, on row 10
    path = write_assignments(tmp_path / "schedule.xlsx", rows)
    return Case(path, "schedule.xlsx", "sheet Assignments, row 10", ("a week 2",))


def wb_week_not_a_number(tmp_path: Path) -> Case:
    rows = assignments_rows()
    rows[2][1] = "two"  # row 3 of the sheet
    path = write_assignments(tmp_path / "schedule.xlsx", rows)
    return Case(path, "schedule.xlsx", "sheet Assignments, row 3, column week", ("'two'",))


def wb_week_out_of_range(tmp_path: Path) -> Case:
    rows = assignments_rows()
    rows[4][1] = 9  # row 5 of the sheet; the year has 4 weeks
    path = write_assignments(tmp_path / "schedule.xlsx", rows)
    return Case(path, "schedule.xlsx", "sheet Assignments, row 5, column week", ("'9'",))


def wb_cohort_not_a_number(tmp_path: Path) -> Case:
    rows = assignments_rows()
    rows[6][3] = "first"  # row 7
    path = write_assignments(tmp_path / "schedule.xlsx", rows)
    return Case(path, "schedule.xlsx", "sheet Assignments, row 7, column cohort", ("'first'",))


def wb_week_missing(tmp_path: Path) -> Case:
    rows = [row for row in assignments_rows() if row[:2] != ["b", 3]]
    path = write_assignments(tmp_path / "schedule.xlsx", rows)
    return Case(path, "schedule.xlsx", "sheet Assignments", ("b has no row for week 3",))


def damaged(path: Path, member: str, change: Callable[[bytes], bytes]) -> None:
    """Rewrite one part of an .xlsx (a zip) through ``change``."""
    import zipfile

    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    parts[member] = change(parts[member])
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def wb_sheet_cut_short(tmp_path: Path) -> Case:
    # The sheet's XML ends mid-way: openpyxl's parser raised a traceback (exit 1, which
    # reads as "violations found").
    path = write_assignments(tmp_path / "schedule.xlsx", assignments_rows())
    damaged(path, "xl/worksheets/sheet1.xml", lambda data: data[: len(data) // 2])
    return Case(path, "schedule.xlsx", "sheet Assignments", ("not a readable .xlsx workbook",))


def wb_merged_range_nonsense(tmp_path: Path) -> Case:
    path = write_assignments(tmp_path / "schedule.xlsx", assignments_rows())
    damaged(
        path,
        "xl/worksheets/sheet1.xml",
        lambda data: data.replace(
            b"</sheetData>",
            b'</sheetData><mergeCells count="1"><mergeCell ref="NOPE"/></mergeCells>',
        ),
    )
    return Case(path, "schedule.xlsx", "sheet Assignments", ("not a readable .xlsx workbook",))


WORKBOOK_CASES = [
    pytest.param(wb_sheet_cut_short, id="sheet-cut-short"),
    pytest.param(wb_merged_range_nonsense, id="merged-range-nonsense"),
    pytest.param(wb_not_a_zip, id="not-a-zip"),
    pytest.param(wb_csv_file, id="csv-given-as-workbook"),
    pytest.param(wb_missing, id="no-such-workbook"),
    pytest.param(wb_no_assignments_sheet, id="no-assignments-sheet"),
    pytest.param(wb_missing_column, id="missing-column"),
    pytest.param(wb_duplicate_row, id="duplicate-resident-week"),
    pytest.param(wb_week_not_a_number, id="week-not-a-number"),
    pytest.param(wb_week_out_of_range, id="week-out-of-range"),
    pytest.param(wb_cohort_not_a_number, id="cohort-not-a-number"),
    pytest.param(wb_week_missing, id="resident-week-missing"),
]


def test_well_formed_tiny_workbook_reads(tmp_path: Path) -> None:
    """Control: the unmodified tiny workbook reads and checks clean."""
    program = tiny_program(tmp_path)
    path = write_assignments(tmp_path / "schedule.xlsx", assignments_rows())
    schedule = read_schedule(path, load_program(program))
    assert schedule.assignments["a"] == ("wards", "elective", "wards", "elective")
    assert schedule.assignments["b"] == ("elective", "wards", "elective", "wards")
    outcome = invoke("check", program, path)
    assert outcome.code == 0, outcome.stdout + outcome.stderr
    assert "PASS" in outcome.stdout


@pytest.mark.parametrize("make", WORKBOOK_CASES)
def test_read_schedule_raises_input_error(make: Callable[[Path], Case], tmp_path: Path) -> None:
    case = make(tmp_path)
    program = load_program(tiny_program(tmp_path))
    with pytest.raises(InputError) as info:
        read_schedule(case.program, program)
    assert_message(str(info.value), case)


@pytest.mark.parametrize("make", WORKBOOK_CASES)
def test_check_cli_exits_2_with_one_line(make: Callable[[Path], Case], tmp_path: Path) -> None:
    case = make(tmp_path)
    assert_one_line_exit_2(invoke("check", tiny_program(tmp_path), case.program), case)


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(wb_duplicate_row, id="duplicate-resident-week"),
        pytest.param(wb_csv_file, id="csv-given-as-workbook"),
    ],
)
def test_check_executable_exits_2_with_one_line(
    make: Callable[[Path], Case], tmp_path: Path
) -> None:
    case = make(tmp_path)
    assert_one_line_exit_2(
        run_cli("check", tiny_program(tmp_path), case.program, cwd=tmp_path), case
    )


def test_check_cli_bad_program_exits_2(tmp_path: Path) -> None:
    """check loads the program first: a bad program is reported like solve reports it."""
    case = unknown_rotation_in_pin(tmp_path)
    path = write_assignments(tmp_path / "schedule.xlsx", assignments_rows())
    assert_one_line_exit_2(invoke("check", case.program, path), case)


def test_a_stray_value_in_the_far_corner_of_the_assignments_sheet_is_not_read(
    tmp_path: Path,
) -> None:
    # A value at XFD1048576 used to make check read a million rows of 16,384 cells.
    rows = assignments_rows()
    path = write_assignments(tmp_path / "schedule.xlsx", rows)
    from openpyxl import load_workbook

    book = load_workbook(path)
    book["Assignments"].cell(1_048_576, 16_384).value = "stray"
    book.save(path)
    schedule = read_schedule(path, load_program(tiny_program(tmp_path)))
    assert set(schedule.assignments) == {"a", "b"}


def test_a_stray_value_in_the_far_corner_of_an_xlsx_roster_is_not_read(tmp_path: Path) -> None:
    program = copy_example(tmp_path)
    rows = roster_rows()
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append([int(v) if v.isdigit() else (v or None) for v in row])
    sheet.cell(1_048_576, 16_384).value = "stray"
    workbook.save(tmp_path / "roster.xlsx")
    use_roster(program, "roster.xlsx")
    assert len(load_program(program).residents) == len(rows) - 1


def test_yaml_merge_keys_are_read(tmp_path: Path) -> None:
    # '<<: *anchor' is valid YAML; it used to be rejected as "fix the indentation".
    program = copy_example(tmp_path)
    replace_once(
        program,
        "  - {id: main, name: Main campus clinic, capacity: 5, min_residents: 2}",
        "  - &site {id: main, name: Main campus clinic, capacity: 5, min_residents: 2}",
    )
    replace_once(
        program,
        "  - {id: chc_east, name: East community health center, capacity: 5, min_residents: 2}",
        "  - {<<: *site, id: chc_east, name: East community health center}",
    )
    east = load_program(program).clinic_sites[1]
    assert (east.id, east.capacity, east.min_residents) == ("chc_east", 5, 2)
