"""``residency-scheduler repair``: a published schedule repaired mid-year with the fewest
changes, after leaves, withdrawals and swaps."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from scheduler.cli.common import (
    EXIT_INFEASIBLE,
    EXIT_NO_SCHEDULE,
    EXIT_VIOLATIONS,
    ProgramFile,
    Seed,
    TimeLimit,
    Workers,
    count,
    ends_cleanly,
    err,
    guarded,
    out,
    print_items,
    run,
    until_done,
    wrote,
)
from scheduler.domain import Sheet

Published = Annotated[Path, typer.Option("--from", help="the published schedule workbook (.xlsx)")]
FreezeUntil = Annotated[
    str,
    typer.Option(
        "--freeze-until",
        help="weeks before the one holding this date (YYYY-MM-DD) or week number never change",
    ),
]
Leaves = Annotated[
    list[str] | None,
    typer.Option(
        "--leave",
        help="RESIDENT:FROM:TO, a leave of absence from the week of FROM to the week of TO "
        "(dates or week numbers); repeat for more",
    ),
]
Swaps = Annotated[
    list[str] | None,
    typer.Option(
        "--swap",
        help="R1:R2:WEEKS, two residents exchange their rotations in WEEKS (12 or 12-14), "
        "applied only if it keeps every rule; repeat for more",
    ),
]
Withdrawals = Annotated[
    list[str] | None,
    typer.Option(
        "--withdraw",
        help="RESIDENT:FROM, a resident who leaves the program from the week of FROM (a "
        "date or week number): those weeks go on a 'withdrawn' rotation, the year's totals "
        "no longer apply to them, and the others cover their services; repeat for more",
    ),
]
Out = Annotated[Path, typer.Option("--out", "-o", help="workbook to write (.xlsx)")]
FromSheet = Annotated[
    Sheet, typer.Option("--sheet", case_sensitive=False, help="read the published schedule from")
]


@ends_cleanly
def repair(
    program_file: ProgramFile,
    published: Published,
    freeze_until: FreezeUntil,
    leave: Leaves = None,
    swap: Swaps = None,
    withdraw: Withdrawals = None,
    out_path: Out = Path("repaired.xlsx"),
    sheet: FromSheet = Sheet.ASSIGNMENTS,
    time_limit: TimeLimit = 60.0,
    workers: Workers = 2,
    seed: Seed = 0,
) -> None:
    """Repair a published schedule after a leave or a swap, with the fewest changes."""
    from scheduler import api

    program = guarded(lambda: api.load(program_file))
    guarded(lambda: api.check_output(out_path, [*api.input_files(program_file), published]))
    baseline = guarded(lambda: api.read_schedule(program, published, sheet)).schedule
    facts = guarded(
        lambda: api.new_facts(program, freeze_until, leave or [], withdraw or [], swap or [])
    )
    broken = api.refused_swaps(program, baseline, facts)
    if broken:
        err.print(
            f"[bold red]Swap refused[/] ({', '.join(swap or [])}): it would break these rules."
        )
        print_items(broken)
        raise typer.Exit(EXIT_INFEASIBLE)
    err.print(
        f"Repairing [bold]{program.name}[/] from {published.name}: weeks 1-{facts.freeze} frozen, "
        f"{count(len(facts.leaves), 'leave')}, {count(len(facts.withdrawals), 'withdrawal')}, "
        f"{count(len(facts.swaps), 'swap')} ({time_limit:g}s limit)"
    )
    params = api.SolveParams(time_limit=time_limit, workers=workers, seed=seed)
    found = until_done(lambda: api.repair(program, baseline, facts, params, run.token))
    repaired, report = found.repaired, found.report
    if repaired.schedule is None or report is None:
        if repaired.status == api.Status.INFEASIBLE:
            err.print(
                "[bold red]No repair exists:[/] these rules conflict with the frozen weeks and the leave."
            )
            print_items(repaired.reasons)
            raise typer.Exit(EXIT_INFEASIBLE)
        err.print("[bold yellow]No repair found:[/]")
        print_items(repaired.reasons)
        raise typer.Exit(EXIT_NO_SCHEDULE)
    written = guarded(
        lambda: api.write_repaired(
            out_path, repaired, report, baseline, program_file, published, params
        )
    )
    wrote([written])
    proof = "the fewest possible" if repaired.proven_fewest else "the fewest found in the time"
    out.print(
        f"{count(repaired.changed_weeks or 0, 'resident-week')} changed ({proof}), "
        f"{count(repaired.changed_residents or 0, 'resident')} affected; weeks 1-{facts.freeze} "
        f"unchanged; independent check: {'PASS' if report.ok else 'FAIL'}; workbook: {written} "
        "(every change in its Changes sheet)",
        highlight=False,
    )
    if not report.ok:
        print_items(report.violations[:20])
        raise typer.Exit(EXIT_VIOLATIONS)
