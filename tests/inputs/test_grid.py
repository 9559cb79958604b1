"""The Schedule grid read back, and ``check`` comparing it with the Assignments sheet.

Chief residents edit the colour grid, not the long table. These tests edit the grid the way
Excel leaves it (a block unmerged, a label typed over) and check that ``check`` names every
cell where the grid and the table disagree, and that ``--sheet Schedule`` checks the grid.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet
from typer.testing import CliRunner

from reports.workbook import write_workbook
from scheduler.checks import validate
from scheduler.cli.main import app
from scheduler.domain import InputError, Program, Schedule
from scheduler.domain.result import RunInfo
from scheduler.inputs.grid import Grid, differences, read_grid
from scheduler.inputs.program_file import load_program
from scheduler.inputs.schedule_file import read_schedule
from tests.conftest import SolvedA
from tests.example_files import copy_example
from tests.tiny import program as tiny_program
from tests.tiny import rotation, rows


@dataclass(frozen=True)
class Solved:
    program_file: Path
    program: Program
    schedule: Schedule
    workbook: Path


@pytest.fixture(scope="module")
def solved(solved_a: SolvedA, tmp_path_factory: pytest.TempPathFactory) -> Solved:
    """The session's schedule of program A, written beside a copy of the program."""
    folder = tmp_path_factory.mktemp("grid")
    program_file = copy_example(folder)
    program, schedule = load_program(program_file), solved_a.schedule
    workbook = folder / "schedule.xlsx"
    report = validate(program, schedule)
    write_workbook(workbook, program, schedule, report, RunInfo(str(program_file), "h", "X"))
    return Solved(program_file, program, schedule, workbook)


def check(*args: object) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["check", *(str(a) for a in args)])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    return result.exit_code, result.stdout + result.stderr


@dataclass(frozen=True)
class Block:
    """A merged run of one rotation in one resident's row."""

    resident: str
    row: int
    first_col: int
    last_col: int
    first_week: int


def find_block(sheet: Worksheet, program: Program, rotation_id: str) -> Block:
    """The first merged block of ``rotation_id`` in a resident's row."""
    ids = {r.id for r in program.residents}
    header = [cell.value for cell in sheet[2]]
    first_week_col = header.index(1) + 1
    label = program.rotation_by_id[rotation_id].short
    for merged in sorted(sheet.merged_cells.ranges, key=lambda m: (m.min_row, m.min_col)):
        resident = sheet.cell(merged.min_row, 1).value
        if resident in ids and sheet.cell(merged.min_row, merged.min_col).value == label:
            return Block(
                str(resident),
                merged.min_row,
                merged.min_col,
                merged.max_col,
                merged.min_col - first_week_col + 1,
            )
    raise AssertionError(f"no merged block of {rotation_id}")


def edited_copy(solved: Solved, tmp_path: Path, rotation_id: str, typed: str | None) -> Block:
    """Unmerge a block of ``rotation_id`` and type ``typed`` into its second week, as a
    chief resident would in Excel; the other cells of the old block keep the label unless
    ``typed`` is None, in which case they are left as Excel leaves them: empty."""
    workbook = load_workbook(solved.workbook)
    sheet = workbook["Schedule"]
    block = find_block(sheet, solved.program, rotation_id)
    label = sheet.cell(block.row, block.first_col).value
    sheet.unmerge_cells(
        start_row=block.row,
        start_column=block.first_col,
        end_row=block.row,
        end_column=block.last_col,
    )
    if typed is not None:
        for col in range(block.first_col, block.last_col + 1):
            sheet.cell(block.row, col).value = label
        sheet.cell(block.row, block.first_col + 1).value = typed
    workbook.save(tmp_path / "edited.xlsx")
    return block


# ------------------------------------------------------------------------------ round trip


def test_grid_of_a_solved_program_reads_back_as_the_schedule(solved: Solved) -> None:
    grid = read_grid(solved.workbook, solved.program)
    assert grid.schedule == solved.schedule
    assert differences(solved.program, read_schedule(solved.workbook, solved.program), grid) == []
    assert set(grid.rows) == {r.id for r in solved.program.residents}


GRID_ROTATIONS = [
    rotation("wards", abbreviation="W"),
    rotation("micu", "critical_care"),
    rotation("elective", "elective"),
    rotation("night_float", "night_float", abbreviation="NF"),
]
WEEKLY = st.lists(st.sampled_from([r["id"] for r in GRID_ROTATIONS]), min_size=8, max_size=8)


@settings(max_examples=25, deadline=None)
@given(weeks_a=WEEKLY, weeks_b=WEEKLY, cohort=st.none() | st.integers(1, 5))
def test_any_schedule_round_trips_through_the_grid(
    tmp_path_factory: pytest.TempPathFactory,
    weeks_a: list[str],
    weeks_b: list[str],
    cohort: int | None,
) -> None:
    prog = tiny_program(weeks=8, rotations=GRID_ROTATIONS)
    schedule = Schedule(
        {"a": tuple(weeks_a), "b": tuple(weeks_b)}, {} if cohort is None else {"a": cohort}
    )
    path = write_workbook(
        tmp_path_factory.mktemp("prop") / "grid.xlsx",
        prog,
        schedule,
        validate(prog, schedule),
        RunInfo("t", "h", "X"),
    )
    assert read_grid(path, prog).schedule == schedule


