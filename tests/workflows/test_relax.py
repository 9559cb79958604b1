"""``solve --relax``: for a program with no schedule, a best-effort schedule that breaks as
few rules as it can, listed in a Violations sheet and marked in the grid; ``check`` on the
workbook reports exactly those violations."""

from __future__ import annotations

from pathlib import Path

import yaml
from openpyxl import load_workbook
from typer.testing import CliRunner

from scheduler.checks import validate
from scheduler.cli.main import app
from scheduler.domain.params import SolveParams
from scheduler.domain.result import Status
from scheduler.workflows.solving import solve
from tests.tiny import program, resident, rotation

ICU = [rotation("wards"), rotation("icu", "critical_care", coverage={"any": "0-1"})]


def test_the_fewest_rules_are_broken() -> None:
    # icu seats one a week: 6 weeks of it, but three residents x 3 weeks = 9. Breaking one
    # resident's requirement (3 weeks short) is the least a schedule can do.
    prog = program(
        weeks=6,
        rotations=ICU,
        residents=[resident("a"), resident("b"), resident("c")],
        requirements=[{"rotations": ["icu"], "weeks": 3}],
    )
    assert solve(prog, SolveParams(time_limit=20, seed=1)).status == Status.INFEASIBLE
    result = solve(prog, SolveParams(time_limit=20, seed=1, relax=True))
    assert result.status == Status.OPTIMAL and result.schedule is not None
    assert result.terms["broken_rules"].value == 1
    report = validate(prog, result.schedule)
    assert [v.family for v in report.violations] == ["requirements"]
    assert result.reasons and result.reasons[0].startswith("requirements against coverage")


def test_a_program_with_a_schedule_breaks_nothing() -> None:
    prog = program(weeks=4, rotations=ICU, requirements=[{"rotations": ["icu"], "weeks": 1}])
    result = solve(prog, SolveParams(time_limit=20, seed=1, relax=True))
    assert result.schedule is not None and result.terms["broken_rules"].value == 0
    assert validate(prog, result.schedule).ok


def tiny_file(folder: Path, b_week: int = 4) -> Path:
    """Two residents pinned to icu, a in week 4 and b in ``b_week``; icu seats one."""
    data = {
        "name": "Tiny",
        "start_date": "2026-06-29",
        "weeks": 6,
        "tracks": [{"id": "cat", "name": "Categorical"}],
        "rotations": ICU,
        "residents": [resident("a"), resident("b")],
        "pins": [
            {"resident": "a", "weeks": 4, "rotation": "icu"},
            {"resident": "b", "weeks": b_week, "rotation": "icu"},
        ],
        "objective": {"heavy_balance": 0, "switches": 0},
    }
    path = folder / "tiny.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def test_exit_3_offers_relax_and_relax_writes_the_violations(tmp_path: Path) -> None:
    program_file, out = tiny_file(tmp_path), tmp_path / "best.xlsx"
    proven = CliRunner().invoke(
        app, ["solve", str(program_file), "--out", str(out), "--fix-time-limit", "0"]
    )
    assert proven.exit_code == 3 and "--relax" in proven.stderr
    assert not out.exists()
    relaxed = CliRunner().invoke(app, ["solve", str(program_file), "--out", str(out), "--relax"])
    assert relaxed.exit_code == 1, relaxed.output
    assert "Best-effort schedule: 1 violation" in relaxed.stderr
    book = load_workbook(out)
    assert "Violations" in book.sheetnames
    rows = list(book["Violations"].iter_rows(values_only=True))
    assert rows[0] == ("family", "rule", "who", "weeks", "message")
    ((family, _, who, weeks, message),) = rows[1:]
    assert (family, weeks) == ("pins", "4") and who in ("a", "b")
    # check on the workbook reports exactly that violation
    checked = CliRunner().invoke(app, ["check", str(program_file), str(out)])
    assert checked.exit_code == 1
    assert f"  [pins] {message}" in checked.stdout.splitlines()
    assert "FAIL: 1 violation (pins 1)" in checked.stdout
    # and the grid marks that resident's week 4
    grid = book["Schedule"]
    header = [cell.value for cell in grid[2]]
    row = next(r for r in range(4, grid.max_row + 1) if grid.cell(r, 1).value == who)
    cell = grid.cell(row, header.index(4) + 1)
    assert cell.border.left.style == "thick"
    assert (
        sum(
            1
            for line in grid.iter_rows(min_row=4)
            for c in line
            if c.border is not None and c.border.left is not None and c.border.left.style == "thick"
        )
        == 1
    )


def test_a_valid_workbook_has_no_violations_sheet(tmp_path: Path) -> None:
    program_file, out = tiny_file(tmp_path, b_week=3), tmp_path / "ok.xlsx"
    result = CliRunner().invoke(app, ["solve", str(program_file), "--out", str(out), "--relax"])
    assert result.exit_code == 0, result.output
    assert "Every rule holds" in result.stdout
    assert "Violations" not in load_workbook(out).sheetnames
