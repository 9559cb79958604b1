"""Requirements: min..max weeks per resident per year on rotations or categories."""

from __future__ import annotations

from collections import Counter
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from scheduler.domain import Program
from tests.tiny import core, families, program, resident, rotation, rows, solved, verdict

ROTATIONS = [
    rotation("wards"),
    rotation("icu", "critical_care"),
    rotation("ccu", "critical_care"),
    rotation("elective", "elective"),
]


def with_requirements(*requirements: dict[str, Any], **overrides: Any) -> Program:
    fields: dict[str, Any] = {
        "weeks": 6,
        "tracks": [{"id": "cat", "name": "Categorical"}, {"id": "prelim", "name": "Preliminary"}],
        "rotations": ROTATIONS,
        "residents": [resident("a"), resident("b", pgy=2), resident("p", track="prelim")],
        "requirements": list(requirements),
    }
    fields.update(overrides)
    return program(**fields)


# ---------------------------------------------------------------------- feasible


def test_solver_meets_rotation_and_category_requirements() -> None:
    # icu is capped at one resident a week, so the three residents' icu weeks are spread
    # over the six weeks; the category rule counts icu and ccu together.
    prog = with_requirements(
        {"rotations": ["icu"], "weeks": 2},
        {"categories": ["critical_care"], "weeks": "3-4"},
        {"rotations": ["wards"], "weeks": "2+"},
        rotations=[
            rotation("wards"),
            rotation("icu", "critical_care", coverage={"any": "0-1"}),
            *ROTATIONS[2:],
        ],
    )
    result = solved(prog)
    assert result.schedule is not None
    report = verdict(prog, result.schedule)
    assert report.ok, report.violations
    for rid, row in result.schedule.assignments.items():
        count = Counter(row)
        assert count["icu"] == 2, rid
        assert 3 <= count["icu"] + count["ccu"] <= 4, rid
        assert count["wards"] >= 2, rid


def test_solver_applies_requirements_only_to_their_track_and_year() -> None:
    # Interns need 4 weeks of icu, everyone else none at all: icu is then for a alone.
    prog = with_requirements(
        {"rotations": ["icu"], "weeks": 4, "pgy": [1], "tracks": ["cat"]},
        {"rotations": ["icu"], "weeks": 0, "pgy": [2]},
        {"rotations": ["icu"], "weeks": 0, "tracks": ["prelim"]},
    )
    result = solved(prog)
    assert result.schedule is not None
    assert verdict(prog, result.schedule).ok
    assert result.schedule.weeks_on("a", {"icu"}) == 4
    assert result.schedule.weeks_on("b", {"icu"}) == 0
    assert result.schedule.weeks_on("p", {"icu"}) == 0


# ---------------------------------------------------------------------- violations


def test_validator_reports_short_requirement_for_the_resident() -> None:
    prog = with_requirements({"rotations": ["icu"], "weeks": 2, "label": "ICU"})
    schedule = rows(
        a="icu wards wards wards wards wards",
        b="icu icu wards wards wards wards",
        p="icu icu wards wards wards wards",
    )
    report = verdict(prog, schedule)
    assert families(report) == {"requirements"}
    (violation,) = report.by_family("requirements")
    assert violation.who == "a"
    assert violation.weeks == ()  # a whole-year rule
    assert "1 weeks of ICU" in violation.message and "short by 1" in violation.message


def test_category_requirement_counts_every_rotation_in_the_category() -> None:
    prog = with_requirements({"categories": ["critical_care"], "weeks": "0-2"})
    ok = rows(a="icu ccu wards wards wards wards", b="wards " * 6, p="wards " * 6)
    assert verdict(prog, ok).ok
    over = rows(a="icu ccu icu wards wards wards", b="wards " * 6, p="wards " * 6)
    (violation,) = verdict(prog, over).by_family("requirements")
    assert violation.who == "a" and "3 weeks of critical_care" in violation.message
    assert "over by 1" in violation.message


def test_requirement_is_not_checked_for_other_tracks_or_years() -> None:
    prog = with_requirements({"rotations": ["icu"], "weeks": 2, "pgy": [1], "tracks": ["cat"]})
    # b is PGY-2 and p is preliminary: neither needs icu, so only a is short.
    schedule = rows(a="wards " * 6, b="wards " * 6, p="wards " * 6)
    assert [v.who for v in verdict(prog, schedule).by_family("requirements")] == ["a"]