def test_a_grid_label_that_is_another_rotations_id_reads_as_the_label(tmp_path: Path) -> None:
    # "ED" is the emergency rotation's grid label and, in any case, the id of another.
    prog = tiny_program(
        weeks=4,
        rotations=[
            rotation("em", abbreviation="ED"),
            rotation("ed", "elective", abbreviation="DES"),
        ],
    )
    schedule = rows(a="em em ed ed", b="ed em em ed")
    path = write_workbook(
        tmp_path / "grid.xlsx", prog, schedule, validate(prog, schedule), RunInfo("t", "h", "X")
    )
    assert read_grid(path, prog).schedule == schedule


# ------------------------------------------------------------------------------ hand edits


def test_check_names_a_grid_edit_that_the_table_lacks(solved: Solved, tmp_path: Path) -> None:
    block = edited_copy(solved, tmp_path, "wards", "VAC")
    week = block.first_week + 1
    code, out = check(solved.program_file, tmp_path / "edited.xlsx")
    assert code == 1, out
    expected = (
        f"[workbook] Schedule row {block.row} ({block.resident}) week {week}: "
        "the grid shows vacation, Assignments has wards"
    )
    assert expected in out, out
    assert "disagrees with the Schedule sheet in 1 place" in out, out


def test_sheet_schedule_checks_the_grid_with_the_edit(solved: Solved, tmp_path: Path) -> None:
    block = edited_copy(solved, tmp_path, "wards", "VAC")
    code, out = check(solved.program_file, tmp_path / "edited.xlsx", "--sheet", "Schedule")
    assert code == 1, out
    # One wards week became vacation: the resident now has one vacation week too many.
    assert any(
        block.resident in line and "[vacation]" in line and "5 vacation weeks" in line
        for line in out.splitlines()
    ), out
    assert "in the Schedule sheet of" in out and "disagrees with the Assignments sheet" in out


def test_grid_labels_ids_and_names_all_read_as_the_rotation(solved: Solved, tmp_path: Path) -> None:
    for typed in ("WARDS", "wards", "Wards", "wArDs"):
        edited_copy(solved, tmp_path, "wards", typed)
        grid = read_grid(tmp_path / "edited.xlsx", solved.program)
        assert grid.schedule == solved.schedule, typed
        code, out = check(solved.program_file, tmp_path / "edited.xlsx")
        assert code == 0, out


def test_unknown_label_in_the_grid_is_an_error_naming_the_cell(
    solved: Solved, tmp_path: Path
) -> None:
    block = edited_copy(solved, tmp_path, "wards", "WRDZ")
    code, out = check(solved.program_file, tmp_path / "edited.xlsx", "--sheet", "schedule")
    assert code == 2, out
    column = load_workbook(tmp_path / "edited.xlsx")["Schedule"].cell(1, block.first_col + 1)
    message = out.strip()
    assert "\n" not in message
    assert f"sheet Schedule, row {block.row}, column {column.column_letter}" in message
    assert f"'WRDZ' ({block.resident}, week {block.first_week + 1}) is not a rotation" in message
    assert "Fix: use a label from the legend: WARDS, MICU" in message


def test_blank_row_inside_the_grid_is_an_error_naming_it(solved: Solved, tmp_path: Path) -> None:
    workbook = load_workbook(solved.workbook)
    sheet = workbook["Schedule"]
    block = find_block(sheet, solved.program, "wards")
    sheet.insert_rows(block.row + 1)  # merged blocks do not move: read the message only
    workbook.save(tmp_path / "edited.xlsx")
    with pytest.raises(InputError) as info:
        read_grid(tmp_path / "edited.xlsx", solved.program)
    assert f"sheet Schedule, row {block.row + 1}: a blank row inside the grid" in str(info.value)
    assert f"Fix: delete row {block.row + 1}" in str(info.value)


def test_check_out_refuses_to_replace_the_workbook_checked(solved: Solved) -> None:
    before = solved.workbook.read_bytes()
    code, out = check(solved.program_file, solved.workbook, "--out", solved.workbook)
    assert code == 2 and "would replace the workbook being checked" in out, out
    assert solved.workbook.read_bytes() == before


def test_unmerged_block_left_blank_is_an_error_naming_the_cell(
    solved: Solved, tmp_path: Path
) -> None:
    block = edited_copy(solved, tmp_path, "wards", None)
    code, out = check(solved.program_file, tmp_path / "edited.xlsx", "--sheet", "Schedule")
    assert code == 2, out
    message = out.strip()
    assert "\n" not in message and "Traceback" not in message
    column = load_workbook(tmp_path / "edited.xlsx")["Schedule"].cell(1, block.first_col + 1)
    assert f"sheet Schedule, row {block.row}, column {column.column_letter}" in message
    assert f"no rotation for {block.resident} in week {block.first_week + 1}" in message
    assert "Fix:" in message
    # Checking the table still works, and names the unreadable grid as a disagreement.
    code, out = check(solved.program_file, tmp_path / "edited.xlsx")
    assert code == 1 and "the Schedule grid could not be read" in out, out


