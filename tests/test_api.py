"""The engine's one entry point (:mod:`scheduler.api`): the README's session runs as written,
progress arrives as typed events in the order the stages run, and a caller's cancel token
stops a solve and still gets its best schedule, checked; a second solve with a token of its
own is not stopped with it."""

from __future__ import annotations

import itertools
import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path

from scheduler import api
from tests.conftest import SolvedA
from tests.tiny import program, resident, rotation

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"


def readme_session() -> str:
    """The first Python block under the README's "Use from Python" heading."""
    text = README.read_text(encoding="utf-8")
    section = text.split("## Use from Python", 1)[1]
    match = re.search(r"```python\n(.*?)```", section, re.S)
    assert match, "no python block under 'Use from Python'"
    return match.group(1)


def test_the_readme_session_runs_as_written(tmp_path: Path) -> None:
    # from a folder holding the examples, as a clean clone does
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    script = tmp_path / "session.py"
    script.write_text(readme_session(), encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, str(script)], cwd=tmp_path, capture_output=True, text=True, timeout=300
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "check: PASS" in proc.stdout, proc.stdout
    assert (tmp_path / "program_a.xlsx").is_file()
    assert "0 violations" in proc.stdout


def test_progress_is_events_in_the_order_the_stages_run(solved_a: SolvedA) -> None:
    events: list[api.Event] = []
    params = api.SolveParams(time_limit=60, stop_at_first=True, confirm_time_limit=0)
    outcome = api.solve(solved_a.program, params, events.append)
    assert outcome.ok
    started = [e.stage for e in events if isinstance(e, api.StageStarted)]
    finished = [e.stage for e in events if isinstance(e, api.StageFinished)]
    order = [api.Stage.SITES, api.Stage.COHORTS, api.Stage.PROOFS, api.Stage.VACATION_PLAN]
    assert started[:4] == order, started
    assert started[4:] == [api.Stage.SEARCH, api.Stage.CHECK], started
    assert finished == started  # each stage ends before the next begins
    found = [e for e in events if isinstance(e, api.ScheduleFound)]
    assert found and found[-1].objective == outcome.result.objective
    assert all(a.objective >= b.objective for a, b in itertools.pairwise(found))


def test_a_cancelled_solve_returns_its_best_schedule_checked(solved_a: SolvedA) -> None:
    token = api.CancelToken()

    def stop_at_the_first(event: api.Event) -> None:
        if isinstance(event, api.ScheduleFound):
            token.cancel()  # from inside the search, as a Stop button would between events

    params = api.SolveParams(time_limit=120, confirm_time_limit=60)
    outcome = api.solve(solved_a.program, params, stop_at_the_first, token)
    assert outcome.interrupted and outcome.schedule is not None
    assert outcome.report is not None and outcome.report.ok  # checked like any other
    assert outcome.confirmations == {}  # nothing more is started once stopped
    assert outcome.result.wall_time < 60


def test_a_token_cancelled_before_the_solve_stops_it_at_once() -> None:
    token = api.CancelToken()
    token.cancel()
    prog = program(
        rotations=[rotation("wards", coverage={"any": 1}), rotation("elective", "elective")]
    )
    outcome = api.solve(prog, api.SolveParams(time_limit=60), cancel=token)
    assert outcome.interrupted and outcome.schedule is None
    assert "interrupted" in outcome.result.reasons[0]


def test_cancelling_one_solve_does_not_stop_another() -> None:
    prog = program(
        weeks=8,
        rotations=[rotation("wards", coverage={"any": 1}), rotation("elective", "elective")],
        residents=[resident("a"), resident("b"), resident("c")],
    )
    stopped, running = api.CancelToken(), api.CancelToken()
    stopped.cancel()
    results: dict[str, api.Outcome] = {}

    def solve(name: str, token: api.CancelToken) -> None:
        results[name] = api.solve(prog, api.SolveParams(time_limit=30), cancel=token)

    threads = [
        threading.Thread(target=solve, args=("stopped", stopped)),
        threading.Thread(target=solve, args=("running", running)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert results["stopped"].interrupted and results["stopped"].schedule is None
    assert not results["running"].interrupted and results["running"].ok


def test_explain_gives_the_proof_in_numbers_and_a_confirmed_fix() -> None:
    prog = program(
        weeks=4,
        rotations=[rotation("wards", coverage={"any": 3}), rotation("elective", "elective")],
    )
    events: list[api.Event] = []
    found = api.explain(prog, api.SolveParams(fix_time_limit=30), events.append)
    assert found.status == api.Status.INFEASIBLE
    assert any("wards" in reason for reason in found.reasons), found.reasons
    assert next(e for e in events if isinstance(e, api.ProofFound)).reasons == tuple(found.reasons)
    assert found.fixes is not None and found.fixes.fixes, found
    fix = found.fixes.fixes[0]
    assert "wards" in str(fix)
    again = api.solve(fix.program, api.SolveParams(time_limit=30, stop_at_first=True))
    assert again.ok  # the fix, applied, gives a schedule the independent check passes