# ---------------------------------------------------------------------- boundary


def test_boundary_min_and_max_of_a_range() -> None:
    prog = with_requirements({"rotations": ["icu"], "weeks": "2-3"}, residents=[resident("a")])

    def a_with(icu_weeks: int) -> list[str]:
        schedule = rows(a=" ".join(["icu"] * icu_weeks + ["wards"] * (6 - icu_weeks)))
        return [v.message for v in verdict(prog, schedule).by_family("requirements")]

    assert a_with(2) == [] and a_with(3) == []
    (short,) = a_with(1)
    assert "short by 1" in short
    (over,) = a_with(4)
    assert "over by 1" in over


def test_open_ended_minimum_has_no_maximum() -> None:
    prog = with_requirements({"rotations": ["icu"], "weeks": "5+"}, residents=[resident("a")])
    assert verdict(prog, rows(a="icu " * 6)).ok
    assert verdict(prog, rows(a="icu icu icu icu icu wards")).ok
    (violation,) = verdict(prog, rows(a="icu icu icu icu wards wards")).by_family("requirements")
    assert "short by 1" in violation.message


# ---------------------------------------------------------------------- infeasible


def test_requirements_beyond_coverage_capacity_are_infeasible() -> None:
    # icu takes at most one resident a week: 6 weeks of icu, but three residents x 3 weeks = 9.
    prog = with_requirements(
        {"rotations": ["icu"], "weeks": 3},
        rotations=[rotation("wards"), rotation("icu", "critical_care", coverage={"any": "0-1"})],
    )
    result = solved(prog)
    assert result.status == "INFEASIBLE"
    assert result.reasons == [
        "requirements against coverage, residents on icu: icu needs 3 weeks from each of 3 "
        "residents: 9 resident-weeks, but icu takes at most 1 resident a week (icu: coverage "
        "any 0–1): 6 in the year; lower those requirements, or raise icu's maximum to 2 "
        "residents a week"
    ]
    # the year model's own core names the same two families
    labels = core(prog)
    assert any(line.startswith("[requirements]") for line in labels)
    assert any(line.startswith("[coverage] icu") for line in labels)


def test_requirement_longer_than_the_year_is_explained_by_arithmetic() -> None:
    prog = with_requirements({"rotations": ["icu"], "weeks": 7}, residents=[resident("a")])
    result = solved(prog)
    assert result.status == "INFEASIBLE"
    assert any("a needs 7 weeks" in line and "only 6 weeks" in line for line in result.reasons)


# ---------------------------------------------------------------------- property


@settings(max_examples=80, deadline=None)
@given(st.lists(st.sampled_from(["wards", "icu", "ccu", "elective"]), min_size=6, max_size=6))
def test_requirement_flagged_iff_direct_count_is_out_of_range(row: list[str]) -> None:
    prog = with_requirements(
        {"categories": ["critical_care"], "weeks": "1-3"}, residents=[resident("a")]
    )
    count = sum(rot in ("icu", "ccu") for rot in row)
    report = verdict(prog, rows(a=" ".join(row)))
    assert bool(report.by_family("requirements")) == (not 1 <= count <= 3)
    assert families(report) <= {"requirements"}


# ---------------------------------------------------------------------- cohort choice


def y_rotation_requirement() -> Program:
    """Four weeks of 2+1: cohort 1 is X X Y X, cohort 2 Y X X Y, cohort 3 X Y X X.

    Two weeks of the Y-phase clinic fit in cohort 2 alone.
    """
    return with_requirements(
        {"rotations": ["clinic"], "weeks": 2},
        weeks=4,
        templates=[{"id": "t21", "x_weeks": 2, "y_weeks": 1, "cohorts": 3, "stagger": 1}],
        tracks=[{"id": "pc", "name": "Primary care", "template": "t21"}],
        rotations=[rotation("wards"), rotation("clinic", "ambulatory", phase="Y", ambulatory=True)],
        residents=[resident("a", track="pc")],
    )


