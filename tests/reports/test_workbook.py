"""The Excel workbook: round trip, sheet layout, and atomic save.

Program A is solved once for the session (tests/conftest.py); its workbook is written once
here and read back both by the reader ``check`` uses and by openpyxl, to look at values and
styles.
"""

from __future__ import annotations

import os
import shutil
import stat
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from reports.tables import ASSIGNMENT_COLUMNS
from reports.workbook import build_workbook, write_workbook
from scheduler.checks import Report, validate
from scheduler.domain import Program, Schedule
from scheduler.domain.result import Result, RunInfo, Status
from scheduler.inputs.schedule_file import read_schedule
from tests.conftest import SolvedA
from tests.tiny import program as tiny_program
from tests.tiny import resident, rotation, rows

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "program_a" / "program.yaml"
SHEETS = [
    "Schedule",
    "Assignments",
    "Coverage",
    "Residents",
    "Clinic",
    "Rosters",
    "Requests",
    "Checks",
    "Run",
]
SEED = 0  # the session's solve of program A (tests/conftest.py)
GREEN = "C6EFCE"
RED = "FFC7CE"


@dataclass(frozen=True)
class Written:
    program: Program
    result: Result
    schedule: Schedule
    report: Report
    run: RunInfo
    path: Path
    book: Workbook


@pytest.fixture(scope="module")
def written(solved_a: SolvedA, tmp_path_factory: pytest.TempPathFactory) -> Written:
    program, result, report = solved_a.program, solved_a.outcome.result, solved_a.report
    assert result.schedule is not None and report.ok, report.violations[:5]
    run = result.run_info(str(EXAMPLE), "0" * 64)
    path = tmp_path_factory.mktemp("workbook") / "program_a.xlsx"
    returned = write_workbook(path, program, result.schedule, report, run)
    assert returned == path.resolve()
    return Written(program, result, result.schedule, report, run, path, load_workbook(path))


def fill_rgb(cell: Any) -> str:
    """The solid fill colour as RRGGBB, '' for no fill."""
    fill = cell.fill
    if fill is None or fill.fill_type != "solid":
        return ""
    return str(fill.fgColor.rgb)[-6:].upper()


def records(sheet: Worksheet) -> list[dict[str, Any]]:
    header = [cell.value for cell in sheet[1]]
    return [
        dict(zip(header, values, strict=True))
        for values in sheet.iter_rows(min_row=2, values_only=True)
    ]


# ------------------------------------------------------------------------------ round trip


def test_round_trip_gives_the_same_schedule(written: Written) -> None:
    back = read_schedule(written.path, written.program)
    assert back.assignments == written.schedule.assignments
    assert back.cohorts == written.schedule.cohorts
    assert back == written.schedule
    # Every resident of program A is on the 3+2 template, so every one has a cohort.
    assert set(back.cohorts) == {r.id for r in written.program.residents}


def test_sheets_in_order(written: Written) -> None:
    assert written.book.sheetnames == SHEETS


# ------------------------------------------------------------------------------ Assignments


def documented_assignment_columns() -> tuple[str, ...]:
    """The Assignments columns in the order the README's workbook table documents them."""
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    row = next(line for line in readme.splitlines() if line.startswith("| `Assignments` |"))
    listed = row.split("one row per resident-week:", 1)[1].split("`")[1]
    return tuple(name.strip() for name in listed.split(","))


def test_assignments_has_exactly_the_documented_columns_in_order(written: Written) -> None:
    # Compared with the README, which users read, not with the writer's own constant.
    documented = documented_assignment_columns()
    assert documented[:7] == (
        "resident_id",
        "resident_name",
        "track",
        "pgy",
        "cohort",
        "clinic_site",
        "week",
    )
    sheet = written.book["Assignments"]
    header = tuple(cell.value for cell in sheet[1])
    assert header == documented
    assert sheet.max_column == len(documented)
    assert documented == ASSIGNMENT_COLUMNS


