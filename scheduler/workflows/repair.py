"""Mid-year repair: the published schedule changed as little as the new facts allow.

A published schedule is a promise to residents and services, so after a leave of absence
(or any new fact) a chief resident wants the smallest change that keeps every rule, not a
new year. The repair keeps every week before the freeze week exactly as published, puts
each leave in as fixed weeks on a leave rotation, and solves the later weeks in three
stages, each held to the optimum (or best value) of the one before:

1. the fewest changed resident-weeks (a week whose rotation differs from the published one);
2. then the fewest residents with any change;
3. then the program's own objective (requests, fairness, switches).

A swap two residents agreed on is applied to the published schedule before all this
(:func:`apply_swaps`) and held like a frozen week; the command line first asks the
validator which rules the swapped schedule breaks that the published one kept, and
refuses a swap that breaks any, naming them.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ortools.sat.python import cp_model

from scheduler.checks import Report, Violation, validate
from scheduler.domain import Program, Schedule
from scheduler.domain.facts import Leave, NewFacts, Swap, Withdrawal
from scheduler.domain.params import SolveParams
from scheduler.domain.result import Status, TermValue
from scheduler.explain.alone import personal_conflicts
from scheduler.explain.conflicts import year_model_conflict
from scheduler.stages.solution import hint, hint_schedule, read_schedule, solved_terms
from scheduler.stages.solver import new_solver, searching
from scheduler.stages.year_model import Layout, YearModel, build_year_model

#: The rotation a leave of absence is written as, when the program has none of its own (a
#: leave-category rotation other than vacation).
LEAVE_ROTATION = "leave_of_absence"
#: The rotation the weeks after a resident withdraws are written as.
WITHDRAWN_ROTATION = "withdrawn"


@dataclass(frozen=True)
class Repaired:
    """What a repair found: the program it was solved under (the published cohorts and
    sites, the frozen and leave weeks as pins), the schedule, and how much changed."""

    status: Status
    program: Program
    schedule: Schedule | None
    changed_weeks: int | None = None
    changed_residents: int | None = None
    #: the fewest changed weeks was proven (stage 1 ended OPTIMAL)
    proven_fewest: bool = False
    objective: float | None = None
    terms: dict[str, TermValue] = field(default_factory=dict)
    reasons: list[str] = field(default_factory=list)
    wall_time: float = 0.0


def apply_swaps(published: Schedule, swaps: list[Swap]) -> Schedule:
    """The published schedule with each swap applied (the rotations exchanged week by week)."""
    rows = {rid: list(row) for rid, row in published.assignments.items()}
    for swap in swaps:
        one, other = rows[swap.first_resident], rows[swap.second_resident]
        for w in range(swap.first, swap.last + 1):
            one[w], other[w] = other[w], one[w]
    return Schedule(
        {rid: tuple(row) for rid, row in rows.items()}, published.cohorts, published.sites
    )


def repair_program(
    program: Program,
    published: Schedule,
    freeze: int,
    leaves: list[Leave],
    swaps: list[Swap],
    withdrawals: Sequence[Withdrawal] = (),
) -> Program:
    """The program a repair solves: residents keep their published cohorts and sites, every
    week before ``freeze`` (and every swapped week) is pinned to what was published, each
    leave is pinned to the leave rotation (added when the program has none), and each
    withdrawal marks the resident and pins their last weeks to the withdrawn rotation."""
    data = program.model_dump()
    _withdraw(data, withdrawals)
    leave_id = leave_rotation(program) or LEAVE_ROTATION
    if leave_id == LEAVE_ROTATION and leaves:
        data["rotations"].append(
            {
                "id": LEAVE_ROTATION,
                "name": "Leave of absence",
                "abbreviation": "LOA",
                "category": "leave",
                "phase": "either",
                "residents": sorted({leave.resident for leave in leaves}),
            }
        )
    for resident in data["residents"]:
        rid = resident["id"]
        if rid in published.cohorts:
            resident["cohort"] = published.cohorts[rid]
        if resident["clinic_site"] is None and rid in published.sites:
            resident["clinic_site"] = published.sites[rid]
    held = _held_weeks(published, freeze, swaps)
    pins = [dict(pin) for pin in data["pins"]]
    for rid, weeks in held.items():
        row = published.assignments[rid]
        pins += [
            {
                "resident": rid,
                "weeks": {"first": first + 1, "last": last + 1},
                "rotation": row[first],
            }
            for first, last in _runs(sorted(weeks), row)
        ]
    pins += [
        {
            "resident": leave.resident,
            "weeks": {"first": leave.first + 1, "last": leave.last + 1},
            "rotation": leave_id,
        }
        for leave in leaves
    ]
    data["pins"] = pins
    return Program.model_validate(data)


def _withdraw(data: dict[str, Any], withdrawals: Sequence[Withdrawal]) -> None:
    """The withdrawn rotation (open only to those who withdraw), each one's week, and pins
    from that week to the end of the year."""
    if not withdrawals:
        return
    data["rotations"].append(
        {
            "id": WITHDRAWN_ROTATION,
            "name": "Left the program",
            "abbreviation": "LEFT",
            "category": "leave",
            "phase": "either",
            "residents": sorted({w.resident for w in withdrawals}),
        }
    )
    first = {w.resident: w.first for w in withdrawals}
    for resident in data["residents"]:
        if resident["id"] in first:
            resident["withdrawn_from"] = first[resident["id"]] + 1
    data["pins"] = [
        *data["pins"],
        *(
            {
                "resident": w.resident,
                "weeks": {"first": w.first + 1, "last": data["weeks"]},
                "rotation": WITHDRAWN_ROTATION,
            }
            for w in withdrawals
        ),
    ]


def leave_rotation(program: Program) -> str | None:
    """The program's own rotation for a leave of absence: a leave-category rotation that is
    not the vacation rotation (None when it has none)."""
    return next(
        (
            rotation.id
            for rotation in program.rotations
            if rotation.category == "leave" and rotation.id != program.vacation_rotation
        ),
        None,
    )


def repair(program: Program, published: Schedule, facts: NewFacts, params: SolveParams) -> Repaired:
    """The published schedule repaired with the fewest changes after the freeze week (weeks
    before it never change); see the module docstring for the order."""
    started = time.perf_counter()
    baseline = apply_swaps(published, list(facts.swaps))
    prog = repair_program(
        program, baseline, facts.freeze, list(facts.leaves), list(facts.swaps), facts.withdrawals
    )
    layout = Layout.of(prog, dict(baseline.cohorts))
    built = build_year_model(prog, layout)
    _leave_only_when_on_leave(prog, built, list(facts.leaves))
    _gone_only_when_gone(prog, built)
    changed = changed_weeks(prog, built, baseline, facts.freeze)
    hint_schedule(prog, built, baseline)
    total_changed = cp_model.LinearExpr.sum([e for row in changed.values() for e in row])
    built.model.minimize(total_changed)
    budgets = (0.5 * params.time_limit, 0.2 * params.time_limit, 0.3 * params.time_limit)
    best, code = _solve(built.model, budgets[0], params)
    if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return _no_repair(prog, layout, code, params, started)
    built.model.add(total_changed <= round(best.objective_value))
    best = _then_fewest_residents_and_objective(built, changed, best, budgets[1:], params)
    schedule = read_schedule(best, built, prog, baseline)
    terms = solved_terms(best, built)
    # counted against the published schedule: a swap's weeks are changes too
    differences = _differences(published, schedule)
    return Repaired(
        Status.FEASIBLE,
        prog,
        schedule,
        changed_weeks=sum(len(weeks) for weeks in differences.values()),
        changed_residents=len(differences),
        proven_fewest=code == cp_model.OPTIMAL,
        objective=sum(term.weight * term.value for term in terms.values()),
        terms=terms,
        wall_time=time.perf_counter() - started,
    )


def _then_fewest_residents_and_objective(
    built: YearModel,
    changed: dict[int, list[cp_model.LinearExprT]],
    best: cp_model.CpSolver,
    budgets: tuple[float, ...],
    params: SolveParams,
) -> cp_model.CpSolver:
    """Stages 2 and 3, each from the last stage's schedule and held to its value after."""
    model = built.model
    affected = _affected(built, changed)
    for goal, budget in (
        (cp_model.LinearExpr.sum(affected), budgets[0]),
        (
            cp_model.LinearExpr.sum([p.weight * p.expression for p in built.penalties if p.weight]),
            budgets[1],
        ),
    ):
        hint(model, best.response_proto.solution)  # the last stage's schedule
        model.minimize(goal)
        solver, code = _solve(model, budget, params)
        if code in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            best = solver
            model.add(goal <= round(best.objective_value))  # the next stage keeps it
    return best


