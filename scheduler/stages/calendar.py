"""Where each resident's template puts them, week by week.

Given a resident's cohort, the X+Y template fixes which weeks are service (X) and which are
clinic (Y), and cuts the year into segments. Rotations with a ``unit`` fill whole parts of
those segments. This module computes that structure once, as plain data, for the model.

Edge-of-year rule: the cycle runs on across the year boundary. Cohort g's cycle starts
``(g - 1) * stagger`` weeks after cohort 1's, so in week 1 cohort g stands at position
``-(g - 1) * stagger`` modulo the cycle length. A segment cut by the first or last week of the
year is a shorter segment; units are aligned to the segment's true start, so a cut unit is
a shorter unit too.

Residents without a template have no phases; their year is cut into blocks of their track's
``block_weeks`` from week 1, and those blocks play the part of segments.
"""

from __future__ import annotations

from dataclasses import dataclass

from scheduler.domain import Program, Resident

SERVICE = "X"
CLINIC = "Y"
NO_TEMPLATE = "-"


@dataclass(frozen=True)
class WeekSlot:
    """One week of one resident's year, as the template shapes it."""

    phase: str  # "X", "Y" or "-" (no template)
    segment: int  # index of the segment within the year, 0-based
    offset: int  # weeks since the segment's true start (may exceed the part inside the year)


def resident_weeks(program: Program, resident: Resident, cohort: int | None) -> list[WeekSlot]:
    """The template structure of every week of the resident's year."""
    template = program.template_of(resident)
    if template is None or cohort is None:
        block = program.track_by_id[resident.track].block_weeks
        return [WeekSlot(NO_TEMPLATE, week // block, week % block) for week in range(program.weeks)]
    slots: list[WeekSlot] = []
    segment = -1
    for week in range(program.weeks):
        position = template.cycle_position(cohort, week)
        phase = SERVICE if position < template.x_weeks else CLINIC
        offset = position if phase == SERVICE else position - template.x_weeks
        if week == 0 or offset == 0:
            segment += 1
        slots.append(WeekSlot(phase, segment, offset))
    return slots


def unit_blocks(slots: list[WeekSlot], unit: int | str) -> list[list[int]]:
    """Groups of weeks a rotation with ``unit`` must fill whole (only groups of 2+ weeks).

    A 'segment' unit is the whole segment; an n-week unit is the n-week part of the
    segment its week falls in, counted from the segment's true start.
    """
    if unit == 1:
        return []
    groups: dict[tuple[int, int], list[int]] = {}
    for week, slot in enumerate(slots):
        part = 0 if unit == "segment" else slot.offset // int(unit)
        groups.setdefault((slot.segment, part), []).append(week)
    return [weeks for weeks in groups.values() if len(weeks) > 1]


def phase_allows(slot_phase: str, rotation_phase: str) -> bool:
    """Whether a rotation of ``rotation_phase`` may sit in a week of ``slot_phase``."""
    if rotation_phase == "either":
        return True
    if slot_phase == NO_TEMPLATE:
        return rotation_phase == SERVICE
    return rotation_phase == slot_phase


def vacation_allowed(program: Program, slot_phase: str) -> bool:
    """Whether the vacation policy lets leave fall in a week of ``slot_phase``."""
    if program.vacation is None:
        return False
    phase = SERVICE if slot_phase == NO_TEMPLATE else slot_phase
    return phase in program.vacation.allowed_phases
