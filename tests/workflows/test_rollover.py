"""Rollover: next year's program, roster and history from this year's schedule."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from scheduler.checks import validate
from scheduler.cli.main import app
from scheduler.domain.params import SolveParams
from scheduler.inputs.program_file import load_program
from scheduler.workflows.rollover import emptied, graduates, next_program, next_roster
from scheduler.workflows.solving import solve
from tests.conftest import SolvedA
from tests.tiny import program, resident, rows

ROOT = Path(__file__).resolve().parents[2]
PROGRAM_A = ROOT / "examples" / "program_a" / "program.yaml"


@pytest.fixture(scope="module")
def workbook_a(solved_a: SolvedA) -> Path:
    """Program A's solved workbook, the session's (tests/conftest.py)."""
    return solved_a.workbook


@pytest.mark.slow
def test_rollover_of_example_a_loads_matches_the_schedule_and_solves(
    workbook_a: Path, tmp_path: Path
) -> None:
    from scheduler.inputs.schedule_file import read_schedule

    this_year = load_program(PROGRAM_A)
    schedule = read_schedule(workbook_a, this_year)
    out = tmp_path / "next"
    result = CliRunner().invoke(
        app, ["rollover", str(PROGRAM_A), "--from", str(workbook_a), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "20 residents moved up, 10 places for incoming interns, 10 graduated" in result.output
    next_year = load_program(out / "program.yaml")
    assert next_year.start_date == this_year.start_date.replace(year=2027, day=28)
    assert not next_year.pins and not next_year.requests.vacation
    by_id = {r.id: r for r in next_year.residents}
    for person in this_year.residents:
        if person.pgy == 3:
            assert person.id not in by_id  # graduated
            continue
        moved = by_id[person.id]
        assert (moved.pgy, moved.track, moved.clinic_site) == (
            person.pgy + 1,
            person.track,
            person.clinic_site,
        )
        assert moved.cohort == schedule.cohorts[person.id]
        row = schedule.assignments[person.id]
        assert moved.prior_weeks == sum(1 for rot in row if rot != "vacation")
        # the history holds exactly this year's weeks on each rotation
        history = Counter(
            {e.rotation: e.weeks for e in next_year.history if e.resident == person.id}
        )
        assert history == Counter(row)
    incoming = [r for r in next_year.residents if r.id.startswith("new")]
    assert len(incoming) == 10 and all(r.pgy == 1 and r.cohort is None for r in incoming)
    # every site keeps as many residents as it had
    assert Counter(r.clinic_site for r in next_year.residents) == Counter(
        r.clinic_site for r in this_year.residents
    )
    result = solve(next_year, SolveParams(time_limit=30, workers=2, stop_at_first=True))
    assert result.schedule is not None, result.reasons
    assert validate(next_year, result.schedule).ok


def test_rollover_never_replaces_files(workbook_a: Path, tmp_path: Path) -> None:
    out = tmp_path / "next"
    out.mkdir()
    (out / "roster.csv").write_text("kept\n")
    result = CliRunner().invoke(
        app, ["rollover", str(PROGRAM_A), "--from", str(workbook_a), "--out", str(out)]
    )
    assert result.exit_code == 2, result.output
    assert "already holds" in result.output and "Fix:" in result.output
    assert (out / "roster.csv").read_text() == "kept\n"
    assert not (out / "program.yaml").exists()


def test_one_year_tracks_and_the_last_year_graduate() -> None:
    prog = program(
        pgy_years=[1, 2, 3],
        tracks=[{"id": "cat", "name": "Categorical"}, {"id": "prelim", "name": "Preliminary"}],
        residents=[
            resident("a"),
            resident("b", pgy=3),
            resident("p", track="prelim"),
            resident("q", track="prelim"),
        ],
    )
    assert [graduates(prog, r) for r in prog.residents] == [False, True, True, True]
    schedule = rows(a="wards " * 6, b="wards " * 6, p="elective " * 6, q="wards " * 6)
    roster = next_roster(prog, schedule)
    assert [(r["id"], r["pgy"], r["track"]) for r in roster] == [
        ("a", 2, "cat"),
        ("new001", 1, "cat"),
        ("new002", 1, "prelim"),
        ("new003", 1, "prelim"),
    ]
    assert roster[0]["prior_weeks"] == 6


def test_the_roster_written_is_a_roster_the_loader_reads(workbook_a: Path, tmp_path: Path) -> None:
    out = tmp_path / "next"
    CliRunner().invoke(
        app, ["rollover", str(PROGRAM_A), "--from", str(workbook_a), "--out", str(out)]
    )
    with (out / "roster.csv").open(encoding="utf-8") as handle:
        header = next(csv.reader(handle))
    assert header[:4] == ["id", "name", "pgy", "track"]


def test_named_residents_who_graduate_are_taken_off_rotations_and_events() -> None:
    prog = program(
        pgy_years=[1, 2, 3],
        residents=[resident("a"), resident("b", pgy=3)],
    )
    data = {
        "rotations": [
            {"id": "away", "residents": ["a", "b"]},
            {"id": "only_b", "residents": ["b"]},
            {"id": "open"},
        ],
        "events": [{"name": "retreat", "residents": ["b"]}],
        "pins": [{"resident": "a", "weeks": 1, "rotation": "wards"}],
        "vacation": {"weeks_per_resident": 2, "approved": [{"resident": "a", "weeks": 2}]},
    }
    written = next_program(data, prog)
    assert [r.get("residents") for r in written["rotations"]] == [["a"], [], None]
    assert emptied(written) == ["rotations[1].residents", "events[0].residents"]
    assert "pins" not in written and "approved" not in written["vacation"]
    assert written["start_date"] == "2026-08-10" and written["roster"] == "roster.csv"
