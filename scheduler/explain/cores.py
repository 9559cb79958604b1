"""Small sets of rules that cannot all hold, from CP-SAT assumption cores.

A model built in diagnosis mode guards each labelled rule with a switch literal. Solving
under the assumption that every switch is on gives, when infeasible, a core: switches that
cannot all be on. CP-SAT's core is not minimal; a deletion filter shrinks it until every
rule left is needed, which is what a chief resident should read.

A model of one resident's year (:mod:`scheduler.explain.alone`), with few switches, is shrunk by
fixing switches instead: a switch fixed on is a plain rule that presolve can reason with,
where under assumptions the same proof can take CP-SAT minutes (37 s against 0.01 s on an
intern whose segments, sequencing and vacation cannot all fit).
"""

from __future__ import annotations

import time

from ortools.sat.python import cp_model

from scheduler.domain.params import SolveParams
from scheduler.stages.families import RuleContext
from scheduler.stages.labels import Label
from scheduler.stages.solver import new_solver, searching, stop_requested


def conflicting_rules(ctx: RuleContext, deadline: float, params: SolveParams) -> list[Label] | None:
    """Labels of rules of a diagnosis-mode model that cannot all hold, shrunk while time
    allows (None if no core was found in time)."""
    by_index = {var.index: label for label, var in ctx.switches.items()}
    if ctx.personal and len(ctx.switches) <= FEW_SWITCHES:
        fixed = _shrink_by_fixing(ctx.model, list(ctx.switches.values()), deadline, params)
        if fixed is None:
            return None
        return sorted((by_index[var.index] for var in fixed), key=Label.sort_key)
    core = _core(ctx.model, list(ctx.switches.values()), deadline, params)
    if core is None:
        return None
    kept = _shrink(ctx.model, core, deadline, params)
    return sorted((by_index[var.index] for var in kept), key=Label.sort_key)


def _core(
    model: cp_model.CpModel, switches: list[cp_model.IntVar], deadline: float, params: SolveParams
) -> list[cp_model.IntVar] | None:
    model.clear_assumptions()
    model.add_assumptions(switches)
    solver = _solver(deadline, params)
    with searching(solver):
        if solver.solve(model) != cp_model.INFEASIBLE:
            return None
    core = set(solver.sufficient_assumptions_for_infeasibility())
    return [var for var in switches if var.index in core]


def _shrink(
    model: cp_model.CpModel, core: list[cp_model.IntVar], deadline: float, params: SolveParams
) -> list[cp_model.IntVar]:
    """Deletion filter: drop each rule whose removal keeps the rest infeasible."""
    kept = list(core)
    for var in core:
        if time.perf_counter() > deadline or len(kept) <= 1 or stop_requested():
            break
        if all(other.index != var.index for other in kept):
            continue  # already dropped by an earlier, smaller core
        trial = [other for other in kept if other.index != var.index]
        smaller = _core(model, trial, deadline, params)
        if smaller is not None:
            kept = smaller
    model.clear_assumptions()
    return kept


#: Models with at most this many switches are shrunk by fixing switches, not assumptions,
#: each trial with CP-SAT's portfolio of this many workers.
FEW_SWITCHES = 60
PORTFOLIO = 8


def _shrink_by_fixing(
    model: cp_model.CpModel, switches: list[cp_model.IntVar], deadline: float, params: SolveParams
) -> list[cp_model.IntVar] | None:
    """Deletion filter over all switches, each trial a plain solve with the kept switches
    fixed on and the others free (None if the whole set is not proven infeasible in time)."""
    if not _infeasible_with(model, switches, switches, deadline, params):
        return None
    kept = list(switches)
    for var in reversed(switches):  # the last first, so the earliest weeks' rules stay
        if time.perf_counter() > deadline or stop_requested():
            break
        trial = [other for other in kept if other.index != var.index]
        if _infeasible_with(model, switches, trial, deadline, params):
            kept = trial
    return kept


def _infeasible_with(
    model: cp_model.CpModel,
    switches: list[cp_model.IntVar],
    on: list[cp_model.IntVar],
    deadline: float,
    params: SolveParams,
) -> bool:
    proto = model.proto
    chosen = {var.index for var in on}
    for var in switches:  # a switch's domain is [lower, upper]: raise the lower to fix it on
        proto.variables[var.index].domain[0] = 1 if var.index in chosen else 0
    # no assumptions here, so the whole portfolio may run: on small models one of its
    # first-solution workers often proves in 0.2 s what one worker takes 2 s to
    solver = _solver(deadline, params, workers=PORTFOLIO)
    try:
        with searching(solver):
            return solver.solve(model) == cp_model.INFEASIBLE
    finally:
        for var in switches:
            proto.variables[var.index].domain[0] = 0


def _solver(deadline: float, params: SolveParams, workers: int = 1) -> cp_model.CpSolver:
    """Assumption cores need CP-SAT's single-thread search (one worker)."""
    seconds = max(0.5, deadline - time.perf_counter())
    return new_solver(seconds, params, num_workers=workers)
