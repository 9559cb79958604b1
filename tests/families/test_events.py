"""Program events: a retreat keeps its group off duty (inpatient, critical care, night float
by default) in its weeks; the rest of the program covers."""

from __future__ import annotations

from typing import Any

import pytest

from scheduler.domain import Program
from tests.tiny import core, families, program, resident, rotation, rows, solved, verdict

TRACKS = [{"id": "cat", "name": "Categorical"}, {"id": "pc", "name": "Primary care"}]
RETREAT = {"name": "PC retreat", "weeks": 2, "tracks": ["pc"]}


def with_events(events: list[dict[str, Any]], **overrides: Any) -> Program:
    fields: dict[str, Any] = {
        "weeks": 4,
        "tracks": TRACKS,
        "rotations": [
            rotation("wards", coverage={"any": 1}),
            rotation("nights", "night_float"),
            rotation("elective", "elective"),
        ],
        "residents": [resident("c"), resident("p", track="pc")],
        "events": events,
    }
    fields.update(overrides)
    return program(**fields)


def test_solver_keeps_the_group_off_duty_and_others_cover() -> None:
    prog = with_events([RETREAT])
    result = solved(prog)
    assert result.schedule is not None
    assert verdict(prog, result.schedule).ok
    assert result.schedule.assignments["p"][1] == "elective"
    assert result.schedule.assignments["c"][1] == "wards"


def test_a_group_member_on_duty_in_the_event_week_is_named() -> None:
    prog = with_events([RETREAT])
    report = verdict(prog, rows(c="elective wards wards wards", p="wards nights elective elective"))
    assert families(report) == {"events"}
    (violation,) = report.by_family("events")
    assert violation.message == "events[0] PC retreat: p (Dr P) is on nights in week(s) 2"


def test_boundary_duty_the_week_before_and_after_is_fine() -> None:
    prog = with_events([RETREAT])
    assert verdict(
        prog, rows(c="elective wards elective elective", p="wards elective wards wards")
    ).ok


@pytest.mark.parametrize(
    ("event", "on_duty"),
    [
        ({"name": "Boards", "weeks": 2, "pgy": [2]}, False),  # nobody is PGY-2
        ({"name": "Half-day", "weeks": 2, "residents": ["c"]}, True),
        ({"name": "Wellness", "weeks": 2, "free_of": {"rotations": ["nights"]}}, False),
    ],
)
def test_who_and_what_an_event_covers(event: dict[str, Any], on_duty: bool) -> None:
    prog = with_events([event])
    report = verdict(prog, rows(c="elective wards wards wards", p="wards elective wards wards"))
    assert bool(report.by_family("events")) == on_duty


def test_an_event_that_takes_the_only_staff_is_explained() -> None:
    prog = with_events([{"name": "Everyone's retreat", "weeks": 3}])
    lines = core(prog)
    assert any("[events] events[0] Everyone's retreat" in line for line in lines), lines
    assert any("[coverage] Wards week 3" in line or "wards week 3" in line for line in lines), lines
