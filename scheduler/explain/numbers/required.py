"""What requirements force: the weeks that requirements on disjoint rotation sets add up to."""

from __future__ import annotations

from typing import NamedTuple

from scheduler.domain import Program, Resident
from scheduler.domain.edits import Path


class Need(NamedTuple):
    """At least ``weeks`` of a resident's year on ``rotations`` (indices), because of the
    rule called ``name`` (a requirement, or a share target turned into weeks), whose
    minimum sits at ``path`` in the program's input."""

    rotations: frozenset[int]
    weeks: int
    name: str
    path: Path


def rotations_of_requirements(program: Program) -> list[frozenset[int]]:
    """Rotation indices each requirement names, in requirement order."""
    index = program.rotation_index
    return [frozenset(index[rid] for rid in program.select(req)) for req in program.requirements]


def requirement_needs(
    program: Program, resident: Resident, sets: list[frozenset[int]] | None = None
) -> list[Need]:
    """The resident's requirements with a minimum, as needs."""
    sets = sets if sets is not None else rotations_of_requirements(program)
    # a cumulative requirement needs this year only what the resident's history leaves
    least = [program.yearly_range(req, resident)[0] for req in program.requirements]
    return [
        Need(sets[i], least[i], req.name, ("requirements", i, "weeks", "min"))
        for i, req in enumerate(program.requirements)
        if least[i] > 0 and sets[i] and req.applies_to(resident)
    ]


def most_required(needs: list[Need]) -> tuple[int, list[Need]]:
    """The most weeks that needs on pairwise disjoint rotation sets add up to (weeks on
    disjoint sets cannot be shared), and which needs give it. Exact for up to 12 needs,
    greedy beyond (fewer weeks, so still a sound lower bound)."""
    if len(needs) > 12:
        used: frozenset[int] = frozenset()
        weeks, picked = 0, list[Need]()
        for need in sorted(needs, key=lambda n: -n.weeks):
            if not need.rotations & used:
                used, weeks, picked = used | need.rotations, weeks + need.weeks, [*picked, need]
        return weeks, picked
    best: tuple[int, list[Need]] = (0, [])

    def search(start: int, used: frozenset[int], weeks: int, picked: list[Need]) -> None:
        nonlocal best
        if weeks > best[0]:
            best = (weeks, list(picked))
        for j in range(start, len(needs)):
            need = needs[j]
            if not need.rotations & used:
                search(j + 1, used | need.rotations, weeks + need.weeks, [*picked, need])

    search(0, frozenset(), 0, [])
    return best
