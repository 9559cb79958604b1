"""Command line: ``residency-scheduler solve | check | explain | schema``.

Exit codes: 0 success (a schedule, or a clean check), 1 a check found violations (or a
best-effort ``--relax`` schedule breaks rules), 2 invalid input (or the workbook could not be
written: the schedule is then saved as CSV), 3 the program is proven infeasible, 4 no
schedule within the time limit, 130 interrupted (Ctrl-C; the best schedule so far is
written, marked as interrupted), 143 terminated (SIGTERM; nothing written).
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from enum import StrEnum
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Annotated, ParamSpec, TypeVar

import typer
from rich.console import Console
from rich.live import Live
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from scheduler import __version__
from scheduler.domain import InputError, Program, Schedule
from scheduler.domain.edits import Finding
from scheduler.inputs.scenarios import load_any
from scheduler.stages import solver as interrupt

if TYPE_CHECKING:
    from reports.alternatives import Option
    from reports.comparison import Compared, Figure
    from scheduler.checks import Report
    from scheduler.domain.result import Result, RunInfo
    from scheduler.inputs.scenarios import Scenario
    from scheduler.workflows.repair import Leave, Swap, Withdrawal

EXIT_OK, EXIT_VIOLATIONS, EXIT_INPUT, EXIT_INFEASIBLE, EXIT_NO_SCHEDULE = 0, 1, 2, 3, 4
#: what a shell reports for a process ended by SIGINT (Ctrl-C) and by SIGTERM: 128 + signal
EXIT_INTERRUPTED, EXIT_TERMINATED = 130, 143
#: CP-SAT takes a 32-bit seed; more threads than this only slow it down
MOST_SEED, MOST_WORKERS = 2**31 - 1, 64
MOST_SECONDS = 7 * 24 * 3600  # a week

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="Build, check and export internal-medicine residency rotation schedules.",
)
# soft_wrap: never break a message (or a file name) across lines when output is piped.
out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)


def _print_items(items: Iterable[object]) -> None:
    """One '  - ' line per item on stderr, never wrapped or styled (rules, violations)."""
    for item in items:
        err.print(f"  - {item}", markup=False, highlight=False)


def _fail_input(error: InputError | str) -> typer.Exit:
    err.print(Text(f"error: {error}", style="bold red"))
    return typer.Exit(EXIT_INPUT)


P = ParamSpec("P")
T = TypeVar("T")
#: the workbooks this command has written, so that an interruption says what exists
_written: list[Path] = []
#: interruptions already reported in a line of their own (see ``main``)
_stops_reported: list[int] = []


class _Terminated(BaseException):
    """SIGTERM, raised in the main thread so that every ``finally`` (the removal of a
    half-written temporary file) runs before the process ends."""


def _on_sigterm(signum: int, frame: FrameType | None) -> None:
    raise _Terminated


def _on_ctrl_c(signum: int, frame: FrameType | None) -> None:
    """The first Ctrl-C stops the search and keeps the best schedule; the second quits."""
    if interrupt.stop_requested():
        raise KeyboardInterrupt
    interrupt.request_stop()
    err.print(
        "Ctrl-C: stopping the search; the best schedule found so far will be written "
        "(Ctrl-C again quits without writing it)",
        markup=False,
        highlight=False,
    )


def _ends_cleanly(command: Callable[P, None]) -> Callable[P, None]:
    """A command that Ctrl-C or SIGTERM ends with one line and a stated exit code (never a
    traceback, never a silent exit); what it was writing is removed on the way out."""

    @functools.wraps(command)
    def run(*args: P.args, **kwargs: P.kwargs) -> None:
        interrupt.clear()
        _written.clear()
        _stops_reported.clear()
        in_main = threading.current_thread() is threading.main_thread()
        in_main = in_main and signal.getsignal(signal.SIGTERM) is not signal.SIG_IGN
        previous = signal.signal(signal.SIGTERM, _on_sigterm) if in_main else None
        try:
            command(*args, **kwargs)
        except typer.Exit as done:
            if done.exit_code in (EXIT_INTERRUPTED, EXIT_TERMINATED):
                _stops_reported.append(done.exit_code)  # the command said what it kept
            raise
        except KeyboardInterrupt:
            raise _stopped("interrupted (Ctrl-C)", EXIT_INTERRUPTED) from None
        except _Terminated:
            raise _stopped("terminated (SIGTERM)", EXIT_TERMINATED) from None
        finally:
            if in_main:
                signal.signal(signal.SIGTERM, previous)

    return run


def _stopped(how: str, code: int) -> typer.Exit:
    kept = f"{_written[-1]} was written before" if _written else "nothing was written"
    err.print(f"error: {how}: {kept}", markup=False, highlight=False)
    _stops_reported.append(code)
    return typer.Exit(code)


def _until_done(work: Callable[[], T]) -> T:
    """``work`` (a search) in a worker thread, while the main thread takes Ctrl-C.

    Python runs signal handlers only in the main thread, between bytecodes, and a CP-SAT
    solve holds the thread that calls it in C++ for its whole time limit: a search in the
    main thread could not be interrupted until it ended by itself."""
    if (
        threading.current_thread() is not threading.main_thread()
        or signal.getsignal(signal.SIGINT) is signal.SIG_IGN  # started to ignore it (nohup, &)
    ):
        return work()
    outcome: list[T] = []
    failure: list[BaseException] = []

    def target() -> None:
        try:
            outcome.append(work())
        except BaseException as error:  # handed to the main thread, raised there
            failure.append(error)

    thread = threading.Thread(target=target, name="search", daemon=True)
    previous = signal.signal(signal.SIGINT, _on_ctrl_c)
    try:
        thread.start()
        while thread.is_alive():
            thread.join(0.2)
            if interrupt.stop_requested():
                interrupt.request_stop()  # again: a run about to start when asked missed it
    finally:
        signal.signal(signal.SIGINT, previous)
    if failure:
        raise failure[0]
    return outcome[0]


def _load(path: Path) -> Program:
    """A program file, or a scenario file laid over the base it names."""
    try:
        return load_any(path)
    except InputError as error:
        raise _fail_input(error) from None


def _check_out_path(out_path: Path, inputs: Iterable[Path] = ()) -> None:
    """Everything that would stop the workbook from being written, found before any solve:
    the wrong kind of file, a folder, one of the program's own inputs, a folder that does
    not exist or cannot be written to, a file that cannot be replaced."""
    if out_path.suffix.lower() != ".xlsx":
        raise _fail_input(
            f"{out_path}: the output must be an .xlsx file. Fix: use --out schedule.xlsx"
        )
    try:
        _check_out_place(out_path, inputs)
    except OSError as error:  # a name too long for the file system, say
        raise _fail_input(
            f"{out_path}: cannot be used as the output ({error.strerror or error}). "
            "Fix: choose a shorter or simpler path"
        ) from None


def _check_out_place(out_path: Path, inputs: Iterable[Path]) -> None:
    if out_path.is_dir():
        raise _fail_input(
            f"{out_path}: is a folder. Fix: give a file name such as {out_path / 'schedule.xlsx'}"
        )
    target = out_path.resolve()
    if any(target == path.resolve() for path in inputs):
        raise _fail_input(
            f"{out_path}: is an input of the program, which would be overwritten. "
            "Fix: give the workbook another name"
        )
    folder = target.parent
    if folder.exists() and not folder.is_dir():
        raise _fail_input(
            f"{out_path}: {folder} is a file, not a folder. Fix: put the workbook in a folder"
        )
    if not folder.is_dir():
        raise _fail_input(f"{out_path}: folder {folder} does not exist. Fix: create it first")
    if not os.access(folder, os.W_OK | os.X_OK) or (
        target.exists() and not os.access(target, os.W_OK)
    ):
        raise _fail_input(f"{out_path}: cannot be written here. Fix: choose a writable path")


def _inputs(program_file: Path, program: Program) -> list[Path]:
    """The files a program is read from: its YAML (and a scenario's base), its roster, its
    requests and history files."""
    from scheduler.inputs.scenarios import files_of

    return files_of(program_file)


def _write(
    out_path: Path,
    program: Program,
    schedule: Schedule,
    report: Report,
    run: RunInfo,
    baseline: Schedule | None = None,
    options: Sequence[Option] = (),
) -> Path:
    """The workbook, written atomically. If it still cannot be written (a full disk, a
    file locked by another program, a bug in the writer), the schedule is not lost: it is
    saved as CSV and the one-line error says where."""
    from reports.workbook import write_workbook

    try:
        written = write_workbook(out_path, program, schedule, report, run, baseline, options)
    except Exception as error:  # whatever stopped the workbook, the schedule is kept
        raise _fail_input(_not_written(out_path, program, schedule, error)) from None
    _written.append(written)
    return written


def _not_written(out_path: Path, program: Program, schedule: Schedule, error: Exception) -> str:
    from reports.fallback import save_assignments_csv

    if isinstance(error, OSError):
        reason = error.strerror or str(error)
        fix = "choose a writable path with --out (or free some space) and run again"
    else:
        reason = f"{type(error).__name__}: {error}"
        fix = "report this bug in the workbook writer, with the program file"
    saved = save_assignments_csv(out_path, program, schedule)
    kept = (
        f"the schedule is saved in {saved} (one row per resident-week)"
        if saved
        else "nor could the schedule be saved as CSV anywhere"
    )
    message = f"{out_path}: the workbook could not be written ({reason}); {kept}. Fix: {fix}"
    return " ".join(message.split())  # one line, whatever the error's text holds


def _input_hash(path: Path, program: Program) -> str:
    digest = hashlib.sha256()
    for file in _inputs(path, program):
        digest.update(file.read_bytes())
    return digest.hexdigest()


#: The search options ``solve`` and ``repair`` share.
TimeLimit = Annotated[float, typer.Option(help="seconds to search", min=1, max=MOST_SECONDS)]
Workers = Annotated[int, typer.Option(help="solver threads", min=1, max=MOST_WORKERS)]
Seed = Annotated[int, typer.Option(help="random seed, for reproducible runs", min=0, max=MOST_SEED)]


@app.command()
@_ends_cleanly
def solve(
    program_file: Annotated[Path, typer.Argument(help="program YAML file")],
    out_path: Annotated[Path, typer.Option("--out", "-o", help="workbook to write (.xlsx)")] = Path(
        "schedule.xlsx"
    ),
    time_limit: TimeLimit = 60.0,
    workers: Workers = 2,
    seed: Seed = 0,
    stop_at_first: Annotated[
        bool,
        typer.Option("--stop-at-first", help="stop at the first valid schedule (a quick draft)"),
    ] = False,
    relax: Annotated[
        bool,
        typer.Option(
            "--relax",
            help="for a program with no schedule: a best-effort schedule that breaks as few "
            "rules as it can, each listed in the Violations sheet and marked in the grid",
        ),
    ] = False,
    fix_time_limit: Annotated[
        float,
        typer.Option(
            help="for a program proven to have no schedule: seconds to look for fixes to one "
            "input number, each confirmed by a solve (0: none)",
            min=0,
        ),
    ] = 60.0,
    confirm_time_limit: Annotated[
        float,
        typer.Option(
            help="seconds in all to try each denied priority-1 request again as a hard one, "
            "to confirm that no schedule grants it (0: none)",
            min=0,
            max=MOST_SECONDS,
        ),
    ] = 60.0,
    alternatives: Annotated[
        int,
        typer.Option(
            help="write up to this many good schedules to choose from (the solve's own in "
            "--out, the others beside it as NAME-2.xlsx, ...), with sheets saying how they differ",
            min=1,
            max=20,
        ),
    ] = 1,
    differ: Annotated[
        int,
        typer.Option(
            help="with --alternatives: the fewest resident-weeks in which each schedule "
            "differs from every other",
            min=1,
        ),
    ] = 10,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="log model sizes and stages")
    ] = False,
) -> None:
    """Solve a program and write the schedule workbook."""
    from scheduler.checks import validate
    from scheduler.workflows.solving import SolveParams, Status
    from scheduler.workflows.solving import solve as run_solver

    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, format="%(message)s")
    program = _load(program_file)
    _check_out_path(out_path, _inputs(program_file, program))
    for n in range(2, alternatives + 1):
        _check_out_path(
            out_path.with_name(f"{out_path.stem}-{n}{out_path.suffix}"),
            _inputs(program_file, program),
        )
    err.print(
        f"Solving [bold]{program.name}[/]: {len(program.residents)} residents, {program.weeks} weeks, "
        f"{len(program.rotations)} rotations ({workers} workers, {time_limit:g}s limit)"
    )
    params = SolveParams(
        time_limit=time_limit,
        workers=workers,
        seed=seed,
        stop_at_first=stop_at_first,
        relax=relax,
    )
    with _ProgressLine() as progress:
        result = _until_done(lambda: run_solver(program, params, progress.update))
    if result.interrupted and result.schedule is None:
        err.print(
            f"[bold yellow]Interrupted[/] (Ctrl-C) after {result.wall_time:.1f}s, before any "
            "complete schedule was found: nothing written."
        )
        raise typer.Exit(EXIT_INTERRUPTED)
    if result.status == Status.INFEASIBLE:
        err.print("[bold red]No schedule exists:[/] the rules below cannot all hold together.")
        _print_items(result.explanation)
        _print_fixes(program, result.findings, fix_time_limit, workers, seed)
        err.print(
            f"For a best-effort schedule that breaks as few of them as it can: "
            f"residency-scheduler solve {program_file} --relax --out {out_path}",
            markup=False,
            highlight=False,
        )
        raise typer.Exit(EXIT_INFEASIBLE)
    if result.schedule is None:
        if result.explanation:
            err.print(
                f"[bold yellow]No schedule found in {time_limit:g}s[/] (not proven impossible):"
            )
            _print_items(result.explanation)
        else:
            err.print(
                f"[bold yellow]No schedule found in {time_limit:g}s[/] (not proven impossible). "
                "Try a longer --time-limit or more --workers."
            )
        raise typer.Exit(EXIT_NO_SCHEDULE)
    report = validate(program, result.schedule)
    run = result.run_info(str(program_file), _input_hash(program_file, program))
    if not relax and not result.interrupted:
        confirmations = _confirm(
            program, report, result.objective, confirm_time_limit, workers, seed
        )
        run = replace(run, confirmations=confirmations)
    options: list[Option] = []
    if alternatives > 1 and report.ok and not relax and not result.interrupted:
        options = _alternatives(
            program, out_path, result, report, run, alternatives, differ, time_limit, workers, seed
        )
    written = _write(out_path, program, result.schedule, report, run, options=options)
    for option in options[1:]:
        again = replace(
            run,
            status=f"{option.label} of {len(options)}: another schedule to choose from",
            objective=option.objective,
            bound=None,
            gap=None,
            terms={n: (t.weight, t.value, t.description) for n, t in option.terms.items()},
        )
        _write(Path(option.file), program, option.schedule, option.report, again, options=options)
    _print_result(result, report.ok, len(report.violations), written)
    _print_requests(report)
    if result.interrupted:
        err.print(
            f"[bold yellow]Interrupted[/] (Ctrl-C) after {result.wall_time:.1f}s: {written} "
            "holds the best schedule found so far (its Run sheet says so), checked like any other",
            highlight=False,
        )
    if relax:
        _print_relaxed(result.explanation, report)
    elif not report.ok:
        err.print(
            "[bold red]The independent check found violations in the solver's schedule (an engine bug):[/]"
        )
        _print_items(report.violations[:20])
        raise typer.Exit(EXIT_VIOLATIONS)
    if result.interrupted:
        raise typer.Exit(EXIT_INTERRUPTED)


def _alternatives(
    program: Program,
    out_path: Path,
    result: Result,
    report: Report,
    run: RunInfo,
    count: int,
    differ: int,
    time_limit: float,
    workers: int,
    seed: int,
) -> list[Option]:
    """The best schedule and up to ``count - 1`` others, each checked; prints how they
    differ (the workbooks' Alternatives and Differences sheets say it in full)."""
    from reports.alternatives import Option, differing
    from scheduler.checks import validate
    from scheduler.workflows.alternatives import find_alternatives

    best = result.schedule
    assert best is not None
    err.print(
        f"Looking for {count - 1} other schedules, each differing from the others in at "
        f"least {differ} resident-weeks (at most {time_limit:g}s) ..."
    )
    found = _until_done(
        lambda: find_alternatives(
            program,
            best,
            count - 1,
            differ,
            time_limit=time_limit,
            workers=workers,
            seed=seed,
        )
    )
    options = [Option("schedule 1", str(out_path), best, report, result.objective, result.terms)]
    for n, other in enumerate(found.found, start=2):
        file = out_path.with_name(f"{out_path.stem}-{n}{out_path.suffix}")
        checked = validate(program, other.schedule)
        options.append(
            Option(
                f"schedule {n}", str(file), other.schedule, checked, other.objective, other.terms
            )
        )
    table = Table(box=None, padding=(0, 2))
    for column in ("schedule", "objective", "weeks differing", "residents", "check", "file"):
        table.add_column(column)
    for option in options:
        weeks = differing(best, option.schedule)
        table.add_row(
            option.label,
            f"{option.objective:g}" if option.objective is not None else "",
            str(sum(len(w) for w in weeks.values())),
            str(len(weeks)),
            "PASS" if option.report.ok else f"FAIL ({len(option.report.violations)})",
            option.file,
        )
    out.print(table)
    if found.stopped:
        err.print(f"{len(options)} of {count} schedules: {found.stopped}", highlight=False)
    return options


def _print_fixes(
    program: Program, findings: Sequence[Finding], time_limit: float, workers: int, seed: int
) -> None:
    """Fixes to one input number each, confirmed by a solve, under the proof."""
    if not findings or time_limit <= 0:
        return
    from scheduler.workflows.fixes import suggest_fixes

    err.print(f"Looking for fixes (at most {time_limit:g}s; each is confirmed by a solve) ...")
    found = _until_done(
        lambda: suggest_fixes(program, findings, time_limit=time_limit, workers=workers, seed=seed)
    )
    late = ""
    if interrupt.stop_requested():
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


def _print_relaxed(proof: list[str], report: Report) -> None:
    """What a best-effort schedule broke; exit 1 when it broke anything."""
    if report.ok:
        out.print("[bold green]Every rule holds[/]: --relax was not needed.")
        return
    if proof:
        err.print("[bold red]No schedule meets every rule:[/]")
        _print_items(proof)
    err.print(
        f"[bold yellow]Best-effort schedule[/]: {_count(len(report.violations), 'violation')} of "
        "the rules, listed in the Violations sheet and marked in the grid:"
    )
    _print_items(report.violations[:20])
    if len(report.violations) > 20:
        err.print(f"  ... and {len(report.violations) - 20} more", highlight=False)
    raise typer.Exit(EXIT_VIOLATIONS)


class _ProgressLine:
    """One live line (time, objective, bound, gap) that updates as schedules improve."""

    def __init__(self) -> None:
        self.live: Live | None = Live(console=err, transient=False) if err.is_terminal else None
        self.best: float | None = None

    def __enter__(self) -> _ProgressLine:
        if self.live:
            self.live.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.live:
            self.live.__exit__(None, None, None)

    def update(self, progress: object) -> None:
        from scheduler.workflows.solving import Progress

        assert isinstance(progress, Progress)
        improved = progress.objective is not None and progress.objective != self.best
        if progress.objective is not None:
            self.best = progress.objective
        if self.best is None:
            return
        gap = ""
        if progress.bound is not None:
            gap = (
                f"  gap {abs(self.best - progress.bound) / max(abs(self.best), 1e-9):6.1%}"
                if self.best
                else "  gap   0.0%"
            )
        line = (
            f"  {progress.elapsed:7.1f}s  schedules {progress.solutions:4d}  objective {self.best:10g}"
            f"  bound {progress.bound if progress.bound is not None else float('nan'):10g}{gap}"
        )
        if self.live:
            self.live.update(Text(line))
        elif improved:
            err.print(line, highlight=False)


def _print_result(result: object, clean: bool, violations: int, written: Path) -> None:
    from scheduler.workflows.solving import Result

    assert isinstance(result, Result)
    table = Table(show_header=False, box=None, padding=(0, 2))
    broken = result.terms.get("broken_rules")
    if broken is not None and broken.value:
        status = f"[bold yellow]best effort[/]: {_count(broken.value, 'rule')} broken ({result.status} as a relaxed model)"
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


class Sheet(StrEnum):
    """Where ``check`` reads the schedule from."""

    ASSIGNMENTS = "Assignments"
    SCHEDULE = "Schedule"


@app.command()
@_ends_cleanly
def check(
    program_file: Annotated[Path, typer.Argument(help="program YAML file")],
    workbook: Annotated[Path, typer.Argument(help="schedule workbook (.xlsx)")],
    sheet: Annotated[
        Sheet,
        typer.Option(
            "--sheet",
            case_sensitive=False,
            help="check the Assignments table (default) or the Schedule grid; either way the "
            "two are compared and every cell where they disagree is named",
        ),
    ] = Sheet.ASSIGNMENTS,
    out_path: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            help="also write a fresh workbook of the checked schedule: every sheet recomputed, "
            "grid and Assignments in agreement, violations shown in Checks",
        ),
    ] = None,
) -> None:
    """Check a schedule workbook (possibly edited by hand) against every rule."""
    from scheduler.checks import validate
    from scheduler.domain.result import RunInfo

    program = _load(program_file)
    if out_path is not None:
        _check_out_path(out_path, _inputs(program_file, program))
        if out_path.resolve() == workbook.resolve():
            raise _fail_input(
                f"{out_path}: --out would replace the workbook being checked. "
                "Fix: give the fresh workbook another name"
            )
    try:
        schedule, mismatches = _read_checked(program, workbook, sheet)
    except InputError as error:
        raise _fail_input(error) from None
    report = validate(program, schedule)
    if out_path is not None:
        run = RunInfo(
            str(program_file),
            _input_hash(program_file, program),
            f"edited by hand: checked from the {sheet.value} sheet of {workbook.name}",
            version=__version__,
        )
        written = _write(out_path, program, schedule, report, run)
        out.print(f"fresh workbook written: {written}", highlight=False)
    _print_check(report, mismatches, workbook, sheet)


