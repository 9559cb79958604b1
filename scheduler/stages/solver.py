"""The one place the engine makes a CP-SAT solver, and how a caller's stop request reaches it.

Every solver comes from :func:`new_solver`: the time limit, the workers and the seed of the
solve's :class:`~scheduler.domain.params.SolveParams`, then any setting a stage needs by its
CP-SAT name (one thread for an assumption core, no presolve for a first schedule), and
CP-SAT's own SIGINT handler off. By default CP-SAT catches SIGINT itself and ends only the
run in progress, as if its time limit had been reached: the engine could not tell the
difference, went on to the next stage, and wrote what it had as a finished schedule.

Stopping is the caller's :class:`~scheduler.domain.cancel.CancelToken`. A workflow makes it
the current token for everything it calls (:func:`cancellable`, a context variable, so
that two solves in two threads have their own); every run happens inside
:func:`searching`, which lets the token stop it, and every stage asks
:func:`stop_requested` before it starts more work.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from ortools.sat.python import cp_model

from scheduler.domain.cancel import CancelToken
from scheduler.domain.params import SolveParams

#: The token of the work in progress (None outside any: then nothing is ever cancelled).
_current: ContextVar[CancelToken | None] = ContextVar("cancel", default=None)
#: What stands for no token: nobody holds it, so nobody cancels it.
_NEVER = CancelToken()


def _token() -> CancelToken:
    return _current.get() or _NEVER


def new_solver(
    seconds: float, params: SolveParams, **settings: bool | int | float
) -> cp_model.CpSolver:
    """A CP-SAT solver for ``seconds`` with ``params``' workers and seed, then ``settings``
    (CP-SAT parameter names: ``num_workers=1``, ``stop_after_first_solution=True``)."""
    solver = cp_model.CpSolver()
    parameters = solver.parameters
    parameters.catch_sigint_signal = False
    parameters.max_time_in_seconds = seconds
    parameters.num_workers = params.workers
    parameters.random_seed = params.seed
    for name, value in settings.items():
        setattr(parameters, name, value)
    return solver


@contextmanager
def cancellable(token: CancelToken | None) -> Iterator[CancelToken]:
    """Make ``token`` the current one while the block runs (None keeps the current one, so a
    workflow called by another stops with it)."""
    if token is None:
        yield _token()
        return
    previous = _current.set(token)
    try:
        yield token
    finally:
        _current.reset(previous)


@contextmanager
def searching(solver: cp_model.CpSolver) -> Iterator[None]:
    """While the block runs, cancelling the current token ends ``solver``'s search.

    A request made just before the solver's own run begins can miss it (CP-SAT ignores a
    stop before ``solve`` starts), so whoever cancels repeats it until the work is done
    (:meth:`CancelToken.cancel` is cheap and idempotent)."""
    token = _token()
    with token.stops(solver.stop_search):
        if token.cancelled:
            solver.parameters.max_time_in_seconds = 0.0  # asked before this run began
        yield


def stop_requested() -> bool:
    """Whether the caller asked to stop: a stage checks before it starts more work."""
    return _token().cancelled
