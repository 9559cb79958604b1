"""Explain why the year model has no schedule, and whether that is a proof.

When the solver proves infeasibility that the arithmetic (:mod:`scheduler.explain.numbers`)
missed, the year model is rebuilt with a switch literal per labelled rule and CP-SAT's
assumption core is shrunk to a small set of rules that cannot all hold. Since the year
model is built on cohorts the engine chose, :func:`cohorts_that_matter` reads from the
labels' dependencies whose cohorts such a conflict can hang on: if none was chosen freely,
it is a proof.
"""

from __future__ import annotations

import time

from scheduler.domain import Program
from scheduler.explain.cores import conflicting_rules
from scheduler.stages.families import AtLeast, AtMost, Label, Personal
from scheduler.stages.year_model import Layout, build_year_model


def explain_infeasible(
    program: Program,
    layout: Layout,
    members: list[int] | None = None,
    *,
    owns_orphans: bool = True,
    time_limit: float = 60.0,
    seed: int = 0,
) -> list[Label] | None:
    """A small set of labelled rules that cannot all hold, found from an assumption core
    (None if no core was found in time)."""
    deadline = time.perf_counter() + time_limit
    built = build_year_model(program, layout, members, owns_orphans=owns_orphans, diagnose=True)
    return conflicting_rules(built.context, deadline, seed)


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