def test_assignments_one_row_per_resident_week(written: Written) -> None:
    table = records(written.book["Assignments"])
    program = written.program
    keys = [(row["resident_id"], row["week"]) for row in table]
    assert len(keys) == len(program.residents) * program.weeks
    assert set(keys) == {(r.id, w) for r in program.residents for w in range(1, program.weeks + 1)}
    for row in table:
        rid, week = row["resident_id"], row["week"]
        assert row["rotation_id"] == written.schedule.assignments[rid][week - 1]
        assert row["cohort"] == written.schedule.cohorts[rid]
        assert row["week_start"].date() == program.week_start(week - 1)


def test_assignments_phase_is_consistent_with_cohorts(written: Written) -> None:
    template = written.program.templates[0]
    pattern = "X" * template.x_weeks + "Y" * template.y_weeks  # one 3+2 cycle: XXXYY
    phases: dict[str, list[str]] = defaultdict(list)
    cohort_of: dict[str, int] = {}
    for row in records(written.book["Assignments"]):
        assert row["phase"] in ("X", "Y"), row
        phases[row["resident_id"]].append(row["phase"])
        cohort_of[row["resident_id"]] = row["cohort"]
        # clinic is the only Y-phase rotation, and vacation may fall in X only
        assert (row["phase"] == "Y") == (row["rotation_id"] == "clinic"), row
    by_cohort: dict[int, str] = {}
    for rid, sequence in phases.items():
        text = "".join(sequence)
        assert by_cohort.setdefault(cohort_of[rid], text) == text, f"{rid} differs from its cohort"
    shifts = {}
    for cohort, text in by_cohort.items():
        matching = [
            s
            for s in range(len(pattern))
            if all(p == pattern[(w + s) % len(pattern)] for w, p in enumerate(text))
        ]
        assert len(matching) == 1, f"cohort {cohort}: {text} is not a repeated {pattern}"
        shifts[cohort] = matching[0]
    assert sorted(by_cohort) == list(range(1, template.cohorts + 1))
    # consecutive cohorts start their cycles `stagger` weeks apart
    for cohort in range(1, template.cohorts):
        assert (shifts[cohort] - shifts[cohort + 1]) % len(pattern) == template.stagger


def test_assignments_ambulatory_is_a_real_boolean(written: Written) -> None:
    sheet = written.book["Assignments"]
    col = ASSIGNMENT_COLUMNS.index("ambulatory") + 1
    rotation_col = ASSIGNMENT_COLUMNS.index("rotation_id") + 1
    seen = set()
    for row in range(2, sheet.max_row + 1):
        cell = sheet.cell(row, col)
        assert cell.data_type == "b" and isinstance(cell.value, bool), (
            row,
            cell.value,
            cell.data_type,
        )
        rotation_id = sheet.cell(row, rotation_col).value
        assert cell.value == written.program.rotation_by_id[rotation_id].ambulatory
        seen.add(cell.value)
    assert seen == {True, False}


WARDS_ONCE = [{"label": "Wards", "rotations": ["wards"], "weeks": 1}]


def test_phase_is_empty_without_a_template(tmp_path: Path) -> None:
    prog = tiny_program(weeks=2, requirements=WARDS_ONCE)
    schedule = rows(a="wards elective", b="elective wards")
    path = write_workbook(
        tmp_path / "tiny.xlsx", prog, schedule, validate(prog, schedule), RunInfo("t", "h", "X")
    )
    table = records(load_workbook(path)["Assignments"])
    assert len(table) == 4
    assert all(row["phase"] in ("", None) and row["cohort"] is None for row in table), table
    assert read_schedule(path, prog) == schedule


# ------------------------------------------------------------------------------ Schedule


@dataclass(frozen=True)
class Grid:
    first_week_col: int
    rows: dict[str, int]  # resident id -> sheet row
    requirement_cols: dict[str, int]  # requirement name -> column
    legend: dict[str, str]  # rotation abbreviation -> fill colour


