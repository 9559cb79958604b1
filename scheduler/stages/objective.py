"""The one place that turns the families' penalty terms into the objective."""

from __future__ import annotations

from ortools.sat.python import cp_model

from scheduler.stages.families import Penalty, RuleContext


def set_objective(model: cp_model.CpModel, penalties: list[Penalty]) -> None:
    """Minimise the weighted sum of every penalty term."""
    model.minimize(
        cp_model.LinearExpr.sum([p.weight * p.expression for p in penalties if p.weight])
    )


#: What breaking one hard rule costs in a relaxed solve: more than the soft goals can add up
#: to in any program this engine schedules (their weights are tens, their terms hundreds).
BROKEN_RULE_WEIGHT = 100_000


def broken_rules(context: RuleContext) -> Penalty:
    """The number of labelled rules switched off, as a penalty term."""
    switches = list(context.switches.values())
    return Penalty(
        "broken_rules",
        BROKEN_RULE_WEIGHT,
        len(switches) - cp_model.LinearExpr.sum(switches),
        "hard rules broken (--relax: a best-effort schedule)",
    )