def test_row_of_an_unknown_resident_is_an_error(solved: Solved, tmp_path: Path) -> None:
    workbook = load_workbook(solved.workbook)
    sheet = workbook["Schedule"]
    block = find_block(sheet, solved.program, "wards")
    sheet.cell(block.row, 1).value = "r999"
    workbook.save(tmp_path / "edited.xlsx")
    with pytest.raises(InputError) as info:
        read_grid(tmp_path / "edited.xlsx", solved.program)
    assert f"sheet Schedule, row {block.row}, column A" in str(info.value)
    assert "'r999' is not a resident id" in str(info.value)


def test_cohort_changed_in_the_grid_is_a_disagreement(solved: Solved, tmp_path: Path) -> None:
    workbook = load_workbook(solved.workbook)
    sheet = workbook["Schedule"]
    block = find_block(sheet, solved.program, "wards")
    before = solved.schedule.cohorts[block.resident]
    sheet.cell(block.row, 5).value = before % 5 + 1
    workbook.save(tmp_path / "edited.xlsx")
    code, out = check(solved.program_file, tmp_path / "edited.xlsx")
    assert code == 1, out
    assert (
        f"Schedule row {block.row} ({block.resident}): cohort {before % 5 + 1} in the grid, "
        f"{before} in Assignments" in out
    ), out


def test_workbook_without_a_grid_is_checked_on_its_table(solved: Solved, tmp_path: Path) -> None:
    workbook = load_workbook(solved.workbook)
    del workbook["Schedule"]
    workbook.save(tmp_path / "table-only.xlsx")
    code, out = check(solved.program_file, tmp_path / "table-only.xlsx")
    assert code == 0 and out.startswith("PASS"), out
    code, out = check(solved.program_file, tmp_path / "table-only.xlsx", "--sheet", "Schedule")
    assert code == 2 and "sheet Schedule: sheet not found" in out, out


def test_workbook_with_only_a_grid_is_checked_on_its_grid(solved: Solved, tmp_path: Path) -> None:
    workbook = load_workbook(solved.workbook)
    del workbook["Assignments"]
    workbook.save(tmp_path / "grid-only.xlsx")
    code, out = check(solved.program_file, tmp_path / "grid-only.xlsx", "--sheet", "Schedule")
    assert code == 0 and out.startswith("PASS") and "(Schedule sheet)" in out, out


def test_check_out_writes_a_fresh_workbook_from_the_edited_grid(
    solved: Solved, tmp_path: Path
) -> None:
    block = edited_copy(solved, tmp_path, "wards", "VAC")
    fresh = tmp_path / "fresh.xlsx"
    code, out = check(
        solved.program_file, tmp_path / "edited.xlsx", "--sheet", "Schedule", "--out", fresh
    )
    assert code == 1 and f"fresh workbook written: {fresh}" in out, out
    edited = read_grid(tmp_path / "edited.xlsx", solved.program).schedule
    assert edited.assignments[block.resident][block.first_week] == "vacation"
    # In the fresh workbook both sheets hold the edit, and the summaries are recomputed.
    assert read_grid(fresh, solved.program).schedule == edited
    assert read_schedule(fresh, solved.program) == edited
    code, again = check(solved.program_file, fresh)
    assert code == 1 and "[workbook]" not in again, again
    assert f"{block.resident}" in again and "5 vacation weeks" in again
    book = load_workbook(fresh)
    run = {row[0]: row[1] for row in book["Run"].iter_rows(min_row=2, values_only=True)}
    assert run["solver status"] == "edited by hand: checked from the Schedule sheet of edited.xlsx"
    assert run["independent check"].startswith("FAIL")
    assert any(row[-1] == "FAIL" for row in book["Checks"].iter_rows(values_only=True))


def test_check_out_must_be_an_xlsx_file(solved: Solved, tmp_path: Path) -> None:
    code, out = check(solved.program_file, solved.workbook, "--out", tmp_path / "fresh.csv")
    assert code == 2 and "must be an .xlsx file" in out, out
    assert not (tmp_path / "fresh.csv").exists()


# ------------------------------------------------------------------------------ differences


def test_differences_group_consecutive_weeks_and_name_missing_residents() -> None:
    prog = tiny_program(
        weeks=4, residents=[{"id": i, "name": i, "pgy": 1, "track": "cat"} for i in ("a", "b", "c")]
    )
    table = rows(a="wards wards wards elective", b="wards wards wards wards")
    grid = Grid(
        rows(a="elective elective wards elective", c="wards wards wards wards"),
        {"a": 5, "c": 7},
    )
    assert differences(prog, table, grid) == [
        "Schedule row 5 (a) weeks 1-2: the grid shows elective, Assignments has wards",
        "b is in Assignments but not in the grid",
        "c is in the grid (row 7) but not in Assignments",
    ]
