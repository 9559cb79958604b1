"""How the command line prints what the engine returned: a solve's figures, fixes, the
requests line, a best-effort schedule's violations, the alternatives. Every verdict shown
is the independent check's."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.table import Table

from scheduler.cli.common import EXIT_VIOLATIONS, count, err, out, print_items

if TYPE_CHECKING:
    from scheduler.api import Outcome, Report, Result, Suggestions


def print_fixes(found: Suggestions | None) -> None:
    """Fixes to one input number each, confirmed by a solve, under the proof."""
    if found is None:
        return
    late = ""
    if found.interrupted:
        late = " (interrupted before all were tried)"
    elif not found.complete:
        late = " (time ran out before all were tried: --fix-time-limit)"
    if not found.fixes:
        err.print(f"No change to one input number was confirmed in {found.seconds:.0f}s{late}.")
        return
    err.print(
        f"[bold]Fixes[/] found in {found.seconds:.0f}s, each confirmed by a solve whose schedule "
        f"passes the independent check (conflicts numbered as listed above){late}:"
    )
    for fix in found.fixes:
        err.print(f"  fix {fix}", markup=False, highlight=False)


def print_relaxed(proof: list[str], report: Report) -> None:
    """What a best-effort schedule broke; exit 1 when it broke anything."""
    if report.ok:
        out.print("[bold green]Every rule holds[/]: --relax was not needed.")
        return
    if proof:
        err.print("[bold red]No schedule meets every rule:[/]")
        print_items(proof)
    err.print(
        f"[bold yellow]Best-effort schedule[/]: {count(len(report.violations), 'violation')} of "
        "the rules, listed in the Violations sheet and marked in the grid:"
    )
    print_items(report.violations[:20])
    if len(report.violations) > 20:
        err.print(f"  ... and {len(report.violations) - 20} more", highlight=False)
    raise typer.Exit(EXIT_VIOLATIONS)


def print_result(result: Result, clean: bool, violations: int, written: Path) -> None:
    """The solve's status, objective and bound, times and terms, and the check's verdict."""
    table = Table(show_header=False, box=None, padding=(0, 2))
    broken = result.terms.get("broken_rules")
    if broken is not None and broken.value:
        status = f"[bold yellow]best effort[/]: {count(broken.value, 'rule')} broken ({result.status} as a relaxed model)"
    else:
        status = f"[bold green]{result.status}[/]"
    if result.interrupted:
        status += " [bold yellow](interrupted: the best found so far)[/]"
    table.add_row("status", status)
    table.add_row("objective", f"{result.objective:g}")
    table.add_row("bound", f"{result.bound:g}")
    table.add_row("gap", f"{result.gap:.1%}" if result.gap is not None else "n/a")
    table.add_row("first schedule", f"{result.time_to_first:.1f}s")
    table.add_row("best schedule", f"{result.time_to_best:.1f}s")
    table.add_row("total time", f"{result.wall_time:.1f}s")
    for name, term in result.terms.items():
        table.add_row(f"  {name}", f"{term.value} x {term.weight}  ({term.description})")
    table.add_row(
        "independent check",
        "[green]PASS[/]" if clean else f"[red]FAIL ({violations} violations)[/]",
    )
    out.print(table)
    # on a line of its own: a table would wrap a long path where the output is piped
    out.print(f"  workbook: {written}", highlight=False)


def print_requests(report: Report) -> None:
    """The requests line (granted by priority, electives by rank), if there are requests."""
    from scheduler.api import request_summary

    summary = request_summary(report)
    if summary is not None:
        out.print(summary, markup=False, highlight=False)


def print_alternatives(outcome: Outcome, out_path: Path) -> None:
    """The schedules to choose from: objective, how far from the first, the check, file."""
    from scheduler.api import alternative_path, differing

    best = outcome.schedule
    assert best is not None and outcome.report is not None
    table = Table(box=None, padding=(0, 2))
    for column in ("schedule", "objective", "weeks differing", "residents", "check", "file"):
        table.add_column(column)
    rows = [(1, best, outcome.report, outcome.result.objective, out_path)] + [
        (n, other.schedule, other.report, other.objective, alternative_path(out_path, n))
        for n, other in enumerate(outcome.alternatives, start=2)
    ]
    for n, schedule, report, objective, file in rows:
        weeks = differing(best, schedule)
        table.add_row(
            f"schedule {n}",
            f"{objective:g}" if objective is not None else "",
            str(sum(len(w) for w in weeks.values())),
            str(len(weeks)),
            "PASS" if report.ok else f"FAIL ({len(report.violations)})",
            str(file),
        )
    out.print(table)
    if outcome.alternatives_stopped:
        wanted = outcome.params.alternatives
        err.print(
            f"{len(rows)} of {wanted} schedules: {outcome.alternatives_stopped}", highlight=False
        )
