"""Continuity of care: the longest run without clinic, and clinic half-days (with history).

A resident with a continuity site is in clinic in a week whose rotation carries clinic
half-days. Here the clinic rotation is open in any week (no template), one half-day each.
"""

from __future__ import annotations

from typing import Any

from scheduler.domain import Program
from tests.tiny import core, families, program, resident, rotation, rows, solved, verdict

ROTATIONS = [
    rotation("wards"),
    rotation("clinic", "ambulatory", ambulatory=True, clinic_half_days=1),
]
SITES = [{"id": "main", "name": "Main", "capacity": 5}]


def with_continuity(continuity: dict[str, Any], **overrides: Any) -> Program:
    fields: dict[str, Any] = {
        "weeks": 6,
        "rotations": ROTATIONS,
        "clinic_sites": SITES,
        "residents": [resident("a", clinic_site="main")],
        "continuity": continuity,
        "objective": {"heavy_balance": 0, "switches": 0, "preferences": 0},
    }
    fields.update(overrides)
    return program(**fields)


def messages(prog: Program, **by_resident: str) -> list[str]:
    report = verdict(prog, rows(**by_resident))
    assert families(report) <= {"continuity"}, report.violations
    return [v.message for v in report.by_family("continuity")]


GAP_2 = {"max_weeks_without_clinic": [{"weeks": 2}]}


# ---------------------------------------------------------------------- the longest gap


def test_solver_keeps_every_gap_within_the_limit() -> None:
    # wards is needed 4 of 6 weeks: clinic must fall so that no 3 weeks are without it
    prog = with_continuity(
        GAP_2, requirements=[{"label": "Wards", "rotations": ["wards"], "weeks": 4}]
    )
    result = solved(prog)
    assert result.schedule is not None
    assert verdict(prog, result.schedule).ok
    row = result.schedule.assignments["a"]
    gaps = "".join("c" if r == "clinic" else "." for r in row).split("c")
    assert max(len(g) for g in gaps) <= 2, row


def test_three_weeks_without_clinic_break_a_limit_of_two() -> None:
    assert messages(with_continuity(GAP_2), a="clinic wards wards wards clinic clinic") == [
        "a (Dr A): weeks 2-4, 3 weeks in a row without clinic, at most 2"
    ]


def test_boundary_two_weeks_without_clinic_keep_a_limit_of_two() -> None:
    assert messages(with_continuity(GAP_2), a="wards wards clinic wards wards clinic") == []


def test_the_weeks_before_the_first_clinic_week_are_a_run_of_their_own() -> None:
    # counted within the year: weeks 1-3 are a run of 3 (the previous year is unknown)
    assert messages(with_continuity(GAP_2), a="wards wards wards clinic clinic clinic") == [
        "a (Dr A): weeks 1-3, 3 weeks in a row without clinic, at most 2"
    ]


def test_a_resident_without_a_site_is_outside_the_rule() -> None:
    prog = with_continuity(GAP_2, residents=[resident("a")])
    assert messages(prog, a="wards wards wards wards wards wards") == []


def test_the_rule_applies_by_track() -> None:
    prog = with_continuity(
        {"max_weeks_without_clinic": [{"tracks": ["pc"], "weeks": 1}]},
        tracks=[{"id": "cat", "name": "Categorical"}, {"id": "pc", "name": "Primary care"}],
        residents=[
            resident("a", clinic_site="main"),
            resident("b", track="pc", clinic_site="main"),
        ],
    )
    assert messages(
        prog, a="wards wards wards clinic wards wards", b="wards wards clinic wards clinic clinic"
    ) == ["b (Dr B): weeks 1-2, 2 weeks in a row without clinic, at most 1"]


def test_a_gap_that_pins_force_is_explained() -> None:
    prog = with_continuity(GAP_2, pins=[{"resident": "a", "weeks": "2-4", "rotation": "wards"}])
    lines = core(prog)
    assert any("[continuity] a clinic in weeks 2-4" in line for line in lines), lines
    assert any("[pins]" in line for line in lines), lines


# ---------------------------------------------------------------------- half-days


HALF_DAYS_3 = {"clinic_half_days": [{"min": 3}]}


def test_solver_gives_enough_clinic_half_days() -> None:
    prog = with_continuity(HALF_DAYS_3)
    result = solved(prog)
    assert result.schedule is not None
    assert verdict(prog, result.schedule).ok
    assert result.schedule.assignments["a"].count("clinic") >= 3


def test_too_few_half_days_are_named_with_the_count() -> None:
    assert messages(with_continuity(HALF_DAYS_3), a="clinic wards wards wards clinic wards") == [
        "a (Dr A): 2 clinic half-days this year, needs at least 3"
    ]


def test_boundary_exactly_the_minimum_passes() -> None:
    assert messages(with_continuity(HALF_DAYS_3), a="clinic wards clinic wards clinic wards") == []


def test_cumulative_half_days_count_the_rosters_history() -> None:
    rule = {"clinic_half_days": [{"min": 10, "cumulative": True}]}
    prog = with_continuity(
        rule, residents=[resident("a", clinic_site="main", prior_clinic_half_days=8)]
    )
    assert messages(prog, a="clinic wards clinic wards wards wards") == []
    assert messages(prog, a="clinic wards wards wards wards wards") == [
        "a (Dr A): 9 clinic half-days over training (8 before this year), needs at least 10"
    ]


def test_more_half_days_than_the_year_can_hold_is_explained() -> None:
    prog = with_continuity({"clinic_half_days": [{"min": 7}]})
    lines = core(prog)
    assert lines == ["[continuity] a clinic half-days this year: at least 7"], lines
