"""Issue 9, case by case: each failure listed under its "Why" that had no test of its own.

The other cases of that list are tested where they belong (tests/test_input_errors.py,
tests/test_cli.py); this file adds the rest, each as its own test (or its own parameter),
built from example program A or from the tiny program of test_input_errors, in ``tmp_path``.
What every case must get: bad input is exit 2 with one stderr line naming the file, the place
and a "Fix:", no traceback, and no output file; a program that cannot have a schedule is
exit 3 with a proof naming the rule (or exit 2 naming the field), never exit 4.

Not here (built elsewhere): Ctrl-C during a solve, the leftover ``.tmp`` after a kill, and the
CSV fallback when the workbook cannot be written.
"""

from __future__ import annotations

import struct
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from reports.workbook import write_workbook
from scheduler.checks import validate
from scheduler.domain import Schedule
from scheduler.domain.result import RunInfo
from scheduler.inputs.program_file import load_program
from scheduler.stages.calendar import CLINIC, resident_weeks
from tests.example_files import copy_example, replace_once
from tests.inputs.test_input_errors import (
    Case,
    Outcome,
    append,
    assert_one_line_exit_2,
    assignments_rows,
    cli_command,
    invoke,
    roster_rows,
    run_cli,
    tiny_program,
    use_roster,
    write_assignments,
    write_roster,
)

#: for a case that needs a solve: a proof comes in well under a second, fixes are not wanted
SOLVE_LIMITS = ("--time-limit", "30", "--fix-time-limit", "0")


def solve(program: Path, out: Path) -> Outcome:
    return invoke("solve", program, "--out", out, *SOLVE_LIMITS)


# ----------------------------------------- check on an Assignments sheet with an empty cell

#: the tiny program's schedule (test_input_errors.assignments_rows), as the solver would give it
TINY_SCHEDULE = Schedule(
    {
        "a": ("wards", "elective", "wards", "elective"),
        "b": ("elective", "wards", "elective", "wards"),
    },
    {},
)


def full_tiny_workbook(folder: Path) -> tuple[Path, Path]:
    """The tiny program and a complete workbook of a valid schedule for it (every sheet, as
    ``solve`` writes it): (the program, the workbook)."""
    program_file = tiny_program(folder)
    program = load_program(program_file)
    workbook = write_workbook(
        folder / "schedule.xlsx",
        program,
        TINY_SCHEDULE,
        validate(program, TINY_SCHEDULE),
        RunInfo("tiny.yaml", "h", "OPTIMAL"),
    )
    return program_file, workbook


def test_control_the_full_tiny_workbook_passes_check(tmp_path: Path) -> None:
    """Control: unchanged, the workbook checks clean, so each failure below is its one edit."""
    program, workbook = full_tiny_workbook(tmp_path)
    outcome = invoke("check", program, workbook)
    assert outcome.code == 0, outcome.stdout + outcome.stderr
    assert outcome.stdout.startswith("PASS"), outcome.stdout


@pytest.mark.parametrize("blank", [None, ""], ids=["empty", "empty-string"])
@pytest.mark.parametrize("column", ["week", "resident_id", "rotation_id"])
def test_check_refuses_an_empty_cell_in_the_assignments_sheet(
    tmp_path: Path, column: str, blank: str | None
) -> None:
    # An empty week, resident_id or rotation_id used to print PASS and exit 0: a damaged
    # schedule certified clean.
    program, workbook = full_tiny_workbook(tmp_path)
    book = load_workbook(workbook)
    sheet = book["Assignments"]
    header = [cell.value for cell in sheet[1]]
    rid, week = header.index("resident_id") + 1, header.index("week") + 1
    (row,) = [
        r
        for r in range(2, sheet.max_row + 1)
        if sheet.cell(r, rid).value == "a" and sheet.cell(r, week).value == 3
    ]
    sheet.cell(row, header.index(column) + 1).value = blank
    book.save(workbook)
    outcome = invoke("check", program, workbook)
    assert "PASS" not in outcome.stdout, outcome.stdout
    assert_one_line_exit_2(
        outcome, Case(workbook, "schedule.xlsx", f"sheet Assignments, row {row}, column {column}")
    )


# ----------------------------------- a control character a workbook cannot hold, in a name


def test_a_nul_in_a_residents_name_is_refused_before_the_solve(tmp_path: Path) -> None:
    # It used to pass validation; the solve succeeded and writing the workbook crashed.
    program = copy_example(tmp_path)
    rows = roster_rows()
    rows[1][1] = "Dmitri\x00Yilmaz"  # r001, on row 2 of the file
    write_roster(tmp_path / "roster.csv", rows)
    out = tmp_path / "x.xlsx"
    outcome = solve(program, out)
    assert_one_line_exit_2(outcome, Case(program, "roster.csv", "row 2, column name", ("U+0000",)))
    assert "Solving" not in outcome.stderr
    assert not out.exists()


