"""Solve and check: the whole of what ``solve`` does before it writes, as one function.

The search (:mod:`scheduler.workflows.solving`), then for a schedule the independent check,
the confirmation of each denied priority-1 request and the alternatives asked for; for a
proof, the fixes a solve confirms. Its :class:`Outcome` carries everything a person is
shown; the command line prints it, the web app renders it, a sweep compares it. Progress
goes to ``on_progress`` as events; nothing here prints.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from scheduler.checks import Report, validate
from scheduler.domain import Program, Schedule
from scheduler.domain.edits import Finding
from scheduler.domain.params import SolveParams
from scheduler.domain.progress import (
    DenialConfirmed,
    FixConfirmed,
    OnProgress,
    ProofFound,
    Stage,
    ignore,
    reporting,
)
from scheduler.domain.result import Result, Status, TermValue
from scheduler.explain.before_search import screen
from scheduler.stages.solver import stop_requested
from scheduler.workflows.alternatives import Alternatives, find_alternatives
from scheduler.workflows.confirm import confirm_denials
from scheduler.workflows.fixes import Suggestions, suggest_fixes
from scheduler.workflows.solving import solve


@dataclass(frozen=True)
class Checked:
    """Another good schedule, with the independent check's verdict on it and its objective."""

    schedule: Schedule
    report: Report
    objective: float
    terms: dict[str, TermValue]


@dataclass(frozen=True)
class Outcome:
    """What a solve produced, checked: a schedule and its verdict, or the reasons there is
    none (with fixes for a proof)."""

    program: Program
    params: SolveParams
    #: status, schedule, objective and bound, each objective term, times, reasons
    result: Result
    #: the independent check of ``result.schedule`` (None without a schedule)
    report: Report | None = None
    #: for a program proven to have no schedule: changes to one input, each confirmed
    fixes: Suggestions | None = None
    #: denied priority-1 requests tried again as hard ones: source -> what that found
    confirmations: dict[str, str] = field(default_factory=dict)
    #: other good schedules (``params.alternatives`` > 1), each checked
    alternatives: tuple[Checked, ...] = ()
    #: why there are no more alternatives than these (empty when all were found)
    alternatives_stopped: str = ""

    @property
    def status(self) -> Status:
        return self.result.status

    @property
    def schedule(self) -> Schedule | None:
        return self.result.schedule

    @property
    def interrupted(self) -> bool:
        return self.result.interrupted

    @property
    def ok(self) -> bool:
        """A schedule that the independent check passes."""
        return self.report is not None and self.report.ok


def solve_and_check(
    program: Program, params: SolveParams, on_progress: OnProgress | None = None
) -> Outcome:
    """The search, then what ``params`` asks for around it (see the module docstring)."""
    emit = on_progress or ignore
    result = solve(program, params, emit)
    if result.status == Status.INFEASIBLE:
        emit(ProofFound(tuple(result.reasons)))
        return Outcome(
            program, params, result, fixes=_fixes(program, result.findings, params, emit)
        )
    if result.schedule is None:
        return Outcome(program, params, result)
    with reporting(emit, Stage.CHECK):
        report = validate(program, result.schedule)
    if params.relax or result.interrupted:
        return Outcome(program, params, result, report)
    confirmations = _confirmations(program, report, result, params, emit)
    outcome = Outcome(program, params, result, report, confirmations=confirmations)
    if params.alternatives > 1 and report.ok:
        return _with_alternatives(outcome, result.schedule, emit)
    return outcome


def denied_priority_one(report: Report) -> list[str]:
    """The denied priority-1 soft requests about weeks (their sources), in file order."""
    return [
        o.source
        for o in report.requests
        if o.kind in ("vacation", "unavailable")
        and o.priority == 1
        and not o.hard
        and not o.granted
    ]


def _fixes(
    program: Program, findings: Sequence[Finding], params: SolveParams, emit: OnProgress
) -> Suggestions | None:
    """Changes to one input each, confirmed by a solve, for the conflicts of a proof."""
    if not findings or params.fix_time_limit <= 0:
        return None
    detail = f"at most {params.fix_time_limit:g}s; each is confirmed by a solve"
    with reporting(emit, Stage.FIXES, detail):
        found = suggest_fixes(program, findings, params)
    for fix in found.fixes:
        emit(FixConfirmed(str(fix)))
    return found


def _confirmations(
    program: Program, report: Report, result: Result, params: SolveParams, emit: OnProgress
) -> dict[str, str]:
    denied = denied_priority_one(report)
    if not denied or params.confirm_time_limit <= 0:
        return {}
    noun = "denied priority-1 request" + ("" if len(denied) == 1 else "s")
    detail = (
        f"{len(denied)} {noun} by solving with each made hard "
        f"(at most {params.confirm_time_limit:g}s)"
    )
    with reporting(emit, Stage.CONFIRMATIONS, detail):
        found = confirm_denials(program, denied, result.objective, params)
    for source, verdict in found.items():
        emit(DenialConfirmed(source, verdict))
    return found


def _with_alternatives(outcome: Outcome, best: Schedule, emit: OnProgress) -> Outcome:
    params = outcome.params
    detail = (
        f"{params.alternatives - 1} other schedules, each differing from the others in at "
        f"least {params.differ} resident-weeks (at most {params.time_limit:g}s)"
    )
    with reporting(emit, Stage.ALTERNATIVES, detail):
        found: Alternatives = find_alternatives(outcome.program, best, params)
        checked = tuple(
            Checked(
                other.schedule,
                validate(outcome.program, other.schedule),
                other.objective,
                other.terms,
            )
            for other in found.found
        )
    return replace(outcome, alternatives=checked, alternatives_stopped=found.stopped)


@dataclass(frozen=True)
class Diagnosis:
    """What the checks before the search found (``explain``), with confirmed fixes for a
    proof."""

    status: Status | None  # INFEASIBLE (proven), NO_SOLUTION (undecided), None (no conflict)
    reasons: list[str]
    fixes: Suggestions | None = None
    interrupted: bool = False


def diagnose(
    program: Program, params: SolveParams, on_progress: OnProgress | None = None
) -> Diagnosis:
    """The proofs in numbers, each resident's year alone and the cohort stage, in seconds;
    for a proof, fixes confirmed by a solve (``params.fix_time_limit``)."""
    emit = on_progress or ignore
    with reporting(emit, Stage.PROOFS):
        found = screen(program, params)
    stopped = found.status != Status.INFEASIBLE and stop_requested()
    if found.status != Status.INFEASIBLE:
        return Diagnosis(found.status, found.reasons, interrupted=stopped)
    emit(ProofFound(tuple(found.reasons)))
    return Diagnosis(found.status, found.reasons, _fixes(program, found.findings, params, emit))
