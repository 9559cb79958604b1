"""What every command shares: the consoles, the exit codes, one-line errors, the options
``solve``, ``repair`` and ``compare`` have in common, and how a command ends when the
user presses Ctrl-C or the system sends SIGTERM.

Exit codes: 0 success (a schedule, or a clean check), 1 a check found violations (or a
best-effort ``--relax`` schedule breaks rules), 2 invalid input (or the workbook could not be
written: the schedule is then saved as CSV), 3 the program is proven infeasible, 4 no
schedule within the time limit, 130 interrupted (Ctrl-C; the best schedule so far is
written, marked as interrupted), 143 terminated (SIGTERM; nothing written).
"""

from __future__ import annotations

import functools
import signal
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from types import FrameType
from typing import Annotated, ParamSpec, TypeVar

import typer
from rich.console import Console
from rich.text import Text

from scheduler.domain import InputError
from scheduler.domain.cancel import CancelToken
from scheduler.domain.params import MOST_SECONDS, MOST_SEED, MOST_WORKERS

EXIT_OK, EXIT_VIOLATIONS, EXIT_INPUT, EXIT_INFEASIBLE, EXIT_NO_SCHEDULE = 0, 1, 2, 3, 4
#: what a shell reports for a process ended by SIGINT (Ctrl-C) and by SIGTERM: 128 + signal
EXIT_INTERRUPTED, EXIT_TERMINATED = 130, 143

# soft_wrap: never break a message (or a file name) across lines when output is piped.
out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)

#: The search options ``solve``, ``repair`` and ``compare`` share.
TimeLimit = Annotated[float, typer.Option(help="seconds to search", min=1, max=MOST_SECONDS)]
Workers = Annotated[int, typer.Option(help="solver threads", min=1, max=MOST_WORKERS)]
Seed = Annotated[int, typer.Option(help="random seed, for reproducible runs", min=0, max=MOST_SEED)]
ProgramFile = Annotated[Path, typer.Argument(help="program YAML file")]


def print_items(items: Iterable[object]) -> None:
    """One '  - ' line per item on stderr, never wrapped or styled (rules, violations)."""
    for item in items:
        err.print(f"  - {item}", markup=False, highlight=False)


def fail_input(error: InputError | str) -> typer.Exit:
    """The one line bad input gets (exit 2)."""
    err.print(Text(f"error: {error}", style="bold red"))
    return typer.Exit(EXIT_INPUT)


def count(number: int, noun: str) -> str:
    return f"{number} {noun}" + ("" if number == 1 else "s")


P = ParamSpec("P")
T = TypeVar("T")


class _Run:
    """The command in progress: its cancel token, the files it wrote, whether it said how
    it stopped."""

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        self.token = CancelToken()
        self.written: list[Path] = []
        self.stops_reported: list[int] = []


#: the command this process runs (one at a time)
run = _Run()


class _Terminated(BaseException):
    """SIGTERM, raised in the main thread so that every ``finally`` (the removal of a
    half-written temporary file) runs before the process ends."""


def _on_sigterm(signum: int, frame: FrameType | None) -> None:
    raise _Terminated


def _on_ctrl_c(signum: int, frame: FrameType | None) -> None:
    """The first Ctrl-C stops the search and keeps the best schedule; the second quits."""
    if run.token.cancelled:
        raise KeyboardInterrupt
    run.token.cancel()
    err.print(
        "Ctrl-C: stopping the search; the best schedule found so far will be written "
        "(Ctrl-C again quits without writing it)",
        markup=False,
        highlight=False,
    )


def ends_cleanly(command: Callable[P, None]) -> Callable[P, None]:
    """A command that Ctrl-C or SIGTERM ends with one line and a stated exit code (never a
    traceback, never a silent exit); what it was writing is removed on the way out."""

    @functools.wraps(command)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> None:
        run.reset()
        in_main = threading.current_thread() is threading.main_thread()
        in_main = in_main and signal.getsignal(signal.SIGTERM) is not signal.SIG_IGN
        previous = signal.signal(signal.SIGTERM, _on_sigterm) if in_main else None
        try:
            command(*args, **kwargs)
        except typer.Exit as done:
            if done.exit_code in (EXIT_INTERRUPTED, EXIT_TERMINATED):
                run.stops_reported.append(done.exit_code)  # the command said what it kept
            raise
        except KeyboardInterrupt:
            raise _stopped("interrupted (Ctrl-C)", EXIT_INTERRUPTED) from None
        except _Terminated:
            raise _stopped("terminated (SIGTERM)", EXIT_TERMINATED) from None
        finally:
            if in_main:
                signal.signal(signal.SIGTERM, previous)

    return wrapped


def _stopped(how: str, code: int) -> typer.Exit:
    kept = f"{run.written[-1]} was written before" if run.written else "nothing was written"
    err.print(f"error: {how}: {kept}", markup=False, highlight=False)
    run.stops_reported.append(code)
    return typer.Exit(code)


def until_done(work: Callable[[], T]) -> T:
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
    done = threading.Event()

    def target() -> None:
        try:
            outcome.append(work())
        except BaseException as error:  # handed to the main thread, raised there
            failure.append(error)
        finally:
            done.set()

    thread = threading.Thread(target=target, name="search", daemon=True)
    previous = signal.signal(signal.SIGINT, _on_ctrl_c)
    try:
        thread.start()
        # an Event, not Thread.join: a join that a signal interrupts can leave the thread
        # marked stopped while it still runs (CPython 3.11)
        while not done.wait(0.2):
            if run.token.cancelled:
                run.token.cancel()  # again: a run about to start when asked missed it
    except BaseException:
        # SIGTERM, or a second Ctrl-C: the process ends, but not under a running solver
        # (its threads, torn down with the interpreter, abort the process: exit -6)
        _stop(done)
        raise
    finally:
        signal.signal(signal.SIGINT, previous)
    if failure:
        raise failure[0]
    return outcome[0]


#: Seconds the search gets to stop when the process must end.
STOPPING = 30.0


def _stop(done: threading.Event) -> None:
    """Cancel the search and wait for it to stop (every stage asks the token)."""
    waited = 0.0
    while not done.is_set() and waited < STOPPING:
        run.token.cancel()
        done.wait(0.2)
        waited += 0.2


def guarded(work: Callable[[], T]) -> T:
    """``work``, with bad input (an :class:`InputError`) ending the command in one line."""
    try:
        return work()
    except InputError as error:
        raise fail_input(error) from None


def wrote(paths: Iterable[Path]) -> None:
    """Record what the command has written, so an interruption can say what exists."""
    run.written.extend(paths)
