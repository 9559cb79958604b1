"""``residency-scheduler compare``: a base program and scenarios of it, solved side by side
(in local processes or on Ray), each checked; the figures printed and written."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape
from rich.table import Table

from scheduler.cli.common import (
    EXIT_VIOLATIONS,
    Seed,
    TimeLimit,
    Workers,
    ends_cleanly,
    err,
    fail_input,
    guarded,
    out,
    run,
    until_done,
    wrote,
)

if TYPE_CHECKING:
    from scheduler.api import Comparison

BaseFile = Annotated[Path, typer.Argument(help="the base program YAML file")]
ScenarioFiles = Annotated[
    list[Path],
    typer.Argument(
        help="scenario files (a base program's changes: see the README), or whole programs"
    ),
]
Out = Annotated[Path, typer.Option("--out", "-o", help="comparison workbook to write (.xlsx)")]
Schedules = Annotated[
    Path | None,
    typer.Option(
        help="also write each scenario's own schedule workbook into this folder (for "
        "'check' with the scenario file)"
    ),
]
Seeds = Annotated[
    int,
    typer.Option(
        help="solve each scenario with this many seeds (from --seed on) and keep the best",
        min=1,
        max=1000,
    ),
]
StopAtFirst = Annotated[
    bool,
    typer.Option(
        "--stop-at-first",
        help="stop each solve at its first valid schedule (a quick draft of each scenario)",
    ),
]
Parallel = Annotated[
    int | None,
    typer.Option(help="solves at a time (default: the cores / --workers)", min=1, max=1024),
]
ExecutorName = Annotated[
    str,
    typer.Option(
        help="'process' (local processes) or 'ray' (a Ray cluster: --ray-address, or a "
        "local instance; needs the [ray] extra)"
    ),
]
RayAddress = Annotated[
    str | None, typer.Option(help="the Ray cluster to join (default: start a local one)")
]


@ends_cleanly
def compare(
    base_file: BaseFile,
    scenario_files: ScenarioFiles,
    out_path: Out = Path("comparison.xlsx"),
    schedules: Schedules = None,
    time_limit: TimeLimit = 60.0,
    workers: Workers = 2,
    seed: Seed = 0,
    seeds: Seeds = 1,
    stop_at_first: StopAtFirst = False,
    parallel: Parallel = None,
    executor: ExecutorName = "process",
    ray_address: RayAddress = None,
) -> None:
    """Solve a base program and scenarios of it, and compare them side by side."""
    from scheduler import api

    if executor not in {e.value for e in api.Executor}:
        raise fail_input(f"--executor {executor}: not an executor. Fix: choose 'process' or 'ray'")
    scenarios = guarded(lambda: api.load_comparison(base_file, scenario_files))
    for scenario in scenarios[1:]:
        if scenario.base is not None and scenario.base.resolve() != base_file.resolve():
            err.print(
                f"note: {scenario.path} changes its own base, {scenario.base}, not {base_file}",
                markup=False,
                highlight=False,
            )
    guarded(lambda: api.check_comparison_outputs(out_path, scenarios, schedules))
    err.print(
        f"Comparing {len(scenarios)} programs ({len(scenarios) * seeds} solves of at most "
        f"{time_limit:g}s, {workers} workers each, on {executor})"
    )
    params = api.SolveParams(
        time_limit=time_limit, workers=workers, seed=seed, stop_at_first=stop_at_first
    )
    found = guarded(
        lambda: until_done(
            lambda: api.compare(
                scenarios,
                params,
                seeds=seeds,
                executor=api.Executor(executor),
                parallel=parallel,
                address=ray_address,
                cancel=run.token,
            )
        )
    )
    _print_comparison(found)
    written = guarded(lambda: api.write_comparison(out_path, found.compared))
    wrote([written])
    if schedules is not None:
        pairs = guarded(lambda: api.write_scenario_schedules(schedules, scenarios, found.compared))
        for name, path in pairs:
            wrote([path])
            out.print(f"  {escape(name)}: {path}", highlight=False)
    at_a_time = found.sweep.parallel if executor == "process" else "Ray"
    out.print(
        f"comparison written: {written} ({found.sweep.seconds:.1f}s for "
        f"{len(found.sweep.solved)} solves, {at_a_time} at a time)",
        highlight=False,
    )
    if found.broken:
        err.print(
            "[bold red]The independent check found violations in the solver's schedule of "
            f"{escape(', '.join(found.broken))} (an engine bug)[/]"
        )
        raise typer.Exit(EXIT_VIOLATIONS)


def _print_comparison(found: Comparison) -> None:
    """The side-by-side table in the terminal, section by section."""
    order, columns = found.side_by_side()
    table = Table(show_lines=False, box=None, padding=(0, 2))
    table.add_column("figure", no_wrap=True)
    for one in found.compared:
        table.add_column(escape(one.name), overflow="fold")  # a name is text, not markup
    section = ""
    for key in order:
        if key[0] != section:
            section = key[0]
            table.add_row(f"[bold]{escape(section)}[/]")
        table.add_row(
            f"  {escape(key[1])}", *(escape(c[key].text()) if key in c else "" for c in columns)
        )
    out.print(table)
