"""Time a sweep of 20 scenarios of program A, in local processes and on a local Ray instance.

    python benchmarks/sweep.py [--time-limit 20] [--workers 2] [--stop-at-first]

Twenty variations of A (ambulatory targets 50-54%, vacation caps 3-6 a week), plus A itself,
go through ``residency-scheduler compare`` once per executor; the table gives the wall time
of each sweep (loading, solving, checking, writing the comparison) and what it found.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from openpyxl import load_workbook

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.example_files import twenty_scenarios_of_a  # noqa: E402  (the tests' own 20)

BASE = ROOT / "examples" / "program_a" / "program.yaml"


def statuses(path: Path) -> str:
    sheet = load_workbook(path, read_only=True)["Comparison"]
    for row in sheet.iter_rows(min_row=4, values_only=True):
        if row[1] == "status":
            found = [str(v) for v in row[2:] if v is not None]
            return ", ".join(f"{found.count(s)} {s}" for s in sorted(set(found)))
    return "?"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--time-limit", type=float, default=20.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--stop-at-first", action="store_true")
    args = parser.parse_args()
    print(
        "| executor | solves | workers each | wall time (s) | statuses |\n| --- | ---: | ---: | ---: | --- |"
    )
    with tempfile.TemporaryDirectory() as folder:
        files = twenty_scenarios_of_a(Path(folder))
        for executor in ("process", "ray"):
            out = Path(folder) / f"{executor}.xlsx"
            command = [
                "residency-scheduler",
                "compare",
                str(BASE),
                *map(str, files),
                "--executor",
                executor,
                "--workers",
                str(args.workers),
                "--time-limit",
                str(args.time_limit),
                "--out",
                str(out),
            ] + (["--stop-at-first"] if args.stop_at_first else [])
            started = time.perf_counter()
            done = subprocess.run(command, capture_output=True, text=True)
            seconds = time.perf_counter() - started
            if done.returncode != 0:
                print(done.stdout[-2000:], done.stderr[-2000:], file=sys.stderr)
            print(
                f"| {executor} | {len(files) + 1} | {args.workers} | {seconds:.1f} | {statuses(out)} |"
            )


if __name__ == "__main__":
    main()
