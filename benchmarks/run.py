"""Time the example programs: one command, one table.

    python benchmarks/run.py                     # all examples, 2 workers, default limits
    python benchmarks/run.py --only a --time-limit 30

For each example it reports time to the first schedule, time to the best one, objective,
bound and gap, each objective term and the independent validator's verdict; then, from the
validator's report, the requests granted (priority 1, all), the most priority-1 requests
any schedule can grant (those in clinic weeks under every cohort assignment the rules allow
taken off), first-choice and top-3
electives, and the widest spread of heavy-rotation weeks (critical care and night float)
within one track and PGY year. Times are wall clock on this machine and include loading,
the cohort stage and model building.
"""

from __future__ import annotations

import argparse
import platform
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reports.requests import request_figures  # noqa: E402
from scheduler import api  # noqa: E402
from scheduler.domain import Program, Schedule  # noqa: E402
from scheduler.explain.ceiling import fewest_denied  # noqa: E402

EXAMPLES = {
    "a": ("examples/program_a/program.yaml", 60.0),
    "b": ("examples/program_b/program.yaml", 120.0),
    "c": ("examples/program_c/program.yaml", 120.0),
}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--only", nargs="*", choices=sorted(EXAMPLES), help="examples to run (default: all)"
    )
    parser.add_argument(
        "--time-limit", type=float, help="seconds per example (default: 60 / 120 / 120)"
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
    requests_rows: list[str] = []
    for name in names:
        path, default_limit = EXAMPLES[name]
        limit = args.time_limit or default_limit
        program = api.load(ROOT / path)
        # the search alone: no confirmations of denied requests (they re-solve)
        params = api.SolveParams(
            time_limit=limit, workers=args.workers, seed=args.seed, confirm_time_limit=0
        )
        outcome = api.solve(program, params)
        result, report = outcome.result, outcome.report
        verdict = "n/a"
        if result.schedule is not None and report is not None:
            verdict = "PASS" if report.ok else f"FAIL ({len(report.violations)})"
            requests_rows.append(_requests_row(name, program, result.schedule, report))

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

    print(
        "\n| program | priority 1 granted | priority 1 at most | all granted | first choice | "
        "top 3 | heavy spread (weeks) |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for row in requests_rows:
        print(row)


def _requests_row(name: str, program: Program, schedule: Schedule, report: api.Report) -> str:
    figures = request_figures(report.requests)

    def share(key: str) -> str:
        done, asked = figures[key]
        return f"{done}/{asked} ({done / asked:.1%})" if asked else "-"

    return (
        f"| {name.upper()} | {share('priority 1')} | "
        f"{_ceiling(program, schedule, figures['priority 1'][1])} | "
        f"{share('all requests')} | "
        f"{share('first choice')} | {share('top-3 choice')} | {_heavy_spread(program, schedule)} |"
    )


def _ceiling(program: Program, schedule: Schedule, asked: int) -> str:
    """The most of the ``asked`` priority-1 requests any schedule can grant: those the
    cohorts must deny (a week in clinic under every cohort assignment the rules allow)
    taken off."""
    denials = fewest_denied(program.with_sites(schedule.sites), 1)
    if denials is None or not asked:
        return "-"
    most = asked - denials.fewest  # true whether or not the search closed
    return f"{most}/{asked} ({most / asked:.1%})"


def _heavy_spread(program: Program, schedule: Schedule) -> int:
    """The most that two residents of one track and PGY year differ in heavy weeks."""
    heavy = {
        rotation.id
        for rotation in program.rotations
        if rotation.category in program.objective.heavy_categories
    }
    groups: dict[tuple[str, int], list[int]] = defaultdict(list)
    for resident in program.residents:
        row = schedule.assignments[resident.id]
        groups[resident.track, resident.pgy].append(sum(r in heavy for r in row))
    return max((max(g) - min(g) for g in groups.values()), default=0)


if __name__ == "__main__":
    main()
