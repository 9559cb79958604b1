"""Ambulatory share: ambulatory weeks as an exact share of scheduled (non-leave) weeks."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from scheduler.domain import Program
from tests.tiny import core, families, program, resident, rotation, rows, solved, verdict

ROTATIONS = [
    rotation("wards"),
    rotation("amb", "ambulatory", ambulatory=True),
    rotation("vacation", "leave", phase="either"),
]


def shares(*rules: dict[str, Any], **overrides: Any) -> Program:
    fields: dict[str, Any] = {
        "weeks": 6,
        "rotations": ROTATIONS,
        "residents": [resident("a")],
        "ambulatory_share": list(rules),
    }
    fields.update(overrides)
    return program(**fields)


def ambulatory_messages(prog: Program, **by_resident: str) -> list[str]:
    report = verdict(prog, rows(**by_resident))
    assert families(report) <= {"ambulatory"}, report.violations
    return [v.message for v in report.by_family("ambulatory")]


# ---------------------------------------------------------------------- feasible


def test_solver_keeps_each_share_between_a_third_and_a_half() -> None:
    # Six weeks: 1/3 is 2 weeks, 1/2 is 3 weeks, so each resident has 2 or 3 ambulatory weeks.
    prog = shares(
        {"min": "1/3", "max": "50%"},
        residents=[resident("a"), resident("b")],
        rotations=ROTATIONS[:2],
    )
    result = solved(prog)
    assert result.schedule is not None
    assert verdict(prog, result.schedule).ok
    for rid in ("a", "b"):
        assert 2 <= result.schedule.weeks_on(rid, {"amb"}) <= 3


def test_solver_uses_prior_weeks_for_a_cumulative_share() -> None:
    # Over training, a has 4 of 18 prior weeks ambulatory: (4 + x) / (18 + 6) >= 1/3 needs
    # x >= 4 this year (this year alone, 1/3 would need only 2). b's prior 8 of 18 needs
    # nothing. Wards needs exactly one resident a week, so a and b share 6 ambulatory weeks.
    prog = shares(
        {"min": "1/3", "cumulative": True},
        residents=[
            resident("a", prior_weeks=18, prior_ambulatory_weeks=4),
            resident("b", prior_weeks=18, prior_ambulatory_weeks=8),
        ],
        rotations=[rotation("wards", coverage={"any": 1}), ROTATIONS[1]],
    )
    result = solved(prog)
    assert result.schedule is not None
    assert verdict(prog, result.schedule).ok
    assert result.schedule.weeks_on("a", {"amb"}) >= 4


# ---------------------------------------------------------------------- violations


def test_validator_reports_share_below_minimum_with_counts() -> None:
    prog = shares({"min": "1/3"})
    (message,) = ambulatory_messages(prog, a="amb wards wards wards wards wards")
    assert "ambulatory 1 of 6 weeks = 16.7% this year" in message
    assert "needs 33.3%-100.0%" in message


def test_leave_weeks_are_not_scheduled_weeks() -> None:
    # Seven weeks, one of vacation: 2 ambulatory of 6 scheduled weeks is exactly 1/3.
    prog = shares({"min": "1/3"}, weeks=7, vacation={"weeks_per_resident": 1, "max_block_weeks": 1})
    assert ambulatory_messages(prog, a="vacation amb amb wards wards wards wards") == []
    # The same 2 ambulatory weeks without the vacation are 2 of 7 < 1/3.
    no_leave = shares({"min": "1/3"}, weeks=7)
    (message,) = ambulatory_messages(no_leave, a="wards amb amb wards wards wards wards")
    assert "2 of 7 weeks" in message


# ---------------------------------------------------------------------- boundary


@pytest.mark.parametrize(
    ("amb_weeks", "ok"),
    [(1, False), (2, True), (3, True), (4, False)],
)
def test_boundary_exact_thirds_and_halves(amb_weeks: int, ok: bool) -> None:
    # Of 6 weeks: 2 is exactly 1/3 and 3 exactly 1/2; 1 and 4 are one week beyond.
    prog = shares({"min": "1/3", "max": "1/2"})
    row = " ".join(["amb"] * amb_weeks + ["wards"] * (6 - amb_weeks))
    assert (ambulatory_messages(prog, a=row) == []) == ok


def test_a_rounded_share_is_read_as_the_exact_fraction() -> None:
    # 0.3333 means 1/3: exactly 2 of 6 weeks passes.
    prog = shares({"min": 0.3333})
    assert ambulatory_messages(prog, a="amb amb wards wards wards wards") == []


def test_boundary_cumulative_share_over_training() -> None:
    # Prior 4 of 18 ambulatory; with x this year the share is (4 + x) / 24, and 1/3 is 8/24.
    prog = shares(
        {"min": "1/3", "cumulative": True},
        residents=[resident("a", prior_weeks=18, prior_ambulatory_weeks=4)],
    )
    assert ambulatory_messages(prog, a="amb amb amb amb wards wards") == []
    (message,) = ambulatory_messages(prog, a="amb amb amb wards wards wards")
    assert "ambulatory 7 of 24 weeks" in message and "over training" in message
    # Without cumulative, the same 3 of 6 this year is plenty.
    this_year = shares(
        {"min": "1/3"}, residents=[resident("a", prior_weeks=18, prior_ambulatory_weeks=4)]
    )
    assert ambulatory_messages(this_year, a="amb amb amb wards wards wards") == []


def test_share_applies_only_to_its_years() -> None:
    prog = shares({"min": "1/2", "pgy": [2]}, residents=[resident("a"), resident("b", pgy=2)])
    messages = ambulatory_messages(prog, a="wards " * 6, b="wards " * 6)
    assert len(messages) == 1 and messages[0].startswith("b ")


# ---------------------------------------------------------------------- infeasible


def test_share_without_any_open_ambulatory_rotation_is_infeasible() -> None:
    # The only ambulatory rotation is for PGY-2, so the intern's share is 0 < 1/3.
    prog = shares(
        {"min": "1/3"},
        rotations=[rotation("wards"), rotation("amb", "ambulatory", ambulatory=True, pgy=[2])],
    )
    result = solved(prog)
    assert result.status == "INFEASIBLE"
    assert result.reasons == [
        "ambulatory share: ambulatory_share[0] needs at least 33%, but 1 resident (a) can "
        "reach at most 0% under any cohort (an ambulatory rotation is open to them in only 0 "
        "weeks); open an ambulatory rotation to them, or leave them out of the rule"
    ]
    assert core(prog) == ["[ambulatory] a ambulatory share this year: at least 33%"]


def test_all_leave_year_is_judged_alike_by_model_and_validator() -> None:
    # Regression: the validator used to read 0 of 0 weeks as a 0% share and reject it.
    # Two weeks, both vacation: no scheduled week. The model's exact-fraction rule
    # 3 * 0 >= 1 * 0 holds; the validator takes the share of 0 weeks as 0 and rejects it.
    prog = shares({"min": "1/3"}, weeks=2, vacation={"weeks_per_resident": 2, "max_block_weeks": 2})
    result = solved(prog)
    assert result.schedule is not None
    assert verdict(prog, result.schedule).ok


def test_more_prior_ambulatory_than_prior_weeks_is_rejected() -> None:
    # Regression: such a roster used to load, and the solver's schedule failed the
    # validator (the model dropped the "at most 100%" rule; the validator found 8 of 0 prior
    # weeks plus this year's 6 = 133% and rejected it). 8 prior ambulatory weeks out of 0
    # prior weeks cannot happen, so the roster is refused when it is read.
    with pytest.raises(ValidationError, match="8 prior ambulatory weeks but only 0 prior weeks"):
        shares(
            {"cumulative": True},
            residents=[resident("a", prior_weeks=0, prior_ambulatory_weeks=8)],
        )


# ---------------------------------------------------------------------- property


@settings(max_examples=80, deadline=None)
@given(
    row=st.lists(st.sampled_from(["wards", "amb", "vacation"]), min_size=6, max_size=6),
    prior=st.integers(0, 30),
    prior_amb_share=st.integers(0, 100),
)
def test_share_flagged_iff_exact_fraction_out_of_range(
    row: list[str], prior: int, prior_amb_share: int
) -> None:
    prior_amb = prior * prior_amb_share // 100
    prog = shares(
        {"min": "1/3", "max": "2/3", "cumulative": True},
        residents=[resident("a", prior_weeks=prior, prior_ambulatory_weeks=prior_amb)],
        vacation={"weeks_per_resident": row.count("vacation"), "max_block_weeks": 6},
    )
    amb = row.count("amb") + prior_amb
    scheduled = 6 - row.count("vacation") + prior
    # 1/3 <= amb/scheduled <= 2/3, multiplied out: with no scheduled weeks at all (every
    # week leave, no history) there is nothing to measure and the rule holds.
    inside = 3 * amb >= scheduled and 3 * amb <= 2 * scheduled
    assert (ambulatory_messages(prog, a=" ".join(row)) == []) == inside
