"""``solve --alternatives``: other good schedules, each differing enough to be a choice."""

from __future__ import annotations

from itertools import combinations, product
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from reports.alternatives import differing
from scheduler.checks import validate
from scheduler.cli.main import app
from scheduler.domain import Schedule
from scheduler.domain.params import SolveParams
from scheduler.inputs.program_file import load_program
from scheduler.inputs.schedule_file import read_schedule
from scheduler.workflows.alternatives import find_alternatives
from tests.tiny import program, rows

ROOT = Path(__file__).resolve().parents[2]
PROGRAM_A = ROOT / "examples" / "program_a" / "program.yaml"


def one_on_wards() -> object:
    """Two residents, four weeks, exactly one on wards each week: 16 schedules, all alike
    to the objective."""
    return program(
        weeks=4,
        rotations=[
            {"id": "wards", "name": "Wards", "category": "inpatient", "coverage": {"any": 1}},
            {"id": "elective", "name": "Elective", "category": "elective"},
        ],
    )


def weeks_apart(one: Schedule, other: Schedule) -> int:
    return sum(len(weeks) for weeks in differing(one, other).values())


def test_alternatives_differ_as_asked_and_stop_when_no_other_can() -> None:
    prog = one_on_wards()
    best = rows(a="wards wards wards wards", b="elective elective elective elective")
    # brute force: of the 16 schedules, only the mirror image differs from this one in all
    # 8 resident-weeks, and nothing differs from both in 8
    every = [
        rows(a=" ".join(a), b=" ".join("elective" if x == "wards" else "wards" for x in a))
        for a in product(("wards", "elective"), repeat=4)
    ]
    far = [s for s in every if weeks_apart(best, s) >= 8]
    assert len(far) == 1
    found = find_alternatives(prog, best, SolveParams(time_limit=20, alternatives=6, differ=8))
    assert [alt.schedule.assignments for alt in found.found] == [far[0].assignments]
    assert "no other schedule differs" in found.stopped
    # a smaller distance leaves room for more, each at least that far from all others
    found = find_alternatives(prog, best, SolveParams(time_limit=20, alternatives=4, differ=4))
    schedules = [best, *(alt.schedule for alt in found.found)]
    assert len(schedules) == 4
    for one, other in combinations(schedules, 2):
        assert weeks_apart(one, other) >= 4
    assert all(validate(prog, s).ok for s in schedules)  # type: ignore[arg-type]


@pytest.mark.slow
def test_solve_with_alternatives_writes_schedules_that_pass_check_and_differ(
    tmp_path: Path,
) -> None:
    out = tmp_path / "a.xlsx"
    result = CliRunner().invoke(
        app,
        [
            "solve",
            str(PROGRAM_A),
            "--out",
            str(out),
            "--alternatives",
            "3",
            "--differ",
            "20",
            "--confirm-time-limit",
            "0",
            "--time-limit",
            "15",  # the solve and then both alternatives: each good, none proven best
        ],
    )
    assert result.exit_code == 0, result.output
    files = [out, tmp_path / "a-2.xlsx", tmp_path / "a-3.xlsx"]
    assert all(f.exists() for f in files)
    program_a = load_program(PROGRAM_A)
    schedules = [read_schedule(f, program_a) for f in files]
    for one, other in combinations(schedules, 2):
        assert weeks_apart(one, other) >= 20
    best_objective = None
    for n, (file, schedule) in enumerate(zip(files, schedules, strict=True), start=1):
        checked = CliRunner().invoke(app, ["check", str(PROGRAM_A), str(file)])
        assert checked.exit_code == 0 and "PASS" in checked.output, checked.output
        summary = list(
            load_workbook(file, read_only=True)["Alternatives"].iter_rows(values_only=True)
        )
        header, lines = summary[0], summary[1:]
        row = dict(zip(header, lines[n - 1], strict=True))
        assert row["independent check"] == "PASS"
        assert row["resident-weeks differing from schedule 1"] == weeks_apart(
            schedules[0], schedule
        )
        best_objective = best_objective if best_objective is not None else row["objective"]
        assert row["objective"] >= best_objective  # the first is the best (A solves to optimal)
    differences = list(
        load_workbook(out, read_only=True)["Differences"].iter_rows(values_only=True)
    )
    assert len(differences) - 1 == weeks_apart(schedules[0], schedules[1]) + weeks_apart(
        schedules[0], schedules[2]
    )
    assert validate(program_a, schedules[1]).ok
