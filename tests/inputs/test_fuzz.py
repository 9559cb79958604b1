"""Fuzz suite (issue 9): every malformed input of tests/inputs/fuzz_corpus.py, through the CLI.

Each case runs in-process (typer's CliRunner, like tests/test_input_errors.py) and must end
with an accepted exit code and no traceback or uncaught exception. Exit 2 (bad input) must be
exactly one line on stderr naming the file, the place and the fix; exit 3 must be a proof
naming the rule; exit 1 (``check`` found violations) must be a FAIL naming what is wrong
(:func:`tests.inputs.fuzz_corpus.judge`). Whatever the outcome, no input file may change and nothing
may be left behind: no output workbook, no temporary file.

benchmarks/fuzz.py runs the same corpus through the installed executable, with its time and
memory.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from scheduler.inputs.program_file import load_program
from tests.conftest import SolvedA
from tests.inputs.fuzz_corpus import (
    CASES,
    CATEGORIES,
    SCENARIO,
    WORKBOOK,
    Case,
    FuzzCase,
    changes,
    copy_example,
    csv_text,
    give_solved_workbook,
    judge,
    over,
    program_data,
    roster_rows,
    roster_table,
    scenario_argv,
    snapshot,
    solved_workbook,
    write_program,
    xlsx_bytes,
)
from tests.inputs.test_input_errors import invoke


@pytest.fixture(scope="module")
def solved(solved_a: SolvedA) -> bytes:
    """Program A's solved workbook, the session's, for every workbook case."""
    give_solved_workbook(solved_a.workbook.read_bytes())
    return solved_workbook()


def _param(fuzz: FuzzCase) -> object:
    marks = [pytest.mark.xfail(strict=True, reason=fuzz.xfail)] if fuzz.xfail else []
    return pytest.param(fuzz, id=f"{fuzz.category}:{fuzz.id}", marks=marks)


@pytest.mark.parametrize("fuzz", [_param(fuzz) for fuzz in CASES])
def test_malformed_input(fuzz: FuzzCase, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    if fuzz.category == "workbook":
        request.getfixturevalue("solved")
    case = fuzz.build(tmp_path)
    before = snapshot(tmp_path)
    outcome = invoke(*case.argv)
    after = snapshot(tmp_path)
    assert not outcome.crash, outcome.crash[-2000:]
    shown = (
        f"exit {outcome.code}\nstdout: {outcome.stdout[-1500:]}\nstderr: {outcome.stderr[-1500:]}"
    )
    assert not judge(case, outcome.code, outcome.stdout, outcome.stderr), shown
    assert not changes(before, after)


def test_the_corpus_is_large_and_covers_every_category() -> None:
    counts = Counter(fuzz.category for fuzz in CASES)
    assert len(CASES) >= 200, counts
    assert set(counts) == set(CATEGORIES), counts
    assert all(counts[category] >= 20 for category in CATEGORIES), counts


# ---------------------------------------------------------------- controls: the bases are valid


def test_the_rewritten_program_is_valid(tmp_path: Path) -> None:
    """Each program case changes one thing in this YAML: unchanged, it loads."""
    program = load_program(write_program(tmp_path, program_data()))
    assert len(program.residents) == 30


def test_the_rewritten_rosters_are_valid(tmp_path: Path) -> None:
    program = copy_example(tmp_path)
    (tmp_path / "roster.csv").write_text(csv_text(roster_rows()), encoding="utf-8")
    assert len(load_program(program).residents) == 30
    (tmp_path / "roster.xlsx").write_bytes(xlsx_bytes(roster_table()))
    text = program.read_text(encoding="utf-8").replace("roster: roster.csv", "roster: roster.xlsx")
    program.write_text(text, encoding="utf-8")
    assert len(load_program(program).residents) == 30


def test_the_solved_workbook_checks_clean(solved: bytes, tmp_path: Path) -> None:
    """Each workbook case damages this workbook: unchanged, it passes the check."""
    program = copy_example(tmp_path)
    (tmp_path / WORKBOOK).write_bytes(solved)
    outcome = invoke("check", program, tmp_path / WORKBOOK)
    assert outcome.code == 0, outcome.stdout + outcome.stderr
    assert "PASS" in outcome.stdout


def test_the_scenario_cases_start_from_a_valid_scenario(tmp_path: Path) -> None:
    """Each scenario case breaks one thing in a scenario like these (beside program A, or in
    a folder of its own): unbroken, explain finds no conflict in either."""
    copy_example(tmp_path)
    scenario = tmp_path / SCENARIO
    scenario.write_text(over("rotations: [{id: consults, remove: false}]"), encoding="utf-8")
    outcome = invoke(*scenario_argv("explain", tmp_path, scenario))
    assert outcome.code == 0, outcome.stdout + outcome.stderr
    nested = tmp_path / "what-if" / SCENARIO
    nested.parent.mkdir()
    nested.write_text(over("weeks: 52", base="../program.yaml"), encoding="utf-8")
    assert invoke(*scenario_argv("explain", tmp_path, nested)).code == 0


def test_the_judge_rejects_what_is_wrong() -> None:
    """The judge itself: a message without the place, or without a fix, or on two lines, or
    an exit code not accepted, is wrong."""
    right = Case(("solve",), "program.yaml", ("weeks",))
    good = "error: /x/program.yaml, weeks: Input should be a valid integer. Fix: write a number"
    assert judge(right, 2, "", good) == []
    assert judge(right, 2, "", good.replace(", weeks", ", name"))
    assert judge(right, 2, "", good.replace("Fix: write a number", "Fix: use one of:"))
    assert judge(right, 2, "", good + "\nmore")
    assert judge(right, 0, "", "")
    assert judge(right, 2, "", "Traceback (most recent call last):\n" + good)
