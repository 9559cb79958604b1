"""How the command line shows a solve's events: one live line (time, objective, bound,
gap) while schedules improve, and a line when a long step begins (fixes, confirmations,
alternatives) or a proof is found."""

from __future__ import annotations

from rich.live import Live
from rich.text import Text

from scheduler.cli.common import err, print_items
from scheduler.domain.progress import (
    DenialConfirmed,
    Event,
    ProofFound,
    ScheduleFound,
    Stage,
    StageStarted,
)

#: What the command line says when a long step begins, before its detail.
STARTING = {
    Stage.FIXES: "Looking for fixes ({detail}) ...",
    Stage.CONFIRMATIONS: "Confirming {detail} ...",
    Stage.ALTERNATIVES: "Looking for {detail} ...",
}
PROOF = "[bold red]No schedule exists:[/] the rules below cannot all hold together."


class ProgressLine:
    """The printer of a solve's events (a context manager around the solve)."""

    def __init__(self) -> None:
        #: the live line, on a terminal, from the first schedule until the search ends
        self.live: Live | None = None
        self.best: float | None = None

    def __enter__(self) -> ProgressLine:
        return self

    def __exit__(self, *exc: object) -> None:
        self._end_line()

    def _end_line(self) -> None:
        if self.live:
            self.live.__exit__(None, None, None)
            self.live = None

    def __call__(self, event: Event) -> None:
        if isinstance(event, ScheduleFound):
            self._found(event)
        elif isinstance(event, ProofFound):
            self._end_line()
            err.print(PROOF)
            print_items(event.reasons)
        elif isinstance(event, StageStarted) and event.stage in STARTING:
            self._end_line()
            err.print(STARTING[event.stage].format(detail=event.detail))
        elif isinstance(event, DenialConfirmed):
            err.print(f"  {event.source}: {event.verdict}", markup=False, highlight=False)

    def _found(self, event: ScheduleFound) -> None:
        improved = event.objective != self.best
        self.best = event.objective
        gap = ""
        if event.bound is not None:
            gap = (
                f"  gap {abs(self.best - event.bound) / max(abs(self.best), 1e-9):6.1%}"
                if self.best
                else "  gap   0.0%"
            )
        bound = event.bound if event.bound is not None else float("nan")
        line = (
            f"  {event.elapsed:7.1f}s  schedules {event.solutions:4d}  objective {self.best:10g}"
            f"  bound {bound:10g}{gap}"
        )
        if err.is_terminal and self.live is None:
            self.live = Live(console=err, transient=False)
            self.live.__enter__()
        if self.live:
            self.live.update(Text(line))
        elif improved:
            err.print(line, highlight=False)
