"""Ctrl-C and SIGTERM during a solve: a stated exit code, one clear line, nothing lost.

The first Ctrl-C stops the search (every component and stage, not only the run in
progress) and writes the best schedule found so far, checked and marked as interrupted in
its Run sheet (exit 130); before any complete schedule it writes nothing (exit 130); a
second Ctrl-C quits without writing (exit 130); SIGTERM quits without writing (exit 143).
No traceback, no temporary file left behind. These run the installed command in a
subprocess and send it real signals, as a terminal would.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import IO

import pytest
from openpyxl import load_workbook

from scheduler.checks import validate
from scheduler.domain.params import SolveParams
from scheduler.inputs.program_file import load_program
from scheduler.inputs.schedule_file import read_schedule
from scheduler.workflows.solving import solve
from tests.example_files import EXAMPLE
from tests.tiny import program as tiny_program

#: the second tier (pytest -m slow): real processes, real signals, real solves
pytestmark = pytest.mark.slow

EXAMPLES = EXAMPLE.parent
PROGRAM_B = EXAMPLES / "program_b" / "program.yaml"
PROGRAM_C = EXAMPLES / "program_c" / "program.yaml"
#: far longer than any test waits: a run that ends on its own has ignored the signal
TIME_LIMIT = 300


def command() -> list[str]:
    script = Path(sys.executable).parent / "residency-scheduler"
    if script.is_file():
        return [str(script)]
    return [sys.executable, "-c", "from scheduler.cli.launch import main; main()"]


@dataclass
class Run:
    """A solve in a subprocess whose output is read as it comes."""

    process: subprocess.Popen[str]
    lines: list[str] = field(default_factory=list)
    printed: list[str] = field(default_factory=list)
    readers: list[threading.Thread] = field(default_factory=list)

    def __post_init__(self) -> None:
        for stream, into in (
            (self.process.stderr, self.lines),
            (self.process.stdout, self.printed),
        ):
            assert stream is not None
            reader = threading.Thread(target=_read, args=(stream, into), daemon=True)
            reader.start()
            self.readers.append(reader)

    def wait_for(self, text: str, seconds: float = 120) -> None:
        deadline = time.monotonic() + seconds
        while not any(text in line for line in self.lines):
            assert self.process.poll() is None, f"ended before {text!r}: {self.lines}"
            assert time.monotonic() < deadline, f"no {text!r} in {seconds}s: {self.lines}"
            time.sleep(0.05)

    def signal(self, number: int) -> float:
        self.process.send_signal(number)
        return time.monotonic()

    def finish(self, seconds: float = 60) -> int:
        code = self.process.wait(timeout=seconds)
        for reader in self.readers:
            reader.join(timeout=10)
        return code

    @property
    def stderr(self) -> str:
        return "\n".join(self.lines)

    @property
    def stdout(self) -> str:
        return "\n".join(self.printed)


def _read(stream: IO[str], into: list[str]) -> None:
    for line in stream:
        into.append(line.rstrip("\n"))


Start = Callable[[Path, Path], Run]


@pytest.fixture
def start(tmp_path: Path) -> Iterator[Start]:
    runs: list[Run] = []

    def launch(program: Path, out: Path) -> Run:
        process = subprocess.Popen(
            [*command(), "solve", str(program), "--out", str(out), "--time-limit", str(TIME_LIMIT)],
            cwd=tmp_path,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        run = Run(process)
        runs.append(run)
        return run

    yield launch
    for run in runs:
        if run.process.poll() is None:
            run.process.kill()
            run.process.wait()


def assert_clean_end(run: Run, folder: Path) -> None:
    assert "Traceback" not in run.stderr + run.stdout, run.stderr
    assert not [p.name for p in folder.iterdir() if p.name.endswith(".tmp")]


def test_ctrl_c_after_a_schedule_writes_it_checked_and_marked_interrupted(
    start: Start, tmp_path: Path
) -> None:
    out = tmp_path / "b.xlsx"
    run = start(PROGRAM_B, out)
    run.wait_for("objective")  # a complete schedule exists; B improves it for minutes
    sent = run.signal(signal.SIGINT)
    code = run.finish()
    assert time.monotonic() - sent < 30, "the search went on after Ctrl-C"
    assert code == 130, run.stderr
    assert_clean_end(run, tmp_path)
    assert "best schedule found so far" in run.stderr
    run_sheet = dict(load_workbook(out, read_only=True)["Run"].iter_rows(values_only=True))
    assert str(run_sheet["search"]).startswith("INTERRUPTED by the user (Ctrl-C)")
    program = load_program(PROGRAM_B)
    assert validate(program, read_schedule(out, program)).ok


def test_ctrl_c_before_any_schedule_writes_nothing(start: Start, tmp_path: Path) -> None:
    out = tmp_path / "c.xlsx"
    run = start(PROGRAM_C, out)  # C's first schedule takes 5-10 s
    run.wait_for("Solving")
    sent = run.signal(signal.SIGINT)
    code = run.finish()
    assert time.monotonic() - sent < 30, "the search went on after Ctrl-C"
    assert code == 130, run.stderr
    assert_clean_end(run, tmp_path)
    assert "nothing written" in run.lines[-1] or "nothing was written" in run.lines[-1]
    assert not out.exists()


def test_a_second_ctrl_c_quits_without_writing(start: Start, tmp_path: Path) -> None:
    out = tmp_path / "b.xlsx"
    run = start(PROGRAM_B, out)
    run.wait_for("objective")
    run.signal(signal.SIGINT)
    run.wait_for("Ctrl-C again")
    run.signal(signal.SIGINT)
    assert run.finish() == 130, run.stderr
    assert_clean_end(run, tmp_path)
    assert run.lines[-1] == "error: interrupted (Ctrl-C): nothing was written", run.stderr
    assert not out.exists()


def test_sigterm_quits_with_143_and_writes_nothing(start: Start, tmp_path: Path) -> None:
    out = tmp_path / "c.xlsx"
    run = start(PROGRAM_C, out)
    run.wait_for("Solving")
    time.sleep(1)
    run.signal(signal.SIGTERM)
    assert run.finish() == 143, run.stderr
    assert_clean_end(run, tmp_path)
    assert run.lines[-1] == "error: terminated (SIGTERM): nothing was written", run.stderr
    assert not out.exists()


def test_a_solve_leaves_the_processs_ctrl_c_handler_alone() -> None:
    """CP-SAT's own SIGINT handler is off: after a solve, Ctrl-C still reaches the engine
    (it used to be back at the default, so a later stage could not be interrupted)."""
    seen: list[int] = []

    def mine(signum: int, frame: FrameType | None) -> None:
        seen.append(signum)

    previous = signal.signal(signal.SIGINT, mine)
    try:
        result = solve(tiny_program(weeks=2), SolveParams(time_limit=5))
        assert result.schedule is not None
        assert signal.getsignal(signal.SIGINT) is mine
    finally:
        signal.signal(signal.SIGINT, previous)