def _confirm(
    program: Program,
    report: Report,
    objective: float | None,
    time_limit: float,
    workers: int,
    seed: int,
) -> dict[str, str]:
    """Each denied priority-1 soft request tried again as a hard one (what each found)."""
    from scheduler.workflows.confirm import confirm_denials

    denied = [
        o.source
        for o in report.requests
        if o.kind in ("vacation", "unavailable")
        and o.priority == 1
        and not o.hard
        and not o.granted
    ]
    if not denied or time_limit <= 0:
        return {}
    err.print(
        f"Confirming {_count(len(denied), 'denied priority-1 request')} by solving with each "
        f"made hard (at most {time_limit:g}s) ..."
    )
    found = _until_done(
        lambda: confirm_denials(
            program, denied, objective, time_limit=time_limit, workers=workers, seed=seed
        )
    )
    for source, verdict in found.items():
        err.print(f"  {source}: {verdict}", markup=False, highlight=False)
    return found


def _print_requests(report: Report) -> None:
    """The requests line (granted by priority, electives by rank), if there are requests."""
    from reports.requests import request_summary

    summary = request_summary(report)
    if summary is not None:
        out.print(summary, markup=False, highlight=False)


def _print_check(report: Report, mismatches: list[str], workbook: Path, sheet: Sheet) -> None:
    """PASS in one line, or every violation and disagreement, then FAIL (exit 1); the
    requests line (if any) after PASS, or before FAIL."""
    checked = sum(check.checked for check in report.checks)
    if report.ok and not mismatches:
        out.print(
            f"[bold green]PASS[/]: {len(report.checks)} rules, {checked} checks, no violations "
            f"in {workbook} ({sheet.value} sheet)"
        )
        _print_requests(report)
        return
    by_family: dict[str, int] = {}
    for violation in report.violations:
        by_family[violation.family] = by_family.get(violation.family, 0) + 1
        out.print(f"  {violation}", markup=False, highlight=False)
    for mismatch in mismatches:
        out.print(f"  [workbook] {mismatch}", markup=False, highlight=False)
    summary = ", ".join(f"{family} {count}" for family, count in by_family.items())
    verdict = _count(len(report.violations), "violation") + (f" ({summary})" if summary else "")
    verdict += f" in the {sheet.value} sheet of {workbook}"
    if mismatches:
        other = Sheet.SCHEDULE if sheet == Sheet.ASSIGNMENTS else Sheet.ASSIGNMENTS
        verdict += (
            f"; it disagrees with the {other.value} sheet in {_count(len(mismatches), 'place')}"
            f" (--sheet {other.value} checks that one): make the two agree before sending it,"
            " or let --out write a fresh workbook from the sheet checked"
        )
    _print_requests(report)
    out.print(f"[bold red]FAIL[/]: {verdict}")
    raise typer.Exit(EXIT_VIOLATIONS)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" + ("" if number == 1 else "s")


