"""Time to the proof: each broken version of program A from tests/workflows/test_fixes.py
(and its 6+2 version), solved from the command line with no fix search, as a chief
resident would after an edit.

    python benchmarks/proofs.py

Prints, for each, the exit code (3: proven, with the rules named), the seconds to the
proof and the first rule named. The tests assert what each proof names; how fast it comes is
measured here, on the machine at hand, not asserted.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.example_files import copy_example, replace_once  # noqa: E402
from tests.workflows.test_fixes import CASES  # noqa: E402

COMMAND = [sys.executable, "-c", "from scheduler.cli.launch import main; main()"]


def timed(name: str, edits: list[tuple[str, str]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        program = copy_example(Path(folder))
        for old, new in edits:
            replace_once(program, old, new)
        out = Path(folder) / "out.xlsx"
        arguments = ["solve", str(program), "--out", str(out), "--fix-time-limit", "0"]
        started = time.perf_counter()
        proc = subprocess.run(
            [*COMMAND, *arguments], capture_output=True, text=True, timeout=600, cwd=ROOT
        )
        seconds = time.perf_counter() - started
    first = next((line[4:] for line in proc.stderr.splitlines() if line.startswith("  - ")), "")
    print(f"| {name} | {proc.returncode} | {seconds:.1f} | {first[:90]} |", flush=True)


def main() -> None:
    print("| broken version of A | exit | seconds to the proof | first rule named |")
    print("| --- | ---: | ---: | --- |")
    for name, case in CASES.items():
        timed(name, case.edits)


if __name__ == "__main__":
    main()