def test_a_vertical_tab_in_the_programs_name_is_refused_before_the_solve(tmp_path: Path) -> None:
    program = copy_example(tmp_path)
    replace_once(
        program, "name: Program A - primary care 3+2", 'name: "Program A\\v primary care 3+2"'
    )
    out = tmp_path / "x.xlsx"
    outcome = solve(program, out)
    assert_one_line_exit_2(
        outcome, Case(program, "program.yaml", "program.yaml, name:", ("U+000B",))
    )
    assert "Solving" not in outcome.stderr
    assert not out.exists()


# ------------------------------------------------------------- a workbook with a flipped byte


def member_data_offset(data: bytes, info: zipfile.ZipInfo) -> int:
    """Where the member's compressed bytes start (after its local header)."""
    name_length, extra_length = struct.unpack(
        "<HH", data[info.header_offset + 26 : info.header_offset + 30]
    )
    return info.header_offset + 30 + name_length + extra_length


def central_entry_offset(data: bytes, name: str) -> int:
    """Where the member's entry in the zip's central directory starts."""
    position = data.index(b"PK\x01\x02")
    while True:
        name_length = struct.unpack("<H", data[position + 28 : position + 30])[0]
        if data[position + 46 : position + 46 + name_length] == name.encode():
            return position
        position = data.index(b"PK\x01\x02", position + 4)


def flip_block_type(data: bytes, info: zipfile.ZipInfo) -> tuple[int, int]:
    # The sheet's deflate stream turned to the reserved block type 3: zlib.error.
    start = member_data_offset(data, info)
    block_type = (data[start] >> 1) & 3
    assert block_type in (1, 2), "the sheet should be deflated with Huffman codes"
    return start, 0x04 if block_type == 1 else 0x02


def flip_encryption_flag(data: bytes, info: zipfile.ZipInfo) -> tuple[int, int]:
    # The sheet marked as encrypted in the central directory: zipfile raises RuntimeError.
    return central_entry_offset(data, info.filename) + 8, 0x01


def flip_compression_method(data: bytes, info: zipfile.ZipInfo) -> tuple[int, int]:
    # Deflate (8) turned into 9, deflate64: zipfile raises NotImplementedError.
    return central_entry_offset(data, info.filename) + 10, 0x01


def flip_checksum(data: bytes, info: zipfile.ZipInfo) -> tuple[int, int]:
    # The part's CRC-32 in the central directory: zipfile raises BadZipFile on reading it.
    return central_entry_offset(data, info.filename) + 16, 0x01


SHEET = "xl/worksheets/sheet1.xml"  # the Assignments sheet, the only one
UNREAD = "docProps/app.xml"  # a part openpyxl does not read: damage there passed unseen


@pytest.mark.parametrize(
    ("member", "where"),
    [
        pytest.param(SHEET, flip_block_type, id="deflate-block-type"),
        pytest.param(SHEET, flip_encryption_flag, id="encryption-flag"),
        pytest.param(SHEET, flip_compression_method, id="compression-method"),
        pytest.param(SHEET, flip_checksum, id="crc-32"),
        pytest.param(UNREAD, flip_checksum, id="crc-32-of-a-part-not-read"),
    ],
)
def test_check_on_a_workbook_with_a_flipped_byte(
    tmp_path: Path, member: str, where: Callable[[bytes, zipfile.ZipInfo], tuple[int, int]]
) -> None:
    # A flipped byte used to crash check with a traceback and exit 1 ("violations found"),
    # or, in a part check does not read, to pass a file Excel then refuses to open.
    path = write_assignments(tmp_path / "schedule.xlsx", assignments_rows())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(member)
    data = bytearray(path.read_bytes())
    offset, bit = where(bytes(data), info)
    data[offset] ^= bit
    path.write_bytes(bytes(data))
    outcome = invoke("check", tiny_program(tmp_path), path)
    assert "PASS" not in outcome.stdout, outcome.stdout
    assert_one_line_exit_2(
        outcome, Case(path, "schedule.xlsx", "", ("not a readable .xlsx workbook",))
    )


# ------------------------------------------------------------- a YAML key that is a mapping


def test_a_yaml_key_that_is_a_mapping_is_one_line(tmp_path: Path) -> None:
    # (A key that is a list: test_input_errors, yaml-list-key.)
    program = copy_example(tmp_path)
    append(program, "\n? {a: 1}\n: 1\n")
    line = program.read_text(encoding="utf-8").splitlines().index("? {a: 1}") + 1
    out = tmp_path / "x.xlsx"
    assert_one_line_exit_2(
        solve(program, out),
        Case(program, "program.yaml", f"line {line}", ("a key that is a list or a mapping",)),
    )
    assert not out.exists()


