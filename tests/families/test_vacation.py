"""Vacation: exact weeks, runs, halves, jeopardy caps, allowed phases, approved requests."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from scheduler.domain import Program
from tests.tiny import core, families, program, resident, rotation, rows, solved, verdict

ROTATIONS = [
    rotation("wards"),
    rotation("clinic", "ambulatory", phase="Y", ambulatory=True),
    rotation("vacation", "leave", phase="either"),
    rotation("sick", "leave", phase="either"),
]
T21 = {"id": "t21", "x_weeks": 2, "y_weeks": 1, "cohorts": 3, "stagger": 1}


def with_policy(policy: dict[str, Any], **overrides: Any) -> Program:
    fields: dict[str, Any] = {
        "weeks": 6,
        "rotations": ROTATIONS,
        "residents": [resident("a")],
        "vacation": policy,
    }
    fields.update(overrides)
    return program(**fields)


def on_template(
    policy: dict[str, Any], cohorts: dict[str, int | None], **overrides: Any
) -> Program:
    """Template 2+1, 3 cohorts: cohort 1 is X X Y X X Y over six weeks, cohort 2 Y X X Y X X."""
    return with_policy(
        policy,
        templates=[T21],
        tracks=[{"id": "pc", "name": "Primary care", "template": "t21"}],
        residents=[resident(rid, track="pc", cohort=g) for rid, g in cohorts.items()],
        **overrides,
    )


def vacation_weeks(row: tuple[str, ...]) -> list[int]:
    return [w + 1 for w, rot in enumerate(row) if rot == "vacation"]


def vacation_messages(
    prog: Program, cohorts: dict[str, int] | None = None, **by_resident: str
) -> list[str]:
    report = verdict(prog, rows(cohorts, **by_resident))
    assert families(report) <= {"vacation"}, report.violations
    return [v.message for v in report.by_family("vacation")]


# ---------------------------------------------------------------------- feasible


def test_solver_gives_exact_weeks_in_short_runs_in_both_halves() -> None:
    # 3 weeks each, runs of at most 2, at least 1 in weeks 1-3 and 1 in weeks 4-6.
    prog = with_policy(
        {"weeks_per_resident": 3, "max_block_weeks": 2, "min_per_half": 1},
        residents=[resident("a"), resident("b", pgy=2)],
    )
    result = solved(prog)
    assert result.schedule is not None
    assert verdict(prog, result.schedule).ok
    for row in result.schedule.assignments.values():
        weeks = vacation_weeks(row)
        assert len(weeks) == 3
        assert any(w <= 3 for w in weeks) and any(w >= 4 for w in weeks)
        assert not any(w + 1 in weeks and w + 2 in weeks for w in weeks)


def test_solver_spreads_leave_under_the_weekly_cap() -> None:
    # Three residents x 2 weeks = 6 weeks of leave, at most one away a week over 6 weeks:
    # exactly one resident is away every week.
    prog = with_policy(
        {"weeks_per_resident": 2, "max_away_per_week": {"any": 1}},
        residents=[resident("a"), resident("b"), resident("c", pgy=2)],
        rotations=ROTATIONS[:3],
    )
    result = solved(prog)
    assert result.schedule is not None
    assert verdict(prog, result.schedule).ok
    for week in range(6):
        assert sum(result.schedule.rotation(r, week) == "vacation" for r in "abc") == 1


def test_solver_puts_vacation_only_in_allowed_phases() -> None:
    # Cohort 1 (X X Y X X Y): with Y only, the two vacation weeks are exactly weeks 3 and 6.
    prog = on_template(
        {"weeks_per_resident": 2, "max_block_weeks": 1, "allowed_phases": ["Y"]}, {"a": 1}
    )
    result = solved(prog)
    assert result.schedule is not None
    assert verdict(prog, result.schedule).ok
    assert vacation_weeks(result.schedule.assignments["a"]) == [3, 6]


def test_solver_honours_approved_vacation_and_picks_a_cohort_for_it() -> None:
    # a asks for weeks 1-2 in X: of the 2+1 cohorts only cohort 1 (X X Y ...) has both in X.
    prog = on_template(
        {"weeks_per_resident": 2, "approved": [{"resident": "a", "weeks": "1-2"}]},
        {"a": None},
    )
    result = solved(prog)
    assert result.schedule is not None
    assert verdict(prog, result.schedule).ok
    assert result.schedule.cohorts["a"] == 1
    assert vacation_weeks(result.schedule.assignments["a"]) == [1, 2]


# ---------------------------------------------------------------------- violations


def test_validator_reports_wrong_number_of_vacation_weeks() -> None:
    prog = with_policy({"weeks_per_resident": 2})
    report = verdict(prog, rows(a="vacation wards wards wards wards wards"))
    assert families(report) == {"vacation"}
    (violation,) = report.by_family("vacation")
    assert violation.weeks == (1,)
    assert "1 vacation weeks, needs 2" in violation.message


def test_validator_reports_a_missed_approved_vacation_week() -> None:
    prog = with_policy({"weeks_per_resident": 2, "approved": [{"resident": "a", "weeks": "2-3"}]})
    report = verdict(prog, rows(a="wards vacation wards vacation wards wards"))
    (violation,) = [
        v for v in report.by_family("vacation") if v.rule == "approved vacations honoured"
    ]
    assert violation.weeks == (3,)
    assert "approved vacation weeks 2-3 not given in week(s) 3" in violation.message


def test_vacation_in_a_disallowed_phase_is_a_phase_violation() -> None:
    # Cohort 1's week 3 is Y; the default policy allows X only.
    prog = on_template({"weeks_per_resident": 1}, {"a": 1})
    report = verdict(prog, rows({"a": 1}, a="wards wards vacation wards wards clinic"))
    assert families(report) == {"phases"}
    (violation,) = report.by_family("phases")
    assert violation.weeks == (3,) and "vacation in a Y week" in violation.message
    assert verdict(prog, rows({"a": 1}, a="vacation wards clinic wards wards clinic")).ok


def test_other_leave_counts_toward_the_away_cap_but_not_toward_vacation() -> None:
    prog = with_policy(
        {"weeks_per_resident": 1, "max_away_per_week": {"any": 1}},
        residents=[resident("a"), resident("b")],
    )
    report = verdict(
        prog,
        rows(a="vacation wards wards wards wards wards", b="sick vacation wards wards wards wards"),
    )
    (violation,) = report.by_family("vacation")
    assert violation.weeks == (1,)
    assert "2 any away (a, b), at most 1" in violation.message


# ---------------------------------------------------------------------- boundaries


def test_boundary_longest_run() -> None:
    prog = with_policy({"weeks_per_resident": 3, "max_block_weeks": 2})
    assert vacation_messages(prog, a="vacation vacation wards vacation wards wards") == []
    (message,) = vacation_messages(prog, a="wards vacation vacation vacation wards wards")
    assert "weeks 2-4: 3 vacation weeks in a row, at most 2" in message


def test_boundary_halves_split_at_week_count_over_two() -> None:
    # Seven weeks: the first half is weeks 1-3 (7 // 2 = 3), the second weeks 4-7.
    prog = with_policy({"weeks_per_resident": 2, "max_block_weeks": 2, "min_per_half": 1}, weeks=7)
    assert vacation_messages(prog, a="wards wards vacation vacation wards wards wards") == []
    (message,) = vacation_messages(prog, a="wards vacation vacation wards wards wards wards")
    assert "0 vacation weeks in the second half, needs 1" in message


def test_boundary_away_caps_by_level() -> None:
    prog = with_policy(
        {"weeks_per_resident": 1, "max_away_per_week": {"interns": 1, "seniors": 1}},
        residents=[resident("a"), resident("b"), resident("s", pgy=2), resident("t", pgy=3)],
    )
    spread = {
        "a": "vacation wards wards wards wards wards",
        "s": "vacation wards wards wards wards wards",
        "b": "wards vacation wards wards wards wards",
        "t": "wards vacation wards wards wards wards",
    }
    # One intern and one senior away in the same week is at both caps.
    assert vacation_messages(prog, **spread) == []
    two_interns = {**spread, "b": "vacation wards wards wards wards wards"}
    (interns,) = [v for v in verdict(prog, rows(**two_interns)).by_family("vacation")]
    assert interns.who == "interns" and interns.weeks == (1,)
    two_seniors = {
        **spread,
        "t": "wards wards wards wards wards vacation",
        "s": "wards wards wards wards wards vacation",
    }
    (seniors,) = verdict(prog, rows(**two_seniors)).by_family("vacation")
    assert (
        seniors.who == "seniors"
        and seniors.weeks == (6,)
        and "2 seniors away (s, t)" in seniors.message
    )


# ---------------------------------------------------------------------- infeasible


def test_too_few_away_slots_is_explained_by_arithmetic() -> None:
    # 3 residents x 3 weeks = 9 weeks away, but at most 1 a week x 6 weeks = 6.
    prog = with_policy(
        {"weeks_per_resident": 3, "max_away_per_week": {"any": 1}},
        residents=[resident("a"), resident("b"), resident("c")],
    )
    result = solved(prog)
    assert result.status == "INFEASIBLE"
    assert any(
        "= 9 weeks away" in line and "raise max_away_per_week.any to at least 2" in line
        for line in result.reasons
    )


def test_approved_vacation_in_a_closed_week_of_a_fixed_cohort_is_infeasible() -> None:
    # Cohort 1's week 3 is Y and vacation is X-only.
    prog = on_template(
        {"weeks_per_resident": 1, "approved": [{"resident": "a", "weeks": 3}]}, {"a": 1}
    )
    result = solved(prog)
    assert result.status == "INFEASIBLE"
    assert result.reasons == [
        "vacation.approved[0] a week 3: in cohort 1: week 3 is a clinic (Y) week (the cohort "
        "is fixed on the roster), where vacation may not be; move the weeks, or change or "
        "clear the roster's cohort"
    ]
    assert core(prog, {"a": 1}) == [
        "[vacation] a approved vacation week 3: week 3 is a week vacation may not fall in"
    ]


def test_approved_run_longer_than_the_block_limit_is_infeasible() -> None:
    prog = with_policy(
        {
            "weeks_per_resident": 3,
            "max_block_weeks": 2,
            "approved": [{"resident": "a", "weeks": "1-3"}],
        }
    )
    result = solved(prog)
    assert result.status == "INFEASIBLE"
    assert any("[vacation] a vacation run: at most 2 in a row" in line for line in result.reasons)


# ---------------------------------------------------------------------- property


@settings(max_examples=80, deadline=None)
@given(st.lists(st.booleans(), min_size=8, max_size=8))
def test_runs_and_count_flagged_iff_direct_count_says_so(week_off: list[bool]) -> None:
    prog = with_policy({"weeks_per_resident": 3, "max_block_weeks": 2, "min_per_half": 1}, weeks=8)
    row = " ".join("vacation" if off else "wards" for off in week_off)
    report = verdict(prog, rows(a=row))
    longest = run = 0
    for off in week_off:
        run = run + 1 if off else 0
        longest = max(longest, run)
    rules = {v.rule for v in report.by_family("vacation")}
    assert ("exactly 3 vacation weeks" in rules) == (sum(week_off) != 3)
    assert ("at most 2 vacation weeks in a row" in rules) == (longest > 2)
    halves_ok = any(week_off[:4]) and any(week_off[4:])
    assert ("at least 1 vacation weeks per half-year" in rules) == (not halves_ok)


# ---------------------------------------------------------------------- cohort choice

Y_ONLY = {"weeks_per_resident": 2, "max_block_weeks": 1, "allowed_phases": ["Y"]}


def y_only_vacation() -> Program:
    """Four weeks of 2+1: cohort 1 is X X Y X, cohort 2 Y X X Y, cohort 3 X Y X X.

    Two weeks of Y-only vacation fit in cohort 2 alone (the only one with two Y weeks).
    """
    return on_template(Y_ONLY, {"a": None}, weeks=4, rotations=ROTATIONS[:3])


def test_y_only_vacation_fits_one_cohort() -> None:
    prog = y_only_vacation()
    assert verdict(prog, rows({"a": 2}, a="vacation wards wards vacation")).ok
    for cohort, row in ((1, "wards wards vacation wards"), (3, "wards vacation wards wards")):
        (violation,) = verdict(prog, rows({"a": cohort}, a=row)).violations
        assert "1 vacation weeks, needs 2" in violation.message


def test_solver_picks_the_cohort_that_can_hold_the_vacation() -> None:
    # Regression: the cohort stage used to pick cohort 1 and report INFEASIBLE.
    # The schedule above (cohort 2) passes the validator, so INFEASIBLE is not a proof.
    prog = y_only_vacation()
    result = solved(prog)
    assert result.status != "INFEASIBLE", result.reasons
    assert result.schedule is not None and result.schedule.cohorts["a"] == 2
    assert verdict(prog, result.schedule).ok