def test_requirement_of_a_y_rotation_fits_one_cohort() -> None:
    prog = y_rotation_requirement()
    assert verdict(prog, rows({"a": 2}, a="clinic wards wards clinic")).ok
    (violation,) = verdict(prog, rows({"a": 1}, a="wards wards clinic wards")).violations
    assert "short by 1" in violation.message


def test_solver_picks_the_cohort_that_can_meet_the_requirement() -> None:
    # Regression: the cohort stage used to pick cohort 1 and report INFEASIBLE.
    prog = y_rotation_requirement()
    result = solved(prog)
    assert result.status != "INFEASIBLE", result.reasons
    assert result.schedule is not None and result.schedule.cohorts["a"] == 2
    assert verdict(prog, result.schedule).ok


# ---------------------------------------------------------------------- over training


def over_training(history: list[dict[str, Any]], weeks: str = "4-5", **overrides: Any) -> Program:
    """ICU 4-5 weeks over training; the resident's history counts."""
    fields: dict[str, Any] = {
        "weeks": 4,
        "rotations": [rotation("wards"), rotation("icu", "critical_care")],
        "residents": [resident("a", pgy=3)],
        "requirements": [
            {"label": "ICU", "categories": ["critical_care"], "weeks": weeks, "cumulative": True}
        ],
        "history": history,
    }
    fields.update(overrides)
    return program(**fields)


def test_solver_gives_only_what_history_leaves() -> None:
    prog = over_training([{"resident": "a", "rotation": "icu", "weeks": 3}])
    result = solved(prog)
    assert result.schedule is not None
    assert verdict(prog, result.schedule).ok
    assert 1 <= result.schedule.assignments["a"].count("icu") <= 2


def test_too_little_over_training_is_named_with_both_years() -> None:
    prog = over_training([{"resident": "a", "category": "critical_care", "weeks": 2}])
    report = verdict(prog, rows(a="icu wards wards wards"))
    (violation,) = report.by_family("requirements")
    assert violation.message == (
        "a (Dr A): 1 this year + 2 before = 3 weeks of ICU over training, needs 4–5 (short by 1)"
    )


def test_boundary_history_alone_can_meet_a_minimum_and_break_a_maximum() -> None:
    met = over_training([{"resident": "a", "rotation": "icu", "weeks": 4}])
    assert verdict(met, rows(a="wards wards wards wards")).ok
    over = over_training([{"resident": "a", "rotation": "icu", "weeks": 6}])
    assert [v.family for v in verdict(over, rows(a="wards wards wards wards")).violations] == [
        "requirements"
    ]


def test_history_beyond_the_maximum_is_explained() -> None:
    prog = over_training([{"resident": "a", "rotation": "icu", "weeks": 6}])
    lines = core(prog)
    assert lines == ["[requirements] a ICU: 4–5 weeks over training (6 before this year)"], lines


def test_history_by_category_does_not_count_toward_a_rule_on_rotation_ids() -> None:
    prog = over_training(
        [{"resident": "a", "category": "critical_care", "weeks": 4}],
        requirements=[{"label": "ICU", "rotations": ["icu"], "weeks": "4+", "cumulative": True}],
    )
    assert not verdict(prog, rows(a="wards wards wards wards")).ok


def test_a_cumulative_minimum_is_no_proof_in_numbers_of_a_shortfall_this_year() -> None:
    # 8 weeks over training in a 4-week year is fine with 6 weeks of history
    prog = over_training([{"resident": "a", "rotation": "icu", "weeks": 6}], weeks="8+")
    result = solved(prog)
    assert result.schedule is not None and verdict(prog, result.schedule).ok


def test_a_history_table_loads_as_inline_history(tmp_path: Any) -> None:
    import yaml

    from scheduler.inputs.program_file import load_program

    inline = over_training(
        [
            {"resident": "a", "rotation": "icu", "weeks": 3},
            {"resident": "a", "category": "inpatient", "weeks": 20},
        ]
    )
    data = inline.model_dump(mode="json", exclude={"history"})
    (tmp_path / "history.csv").write_text(
        "resident,rotation,category,weeks\na,icu,,3\na,,inpatient,20\n", encoding="utf-8"
    )
    (tmp_path / "program.yaml").write_text(yaml.safe_dump({**data, "history": "history.csv"}))
    assert load_program(tmp_path / "program.yaml").history == inline.history