def _read_checked(program: Program, workbook: Path, sheet: Sheet) -> tuple[Schedule, list[str]]:
    """The schedule to check, and where the workbook's grid and table disagree.

    The sheet to check must be readable (else an input error). The other one, if the
    workbook has it, is compared with it; if it cannot be read, that is a disagreement to
    report, not a reason to leave the first unchecked.
    """
    from scheduler.inputs.grid import differences, read_grid
    from scheduler.inputs.workbook import GRID, SHEET, read_schedule, sheet_names

    sheets = sheet_names(workbook)
    if sheet == Sheet.SCHEDULE:
        grid = read_grid(workbook, program)
        if SHEET not in sheets:
            return grid.schedule, []
        try:
            table = read_schedule(workbook, program)
        except InputError as error:
            return grid.schedule, [f"the Assignments sheet could not be read: {error}"]
        # the grid holds no clinic sites: those the schedule chose are in the table
        return replace(grid.schedule, sites=table.sites), differences(program, table, grid)
    table = read_schedule(workbook, program)
    if GRID not in sheets:
        return table, []
    try:
        grid = read_grid(workbook, program)
    except InputError as error:
        return table, [f"the Schedule grid could not be read: {error}"]
    return table, differences(program, table, grid)


@app.command()
@_ends_cleanly
def explain(
    program_file: Annotated[Path, typer.Argument(help="program YAML file")],
    seed: Annotated[
        int, typer.Option(help="random seed of the cohort stage", min=0, max=MOST_SEED)
    ] = 0,
    fix_time_limit: Annotated[
        float,
        typer.Option(
            help="seconds to look for fixes to one input number, each confirmed by a solve "
            "(0: none)",
            min=0,
        ),
    ] = 60.0,
    workers: Annotated[
        int, typer.Option(help="solver threads for the fixes", min=1, max=MOST_WORKERS)
    ] = 2,
) -> None:
    """Check a program's rules for conflicts in seconds, without building the schedule."""
    from scheduler.workflows.solving import Status, precheck

    program = _load(program_file)
    result = _until_done(lambda: precheck(program, seed=seed))
    if result.status != Status.INFEASIBLE and interrupt.stop_requested():
        err.print("[bold yellow]Interrupted[/] (Ctrl-C) before the checks were done: not decided.")
        raise typer.Exit(EXIT_INTERRUPTED)
    if result.status == Status.INFEASIBLE:
        err.print("[bold red]No schedule exists:[/] the rules below cannot all hold together.")
        _print_items(result.reasons)
        _print_fixes(program, result.findings, fix_time_limit, workers, seed)
        raise typer.Exit(EXIT_INFEASIBLE)
    if result.status == Status.NO_SOLUTION:
        err.print("[bold yellow]Not decided:[/]")
        _print_items(result.reasons)
        raise typer.Exit(EXIT_NO_SCHEDULE)
    out.print(
        "[bold green]No conflict found[/] before the search: the checks in numbers find no "
        "shortfall, each resident's year alone can keep their own rules, and a balanced "
        "cohort assignment can staff every week. This does not prove "
        f"that a schedule exists; `residency-scheduler solve {program_file}` builds one.",
        highlight=False,
    )


