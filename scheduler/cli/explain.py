"""``residency-scheduler explain``: the checks before the search, in seconds, without
building the year; for a proof, fixes each confirmed by a solve."""

from __future__ import annotations

from typing import Annotated

import typer

from scheduler.cli.common import (
    EXIT_INFEASIBLE,
    EXIT_INTERRUPTED,
    EXIT_NO_SCHEDULE,
    ProgramFile,
    ends_cleanly,
    err,
    guarded,
    out,
    print_items,
    run,
    until_done,
)
from scheduler.cli.printing import print_fixes
from scheduler.cli.progress import ProgressLine
from scheduler.domain.params import MOST_SECONDS, MOST_SEED, MOST_WORKERS

CohortSeed = Annotated[
    int, typer.Option(help="random seed of the cohort stage", min=0, max=MOST_SEED)
]
FixTimeLimit = Annotated[
    float,
    typer.Option(
        help="seconds to look for fixes to one input number, each confirmed by a solve (0: none)",
        min=0,
        max=MOST_SECONDS,
    ),
]
FixWorkers = Annotated[
    int, typer.Option(help="solver threads for the fixes", min=1, max=MOST_WORKERS)
]


@ends_cleanly
def explain(
    program_file: ProgramFile,
    seed: CohortSeed = 0,
    fix_time_limit: FixTimeLimit = 60.0,
    workers: FixWorkers = 2,
) -> None:
    """Check a program's rules for conflicts in seconds, without building the schedule."""
    from scheduler import api

    program = guarded(lambda: api.load(program_file))
    params = api.SolveParams(seed=seed, workers=workers, fix_time_limit=fix_time_limit)
    with ProgressLine() as progress:
        found = until_done(lambda: api.explain(program, params, progress, run.token))
    if found.interrupted:
        err.print("[bold yellow]Interrupted[/] (Ctrl-C) before the checks were done: not decided.")
        raise typer.Exit(EXIT_INTERRUPTED)
    if found.status == api.Status.INFEASIBLE:  # the proof was printed as it was found
        print_fixes(found.fixes)
        raise typer.Exit(EXIT_INFEASIBLE)
    if found.status == api.Status.NO_SOLUTION:
        err.print("[bold yellow]Not decided:[/]")
        print_items(found.reasons)
        raise typer.Exit(EXIT_NO_SCHEDULE)
    out.print(
        "[bold green]No conflict found[/] before the search: the checks in numbers find no "
        "shortfall, each resident's year alone can keep their own rules, and a balanced "
        "cohort assignment can staff every week. This does not prove "
        f"that a schedule exists; `residency-scheduler solve {program_file}` builds one.",
        highlight=False,
    )
