"""Programs with no schedule: a proof, and fixes that a solve confirms.

Each case is program A broken in one way a chief resident's first draft breaks it. For each,
the solve must prove there is no schedule (INFEASIBLE), naming only rules of the expected
kinds (how fast: benchmarks/proofs.py); the fix search must suggest at least one change to one
input number; and every suggested fix, applied, must give a schedule that the independent
checker passes, solved here again apart from the search that suggested it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from scheduler import api
from scheduler.cli.main import app
from scheduler.domain import Program
from scheduler.domain.params import SolveParams
from scheduler.domain.result import Status
from scheduler.inputs.program_file import load_program
from scheduler.workflows.fixes import suggest_fixes
from scheduler.workflows.solving import solve
from tests.example_files import copy_example, replace_once

#: the second tier (pytest -m slow): each case solves, and searches for fixes, for seconds
pytestmark = pytest.mark.slow

NIGHT_FLOAT = "{label: Night float, rotations: [night_float], weeks: 3}"
ELECTIVES = "  - {label: Ambulatory electives,"
SHARE = "  - {min: 0.5, max: 0.6}"
MAIN = "{id: main, name: Main campus clinic, capacity: 5, min_residents: 2}"
CAP = "  max_away_per_week: {any: 3}"


@dataclass(frozen=True)
class Broken:
    """Program A with edits (old text -> new text), the kinds of conflict its proof must
    name (each line starts with one of them) and a fix that must be among those found."""

    edits: list[tuple[str, str]]
    kinds: set[str]
    fix: str


def pins(*lines: str) -> tuple[str, str]:
    return "roster: roster.csv", "pins:\n" + "".join(
        f"  - {line}\n" for line in lines
    ) + "\nroster: roster.csv"


CASES = {
    "requirement sums against coverage sums": Broken(
        [(NIGHT_FLOAT, NIGHT_FLOAT.replace("weeks: 3", "weeks: 6"))],
        {
            "requirements against coverage, interns on night_float",
            "requirements against coverage, seniors on night_float",
        },
        "(conflicts 1, 2) lower requirements[4].weeks.min from 6 to 5 (Night float)",
    ),
    "two rotations under one requirement against their joint coverage": Broken(
        [
            ("pgy: [1, 2], weeks: 6}", "pgy: [1, 2], weeks: 6-12}"),
            (NIGHT_FLOAT, NIGHT_FLOAT.replace("weeks: 3", "weeks: 3-6")),
            (
                ELECTIVES,
                "  - {label: ICU and nights, rotations: [micu, night_float], pgy: [1], weeks: 16}\n"
                + ELECTIVES,
            ),
            (SHARE, "  - {min: 0.3, max: 0.6}"),
        ],
        {"requirements against coverage, interns on micu and night_float"},
        "(conflict 1) lower requirements[5].weeks.min from 16 to",
    ),
    "ambulatory share too high": Broken(
        [(SHARE, "  - {min: 0.75, max: 0.9}")],
        {
            "ambulatory share: ambulatory_share[0] needs at least 75%",
            "requirements against coverage, residents on amb_elective and designer",
        },
        "lower ambulatory_share[0].min from 0.75 to 0.56",
    ),
    "ambulatory share too low once electives are required": Broken(
        [(SHARE, "  - {min: 0.2, max: 0.35}")],
        {"ambulatory share: ambulatory_share[0] allows at most 35%"},
        "raise ambulatory_share[0].max from 0.35 to",
    ),
    "pins over a weekly maximum": Broken(
        [pins(*(f"{{resident: r00{i}, weeks: 8, rotation: micu}}" for i in (1, 2, 3)))],
        {"pins against coverage: micu week 8"},
        "(conflict 1) remove pins[1] (r002 on micu in week 8)",
    ),
    "clinic capacity": Broken(
        [(MAIN, MAIN.replace("capacity: 5, min_residents: 2", "capacity: 1, min_residents: 0"))],
        {"clinic main over the year"},
        "(conflict 1) raise clinic_sites[main].capacity from 1 to",
    ),
    "run limit against unit length": Broken(
        [
            (
                "sequencing:\n",
                "sequencing:\n  max_consecutive:\n    - {label: Short ward runs, rotations: [wards], weeks: 2}\n",
            )
        ],
        {"run limit against unit length: Short ward runs"},
        "(conflict 1) raise sequencing.max_consecutive[0].weeks from 2 to 3",
    ),
    "approved vacations against the away cap": Broken(
        [
            (
                CAP,
                CAP
                + "\n  approved:\n"
                + "".join(f"    - {{resident: r00{i}, weeks: 10}}\n" for i in (1, 2, 3, 4)).rstrip(
                    "\n"
                ),
            )
        ],
        {"approved leave against the away cap: week 10"},
        "(conflict 1) remove vacation.approved[0] (r001's vacation in week 10)",
    ),
    "vacation against the away cap": Broken(
        [(CAP, "  max_away_per_week: {any: 2}")],
        {"vacation: 30 any x 4 weeks"},
        "(conflict 1) raise vacation.max_away_per_week.any from 2 to 3",
    ),
    "requirements against each other": Broken(
        [
            (
                ELECTIVES,
                "  - {label: Heavy, categories: [critical_care, night_float], pgy: [1], weeks: 16}\n"
                + ELECTIVES,
            )
        ],
        {
            "requirements against each other: Heavy",
            "requirements against coverage, interns on micu and night_float",
        },
        "(conflicts 1, 2) lower requirements[5].weeks.min from 16 to 9 (Heavy)",
    ),
    "weekly staffing beyond the interns there are": Broken(
        [("coverage: {interns: 2-3, seniors: 3-4}", "coverage: {interns: 11, seniors: 3-4}")],
        {"coverage week", "coverage wards"},
        "lower rotations[wards].coverage.interns.min from 11 to 2",
    ),
    "clinic minimum above capacity": Broken(
        [(MAIN, MAIN.replace("min_residents: 2", "min_residents: 6"))],
        {"clinic main: at least 6 in clinic every week"},
        "(conflict 1) lower clinic_sites[main].min_residents from 6 to",
    ),
    "one resident's pins on either side of a forbidden neighbour": Broken(
        [
            pins(
                "{resident: r001, weeks: 8, rotation: night_float}",
                "{resident: r001, weeks: 9, rotation: micu}",
            )
        ],
        {"one resident's year: r001"},
        "remove pins[",
    ),
}


def broken(tmp_path: Path, case: Broken) -> tuple[Path, Program]:
    program_file = copy_example(tmp_path)
    for old, new in case.edits:
        replace_once(program_file, old, new)
    return program_file, load_program(program_file)


@pytest.mark.parametrize("name", list(CASES))
def test_a_proof_naming_the_rules_and_fixes_that_give_schedules(name: str, tmp_path: Path) -> None:
    case = CASES[name]
    _, program = broken(tmp_path, case)
    params = api.SolveParams(time_limit=60, workers=2, seed=0, fix_time_limit=20)
    outcome = api.solve(program, params)
    assert outcome.status == Status.INFEASIBLE, outcome.result.reasons
    lines = outcome.result.reasons
    named = {kind for line in lines for kind in case.kinds if line.startswith(kind)}
    assert named == case.kinds, lines
    assert all(any(line.startswith(kind) for kind in case.kinds) for line in lines), lines

    found = outcome.fixes
    assert found is not None
    texts = [str(fix) for fix in found.fixes]
    for conflict in range(len(outcome.result.findings)):
        assert sum(conflict in fix.resolves for fix in found.fixes) <= 3, texts
    assert any(text.startswith(case.fix) or case.fix in text for text in texts), texts
    for fix in found.fixes:  # each solved again here, apart from the search that found it
        again = api.solve(
            fix.program,
            api.SolveParams(
                time_limit=60, workers=2, seed=1, stop_at_first=True, confirm_time_limit=0
            ),
        )
        assert again.schedule is not None, f"{fix}: {again.result.reasons}"
        assert again.ok, str(fix)


def test_two_pins_too_many_are_not_fixed_by_removing_one(tmp_path: Path) -> None:
    # Four interns pinned where two fit: no single removal is enough, raising the maximum is.
    case = Broken(
        [pins(*(f"{{resident: r00{i}, weeks: 8, rotation: micu}}" for i in (1, 2, 3, 4)))],
        set(),
        "",
    )
    _, program = broken(tmp_path, case)
    result = solve(program, SolveParams(time_limit=60))
    assert result.status == Status.INFEASIBLE
    found = suggest_fixes(program, result.findings, SolveParams(fix_time_limit=60))
    assert [str(fix) for fix in found.fixes] == [
        "(conflict 1) raise rotations[micu].coverage.interns.max from 2 to 4"
    ]


def test_the_command_line_prints_the_proof_then_the_confirmed_fixes(tmp_path: Path) -> None:
    program_file, _ = broken(tmp_path, CASES["vacation against the away cap"])
    result = CliRunner().invoke(
        app, ["solve", str(program_file), "--out", str(tmp_path / "out.xlsx"), "--time-limit", "60"]
    )
    assert result.exit_code == 3
    lines = result.stderr.splitlines()
    assert [line for line in lines if line.startswith("  fix ")] == [
        "  fix (conflict 1) raise vacation.max_away_per_week.any from 2 to 3",
        "  fix (conflict 1) lower vacation.weeks_per_resident from 4 to 3",
    ]
    proof = next(i for i, line in enumerate(lines) if line.startswith("  - vacation:"))
    assert proof < next(i for i, line in enumerate(lines) if line.startswith("  fix "))
    assert not (tmp_path / "out.xlsx").exists()


def test_explain_suggests_the_same_fixes(tmp_path: Path) -> None:
    program_file, _ = broken(tmp_path, CASES["vacation against the away cap"])
    result = CliRunner().invoke(app, ["explain", str(program_file)])
    assert result.exit_code == 3
    assert "  fix (conflict 1) raise vacation.max_away_per_week.any from 2 to 3" in result.stderr


def test_no_fixes_when_the_time_for_them_is_zero(tmp_path: Path) -> None:
    program_file, _ = broken(tmp_path, CASES["vacation against the away cap"])
    result = CliRunner().invoke(app, ["explain", str(program_file), "--fix-time-limit", "0"])
    assert result.exit_code == 3
    assert "Looking for fixes" not in result.stderr
    assert not [line for line in result.stderr.splitlines() if line.startswith("  fix ")]


def test_a_six_plus_two_version_of_a_is_proven_from_one_residents_year(tmp_path: Path) -> None:
    # A's rules under 6+2: a PGY-3's year cannot hold 4 weeks of vacation (service weeks
    # only), the required weeks in whole 6-week segments and a 50-60% ambulatory share,
    # under any of the 8 cohorts. Before, this ran to the time limit and ended in exit 4.
    program_file = copy_example(tmp_path)
    replace_once(
        program_file,
        "x_weeks: 3\n    y_weeks: 2\n    cohorts: 5",
        "x_weeks: 6\n    y_weeks: 2\n    cohorts: 8",
    )
    # A's continuity rules (3 weeks without clinic at most, 72 half-days) would fail under
    # 6+2 for every resident; eased to what 6+2 allows, the PGY-3s' conflict is left alone
    replace_once(
        program_file,
        "max_weeks_without_clinic: [{weeks: 3}]",
        "max_weeks_without_clinic: [{weeks: 6}]",
    )
    replace_once(program_file, "clinic_half_days: [{min: 72}]", "clinic_half_days: [{min: 40}]")
    result = CliRunner().invoke(app, ["explain", str(program_file), "--fix-time-limit", "0"])
    assert result.exit_code == 3, result.output
    lines = [line[4:] for line in result.stderr.splitlines() if line.startswith("  - ")]
    assert len(lines) == 1 and lines[0].startswith("one resident's year: r021 (PGY-3")
    assert "under any cohort of three_plus_two (1, 2, 3, 4, 5, 6, 7, 8" in lines[0]
    assert "[vacation] r021 vacation weeks: exactly 4" in lines[0]