def grid(sheet: Worksheet, program: Program) -> Grid:
    header = [cell.value for cell in sheet[2]]
    first = header.index(1) + 1
    assert header[first - 1 : first - 1 + program.weeks] == list(range(1, program.weeks + 1))
    names = {r.name for r in program.requirements}
    requirement_cols = {value: col for col, value in enumerate(header, start=1) if value in names}
    ids = {r.id for r in program.residents}
    resident_rows = {}
    legend: dict[str, str] = {}
    in_legend = False
    for row in range(4, sheet.max_row + 1):
        value = sheet.cell(row, 1).value
        if value in ids:
            resident_rows[value] = row
        elif value == "Legend":
            in_legend = True
        elif in_legend and value:
            legend[str(value)] = fill_rgb(sheet.cell(row, 1))
    return Grid(first, resident_rows, requirement_cols, legend)


def test_schedule_sheet_frozen_panes(written: Written) -> None:
    sheet = written.book["Schedule"]
    layout = grid(sheet, written.program)
    # Frozen below the two header rows (and title) and right of the resident columns.
    assert sheet.freeze_panes == sheet.cell(4, layout.first_week_col).coordinate


def test_schedule_sheet_colours_and_merged_runs(written: Written) -> None:
    sheet = written.book["Schedule"]
    program = written.program
    layout = grid(sheet, program)
    assert set(layout.rows) == {r.id for r in program.residents}
    assert set(layout.legend) == {r.short for r in program.rotations}
    assert all(layout.legend.values()) and len(set(layout.legend.values())) >= 5
    merged = {
        (rng.min_row, rng.min_col, rng.max_col)
        for rng in sheet.merged_cells.ranges
        if rng.min_row == rng.max_row
    }
    runs = 0
    for rid, row in layout.rows.items():
        weeks = written.schedule.assignments[rid]
        start = 0
        while start < len(weeks):
            end = start
            while end + 1 < len(weeks) and weeks[end + 1] == weeks[start]:
                end += 1
            rot = program.rotation_by_id[weeks[start]]
            anchor = sheet.cell(row, layout.first_week_col + start)
            assert anchor.value == rot.short, (rid, start + 1, anchor.value)
            assert fill_rgb(anchor) == layout.legend[rot.short], (rid, start + 1)
            first_col, last_col = layout.first_week_col + start, layout.first_week_col + end
            if end > start:
                assert (row, first_col, last_col) in merged, (
                    f"{rid} weeks {start + 1}-{end + 1} not merged"
                )
                runs += 1
            else:
                assert not any(r == row and a <= first_col <= b for r, a, b in merged)
            start = end + 1
    assert runs > 100  # segment rotations come in runs of 2-3 weeks


def test_schedule_sheet_requirement_columns_are_green_when_met(written: Written) -> None:
    sheet = written.book["Schedule"]
    program = written.program
    layout = grid(sheet, program)
    assert set(layout.requirement_cols) == {r.name for r in program.requirements}
    assert min(layout.requirement_cols.values()) > layout.first_week_col + program.weeks - 1
    for res in program.residents:
        for name, col in layout.requirement_cols.items():
            cell = sheet.cell(layout.rows[res.id], col)
            applicable = [r for r in program.requirements if r.name == name and r.applies_to(res)]
            if not applicable:
                assert cell.value is None, (res.id, name)
                continue
            (requirement,) = applicable
            chosen = set(program.select(requirement))
            assert cell.value == sum(rot in chosen for rot in written.schedule.assignments[res.id])
            assert fill_rgb(cell) == GREEN, (res.id, name, cell.value)


