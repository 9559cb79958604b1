"""Run the fuzz corpus through the installed executable: what a user sees, and what it costs.

    python benchmarks/fuzz.py                       # every case of tests/inputs/fuzz_corpus.py
    python benchmarks/fuzz.py --only workbook requests

Each case of tests/inputs/fuzz_corpus.py is built in a fresh folder and run as a real subprocess of
the installed ``residency-scheduler``, one at a time. Its peak memory (the child's own maximum
resident set, from ``os.wait4``) and wall time are measured, and its outcome is judged as
tests/inputs/test_fuzz.py judges it in-process (exit code, one-line message naming the file, the place
and the fix, no traceback, inputs unchanged, nothing left behind). Prints the cases and exit
codes per category, the worst peak memory and the worst wall time with their case ids, and
every case the executable got wrong.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.inputs.fuzz_corpus import (  # noqa: E402
    CASES,
    CATEGORIES,
    FuzzCase,
    changes,
    cli_command,
    judge,
    snapshot,
    solved_workbook,
)


@dataclass(frozen=True)
class Run:
    fuzz: FuzzCase
    code: int
    seconds: float
    peak_mb: float
    problems: list[str]


def run_case(fuzz: FuzzCase, folder: Path) -> Run:
    """Build the case in ``folder``, run the executable on it and judge what it did."""
    case = fuzz.build(folder)
    before = snapshot(folder)
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen([*cli_command(), *case.argv], stdout=out, stderr=err, cwd=folder)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        stderr = err.read().decode("utf-8", "replace")
    problems = judge(case, proc.returncode, stdout, stderr) + changes(before, snapshot(folder))
    peak_mb = usage.ru_maxrss / 1024  # kilobytes on Linux
    return Run(fuzz, proc.returncode, seconds, peak_mb, problems)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--only", nargs="*", choices=CATEGORIES, help="categories to run")
    args = parser.parse_args()
    cases = [fuzz for fuzz in CASES if not args.only or fuzz.category in args.only]
    executable = " ".join(cli_command())
    print(
        f"# {platform.processor() or platform.machine()}, Python {platform.python_version()}, "
        f"{os.cpu_count()} cores; {len(cases)} cases through {executable}\n"
    )
    if any(fuzz.category == "workbook" for fuzz in cases):
        start = time.perf_counter()
        solved_workbook()
        print(f"program A solved once for the workbook cases in {time.perf_counter() - start:.1f}s")
    runs: list[Run] = []
    started = time.perf_counter()
    for fuzz in cases:
        with tempfile.TemporaryDirectory() as folder:
            runs.append(run_case(fuzz, Path(folder)))
    total = time.perf_counter() - started
    report(runs, total)


def report(runs: list[Run], total: float) -> None:
    codes = sorted({run.code for run in runs})
    print()
    print("| category | cases | " + " | ".join(f"exit {c}" for c in codes) + " | wrong |")
    print("| --- | ---: | " + " | ".join("---:" for _ in codes) + " | ---: |")
    for category in CATEGORIES:
        mine = [run for run in runs if run.fuzz.category == category]
        if not mine:
            continue
        by_code = Counter(run.code for run in mine)
        wrong = sum(bool(run.problems) for run in mine)
        cells = " | ".join(str(by_code.get(code, 0)) for code in codes)
        print(f"| {category} | {len(mine)} | {cells} | {wrong} |")
    by_code = Counter(run.code for run in runs)
    cells = " | ".join(str(by_code.get(code, 0)) for code in codes)
    print(f"| all | {len(runs)} | {cells} | {sum(bool(run.problems) for run in runs)} |")
    memory = max(runs, key=lambda run: run.peak_mb)
    slowest = max(runs, key=lambda run: run.seconds)
    print()
    print(f"exit codes: {', '.join(f'{code}: {by_code[code]}' for code in codes)}")
    print(f"worst peak memory: {memory.peak_mb:.0f} MB ({memory.fuzz.category}:{memory.fuzz.id})")
    print(f"worst wall time: {slowest.seconds:.2f} s ({slowest.fuzz.category}:{slowest.fuzz.id})")
    print(f"median wall time: {sorted(run.seconds for run in runs)[len(runs) // 2]:.2f} s")
    print(f"total wall time: {total:.0f} s")
    wrong = [run for run in runs if run.problems]
    if wrong:
        print(f"\n{len(wrong)} cases the executable got wrong:")
        for run in wrong:
            expected = "xfail: " + run.fuzz.xfail if run.fuzz.xfail else ""
            print(f"  {run.fuzz.category}:{run.fuzz.id}: {'; '.join(run.problems)} {expected}")


if __name__ == "__main__":
    main()
