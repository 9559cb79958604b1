"""A caller's request to stop a solve: Ctrl-C in the command line, a Stop button in the web app.

The caller keeps the token and calls :meth:`CancelToken.cancel`; the engine stops every
CP-SAT run in progress under it within about a second, starts no more work, and returns
the best schedule found so far (checked like any other). Plain threading, no solver: the
stages register what stops their runs (:func:`scheduler.stages.solver.searching`).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager


class CancelToken:
    """Set once by whoever started the work; read by every stage of it."""

    def __init__(self) -> None:
        self._set = threading.Event()
        self._lock = threading.Lock()
        self._stoppers: list[Callable[[], None]] = []

    def cancel(self) -> None:
        """Stop the work: every run in progress now, and every stage before it starts more.
        Cheap and idempotent: call it again to reach a run that was about to start."""
        self._set.set()
        with self._lock:
            stoppers = list(self._stoppers)
        for stop in stoppers:
            stop()

    @property
    def cancelled(self) -> bool:
        return self._set.is_set()

    @contextmanager
    def stops(self, stop: Callable[[], None]) -> Iterator[None]:
        """While the block runs, :meth:`cancel` calls ``stop`` (a solver's stop_search)."""
        with self._lock:
            self._stoppers.append(stop)
        try:
            yield
        finally:
            with self._lock:
                self._stoppers.remove(stop)