def test_schedule_sheet_requirement_cell_is_red_when_not_met() -> None:
    prog = tiny_program(
        weeks=4,
        rotations=[rotation("wards"), rotation("elective", "elective")],
        residents=[resident("a"), resident("b")],
        requirements=[{"label": "Wards", "rotations": ["wards"], "weeks": 2}],
    )
    schedule = rows(a="wards wards elective elective", b="wards elective elective elective")
    book = build_workbook(prog, schedule, validate(prog, schedule), RunInfo("t", "h", "X"))
    sheet = book["Schedule"]
    layout = grid(sheet, prog)
    col = layout.requirement_cols["Wards"]
    met, unmet = sheet.cell(layout.rows["a"], col), sheet.cell(layout.rows["b"], col)
    assert (met.value, fill_rgb(met)) == (2, GREEN)
    assert (unmet.value, fill_rgb(unmet)) == (1, RED)


# ------------------------------------------------------------------------------ Run, Checks


def test_run_sheet_records_status_objective_bound_gap_seed(written: Written) -> None:
    sheet = written.book["Run"]
    assert [sheet.cell(1, 1).value, sheet.cell(1, 2).value] == ["item", "value"]
    items = {row[0]: row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}
    result = written.result
    assert items["solver status"] == str(result.status)
    assert items["solver status"] in (Status.OPTIMAL, Status.FEASIBLE)
    assert items["objective"] == pytest.approx(result.objective)
    assert items["bound"] == pytest.approx(result.bound)
    assert items["gap"] == pytest.approx(result.gap)
    assert items["seed"] == SEED
    assert items["workers"] == 2
    assert items["residents"] == 30 and items["weeks"] == 52
    assert items["independent check"] == "PASS"


def test_rosters_sheet_lists_everyone_on_each_rotation_each_week(written: Written) -> None:
    # Rebuild, from the schedule itself, who is on each rotation each week, and compare
    # with the sheet's names and counts row by row.
    sheet = written.book["Rosters"]
    rows_ = list(sheet.iter_rows(values_only=True))
    header = list(rows_[0])
    assert header == [
        "week",
        "week_start",
        "rotation_id",
        "rotation",
        "residents",
        "interns",
        "seniors",
    ]
    program, schedule = written.program, written.schedule
    assert len(rows_) - 1 == program.weeks * len(program.rotations)
    for week, _, rotation_id, _, count, interns, seniors in rows_[1:]:
        on = [r for r in program.residents if schedule.assignments[r.id][week - 1] == rotation_id]
        assert count == len(on)
        listed = [name for name in (interns or "").split(", ") if name]
        assert sorted(listed) == sorted(r.name for r in on if r.pgy == 1)
        assert (seniors or "").count("(PGY-") == sum(1 for r in on if r.pgy > 1)


def test_checks_sheet_verdicts_pass(written: Written) -> None:
    table = records(written.book["Checks"])
    assert [(row["family"], row["rule"]) for row in table] == [
        (c.family, c.rule) for c in written.report.checks
    ]
    assert all(row["verdict"] == "PASS" and row["violations"] == 0 for row in table)
    assert sum(row["checked"] for row in table) > 1000


# ------------------------------------------------------------------------------ atomic save


def test_workbook_for_a_program_without_requirements(tmp_path: Path) -> None:
    prog = tiny_program(weeks=2)  # requirements default to none
    schedule = rows(a="wards elective", b="elective wards")
    path = write_workbook(
        tmp_path / "tiny.xlsx", prog, schedule, validate(prog, schedule), RunInfo("t", "h", "X")
    )
    assert read_schedule(path, prog) == schedule


def small_workbook_args() -> tuple[Program, Schedule, Report, RunInfo]:
    prog = tiny_program(weeks=2, requirements=WARDS_ONCE)
    schedule = rows(a="wards elective", b="elective wards")
    return prog, schedule, validate(prog, schedule), RunInfo("tiny.yaml", "h", "OPTIMAL")