@app.command()
@_ends_cleanly
def repair(
    program_file: Annotated[Path, typer.Argument(help="program YAML file")],
    published: Annotated[
        Path, typer.Option("--from", help="the published schedule workbook (.xlsx)")
    ],
    freeze_until: Annotated[
        str,
        typer.Option(
            "--freeze-until",
            help="weeks before the one holding this date (YYYY-MM-DD) or week number never change",
        ),
    ],
    leave: Annotated[
        list[str] | None,
        typer.Option(
            "--leave",
            help="RESIDENT:FROM:TO, a leave of absence from the week of FROM to the week of TO "
            "(dates or week numbers); repeat for more",
        ),
    ] = None,
    swap: Annotated[
        list[str] | None,
        typer.Option(
            "--swap",
            help="R1:R2:WEEKS, two residents exchange their rotations in WEEKS (12 or 12-14), "
            "applied only if it keeps every rule; repeat for more",
        ),
    ] = None,
    withdraw: Annotated[
        list[str] | None,
        typer.Option(
            "--withdraw",
            help="RESIDENT:FROM, a resident who leaves the program from the week of FROM (a "
            "date or week number): those weeks go on a 'withdrawn' rotation, the year's totals "
            "no longer apply to them, and the others cover their services; repeat for more",
        ),
    ] = None,
    out_path: Annotated[Path, typer.Option("--out", "-o", help="workbook to write (.xlsx)")] = Path(
        "repaired.xlsx"
    ),
    sheet: Annotated[
        Sheet,
        typer.Option("--sheet", case_sensitive=False, help="read the published schedule from"),
    ] = Sheet.ASSIGNMENTS,
    time_limit: TimeLimit = 60.0,
    workers: Workers = 2,
    seed: Seed = 0,
) -> None:
    """Repair a published schedule after a leave or a swap, with the fewest changes."""
    from scheduler.checks import validate
    from scheduler.domain.result import RunInfo, Status
    from scheduler.workflows.repair import apply_swaps
    from scheduler.workflows.repair import repair as run_repair

    program = _load(program_file)
    _check_out_path(out_path, [*_inputs(program_file, program), published])
    try:
        baseline, _ = _read_checked(program, published, sheet)
    except InputError as error:
        raise _fail_input(error) from None
    freeze = _week_option(program, "--freeze-until", freeze_until)
    leaves = [_leave_option(program, text, freeze) for text in leave or []]
    withdrawals = [_withdraw_option(program, text, freeze, leaves) for text in withdraw or []]
    swaps = [_swap_option(program, text) for text in swap or []]
    if swaps:
        _refuse_breaking_swaps(program, baseline, apply_swaps(baseline, swaps), swap or [])
    err.print(
        f"Repairing [bold]{program.name}[/] from {published.name}: weeks 1-{freeze} frozen, "
        f"{_count(len(leaves), 'leave')}, {_count(len(withdrawals), 'withdrawal')}, "
        f"{_count(len(swaps), 'swap')} ({time_limit:g}s limit)"
    )
    repaired = _until_done(
        lambda: run_repair(
            program,
            baseline,
            freeze,
            leaves,
            swaps,
            withdrawals,
            time_limit=time_limit,
            workers=workers,
            seed=seed,
        )
    )
    if repaired.schedule is None:
        if repaired.status == Status.INFEASIBLE:
            err.print(
                "[bold red]No repair exists:[/] these rules conflict with the frozen weeks and the leave."
            )
            _print_items(repaired.explanation)
            raise typer.Exit(EXIT_INFEASIBLE)
        err.print("[bold yellow]No repair found:[/]")
        _print_items(repaired.explanation)
        raise typer.Exit(EXIT_NO_SCHEDULE)
    report = validate(repaired.program, repaired.schedule)
    run = RunInfo(
        str(program_file),
        _input_hash(program_file, program),
        f"repair of {published.name}: {repaired.changed_weeks} resident-weeks changed"
        + (" (proven fewest)" if repaired.proven_fewest else ""),
        objective=repaired.objective,
        wall_time=repaired.wall_time,
        seed=seed,
        workers=workers,
        version=__version__,
        terms={n: (t.weight, t.value, t.description) for n, t in repaired.terms.items()},
    )
    written = _write(out_path, repaired.program, repaired.schedule, report, run, baseline)
    proof = "the fewest possible" if repaired.proven_fewest else "the fewest found in the time"
    out.print(
        f"{_count(repaired.changed_weeks or 0, 'resident-week')} changed ({proof}), "
        f"{_count(repaired.changed_residents or 0, 'resident')} affected; weeks 1-{freeze} "
        f"unchanged; independent check: {'PASS' if report.ok else 'FAIL'}; workbook: {written} "
        "(every change in its Changes sheet)",
        highlight=False,
    )
    if not report.ok:
        _print_items(report.violations[:20])
        raise typer.Exit(EXIT_VIOLATIONS)


