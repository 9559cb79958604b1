"""Coverage: each rotation has min..max residents of each level every week."""

from __future__ import annotations

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
    assert any("wards" in line for line in result.explanation)
