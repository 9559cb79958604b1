"""The rules that conflict when a model has no schedule: in the cohort stage, or in the
year model, and whether the year model's conflict is a proof.

When the solver proves infeasibility that the proofs in numbers
(:mod:`scheduler.explain.numbers`) missed, the model is rebuilt with a switch literal per
labelled rule and CP-SAT's assumption core is shrunk to a small set of rules that cannot
all hold (:mod:`scheduler.explain.cores`). The cohort stage's rules are all necessary
conditions, so its conflict is a proof. The year model is built on cohorts the engine
chose, so :func:`cohorts_that_matter` reads from the labels' dependencies whose cohorts
such a conflict can hang on: if none was chosen freely, it is a proof.
"""

from __future__ import annotations

import time

from scheduler.domain import Program
from scheduler.domain.params import SolveParams
from scheduler.explain.cores import conflicting_rules
from scheduler.stages.cohorts import build_cohort_model
from scheduler.stages.labels import AtLeast, AtMost, Label, Personal
from scheduler.stages.year_model import Layout, Mode, build_year_model


def year_model_conflict(
    program: Program,
    layout: Layout,
    params: SolveParams,
    members: list[int] | None = None,
    *,
    owns_orphans: bool = True,
    time_limit: float = 60.0,
) -> list[Label] | None:
    """A small set of labelled rules of the year model that cannot all hold, found from an
    assumption core (None if no core was found in time)."""
    deadline = time.perf_counter() + time_limit
    built = build_year_model(
        program, layout, members, owns_orphans=owns_orphans, mode=Mode.DIAGNOSE
    )
    return conflicting_rules(built.context, deadline, params)


def cohort_stage_conflict(
    program: Program, params: SolveParams, time_limit: float = 10.0
) -> list[Label]:
    """Rules behind an impossible cohort assignment (fixed cohorts against balance, or
    cohorts that cannot staff some week), shrunk to the ones that matter."""
    ctx = build_cohort_model(program, diagnose=True)
    return conflicting_rules(ctx, time.perf_counter() + time_limit, params) or []


def cohorts_that_matter(
    program: Program, layout: Layout, labels: list[Label] | None, component: list[int]
) -> set[str]:
    """Residents whose cohorts the conflict ``labels`` can depend on.

    Changing anyone else's cohort leaves the conflict in place: their variables appear in
    none of its personal rules, and in each of its "at most" rules they had, in that week,
    an option outside every rotation the conflict caps, so they could add nothing to any of
    them; under another cohort they can only add, never take away. An "at least" rule on a
    group (or a conflict not named in time) depends on everyone in the component; a pin or
    approved vacation, and a structural rule, on no one.
    """
    ids = [resident.id for resident in program.residents]
    if labels is None or any(isinstance(label.depends, AtLeast) for label in labels):
        return {ids[r] for r in component}
    relevant = {label.depends.resident for label in labels if isinstance(label.depends, Personal)}
    caps = [label.depends.cap for label in labels if isinstance(label.depends, AtMost)]
    for cap in caps:
        for r in cap.members:
            capped = frozenset().union(
                *(c.rotations for c in caps if c.week == cap.week and r in c.members)
            )
            if layout.open_cells[r][cap.week] <= capped:
                relevant.add(ids[r])
    return relevant