def _week_option(program: Program, option: str, text: str) -> int:
    """A week given as a date (the week holding it) or a 1-based number, as a 0-based index."""
    import datetime as dt

    text = text.strip()
    try:
        if text.isdigit():
            week = int(text) - 1
        else:
            week = (dt.date.fromisoformat(text) - program.start_date).days // 7
    except ValueError:
        raise _fail_input(
            f"{option} {text}: not a date or a week number. Fix: write YYYY-MM-DD or a week "
            f"from 1 to {program.weeks}"
        ) from None
    if not 0 <= week < program.weeks:
        raise _fail_input(
            f"{option} {text}: outside the academic year ({program.start_date}, "
            f"{program.weeks} weeks). Fix: a date or week within it"
        )
    return week


def _resident_option(program: Program, option: str, text: str, rid: str) -> str:
    if rid not in program.resident_by_id:
        raise _fail_input(
            f"{option} {text}: unknown resident '{rid}'. Fix: use a resident id from the roster"
        )
    return rid


def _leave_option(program: Program, text: str, freeze: int) -> Leave:
    from scheduler.workflows.repair import Leave

    parts = text.split(":")
    if len(parts) != 3:
        raise _fail_input(
            f"--leave {text}: expected RESIDENT:FROM:TO. Fix: e.g. --leave r004:2027-01-04:2027-02-12"
        )
    rid = _resident_option(program, "--leave", text, parts[0].strip())
    first = _week_option(program, "--leave", parts[1])
    last = _week_option(program, "--leave", parts[2])
    if last < first:
        raise _fail_input(f"--leave {text}: it ends before it starts. Fix: FROM before TO")
    if first < freeze:
        raise _fail_input(
            f"--leave {text}: it starts in week {first + 1}, before week {freeze + 1}, the first "
            "week that may change. Fix: an earlier --freeze-until"
        )
    return Leave(rid, first, last)