# --------------------------------------------- one stray value at XFD1048576: bounded cost

#: the child's address space (the check needs under 300 MB of it) and its CPU seconds; a
#: reader that believed the sheet's dimension needed gigabytes and minutes
MEMORY_CAP = 1 << 30
CPU_CAP = 60


#: sets the caps and runs the command as its own child, then writes that child's peak
#: memory and CPU time to the file named first. Measured from pytest's own child instead,
#: the peak would count pytest's memory (a forked child starts with its parent's pages, and
#: the peak survives ``exec``): 650 MB late in a full run, whatever the command used.
LAUNCH = (
    "import resource, subprocess, sys; "
    f"resource.setrlimit(resource.RLIMIT_AS, ({MEMORY_CAP}, {MEMORY_CAP})); "
    f"resource.setrlimit(resource.RLIMIT_CPU, ({CPU_CAP}, {CPU_CAP})); "
    "code = subprocess.run(sys.argv[2:]).returncode; "
    "used = resource.getrusage(resource.RUSAGE_CHILDREN); "
    "open(sys.argv[1], 'w').write(f'{used.ru_maxrss} {used.ru_utime + used.ru_stime}'); "
    "sys.exit(code)"
)


def run_bounded(args: list[str], cwd: Path) -> tuple[int, str, float, float]:
    """Run ``args`` under the caps: (exit code, output, peak MB resident, CPU seconds)."""
    with tempfile.TemporaryDirectory() as scratch:
        usage = Path(scratch) / "usage"
        proc = subprocess.run(
            [sys.executable, "-c", LAUNCH, str(usage), *args],
            cwd=cwd,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            timeout=300,
        )
        kilobytes, seconds = usage.read_text(encoding="utf-8").split()
    text = proc.stdout.decode("utf-8", errors="replace")
    return proc.returncode, text, int(kilobytes) / 1024, float(seconds)


@pytest.mark.parametrize("sheet", ["Assignments", "Schedule"])
def test_a_stray_value_in_the_last_cell_of_a_workbook_sheet_costs_little(
    tmp_path: Path, sheet: str
) -> None:
    # One value at XFD1048576 used to make check take gigabytes or hang for minutes.
    program, workbook = full_tiny_workbook(tmp_path)
    book = load_workbook(workbook)
    book[sheet].cell(1_048_576, 16_384).value = "stray"
    book.save(workbook)
    code, output, megabytes, seconds = run_bounded(
        [*cli_command(), "check", str(program), str(workbook), "--sheet", sheet], tmp_path
    )
    assert code == 0 and output.startswith("PASS"), output[-2000:]
    assert megabytes < 500 and seconds < 20, (megabytes, seconds)


def test_a_stray_value_in_the_last_cell_of_an_xlsx_roster_costs_little(tmp_path: Path) -> None:
    # The roster loader took 7.8 GB and then crashed.
    program = copy_example(tmp_path)
    rows = roster_rows()
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append([int(v) if v.isdigit() else (v or None) for v in row])
    sheet.cell(1_048_576, 16_384).value = "stray"
    book.save(tmp_path / "roster.xlsx")
    use_roster(program, "roster.xlsx")
    code, output, megabytes, seconds = run_bounded(
        [
            sys.executable,
            "-c",
            "import sys; from scheduler.inputs.program_file import load_program; "
            "print(len(load_program(sys.argv[1]).residents))",
            str(program),
        ],
        Path(__file__).resolve().parents[2],
    )
    assert code == 0 and output.strip() == str(len(rows) - 1), output[-2000:]
    assert megabytes < 500 and seconds < 20, (megabytes, seconds)


# ---------------------------------------------------------------- a roster that is a symlink loop


def test_a_roster_that_is_a_symlink_loop_is_one_line(tmp_path: Path) -> None:
    program = copy_example(tmp_path)
    (tmp_path / "loop.csv").symlink_to("loop.csv")
    use_roster(program, "loop.csv")
    out = tmp_path / "x.xlsx"
    assert_one_line_exit_2(
        solve(program, out), Case(program, "program.yaml", "roster", ("loop.csv",))
    )
    assert not out.exists()


# ------------------------------------ programs without a schedule: a proof, never "not found"


