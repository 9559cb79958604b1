"""Split a program into independent parts that can be solved one at a time.

Two residents are coupled when some rule involves both: a coverage rule of a level both
can staff, a weekly cap on leave at their level, a clinic site where both could be in or
out of clinic, or a fairness group (track and PGY year). Residents in different components
share no rule and no objective term, so solving the components separately gives exactly the
same optimum as one big model, and each small model presolves and finds a first schedule
much faster. In program C, interns and seniors are two components of 82 and 128 residents.

A rule whose residents all sit outside a component is added only in the component that
holds them; a rule nobody can staff (an "orphan") goes to the first component, where it
shows up as infeasible with its label.
"""

from __future__ import annotations

from collections import defaultdict

from scheduler.problem import Program, level_includes


class _Groups:
    """Union-find over resident indices."""

    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, r: int) -> int:
        while self.parent[r] != r:
            self.parent[r] = self.parent[self.parent[r]]
            r = self.parent[r]
        return r

    def join(self, members: list[int]) -> None:
        for other in members[1:]:
            a, b = self.find(members[0]), self.find(other)
            if a != b:
                self.parent[b] = a


def clinic_varies(program: Program, open_cells: list[list[frozenset[int]]], r: int) -> bool:
    """Whether the resident's in-clinic status is a decision in some week."""
    if program.residents[r].clinic_site is None:
        return False
    with_clinic = {k for k, rot in enumerate(program.rotations) if rot.clinic_half_days > 0}
    return any(cell & with_clinic and cell - with_clinic for cell in open_cells[r])


def components(program: Program, open_cells: list[list[frozenset[int]]]) -> list[list[int]]:
    """Groups of resident indices that share no rule, largest last."""
    count = len(program.residents)
    groups = _Groups(count)
    can_take = [set().union(*cells) if cells else set() for cells in open_cells]
    leave = {k for k, rot in enumerate(program.rotations) if rot.category == "leave"}
    for k, rotation in enumerate(program.rotations):
        for level, _ in rotation.coverage.rules():
            groups.join(
                [
                    r
                    for r, res in enumerate(program.residents)
                    if level_includes(level, res.pgy) and k in can_take[r]
                ]
            )
    if program.vacation is not None:
        for level, _ in program.vacation.max_away_per_week.rules():
            groups.join(
                [
                    r
                    for r, res in enumerate(program.residents)
                    if level_includes(level, res.pgy) and can_take[r] & leave
                ]
            )
    for site in program.clinic_sites:
        groups.join(
            [
                r
                for r, res in enumerate(program.residents)
                if res.clinic_site == site.id and clinic_varies(program, open_cells, r)
            ]
        )
    fairness: dict[tuple[str, int], list[int]] = defaultdict(list)
    for r, res in enumerate(program.residents):
        fairness[res.track, res.pgy].append(r)
    for members in fairness.values():
        groups.join(members)
    parts: dict[int, list[int]] = defaultdict(list)
    for r in range(count):
        parts[groups.find(r)].append(r)
    return sorted(parts.values(), key=lambda members: (len(members), members[0]))