def _withdraw_option(program: Program, text: str, freeze: int, leaves: list[Leave]) -> Withdrawal:
    from scheduler.workflows.repair import Withdrawal

    parts = text.split(":")
    if len(parts) != 2:
        raise _fail_input(
            f"--withdraw {text}: expected RESIDENT:FROM. Fix: e.g. --withdraw r004:2027-01-04"
        )
    rid = _resident_option(program, "--withdraw", text, parts[0].strip())
    first = _week_option(program, "--withdraw", parts[1])
    if first < freeze or first == 0:
        raise _fail_input(
            f"--withdraw {text}: week {first + 1} is frozen (weeks before week {max(freeze, 1) + 1} "
            "never change). Fix: an earlier --freeze-until"
        )
    if any(leave.resident == rid and leave.last >= first for leave in leaves):
        raise _fail_input(
            f"--withdraw {text}: {rid} also has a --leave that runs into week {first + 1}. "
            "Fix: end the leave before the withdrawal, or leave it out"
        )
    return Withdrawal(rid, first)


def _swap_option(program: Program, text: str) -> Swap:
    from scheduler.domain import WeekSpan
    from scheduler.workflows.repair import Swap

    parts = text.split(":")
    if len(parts) != 3:
        raise _fail_input(f"--swap {text}: expected R1:R2:WEEKS. Fix: e.g. --swap r004:r011:12-14")
    one = _resident_option(program, "--swap", text, parts[0].strip())
    other = _resident_option(program, "--swap", text, parts[1].strip())
    try:
        span = WeekSpan.model_validate(parts[2].strip())
    except ValueError:
        raise _fail_input(
            f"--swap {text}: '{parts[2]}' is not a week or 'first-last'. Fix: e.g. 12-14"
        ) from None
    if span.last > program.weeks or one == other:
        raise _fail_input(
            f"--swap {text}: two different residents and weeks within the year's {program.weeks}. "
            "Fix: correct the swap"
        )
    return Swap(one, other, span.first - 1, span.last - 1)


def _refuse_breaking_swaps(
    program: Program, baseline: Schedule, swapped: Schedule, texts: list[str]
) -> None:
    """A swap is applied only if it breaks no rule the published schedule kept."""
    from scheduler.checks import validate

    before = {str(v) for v in validate(program, baseline).violations}
    broken = [v for v in validate(program, swapped).violations if str(v) not in before]
    if broken:
        err.print(f"[bold red]Swap refused[/] ({', '.join(texts)}): it would break these rules.")
        _print_items(broken)
        raise typer.Exit(EXIT_INFEASIBLE)


