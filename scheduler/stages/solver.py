"""Ctrl-C: one process-wide request to stop searching, honoured by every CP-SAT run.

By default CP-SAT catches SIGINT itself and ends only the run in progress, as if its time
limit had been reached, then puts back the default handler: the engine could not tell the
difference, went on to the next component or stage, and wrote what it had as a finished
schedule. So every solver of the engine is made by :func:`new_solver`, with CP-SAT's own
handler off, and run inside :func:`searching`; the command line turns SIGINT into
:func:`request_stop`, which stops the runs in progress, and every stage asks
:func:`stop_requested` before it starts more work.

A signal is process-wide, so the request is too (a module-level event, not a parameter
threaded through every stage). :func:`clear` resets it for the next run in one process.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from ortools.sat.python import cp_model

_requested = threading.Event()
_lock = threading.Lock()
_running: set[cp_model.CpSolver] = set()


def new_solver() -> cp_model.CpSolver:
    """A CP-SAT solver that leaves SIGINT to the engine."""
    solver = cp_model.CpSolver()
    solver.parameters.catch_sigint_signal = False
    return solver


@contextmanager
def searching(solver: cp_model.CpSolver) -> Iterator[None]:
    """While the block runs, a stop request ends ``solver``'s search.

    A request made just before the solver's own run begins can miss it (CP-SAT ignores a
    stop before ``solve`` starts), so whoever requests a stop repeats it until the work is
    done (:func:`request_stop` is cheap and idempotent)."""
    with _lock:
        _running.add(solver)
    if stop_requested():
        solver.parameters.max_time_in_seconds = 0.0  # asked before this run began
    try:
        yield
    finally:
        with _lock:
            _running.discard(solver)


def request_stop() -> None:
    """Stop every search in progress now, and every stage before it starts another."""
    _requested.set()
    with _lock:
        running = list(_running)
    for solver in running:
        solver.stop_search()


def stop_requested() -> bool:
    return _requested.is_set()


def clear() -> None:
    """Forget an earlier request (a new run in the same process)."""
    _requested.clear()
