"""``residency-scheduler solve``: parse the options, call :func:`scheduler.api.solve`, print
what it found and write the workbook."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from scheduler.cli.common import (
    EXIT_INFEASIBLE,
    EXIT_INTERRUPTED,
    EXIT_NO_SCHEDULE,
    EXIT_VIOLATIONS,
    ProgramFile,
    Seed,
    TimeLimit,
    Workers,
    ends_cleanly,
    err,
    guarded,
    print_items,
    run,
    until_done,
    wrote,
)
from scheduler.cli.printing import (
    print_alternatives,
    print_fixes,
    print_relaxed,
    print_requests,
    print_result,
)
from scheduler.cli.progress import ProgressLine
from scheduler.domain.params import MOST_ALTERNATIVES, MOST_SECONDS

if TYPE_CHECKING:
    from scheduler.api import Outcome

Out = Annotated[Path, typer.Option("--out", "-o", help="workbook to write (.xlsx)")]
StopAtFirst = Annotated[
    bool, typer.Option("--stop-at-first", help="stop at the first valid schedule (a quick draft)")
]
Relax = Annotated[
    bool,
    typer.Option(
        "--relax",
        help="for a program with no schedule: a best-effort schedule that breaks as few "
        "rules as it can, each listed in the Violations sheet and marked in the grid",
    ),
]
FixTimeLimit = Annotated[
    float,
    typer.Option(
        help="for a program proven to have no schedule: seconds to look for fixes to one "
        "input number, each confirmed by a solve (0: none)",
        min=0,
        max=MOST_SECONDS,
    ),
]
ConfirmTimeLimit = Annotated[
    float,
    typer.Option(
        help="seconds in all to try each denied priority-1 request again as a hard one, "
        "to confirm that no schedule grants it (0: none)",
        min=0,
        max=MOST_SECONDS,
    ),
]
Alternatives = Annotated[
    int,
    typer.Option(
        help="write up to this many good schedules to choose from (the solve's own in "
        "--out, the others beside it as NAME-2.xlsx, ...), with sheets saying how they differ",
        min=1,
        max=MOST_ALTERNATIVES,
    ),
]
Differ = Annotated[
    int,
    typer.Option(
        help="with --alternatives: the fewest resident-weeks in which each schedule "
        "differs from every other",
        min=1,
        max=10**6,
    ),
]
Verbose = Annotated[bool, typer.Option("--verbose", "-v", help="log model sizes and stages")]


@ends_cleanly
def solve(
    program_file: ProgramFile,
    out_path: Out = Path("schedule.xlsx"),
    time_limit: TimeLimit = 60.0,
    workers: Workers = 2,
    seed: Seed = 0,
    stop_at_first: StopAtFirst = False,
    relax: Relax = False,
    fix_time_limit: FixTimeLimit = 60.0,
    confirm_time_limit: ConfirmTimeLimit = 60.0,
    alternatives: Alternatives = 1,
    differ: Differ = 10,
    verbose: Verbose = False,
) -> None:
    """Solve a program and write the schedule workbook."""
    from scheduler import api

    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, format="%(message)s")
    program = guarded(lambda: api.load(program_file))
    guarded(lambda: api.check_solve_outputs(out_path, program_file, alternatives))
    err.print(
        f"Solving [bold]{program.name}[/]: {len(program.residents)} residents, {program.weeks} weeks, "
        f"{len(program.rotations)} rotations ({workers} workers, {time_limit:g}s limit)"
    )
    params = guarded(
        lambda: api.SolveParams(
            time_limit=time_limit,
            workers=workers,
            seed=seed,
            stop_at_first=stop_at_first,
            relax=relax,
            fix_time_limit=fix_time_limit,
            confirm_time_limit=confirm_time_limit,
            alternatives=alternatives,
            differ=differ,
        )
    )
    with ProgressLine() as progress:
        outcome = until_done(lambda: api.solve(program, params, progress, run.token))
    _no_schedule(outcome, program_file, out_path)
    _schedule(outcome, program_file, out_path)


def _no_schedule(outcome: Outcome, program_file: Path, out_path: Path) -> None:
    """Without a schedule: what was found, and the exit code that says it."""
    result = outcome.result
    if result.interrupted and result.schedule is None:
        err.print(
            f"[bold yellow]Interrupted[/] (Ctrl-C) after {result.wall_time:.1f}s, before any "
            "complete schedule was found: nothing written."
        )
        raise typer.Exit(EXIT_INTERRUPTED)
    if result.status == "INFEASIBLE":  # the proof was printed as it was found
        print_fixes(outcome.fixes)
        err.print(
            f"For a best-effort schedule that breaks as few of them as it can: "
            f"residency-scheduler solve {program_file} --relax --out {out_path}",
            markup=False,
            highlight=False,
        )
        raise typer.Exit(EXIT_INFEASIBLE)
    if result.schedule is None:
        limit = outcome.params.time_limit
        if result.reasons:
            err.print(f"[bold yellow]No schedule found in {limit:g}s[/] (not proven impossible):")
            print_items(result.reasons)
        else:
            err.print(
                f"[bold yellow]No schedule found in {limit:g}s[/] (not proven impossible). "
                "Try a longer --time-limit or more --workers."
            )
        raise typer.Exit(EXIT_NO_SCHEDULE)


def _schedule(outcome: Outcome, program_file: Path, out_path: Path) -> None:
    """A schedule: the alternatives, the workbooks, the figures, and the exit code."""
    from scheduler import api

    result, report = outcome.result, outcome.report
    assert report is not None
    if outcome.alternatives or outcome.alternatives_stopped:
        print_alternatives(outcome, out_path)
    written = guarded(lambda: api.write_workbook(out_path, outcome, program_file))
    wrote(written)
    print_result(result, report.ok, len(report.violations), written[0])
    print_requests(report)
    if result.interrupted:
        err.print(
            f"[bold yellow]Interrupted[/] (Ctrl-C) after {result.wall_time:.1f}s: {written[0]} "
            "holds the best schedule found so far (its Run sheet says so), checked like any other",
            highlight=False,
        )
    if outcome.params.relax:
        print_relaxed(result.reasons, report)
    elif not report.ok:
        err.print(
            "[bold red]The independent check found violations in the solver's schedule (an engine bug):[/]"
        )
        print_items(report.violations[:20])
        raise typer.Exit(EXIT_VIOLATIONS)
    if result.interrupted:
        raise typer.Exit(EXIT_INTERRUPTED)
