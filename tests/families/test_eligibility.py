"""Eligibility: a rotation restricted by ``pgy`` or ``tracks`` is open only to those residents."""

from __future__ import annotations

from typing import Any

import pytest

from scheduler.domain import Program
from tests.tiny import families, program, resident, rotation, rows, solved, verdict

TRACKS = [{"id": "cat", "name": "Categorical"}, {"id": "prelim", "name": "Preliminary"}]


def restricted(**overrides: Any) -> Program:
    fields: dict[str, Any] = {
        "weeks": 4,
        "tracks": TRACKS,
        "rotations": [
            rotation("wards"),
            rotation("icu", "critical_care", pgy=[2, 3]),
            rotation("research", "elective", tracks=["cat"]),
            rotation("senior_cat", "elective", pgy=[2, 3], tracks=["cat"]),
        ],
        "residents": [resident("a"), resident("s", pgy=2), resident("p", pgy=2, track="prelim")],
    }
    fields.update(overrides)
    return program(**fields)


# ---------------------------------------------------------------------- feasible


def test_solver_staffs_restricted_rotations_with_eligible_residents_only() -> None:
    # icu needs one resident every week and is for PGY-2/3; research needs one every week
    # and is for the categorical track. The intern a can do neither; s and p are PGY-2,
    # but only s is categorical, so s is on research and p on icu every week.
    prog = restricted(
        rotations=[
            rotation("wards"),
            rotation("icu", "critical_care", pgy=[2, 3], coverage={"any": 1}),
            rotation("research", "elective", tracks=["cat"], coverage={"any": 1}, pgy=[2, 3]),
        ]
    )
    result = solved(prog)
    assert result.schedule is not None
    assert verdict(prog, result.schedule).ok
    assert result.schedule.assignments == {
        "a": ("wards",) * 4,
        "s": ("research",) * 4,
        "p": ("icu",) * 4,
    }


# ---------------------------------------------------------------------- violations


def test_validator_reports_an_intern_on_a_senior_rotation() -> None:
    prog = restricted()
    report = verdict(prog, rows(a="wards icu wards wards", s="icu " * 4, p="wards " * 4))
    assert families(report) == {"eligibility"}
    (violation,) = report.by_family("eligibility")
    assert violation.who == "a" and violation.weeks == (2,)
    assert "a (PGY-1, cat) week 2 (06 Jul): icu is not open to them" in violation.message


def test_validator_reports_a_resident_on_another_tracks_rotation() -> None:
    prog = restricted()
    report = verdict(
        prog, rows(a="research " * 4, s="wards " * 4, p="wards research research wards")
    )
    assert sorted((v.who, v.weeks) for v in report.by_family("eligibility")) == [
        ("p", (2,)),
        ("p", (3,)),
    ]


# ---------------------------------------------------------------------- boundary


@pytest.mark.parametrize(
    ("who", "pgy", "track", "open_"),
    [
        ("x", 2, "cat", True),  # both the lowest allowed year and the allowed track
        ("x", 3, "cat", True),
        ("x", 1, "cat", False),  # one year below
        ("x", 2, "prelim", False),  # right year, wrong track
    ],
)
def test_boundary_year_and_track_must_both_match(
    who: str, pgy: int, track: str, open_: bool
) -> None:
    prog = restricted(residents=[resident(who, pgy=pgy, track=track)])
    report = verdict(prog, rows(x="senior_cat wards wards wards"))
    assert report.ok == open_
    if not open_:
        (violation,) = report.by_family("eligibility")
        assert violation.weeks == (1,) and "senior_cat is not open to them" in violation.message


# ---------------------------------------------------------------------- infeasible


def test_coverage_no_eligible_resident_can_give_is_infeasible() -> None:
    # icu needs an intern every week but is open to PGY-2/3 only.
    prog = restricted(
        rotations=[
            rotation("wards"),
            rotation("icu", "critical_care", pgy=[2, 3], coverage={"interns": 1}),
        ]
    )
    result = solved(prog)
    assert result.status == "INFEASIBLE"
    # 1 intern x 4 weeks are needed; no intern may ever be on icu.
    assert any(
        line.startswith("coverage icu: needs 1 interns x 4 weeks = 4 resident-weeks")
        and "allow at most 0" in line
        for line in result.reasons
    )


def test_requirement_on_a_closed_rotation_is_infeasible() -> None:
    prog = restricted(requirements=[{"rotations": ["research"], "weeks": 1, "tracks": ["prelim"]}])
    result = solved(prog)
    assert result.status == "INFEASIBLE"
    assert any("p needs 1 weeks" in line and "only 0 weeks" in line for line in result.reasons)


# ---------------------------------------------------------------------- named residents


def away(**fields: Any) -> dict[str, Any]:
    """An away rotation (a tribal health partnership) open to a listed few."""
    return rotation("tribal", "elective", residents=["s"], **fields)


def test_solver_staffs_a_rotation_for_named_residents_with_them_only() -> None:
    prog = restricted(rotations=[rotation("wards"), away(coverage={"any": "1-2"})])
    result = solved(prog)
    assert result.schedule is not None
    assert verdict(prog, result.schedule).ok
    assert result.schedule.assignments["s"] == ("tribal",) * 4
    assert "tribal" not in result.schedule.assignments["p"]


def test_validator_reports_a_resident_on_a_rotation_open_to_others_by_name() -> None:
    prog = restricted(rotations=[rotation("wards"), away()])
    report = verdict(prog, rows(a="wards " * 4, s="tribal " * 4, p="wards tribal wards wards"))
    assert families(report) == {"eligibility"}
    (violation,) = report.by_family("eligibility")
    assert violation.who == "p" and violation.weeks == (2,)


def test_boundary_every_named_resident_may_take_it() -> None:
    prog = restricted(rotations=[rotation("wards"), away()])
    assert verdict(prog, rows(a="wards " * 4, s="tribal " * 4, p="wards " * 4)).ok


def test_a_rotation_for_an_unknown_resident_is_an_input_error() -> None:
    with pytest.raises(ValueError, match="unknown resident 'zz'"):
        restricted(rotations=[rotation("wards"), rotation("tribal", "elective", residents=["zz"])])


def test_a_named_resident_gets_the_rotation_whoever_of_their_year_comes_first() -> None:
    # x and y share a track and PGY year, and only y (listed second) is named: what is open
    # to x must not be taken for what is open to y (a cache by track and year once did).
    prog = program(
        weeks=4,
        rotations=[
            rotation("wards"),
            rotation("tribal", "elective", residents=["y"], coverage={"any": 1}),
        ],
        residents=[resident("x"), resident("y")],
    )
    result = solved(prog)
    assert result.schedule is not None and verdict(prog, result.schedule).ok
    assert result.schedule.assignments["y"] == ("tribal",) * 4