@app.command()
@_ends_cleanly
def rollover(
    program_file: Annotated[Path, typer.Argument(help="program YAML file")],
    schedule_file: Annotated[
        Path, typer.Option("--from", help="this year's schedule workbook (.xlsx)")
    ],
    out_dir: Annotated[
        Path, typer.Option("--out", "-o", help="a new (or empty) folder for next year's files")
    ],
    sheet: Annotated[
        Sheet, typer.Option("--sheet", case_sensitive=False, help="read the schedule from")
    ] = Sheet.ASSIGNMENTS,
) -> None:
    """Write next year's program, roster and history from this year's schedule."""
    import yaml

    from scheduler.inputs.scenarios import is_scenario
    from scheduler.workflows import rollover as next_year

    program = _load(program_file)
    try:
        data = yaml.safe_load(program_file.read_text(encoding="utf-8"))
        if is_scenario(data):
            raise InputError(
                str(program_file),
                "",
                "rollover writes next year from a whole program, not a scenario",
                "write the scenario's changes into the program file first, or roll over its base",
            )
        schedule, _ = _read_checked(program, schedule_file, sheet)
    except InputError as error:
        raise _fail_input(error) from None
    targets = {name: out_dir / name for name in ("program.yaml", "roster.csv", "history.csv")}
    taken = [str(path) for path in targets.values() if path.exists()]
    if taken:
        raise _fail_input(
            f"{out_dir}: already holds {', '.join(taken)}, which rollover would replace. "
            "Fix: give --out a new or empty folder"
        )
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise _fail_input(
            f"{out_dir}: the folder cannot be made ({error.strerror}). Fix: choose another --out"
        ) from None
    roster = next_year.next_roster(program, schedule)
    history = next_year.next_history(program, schedule)
    next_data = next_year.next_program(data, program)
    _write_atomically(
        targets["program.yaml"],
        "# Next year's program, written by residency-scheduler rollover from "
        f"{program_file.name} and {schedule_file.name}\n"
        + yaml.safe_dump(next_data, sort_keys=False),
    )
    _write_atomically(targets["roster.csv"], _csv(next_year.ROSTER_COLUMNS, roster))
    _write_atomically(targets["history.csv"], _csv(next_year.HISTORY_COLUMNS, history))
    staying = sum(1 for r in program.residents if not next_year.graduates(program, r))
    out.print(
        f"{out_dir}: program.yaml, roster.csv ({staying} residents moved up, "
        f"{len(roster) - staying} places for incoming interns, "
        f"{len(program.residents) - staying} graduated), history.csv ({len(history)} rows)",
        highlight=False,
    )
    for place in next_year.emptied(next_data):
        err.print(
            f"{place}: every resident named there graduated; name next year's", highlight=False
        )


def _csv(columns: Sequence[str], rows: Iterable[dict[str, object]]) -> str:
    import csv
    import io

    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return text.getvalue()


