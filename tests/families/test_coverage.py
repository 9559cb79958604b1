"""Coverage: each rotation has min..max residents of each level every week."""

from __future__ import annotations

from scheduler.domain import Program
from scheduler.domain.params import SolveParams
from scheduler.explain.conflicts import year_model_conflict
from scheduler.stages.year_model import Layout
from tests.tiny import families, program, resident, rotation, rows, solved, verdict


def wards_one_intern() -> object:
    # Two interns, four weeks; wards needs exactly one intern a week, so each week one
    # intern is on wards and the other on the elective.
    return program(
        weeks=4,
        rotations=[rotation("wards", coverage={"interns": 1}), rotation("elective", "elective")],
        residents=[resident("a"), resident("b")],
    )


def test_solver_schedule_passes_coverage() -> None:
    prog = wards_one_intern()
    result = solved(prog)
    assert result.schedule is not None
    report = verdict(prog, result.schedule)
    assert report.ok, report.violations
    for week in range(4):
        assert sum(result.schedule.rotation(r, week) == "wards" for r in ("a", "b")) == 1


def test_validator_reports_short_week_with_amount() -> None:
    prog = wards_one_intern()
    schedule = rows(a="wards wards elective wards", b="elective elective elective elective")
    report = verdict(prog, schedule)
    assert families(report) == {"coverage"}
    (violation,) = report.by_family("coverage")
    assert violation.weeks == (3,)
    assert "short by 1" in violation.message


def test_boundary_max_reached_is_fine_one_more_is_not() -> None:
    prog = program(
        weeks=2,
        rotations=[rotation("wards", coverage={"any": "0-2"}), rotation("elective", "elective")],
        residents=[resident("a"), resident("b"), resident("c", pgy=2)],
    )
    at_max = rows(a="wards wards", b="wards wards", c="elective elective")
    assert verdict(prog, at_max).ok
    over = rows(a="wards wards", b="wards wards", c="wards elective")
    (violation,) = verdict(prog, over).by_family("coverage")
    assert violation.weeks == (1,) and "over by 1" in violation.message


def test_seniors_do_not_count_toward_intern_coverage() -> None:
    prog = program(
        weeks=1,
        rotations=[
            rotation("wards", coverage={"interns": 1, "seniors": 1}),
            rotation("elective", "elective"),
        ],
        residents=[resident("a"), resident("c", pgy=3)],
    )
    assert verdict(prog, rows(a="wards", c="wards")).ok
    assert families(verdict(prog, rows(a="elective", c="wards"))) == {"coverage"}


def test_impossible_coverage_is_proven_infeasible_and_explained() -> None:
    # Three interns a week on wards, but the program has only two interns.
    prog = program(
        weeks=3,
        rotations=[rotation("wards", coverage={"interns": 3}), rotation("elective", "elective")],
    )
    result = solved(prog)
    assert result.status == "INFEASIBLE"
    assert any("wards" in line for line in result.reasons)


def pinned_off_wards() -> Program:
    # Wards needs both interns every week, but a is pinned to the elective in week 2.
    # Week by week there are enough interns (arithmetic finds no shortfall); only the year
    # model's coverage rule, together with the pin, shows there is no schedule.
    return program(
        weeks=3,
        rotations=[rotation("wards", coverage={"interns": 2}), rotation("elective", "elective")],
        pins=[{"resident": "a", "weeks": 2, "rotation": "elective"}],
    )


def test_coverage_against_a_pin_is_proven_by_the_year_model() -> None:
    result = solved(pinned_off_wards())
    assert result.status == "INFEASIBLE"
    assert result.reasons == [
        "[coverage] wards week 2: at least 2 interns",
        "[pins] pins[0] a elective week 2: week 2",
    ]


def test_the_year_models_coverage_rule_is_in_its_core() -> None:
    # Straight to the year model's diagnosis, past every up-front arithmetic check.
    prog = pinned_off_wards()
    labels = year_model_conflict(prog, Layout.of(prog, {}), SolveParams(), time_limit=20.0)
    assert labels is not None, "the year model found a schedule: is coverage enforced?"
    assert [str(label) for label in labels] == [
        "[coverage] wards week 2: at least 2 interns",
        "[pins] pins[0] a elective week 2: week 2",
    ]


# ------------------------------------------------------------------------------ by PGY year


def by_pgy(bounds: dict[int, object], **overrides: object) -> Program:
    fields: dict[str, object] = {
        "weeks": 3,
        "rotations": [
            rotation("wards", coverage={"by_pgy": bounds}),
            rotation("elective", "elective"),
        ],
        "residents": [resident("a"), resident("b", pgy=2), resident("c", pgy=2)],
    }
    fields.update(overrides)
    return program(**fields)


def test_solver_staffs_one_pgy2_resident_a_week() -> None:
    prog = by_pgy({2: 1})
    result = solved(prog)
    assert result.schedule is not None
    assert verdict(prog, result.schedule).ok
    for week in range(3):
        assert sum(result.schedule.rotation(r, week) == "wards" for r in ("b", "c")) == 1


def test_validator_counts_only_the_named_year() -> None:
    # a (PGY-1) on wards does not count toward the PGY-2 rule: week 2 has no PGY-2 there.
    prog = by_pgy({2: 1})
    schedule = rows(a="wards wards wards", b="wards elective wards", c="elective elective elective")
    (violation,) = verdict(prog, schedule).by_family("coverage")
    assert violation.weeks == (2,)
    assert "0 PGY-2 residents, needs 1 (short by 1)" in violation.message
    assert violation.rule == "wards PGY-2 1 per week"


def test_boundary_pgy_year_range_reached_is_fine_one_more_is_not() -> None:
    prog = by_pgy({2: "0-1"})
    at_max = rows(a="wards wards wards", b="wards elective elective", c="elective wards elective")
    assert verdict(prog, at_max).ok
    over = rows(a="wards wards wards", b="wards elective elective", c="wards wards elective")
    (violation,) = verdict(prog, over).by_family("coverage")
    assert violation.weeks == (1,) and "over by 1" in violation.message


def test_pgy_year_nobody_is_in_is_proven_infeasible() -> None:
    result = solved(by_pgy({3: 1}))
    assert result.status == "INFEASIBLE"
    assert any("wards" in line and "PGY-3" in line for line in result.reasons)
