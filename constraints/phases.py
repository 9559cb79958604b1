"""X+Y phases: which rotations a resident may take in a given week.

This family is enforced through the variables' domains rather than through constraints:
a week in a resident's Y (clinic) phase only gets variables for Y or 'either' rotations, an
X (service) week only for X or 'either' rotations, and a resident without a template only
for X or 'either' rotations. Vacation may fall only in the phases the vacation policy
allows. A rotation restricted to some PGY years or tracks gets no variables for others.

Building the restriction into the domain keeps the model a fraction of its naive size; the
independent validator still checks every week's phase from the cohort alone.
"""

from __future__ import annotations

from scheduler.domain import Program, Resident
from scheduler.stages.calendar import WeekSlot, phase_allows, vacation_allowed
from scheduler.stages.families import Family, ModelContext

NAME = "phases"


def open_rotations(program: Program, resident: Resident, phase: str) -> list[int]:
    """Indices of rotations the resident may take in a week of ``phase`` ('X', 'Y', or
    '-' for a resident without a template)."""
    open_: list[int] = []
    for k, rotation in enumerate(program.rotations):
        if not rotation.allows(resident):
            continue
        if rotation.id == program.vacation_rotation:
            allowed = vacation_allowed(program, phase)
        else:
            allowed = phase_allows(phase, rotation.phase)
        if allowed:
            open_.append(k)
    return open_


class OpenRotations:
    """:func:`open_rotations` remembered per (track, PGY year, phase), all it depends on,
    and per resident where a rotation is open to named residents only."""

    def __init__(self, program: Program) -> None:
        self.program = program
        self.known: dict[tuple[str, int, str, str], frozenset[int]] = {}
        self.named = any(rotation.residents is not None for rotation in program.rotations)

    def __call__(self, resident: Resident, slot: WeekSlot) -> frozenset[int]:
        return self.in_phase(resident, slot.phase)

    def in_phase(self, resident: Resident, phase: str) -> frozenset[int]:
        key = (resident.track, resident.pgy, phase, resident.id if self.named else "")
        if key not in self.known:
            self.known[key] = frozenset(open_rotations(self.program, resident, phase))
        return self.known[key]


def open_cells(program: Program, slots: list[list[WeekSlot]]) -> list[list[frozenset[int]]]:
    """For every resident and week, the rotations they may take (indices); once a resident
    has withdrawn, only leave rotations other than vacation."""
    lookup = OpenRotations(program)
    gone = frozenset(
        k
        for k, rotation in enumerate(program.rotations)
        if rotation.category == "leave" and rotation.id != program.vacation_rotation
    )
    return [
        [
            lookup(resident, slot) if resident.present(w) else lookup(resident, slot) & gone
            for w, slot in enumerate(slots[r])
        ]
        for r, resident in enumerate(program.residents)
    ]


#: No ``apply``: the family's rules are the variables' domains (:func:`open_cells`).
FAMILY = Family[ModelContext](NAME, None)
