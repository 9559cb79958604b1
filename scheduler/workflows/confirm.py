"""Confirm the denial of a priority-1 request with a second solve that makes it hard.

The Requests sheet's reasons are read off the schedule: true, but they describe this
schedule, not every schedule. For the requests that matter most, a chief resident wants
to know whether any schedule could grant them. So each denied priority-1 soft request is
tried again, alone, as a hard request, with every other rule and request unchanged:

- no schedule (proven): the denial is confirmed, with the proof's first reason;
- a schedule: it can be granted, at the cost of other goals (the two objectives given);
- neither in the time: not decided.

Plain model-side work (it calls :func:`scheduler.workflows.solving.solve`); the CLI decides when.
"""

from __future__ import annotations

import time

from scheduler.domain import Program
from scheduler.domain.params import SolveParams
from scheduler.domain.result import Status
from scheduler.stages.solver import stop_requested
from scheduler.workflows.solving import solve

#: At most this many denials are tried (the highest priority first, in file order).
MOST_CONFIRMED = 10


def confirm_denials(
    program: Program,
    sources: list[str],
    objective: float | None,
    params: SolveParams,
) -> dict[str, str]:
    """``source`` ('requests.vacation[3]') -> what a solve with it made hard found, within
    ``params.confirm_time_limit`` seconds in all."""
    found: dict[str, str] = {}
    deadline = time.perf_counter() + params.confirm_time_limit
    for source in sources[:MOST_CONFIRMED]:
        remaining = deadline - time.perf_counter()
        if remaining < 1 or stop_requested():
            break
        share = remaining / max(1, len(sources[:MOST_CONFIRMED]) - len(found))
        again = SolveParams(
            time_limit=share,
            workers=params.workers,
            seed=params.seed,
            stop_at_first=True,
            diagnose_time_limit=share,
        )
        result = solve(made_hard(program, source), again)
        found[source] = _verdict(result.status, result.reasons, result.objective, objective, share)
    return found


def made_hard(program: Program, source: str) -> Program:
    """The program with one request (by its source, 'requests.vacation[3]') made hard."""
    section, _, rest = source.removeprefix("requests.").partition("[")
    index = int(rest.rstrip("]"))
    data = program.model_dump()
    data["requests"][section][index]["hard"] = True
    return Program.model_validate(data)


def _verdict(
    status: Status,
    reasons: list[str],
    found: float | None,
    objective: float | None,
    seconds: float,
) -> str:
    if status == Status.INFEASIBLE:
        reason = f": {reasons[0]}" if reasons else ""
        return f"confirmed: no schedule grants it with every rule{reason}"
    if status in (Status.OPTIMAL, Status.FEASIBLE):
        cost = (
            f" (a first such schedule scores {found:g}, this one {objective:g})"
            if found is not None and objective is not None
            else ""
        )
        return f"a schedule granting it exists{cost}: make it hard to get it"
    return f"not decided in {seconds:.0f}s: no schedule granting it was found, none ruled out"