def assert_proof_or_input_error(outcome: Outcome, *named: str) -> None:
    """Exit 3 with a proof whose reasons name ``named``, or exit 2 naming them; not exit 4."""
    assert not outcome.crash, outcome.crash
    assert outcome.code in (2, 3), f"exit {outcome.code}:\n{outcome.stdout}{outcome.stderr}"
    if outcome.code == 3:
        assert "No schedule exists" in outcome.stderr, outcome.stderr
        reasons = [line for line in outcome.stderr.splitlines() if line.startswith("  - ")]
        assert any(all(text in reason for text in named) for reason in reasons), outcome.stderr
    else:
        (line,) = outcome.stderr.strip().splitlines()
        assert "Fix:" in line and all(text in line for text in named), line


def fix_cohort_of_r001(folder: Path, cohort: int) -> int:
    """Put r001 in ``cohort`` on the roster; return the first of its clinic (Y) weeks."""
    rows = roster_rows()
    assert rows[1][0] == "r001" and rows[0][5] == "cohort"
    rows[1][5] = str(cohort)
    write_roster(folder / "roster.csv", rows)
    program = load_program(folder / "program.yaml")
    slots = resident_weeks(program, program.residents[0], cohort)
    return next(week for week, slot in enumerate(slots, start=1) if slot.phase == CLINIC)


def test_a_clinic_capacity_of_0_is_a_proof(tmp_path: Path) -> None:
    program = copy_example(tmp_path)
    replace_once(
        program,
        "{id: main, name: Main campus clinic, capacity: 5, min_residents: 2}",
        "{id: main, name: Main campus clinic, capacity: 0, min_residents: 0}",
    )
    out = tmp_path / "x.xlsx"
    assert_proof_or_input_error(solve(program, out), "clinic main", "capacity")
    assert not out.exists()


def test_an_approved_vacation_in_a_clinic_week_is_a_proof(tmp_path: Path) -> None:
    program = copy_example(tmp_path)
    week = fix_cohort_of_r001(tmp_path, 1)
    replace_once(
        program,
        "  max_away_per_week: {any: 3}\n",
        f"  max_away_per_week: {{any: 3}}\n  approved: [{{resident: r001, weeks: {week}}}]\n",
    )
    out = tmp_path / "x.xlsx"
    assert_proof_or_input_error(solve(program, out), "vacation.approved[0]", f"week {week}")
    assert not out.exists()


def test_a_pin_in_a_clinic_week_is_a_proof(tmp_path: Path) -> None:
    program = copy_example(tmp_path)
    week = fix_cohort_of_r001(tmp_path, 1)
    append(program, f"\npins:\n  - {{resident: r001, weeks: {week}, rotation: wards}}\n")
    out = tmp_path / "x.xlsx"
    assert_proof_or_input_error(solve(program, out), "pins[0]", f"week {week}")
    assert not out.exists()


def test_a_pin_covering_the_whole_year_is_a_proof(tmp_path: Path) -> None:
    program = copy_example(tmp_path)
    append(program, "\npins:\n  - {resident: r001, weeks: 1-52, rotation: wards}\n")
    out = tmp_path / "x.xlsx"
    assert_proof_or_input_error(solve(program, out), "pins[0]", "r001")
    assert not out.exists()


# ------------------------------------------------------------------- no arguments at all


@pytest.mark.parametrize(
    "args",
    [
        pytest.param(
            [],
            id="no-command",
        ),
        pytest.param(["solve"], id="solve-without-its-arguments"),
    ],
)
def test_no_arguments_is_one_line_with_a_fix(tmp_path: Path, args: list[str]) -> None:
    outcome = run_cli(*args, cwd=tmp_path)
    assert not outcome.crash, outcome.crash
    assert outcome.code == 2, outcome.stdout + outcome.stderr
    lines = outcome.stderr.strip().splitlines()
    assert len(lines) == 1, outcome.stdout + outcome.stderr
    assert lines[0].startswith("error: ") and "Fix:" in lines[0], lines[0]


# -------------------------------------------- an --out that cannot be written, before the solve


def test_out_under_a_file_is_refused_before_the_solve(tmp_path: Path) -> None:
    # (A missing folder and a read-only one: test_cli. This one holds for root too.)
    program = copy_example(tmp_path)
    out = tmp_path / "roster.csv" / "schedule.xlsx"
    outcome = solve(program, out)
    assert_one_line_exit_2(outcome, Case(out, "roster.csv", ""))
    assert "Solving" not in outcome.stderr


def test_out_with_a_name_too_long_is_refused_before_the_solve(tmp_path: Path) -> None:
    program = copy_example(tmp_path)
    out = tmp_path / ("s" * 300 + ".xlsx")
    outcome = solve(program, out)
    assert_one_line_exit_2(outcome, Case(out, "sss", ""))
    assert "Solving" not in outcome.stderr
