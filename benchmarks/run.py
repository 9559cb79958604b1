"""Time the example programs: one command, one table.

    python benchmarks/run.py                     # all examples, 2 workers, default limits
    python benchmarks/run.py --only a --time-limit 30

For each example it reports the model size, time to the first schedule, time to the best
one, objective, bound and gap, and the independent validator's verdict. Times are wall
clock on this machine and include loading, the cohort stage and model building.
"""

from __future__ import annotations

import argparse
import platform
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scheduler.checks import validate  # noqa: E402
from scheduler.loading import load_program  # noqa: E402
from scheduler.solve import SolveParams, solve  # noqa: E402

EXAMPLES = {
    "a": ("examples/program_a/program.yaml", 60.0),
    "b": ("examples/program_b/program.yaml", 120.0),
    "c": ("examples/program_c/program.yaml", 300.0),
}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--only", nargs="*", choices=sorted(EXAMPLES), help="examples to run (default: all)"
    )
    parser.add_argument(
        "--time-limit", type=float, help="seconds per example (default: 60 / 120 / 300)"
    )
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    names = args.only or sorted(EXAMPLES)
    print(
        f"# {platform.processor() or platform.machine()}, Python {platform.python_version()}, "
        f"{args.workers} workers, seed {args.seed}\n"
    )
    print(
        "| program | residents | limit (s) | status | first (s) | best (s) | objective | bound | gap | terms | check |"
    )
    print("| --- | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | --- | --- |")
    for name in names:
        path, default_limit = EXAMPLES[name]
        limit = args.time_limit or default_limit
        program = load_program(ROOT / path)
        result = solve(program, SolveParams(time_limit=limit, workers=args.workers, seed=args.seed))
        verdict = "n/a"
        if result.schedule is not None:
            report = validate(program, result.schedule)
            verdict = "PASS" if report.ok else f"FAIL ({len(report.violations)})"

        terms = ", ".join(
            f"{name} {term.value} x{term.weight}" for name, term in result.terms.items()
        )

        def fmt(value: float | None, spec: str) -> str:
            return "-" if value is None else format(value, spec)

        print(
            f"| {name.upper()} | {len(program.residents)} | {limit:g} | {result.status} | "
            f"{fmt(result.time_to_first, '.1f')} | {fmt(result.time_to_best, '.1f')} | "
            f"{fmt(result.objective, 'g')} | {fmt(result.bound, 'g')} | "
            f"{fmt(result.gap, '.1%')} | {terms} | {verdict} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
