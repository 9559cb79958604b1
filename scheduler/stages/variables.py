"""The one container of decision variables of the year model.

``cell(r, w)[k]`` is true when resident ``r`` is on rotation ``k`` in week ``w`` (all
0-based indices into the program's lists). A variable exists only where the template and
the rotation's eligibility allow it (see :mod:`constraints.phases`), which keeps the model
small: a resident's clinic weeks have only clinic rotations to choose from. When the
program is solved in independent components, only the component's residents get variables.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from scheduler.domain import Program
from scheduler.stages.calendar import WeekSlot


@dataclass
class Variables:
    """Assignment booleans, indexed by (resident, week) and by (rotation, week)."""

    slots: list[list[WeekSlot]]
    by_cell: dict[tuple[int, int], dict[int, cp_model.IntVar]] = field(default_factory=dict)
    by_rotation_week: dict[tuple[int, int], dict[int, cp_model.IntVar]] = field(
        default_factory=dict
    )

    @classmethod
    def create(
        cls,
        model: cp_model.CpModel,
        program: Program,
        slots: list[list[WeekSlot]],
        open_cells: list[list[frozenset[int]]],
        members: list[int],
    ) -> Variables:
        variables = cls(slots=slots)
        for r in members:
            resident_id = program.residents[r].id
            for w in range(program.weeks):
                cell: dict[int, cp_model.IntVar] = {}
                for k in sorted(open_cells[r][w]):
                    var = model.new_bool_var(f"x[{resident_id},{w + 1},{program.rotations[k].id}]")
                    cell[k] = var
                    variables.by_rotation_week.setdefault((k, w), {})[r] = var
                variables.by_cell[r, w] = cell
        return variables

    def cell(self, r: int, w: int) -> dict[int, cp_model.IntVar]:
        """Rotation index -> variable for resident ``r`` in week ``w``."""
        return self.by_cell[r, w]

    def on(self, r: int, w: int, rotations: set[int] | frozenset[int]) -> list[cp_model.IntVar]:
        """Variables saying resident ``r`` is on one of ``rotations`` in week ``w``."""
        cell = self.by_cell[r, w]
        if len(rotations) < len(cell):
            return [cell[k] for k in rotations if k in cell]
        return [var for k, var in cell.items() if k in rotations]

    def staff(self, k: int, w: int) -> dict[int, cp_model.IntVar]:
        """Resident index -> variable for rotation ``k`` in week ``w``."""
        return self.by_rotation_week.get((k, w), {})
