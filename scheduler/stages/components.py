"""Split a program into independent parts that can be solved one at a time.

Two residents are coupled when some rule involves both. Each rule family declares the
groups of residents it ties together (``couples`` on its
:class:`~scheduler.stages.families.Family`): a coverage rule ties everyone at its level who can
staff the rotation, a weekly cap on leave everyone at its level, a clinic site everyone
whose clinic is a decision, a fairness goal each track and PGY year. Residents in
different components share no rule and no objective term, so solving the components
separately gives exactly the same optimum as one big model, and each small model presolves
and finds a first schedule much faster. In program C, interns and seniors are two
components of 82 and 128 residents.

A rule whose residents all sit outside a component is added only in the component that
holds them; a rule nobody can staff (an "orphan") goes to the first component, where it
shows up as infeasible with its label.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from scheduler.domain import Program
from scheduler.stages.families import Family, ModelContext, OpenCells
from scheduler.stages.year_model import FAMILIES


class _Groups:
    """Union-find over resident indices."""

    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, r: int) -> int:
        while self.parent[r] != r:
            self.parent[r] = self.parent[self.parent[r]]
            r = self.parent[r]
        return r

    def join(self, members: Sequence[int]) -> None:
        for other in members[1:]:
            a, b = self.find(members[0]), self.find(other)
            if a != b:
                self.parent[b] = a


def components(
    program: Program,
    open_cells: OpenCells,
    families: Sequence[Family[ModelContext]] = FAMILIES,
) -> list[list[int]]:
    """Groups of resident indices that share no rule, largest last."""
    count = len(program.residents)
    groups = _Groups(count)
    for family in families:
        if family.couples is not None:
            for members in family.couples(program, open_cells):
                groups.join(members)
    parts: dict[int, list[int]] = defaultdict(list)
    for r in range(count):
        parts[groups.find(r)].append(r)
    return sorted(parts.values(), key=lambda members: (len(members), members[0]))