@pytest.mark.parametrize("error", [OSError(28, "No space left on device"), KeyboardInterrupt()])
def test_failed_save_leaves_previous_file_and_no_temporary(
    written: Written, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: BaseException
) -> None:
    target = tmp_path / "schedule.xlsx"
    shutil.copy(written.path, target)
    before = target.read_bytes()
    saved_to: list[Path] = []

    def broken_save(self: Workbook, filename: Any) -> None:
        saved_to.append(Path(filename))
        Path(filename).write_bytes(before[: len(before) // 3])  # a partial zip, then the crash
        raise error

    monkeypatch.setattr(Workbook, "save", broken_save)
    with pytest.raises(type(error)):
        write_workbook(target, *small_workbook_args())
    assert saved_to and saved_to[0].resolve() != target.resolve(), (
        "save must go to a temporary file"
    )
    assert saved_to[0].parent.resolve() == target.parent.resolve()
    assert target.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["schedule.xlsx"]


def test_saved_workbook_has_an_ordinary_file_mode(tmp_path: Path) -> None:
    # The temporary file is private (0600); the workbook must be readable like any file.
    umask = os.umask(0o022)
    try:
        path = write_workbook(tmp_path / "shared.xlsx", *small_workbook_args())
    finally:
        os.umask(umask)
    assert stat.S_IMODE(path.stat().st_mode) == 0o644


def test_failed_save_without_previous_file_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken_save(self: Workbook, filename: Any) -> None:
        Path(filename).write_bytes(b"PK\x03\x04 partial")
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(Workbook, "save", broken_save)
    with pytest.raises(OSError):
        write_workbook(tmp_path / "new.xlsx", *small_workbook_args())
    assert list(tmp_path.iterdir()) == []


def test_successful_save_replaces_previous_file_and_leaves_no_temporary(
    written: Written, tmp_path: Path
) -> None:
    target = tmp_path / "schedule.xlsx"
    shutil.copy(written.path, target)
    prog, schedule, report, run = small_workbook_args()
    write_workbook(target, prog, schedule, report, run)
    assert [p.name for p in tmp_path.iterdir()] == ["schedule.xlsx"]
    assert read_schedule(target, prog) == schedule


def test_requirements_sharing_a_name_share_one_column_met_only_if_all_are() -> None:
    # Two unlabelled requirements on wards are both named "wards": at least 1 week for
    # everyone, at most 1 for interns. a has 2 weeks (first met, second not: red), b has 1
    # (both met: green). The grid shows one "wards" column.
    prog = tiny_program(
        requirements=[
            {"rotations": ["wards"], "weeks": "1+"},
            {"rotations": ["wards"], "pgy": [1], "weeks": "0-1"},
        ]
    )
    schedule = rows(
        a="wards wards elective elective elective elective",
        b="wards elective elective elective elective elective",
    )
    book = build_workbook(prog, schedule, validate(prog, schedule), RunInfo("t", "h", "X"))
    sheet = book["Schedule"]
    header = [cell.value for cell in sheet[2]]
    assert header.count("wards") == 1
    col = header.index("wards") + 1
    fills = {
        sheet.cell(row, 1).value: (
            sheet.cell(row, col).value,
            sheet.cell(row, col).fill.fgColor.rgb[-6:],
        )
        for row in range(4, sheet.max_row + 1)
        if sheet.cell(row, 1).value in ("a", "b")
    }
    assert fills == {"a": (2, RED), "b": (1, GREEN)}


def test_a_save_removes_temporaries_left_by_killed_saves_of_the_same_workbook(
    tmp_path: Path,
) -> None:
    """A process killed outright during a save (no handler sees SIGKILL) leaves its
    temporary file; the next save of that workbook removes it, and nothing else."""
    dead = tmp_path / ".shared-99999999-abcd_123.xlsx.tmp"  # beyond any process id
    alive = tmp_path / f".shared-{os.getpid()}-efgh_456.xlsx.tmp"  # a save in progress
    other = tmp_path / ".shared-2026-99999999-ijkl_789.xlsx.tmp"  # workbook 'shared-2026'
    for path in (dead, alive, other):
        path.write_bytes(b"PK\x03\x04 partial")
    write_workbook(tmp_path / "shared.xlsx", *small_workbook_args())
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["shared.xlsx", alive.name, other.name]
    )
