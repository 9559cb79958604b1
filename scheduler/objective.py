"""The one place that turns the families' penalty terms into the objective."""

from __future__ import annotations

from ortools.sat.python import cp_model

from scheduler.context import Penalty


def set_objective(model: cp_model.CpModel, penalties: list[Penalty]) -> None:
    """Minimise the weighted sum of every penalty term."""
    model.minimize(
        cp_model.LinearExpr.sum([p.weight * p.expression for p in penalties if p.weight])
    )
