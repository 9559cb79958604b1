"""One verdict: every green, red, met or not-met cell of the workbook is the validator's.

The workbook used to judge some rules a second time, and could disagree with the Checks
sheet: a resident whose whole year is leave passed the ambulatory rule in Checks but showed
red in Residents and in the grid. Here the Checks sheet and every coloured cell are read
back from saved workbooks and compared with the report (see ``tests/verdicts.py``): for a
hand-built program with the edge cases, for program A with violations made on purpose,
and (in ``test_examples.py``) for programs A, B and C as solved.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from reports.workbook import write_workbook
from scheduler.checks import validate
from scheduler.domain import Program, Schedule
from scheduler.domain.result import RunInfo
from tests.conftest import SolvedA
from tests.tiny import program, resident, rotation, rows
from tests.verdicts import assert_verdicts_agree, fill

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "program_a" / "program.yaml"


def edge_program() -> Program:
    """Six weeks; a 2+1 template with 3 cohorts, and a track without one::

    cohort 1: X X Y X X Y    cohort 2: Y X X Y X X    cohort 3: X Y X X Y X
    """
    return program(
        weeks=6,
        templates=[{"id": "t21", "x_weeks": 2, "y_weeks": 1, "cohorts": 3, "stagger": 1}],
        tracks=[
            {"id": "pc", "name": "Primary care", "template": "t21"},
            {"id": "prelim", "name": "Preliminary"},
        ],
        rotations=[
            rotation("wards", coverage={"any": "0-2"}),
            rotation("clinic", "ambulatory", phase="Y", ambulatory=True, clinic_half_days=2),
            rotation("leave", "leave", phase="either"),
        ],
        clinic_sites=[{"id": "s1", "name": "S1", "capacity": 1, "min_residents": 1}],
        residents=[
            resident("p", track="pc", cohort=1, clinic_site="s1"),
            resident("q", track="pc", cohort=2, clinic_site="s1"),
            resident("r", track="pc", cohort=3, clinic_site="s1"),
            resident("n", track="prelim"),
            resident("z", track="prelim"),
        ],
        requirements=[{"label": "Wards", "rotations": ["wards"], "weeks": "3-4"}],
        ambulatory_share=[{"min": "1/3"}],
    )


def edge_schedule() -> Schedule:
    # p, q: 4 weeks of wards (the requirement's maximum), 2 of 6 ambulatory (exactly 1/3).
    # r: 3 weeks of wards (its minimum), 2 of 5 scheduled weeks ambulatory.
    # n (no template): 6 weeks of wards (over by 2), no ambulatory week (short).
    # z: on leave all year: no scheduled week, so no share to measure (passes), 0 wards.
    # Wards staffing (at most 2): weeks 1-6 count 3 3 3 3 3 2: over in weeks 1-5, at the
    # maximum in week 6.
    return rows(
        {"p": 1, "q": 2, "r": 3},
        p="wards wards clinic wards wards clinic",
        q="clinic wards wards clinic wards wards",
        r="wards clinic wards wards clinic leave",
        n="wards wards wards wards wards wards",
        z="leave leave leave leave leave leave",
    )


def test_edge_cases_are_coloured_as_the_validator_judged_them(tmp_path: Path) -> None:
    prog, schedule = edge_program(), edge_schedule()
    report = validate(prog, schedule)
    path = write_workbook(tmp_path / "edge.xlsx", prog, schedule, report, RunInfo("e", "h", "X"))
    book = load_workbook(path)
    assert_verdicts_agree(book, prog, report)
    # The regressions, cell by cell: z (all leave) passes the share in Checks and is green.
    assert not [v for v in report.by_family("ambulatory") if v.who == "z"]
    grid = book["Schedule"]
    header = [cell.value for cell in grid[2]]
    row_of = {grid.cell(row, 1).value: row for row in range(4, grid.max_row + 1)}
    amb, wards = header.index("Amb %") + 1, header.index("Wards") + 1
    assert fill(grid.cell(row_of["z"], amb)) == "green"
    assert fill(grid.cell(row_of["n"], amb)) == "red"
    # requirement met exactly at either bound is green; beyond it, red
    assert [fill(grid.cell(row_of[rid], wards)) for rid in "pqrnz"] == [
        "green",
        "green",
        "green",
        "red",
        "red",
    ]
    assert sorted(v.weeks for v in report.by_family("coverage")) == [(w,) for w in range(1, 6)]


def test_a_resident_the_validator_could_not_judge_is_left_uncoloured(tmp_path: Path) -> None:
    # n's row names an unknown rotation: the schedule family reports it, and no other
    # family judges n, so none of n's cells is green or red.
    prog = edge_program()
    broken = edge_schedule()
    assignments = dict(broken.assignments)
    assignments["n"] = ("wards", "wards", "surgery", "wards", "wards", "wards")
    schedule = Schedule(assignments, broken.cohorts)
    report = validate(prog, schedule)
    assert [v.who for v in report.by_family("schedule")] == ["n"]
    path = write_workbook(tmp_path / "n.xlsx", prog, schedule, report, RunInfo("e", "h", "X"))
    book = load_workbook(path)
    assert_verdicts_agree(book, prog, report)
    residents = book["Residents"]
    header = [cell.value for cell in residents[1]]
    row = next(r for r in range(2, residents.max_row + 1) if residents.cell(r, 1).value == "n")
    status = residents.cell(row, header.index("requirements") + 1)
    assert (status.value, fill(status)) == ("not checked", "")


@pytest.fixture(scope="module")
def program_a(solved_a: SolvedA) -> tuple[Program, Schedule]:
    return solved_a.program, solved_a.schedule


def test_program_a_with_violations_made_on_purpose(
    program_a: tuple[Program, Schedule], tmp_path: Path
) -> None:
    # Three residents' weeks 10-12 all become vacation: staffing falls short in those
    # weeks, vacation counts and away caps break, and shares and requirements move.
    prog, schedule = program_a
    assignments = dict(schedule.assignments)
    for rid in ("r001", "r002", "r003"):
        weeks = list(assignments[rid])
        weeks[9:12] = ["vacation"] * 3
        assignments[rid] = tuple(weeks)
    broken = Schedule(assignments, schedule.cohorts)
    report = validate(prog, broken)
    assert {"coverage", "vacation"} <= {v.family for v in report.violations}
    path = write_workbook(tmp_path / "a.xlsx", prog, broken, report, RunInfo("a", "h", "X"))
    assert_verdicts_agree(load_workbook(path), prog, report)


def test_a_short_row_is_reported_and_the_workbook_still_written(tmp_path: Path) -> None:
    # A schedule built in code with one resident's row a week short: the validator reports
    # it (schedule family), judges nobody on it, and the workbook is written all the same.
    prog = edge_program()
    assignments = dict(edge_schedule().assignments)
    assignments["q"] = assignments["q"][:5]
    schedule = Schedule(assignments, edge_schedule().cohorts)
    report = validate(prog, schedule)
    assert [v.who for v in report.by_family("schedule")] == ["q"]
    path = write_workbook(tmp_path / "q.xlsx", prog, schedule, report, RunInfo("e", "h", "X"))
    assert_verdicts_agree(load_workbook(path), prog, report)


def test_a_year_of_leave_shows_no_share_and_passes(tmp_path: Path) -> None:
    prog, schedule = edge_program(), edge_schedule()
    path = write_workbook(
        tmp_path / "z.xlsx", prog, schedule, validate(prog, schedule), RunInfo("e", "h", "X")
    )
    grid = load_workbook(path)["Schedule"]
    header = [cell.value for cell in grid[2]]
    row = next(r for r in range(4, grid.max_row + 1) if grid.cell(r, 1).value == "z")
    cell = grid.cell(row, header.index("Amb %") + 1)
    assert (cell.value, fill(cell)) == (None, "green")