def _differences(before: Schedule, after: Schedule) -> dict[str, list[int]]:
    """The weeks whose rotation differs, for each resident with any."""
    differing = {
        rid: [
            w
            for w, (old, new) in enumerate(zip(row, after.assignments[rid], strict=True))
            if old != new
        ]
        for rid, row in before.assignments.items()
    }
    return {rid: weeks for rid, weeks in differing.items() if weeks}


def _leave_only_when_on_leave(program: Program, built: YearModel, leaves: list[Leave]) -> None:
    """The leave rotation holds a resident only in the weeks of their leave: elsewhere it
    would be a free way out of any duty."""
    leave_id = leave_rotation(program)
    if leave_id != LEAVE_ROTATION:
        return  # the program's own leave rotation keeps its own rules
    k = program.rotation_index[leave_id]
    on_leave = {(leave.resident, w) for leave in leaves for w in range(leave.first, leave.last + 1)}
    for r, resident in enumerate(program.residents):
        for w in range(program.weeks):
            var = built.variables.cell(r, w).get(k)
            if var is not None and (resident.id, w) not in on_leave:
                built.model.add(var == 0)


def _gone_only_when_gone(program: Program, built: YearModel) -> None:
    """The withdrawn rotation holds a resident only from the week they withdraw: before
    it, it would be a free way out of any duty."""
    k = program.rotation_index.get(WITHDRAWN_ROTATION)
    if k is None:
        return
    for r, resident in enumerate(program.residents):
        for w in range(program.weeks):
            var = built.variables.cell(r, w).get(k)
            if var is not None and resident.present(w):
                built.model.add(var == 0)


