"""A schedule as plain data: who is where each week, and each resident's cohort.

This is what the solver produces, what the workbook stores and what ``check`` reads back.
It holds no solver objects, so reports and the validator can use it freely.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


@dataclass(frozen=True)
class Schedule:
    """Rotation id per resident per week (0-based weeks), cohorts (1-based), and the clinic
    sites chosen for residents whom the roster leaves without one."""

    assignments: dict[str, tuple[str, ...]]
    cohorts: dict[str, int]
    sites: dict[str, str] = field(default_factory=dict)

    def rotation(self, resident_id: str, week: int) -> str:
        return self.assignments[resident_id][week]

    def weeks_on(self, resident_id: str, rotation_ids: set[str] | frozenset[str]) -> int:
        return sum(1 for rotation in self.assignments[resident_id] if rotation in rotation_ids)


class Sheet(StrEnum):
    """The two sheets of a schedule workbook that hold the schedule: the Assignments table
    (one row per resident-week, what tools read back) and the Schedule grid (what a chief
    resident edits by hand)."""

    ASSIGNMENTS = "Assignments"
    SCHEDULE = "Schedule"