def _write_atomically(path: Path, text: str) -> None:
    """Written beside the target, then renamed over it: never half a file."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, path)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise _fail_input(
            f"{path}: could not be written ({error.strerror}). Fix: choose a writable --out"
        ) from None


@app.command()
@_ends_cleanly
def compare(
    base_file: Annotated[Path, typer.Argument(help="the base program YAML file")],
    scenario_files: Annotated[
        list[Path],
        typer.Argument(
            help="scenario files (a base program's changes: see the README), or whole programs"
        ),
    ],
    out_path: Annotated[
        Path, typer.Option("--out", "-o", help="comparison workbook to write (.xlsx)")
    ] = Path("comparison.xlsx"),
    schedules: Annotated[
        Path | None,
        typer.Option(
            help="also write each scenario's own schedule workbook into this folder (for "
            "'check' with the scenario file)"
        ),
    ] = None,
    time_limit: TimeLimit = 60.0,
    workers: Workers = 2,
    seed: Seed = 0,
    seeds: Annotated[
        int,
        typer.Option(
            help="solve each scenario with this many seeds (from --seed on) and keep the best",
            min=1,
            max=1000,
        ),
    ] = 1,
    stop_at_first: Annotated[
        bool,
        typer.Option(
            "--stop-at-first",
            help="stop each solve at its first valid schedule (a quick draft of each scenario)",
        ),
    ] = False,
    parallel: Annotated[
        int | None,
        typer.Option(help="solves at a time (default: the cores / --workers)", min=1, max=1024),
    ] = None,
    executor: Annotated[
        str,
        typer.Option(
            help="'process' (local processes) or 'ray' (a Ray cluster: --ray-address, or a "
            "local instance; needs the [ray] extra)"
        ),
    ] = "process",
    ray_address: Annotated[
        str | None, typer.Option(help="the Ray cluster to join (default: start a local one)")
    ] = None,
) -> None:
    """Solve a base program and scenarios of it, and compare them side by side."""
    from reports.comparison import Compared, build_comparison, side_by_side
    from reports.workbook import save_atomically
    from scheduler.inputs.scenarios import load_base, load_scenario
    from scheduler.workflows.compare import Executor, Task, best_of, run_sweep

    if executor not in {e.value for e in Executor}:
        raise _fail_input(f"--executor {executor}: not an executor. Fix: choose 'process' or 'ray'")
    loaded: list[Scenario] = []
    try:
        base = load_base(base_file)
        loaded.append(replace(base, name="base"))
        loaded += [load_scenario(path, base=base_file) for path in scenario_files]
    except InputError as error:
        raise _fail_input(error) from None
    for scenario in loaded[1:]:
        if scenario.base is not None and scenario.base.resolve() != base_file.resolve():
            err.print(
                f"note: {scenario.path} changes its own base, {scenario.base}, not {base_file}",
                markup=False,
                highlight=False,
            )
    inputs = [file for scenario in loaded for file in scenario.files]
    _check_out_path(out_path, inputs)
    loaded = _unique_names(loaded)
    if schedules is not None:
        _check_schedules_dir(schedules, inputs)
        _check_apart(out_path, schedules, loaded)
    tasks = [
        Task(scenario.name, scenario.program, time_limit, workers, seed + n, stop_at_first)
        for scenario in loaded
        for n in range(seeds)
    ]
    err.print(
        f"Comparing {len(loaded)} programs ({len(tasks)} solves of at most {time_limit:g}s, "
        f"{workers} workers each, on {executor})"
    )
    try:
        sweep = _until_done(
            lambda: run_sweep(tasks, Executor(executor), parallel, address=ray_address)
        )
    except InputError as error:
        raise _fail_input(error) from None
    compared = []
    for scenario in loaded:
        mine = [o for o in sweep.outcomes if o.task.name == scenario.name]
        best = best_of(mine)
        compared.append(
            Compared(
                scenario.name,
                scenario.program,
                best.result,
                best.report,
                {o.task.seed: o.result.objective for o in mine},
                file=str(scenario.path),
                base=str(scenario.base or ""),
                description=scenario.description,
                overrides=scenario.overrides,
            )
        )
    order, columns = side_by_side(compared)
    _print_comparison(compared, order, columns)
    try:
        written = save_atomically(build_comparison(compared), out_path)
    except OSError as error:
        raise _fail_input(
            f"{out_path}: the workbook could not be written ({error.strerror}). Fix: choose "
            "a writable path with --out"
        ) from None
    _written.append(written)
    if schedules is not None:
        _write_schedules(schedules, loaded, compared)
    out.print(
        f"comparison written: {written} ({sweep.seconds:.1f}s for {len(tasks)} solves, "
        f"{sweep.parallel if executor == 'process' else 'Ray'} at a time)",
        highlight=False,
    )
    broken = [c.name for c in compared if c.report is not None and not c.report.ok]
    if broken:
        err.print(
            "[bold red]The independent check found violations in the solver's schedule of "
            f"{escape(', '.join(broken))} (an engine bug)[/]"
        )
        raise typer.Exit(EXIT_VIOLATIONS)


def _unique_names(loaded: list[Scenario]) -> list[Scenario]:
    """Scenarios renamed where two share a name ('4+1', '4+1 (2)'), so columns differ (and
    the solves of one are never taken for another's: a renamed one skips the names taken)."""
    taken = {scenario.name for scenario in loaded}
    seen: set[str] = set()
    named = []
    for scenario in loaded:
        name, count = scenario.name, 1
        while name in seen or (name != scenario.name and name in taken):
            count += 1
            name = f"{scenario.name} ({count})"
        seen.add(name)
        named.append(scenario if name == scenario.name else replace(scenario, name=name))
    return named


def _check_schedules_dir(folder: Path, inputs: Iterable[Path]) -> None:
    if folder.exists() and not folder.is_dir():
        raise _fail_input(f"{folder}: --schedules names a file. Fix: give a folder")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise _fail_input(
            f"{folder}: the folder cannot be made ({error.strerror}). Fix: choose another "
            "--schedules"
        ) from None
    held = {path.resolve() for path in inputs}
    if any(path.resolve() in held for path in folder.glob("*.xlsx")):
        raise _fail_input(
            f"{folder}: holds an input of this comparison. Fix: choose another --schedules folder"
        )


def _check_apart(out_path: Path, folder: Path, loaded: list[Scenario]) -> None:
    """The comparison is not one of the schedule workbooks written beside it."""
    from reports.comparison import grid_titles

    names = grid_titles([_as_compared(scenario) for scenario in loaded])
    if any((folder / f"{name}.xlsx").resolve() == out_path.resolve() for name in names):
        raise _fail_input(
            f"{out_path}: a scenario's schedule in --schedules {folder} would replace the "
            "comparison. Fix: give --out another name or folder"
        )


def _as_compared(scenario: Scenario) -> Compared:
    """A scenario before it is solved, as far as naming its sheet goes."""
    from reports.comparison import Compared
    from scheduler.domain.result import Result, Status

    return Compared(scenario.name, scenario.program, Result(Status.NO_SOLUTION, None), None, {})


def _write_schedules(folder: Path, loaded: list[Scenario], compared: list[Compared]) -> None:
    """Each scenario's own schedule workbook, named like its grid sheet."""
    from reports.comparison import grid_titles

    for title, scenario, one in zip(grid_titles(compared), loaded, compared, strict=True):
        if one.result.schedule is None or one.report is None:
            continue
        # the files it was loaded from: a scenario without 'base:' has compare's BASE
        digest = hashlib.sha256(b"".join(file.read_bytes() for file in scenario.files))
        run = one.result.run_info(str(scenario.path), digest.hexdigest())
        written = _write(
            folder / f"{title}.xlsx", one.program, one.result.schedule, one.report, run
        )
        out.print(f"  {escape(one.name)}: {written}", highlight=False)


def _print_comparison(
    compared: list[Compared],
    order: list[tuple[str, str]],
    columns: list[dict[tuple[str, str], Figure]],
) -> None:
    """The side-by-side table in the terminal, section by section."""
    table = Table(show_lines=False, box=None, padding=(0, 2))
    table.add_column("figure", no_wrap=True)
    for one in compared:
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


@app.command()
def schema() -> None:
    """Print the JSON Schema of the program file format."""
    typer.echo(json.dumps(Program.model_json_schema(), indent=2))


def _version(value: bool) -> None:
    if value:
        typer.echo(f"residency-scheduler {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="show the version")
    ] = False,
) -> None:
    """Build, check and export internal-medicine residency rotation schedules."""


def main() -> None:
    """The installed command. A mistake on the command line (an unknown option, a value
    that is not a number) is one line naming it, with where to look, and exit 2, rather
    than a usage box."""
    if len(sys.argv) <= 1:
        err.print(
            "error: no command given. Fix: residency-scheduler solve PROGRAM.yaml --out "
            "schedule.xlsx (or check, explain, schema; --help explains each)",
            markup=False,
            highlight=False,
        )
        raise SystemExit(EXIT_INPUT)
    try:
        code = app(standalone_mode=False)
    except typer.TyperException as error:
        message = error.format_message() if hasattr(error, "format_message") else str(error)
        if message:  # nothing to say when no arguments were given: the help is shown
            context = getattr(error, "ctx", None)
            where = context.command_path if context is not None else "residency-scheduler"
            err.print(
                f"error: {message.rstrip('.')}. Fix: see {where} --help",
                markup=False,
                highlight=False,
            )
        raise SystemExit(EXIT_INPUT) from None
    if code == EXIT_INTERRUPTED and not _stops_reported:
        # Ctrl-C outside a command (while the command line was read): typer exits 130 silently
        err.print("error: interrupted (Ctrl-C): nothing was written", markup=False)
    raise SystemExit(code if isinstance(code, int) else EXIT_OK)