def _held_weeks(published: Schedule, freeze: int, swaps: list[Swap]) -> dict[str, set[int]]:
    """Weeks that stay as published: every week before the freeze, and swapped weeks."""
    held = {rid: set(range(min(freeze, len(row)))) for rid, row in published.assignments.items()}
    for swap in swaps:
        for rid in (swap.first_resident, swap.second_resident):
            held[rid] |= set(range(swap.first, swap.last + 1))
    return held


def _runs(weeks: list[int], row: tuple[str, ...]) -> list[tuple[int, int]]:
    """Consecutive weeks on one rotation, as (first, last) pairs: one pin each."""
    runs: list[tuple[int, int]] = []
    for w in weeks:
        if runs and runs[-1][1] == w - 1 and row[w - 1] == row[w]:
            runs[-1] = (runs[-1][0], w)
        else:
            runs.append((w, w))
    return runs


def changed_weeks(
    program: Program, built: YearModel, baseline: Schedule, freeze: int
) -> dict[int, list[cp_model.LinearExprT]]:
    """For each resident, one term per week from the freeze on: 1 when the week differs
    from the baseline (a literal, or the constant 1 where the baseline's rotation is
    closed, as on a leave week)."""
    index = program.rotation_index
    changed: dict[int, list[cp_model.LinearExprT]] = {}
    for r, resident in enumerate(program.residents):
        row = baseline.assignments[resident.id]
        terms: list[cp_model.LinearExprT] = []
        for w in range(freeze, program.weeks):
            kept = built.variables.cell(r, w).get(index.get(row[w], -1))
            terms.append(1 if kept is None else 1 - kept)
        changed[r] = terms
    return changed


def _affected(
    built: YearModel, changed: dict[int, list[cp_model.LinearExprT]]
) -> list[cp_model.IntVar]:
    """One literal per resident, true when any of their weeks changed."""
    model = built.model
    affected = []
    for r, terms in changed.items():
        any_change = model.new_bool_var(f"changed resident {r}")
        for term in terms:
            model.add(any_change >= term)
        affected.append(any_change)
    return affected


def _solve(
    model: cp_model.CpModel, seconds: float, params: SolveParams
) -> tuple[cp_model.CpSolver, cp_model.CpSolverStatus]:
    solver = new_solver(max(1.0, seconds), params)
    with searching(solver):
        code = solver.solve(model)
    return solver, code


def _no_repair(
    program: Program,
    layout: Layout,
    code: cp_model.CpSolverStatus,
    params: SolveParams,
    started: float,
) -> Repaired:
    """No repair: the rules that conflict with the frozen weeks and the leave, when the
    solver proved it, else that none was found in the time."""
    if code != cp_model.INFEASIBLE:
        return Repaired(
            Status.NO_SOLUTION,
            program,
            None,
            reasons=[
                f"no repair found in {params.time_limit:g}s (not proven impossible): try a longer "
                "--time-limit, or an earlier --freeze-until"
            ],
            wall_time=time.perf_counter() - started,
        )
    # the published schedule kept every rule, so the conflict is most often in the year of a
    # resident the new facts touch: the residents' years alone name it in a second or two,
    # where the whole program's core took more than 20 s on example B
    candidates = {r.id: [r.cohort] for r in program.residents if r.cohort is not None}
    findings = personal_conflicts(
        program, candidates, params, time_limit=min(20.0, params.time_limit / 2)
    )
    if findings:
        return Repaired(
            Status.INFEASIBLE,
            program,
            None,
            reasons=[str(finding) for finding in findings],
            wall_time=time.perf_counter() - started,
        )
    labels = year_model_conflict(
        program, layout, params, time_limit=max(5.0, params.time_limit / 2)
    )
    reasons = [str(label) for label in labels or []] or [
        "the solver proved there is no repair, but could not name the conflicting rules in time"
    ]
    return Repaired(
        Status.INFEASIBLE,
        program,
        None,
        reasons=reasons,
        wall_time=time.perf_counter() - started,
    )


@dataclass(frozen=True)
class RepairOutcome:
    """A repair and the independent check of the repaired schedule (None without one)."""

    repaired: Repaired
    report: Report | None


def broken_by_swaps(
    program: Program, published: Schedule, swaps: Sequence[Swap]
) -> list[Violation]:
    """The rules the swapped schedule breaks that the published one kept: a swap is applied
    only if there are none."""
    before = {str(v) for v in validate(program, published).violations}
    swapped = apply_swaps(published, list(swaps))
    return [v for v in validate(program, swapped).violations if str(v) not in before]


def repair_and_check(
    program: Program, published: Schedule, facts: NewFacts, params: SolveParams
) -> RepairOutcome:
    """The repair, and the independent check of what it found."""
    repaired = repair(program, published, facts, params)
    if repaired.schedule is None:
        return RepairOutcome(repaired, None)
    return RepairOutcome(repaired, validate(repaired.program, repaired.schedule))
