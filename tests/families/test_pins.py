"""Pins: a resident is on a given rotation in given weeks.

Template 2+1 with 3 cohorts over six weeks (1-based weeks)::

    cohort 1:  X X Y X X Y
    cohort 2:  Y X X Y X X
    cohort 3:  X Y X X Y X
"""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from scheduler.domain import Program
from tests.tiny import core, families, program, resident, rotation, rows, solved, verdict

T21 = {"id": "t21", "x_weeks": 2, "y_weeks": 1, "cohorts": 3, "stagger": 1}
ROTATIONS = [
    rotation("wards"),
    rotation("icu", "critical_care", coverage={"any": "0-1"}),
    rotation("clinic", "ambulatory", phase="Y", ambulatory=True),
]


def pinned(*pins: dict[str, Any], **overrides: Any) -> Program:
    fields: dict[str, Any] = {"weeks": 6, "rotations": ROTATIONS, "pins": list(pins)}
    fields.update(overrides)
    return program(**fields)


def on_template(*pins: dict[str, Any], cohort: int | None) -> Program:
    return pinned(
        *pins,
        templates=[T21],
        tracks=[{"id": "pc", "name": "Primary care", "template": "t21"}],
        residents=[resident("a", track="pc", cohort=cohort)],
    )


# ---------------------------------------------------------------------- feasible


def test_solver_honours_pins_and_works_around_them() -> None:
    # a is pinned to icu in weeks 2-3 and icu seats one, so b is off icu in those weeks even
    # though b needs 4 of the 6 weeks there (weeks 1, 4, 5, 6).
    prog = pinned(
        {"resident": "a", "weeks": "2-3", "rotation": "icu"},
        requirements=[{"rotations": ["icu"], "weeks": 4, "pgy": [2]}],
        residents=[resident("a"), resident("b", pgy=2)],
    )
    result = solved(prog)
    assert result.schedule is not None
    assert verdict(prog, result.schedule).ok
    assert result.schedule.assignments["a"][1:3] == ("icu", "icu")
    assert [w + 1 for w, rot in enumerate(result.schedule.assignments["b"]) if rot == "icu"] == [
        1,
        4,
        5,
        6,
    ]


def test_solver_picks_a_cohort_where_the_pin_falls_in_the_right_phase() -> None:
    # wards (X) pinned into weeks 1 and 3: X in both only for cohort 3 (X Y X ...).
    prog = on_template(
        {"resident": "a", "weeks": 1, "rotation": "wards"},
        {"resident": "a", "weeks": 3, "rotation": "wards"},
        cohort=None,
    )
    result = solved(prog)
    assert result.schedule is not None
    assert verdict(prog, result.schedule).ok
    assert result.schedule.cohorts["a"] == 3


# ---------------------------------------------------------------------- violations


def test_validator_reports_the_unpinned_weeks() -> None:
    prog = pinned({"resident": "a", "weeks": "2-4", "rotation": "icu"})
    report = verdict(prog, rows(a="wards icu wards icu wards wards", b="wards " * 6))
    assert families(report) == {"pins"}
    (violation,) = report.by_family("pins")
    assert violation.who == "a" and violation.weeks == (3,)
    assert (
        "pins[0]: a should be on icu in weeks 2-4, but week(s) 3 are on wards" in violation.message
    )


# ---------------------------------------------------------------------- boundary


def test_boundary_pin_span_is_inclusive_at_both_ends() -> None:
    prog = pinned({"resident": "a", "weeks": "2-3", "rotation": "icu"})
    assert verdict(prog, rows(a="wards icu icu wards wards wards", b="wards " * 6)).ok
    # Shifted one week earlier: week 3, the span's last week, is missed.
    (violation,) = verdict(
        prog, rows(a="icu icu wards wards wards wards", b="wards " * 6)
    ).by_family("pins")
    assert violation.weeks == (3,)


def test_boundary_pin_may_end_in_the_last_week_but_not_after() -> None:
    # A pin into the year's last week is honoured by the solver, and the validator catches
    # that week missed; one week further is refused when the program is read.
    prog = pinned({"resident": "a", "weeks": "5-6", "rotation": "icu"})
    result = solved(prog)
    assert result.schedule is not None
    assert verdict(prog, result.schedule).ok
    assert result.schedule.assignments["a"][4:] == ("icu", "icu")
    (violation,) = verdict(
        prog, rows(a="wards wards wards wards icu wards", b="wards " * 6)
    ).by_family("pins")
    assert violation.weeks == (6,)
    with pytest.raises(ValidationError, match="week 7 is past the year's 6 weeks"):
        pinned({"resident": "a", "weeks": "6-7", "rotation": "icu"})


# ---------------------------------------------------------------------- infeasible


def test_pin_into_a_week_closed_to_the_rotation_is_infeasible_and_names_the_pin() -> None:
    # Fixed cohort 1: week 3 is Y, and wards is an X rotation.
    prog = on_template({"resident": "a", "weeks": "2-3", "rotation": "wards"}, cohort=1)
    result = solved(prog)
    assert result.status == "INFEASIBLE"
    assert result.reasons == [
        "pins[0] a wards weeks 2-3: in cohort 1: week 3 is a clinic (Y) week (the cohort is "
        "fixed on the roster), where wards may not be; move the weeks, or change or clear the "
        "roster's cohort"
    ]
    # the year model's own label says the same
    assert core(prog, {"a": 1}) == [
        "[pins] pins[0] a wards weeks 2-3: week 3 is closed to wards for a"
    ]


def test_two_pins_on_the_same_week_conflict() -> None:
    prog = pinned(
        {"resident": "a", "weeks": 2, "rotation": "icu"},
        {"resident": "a", "weeks": "1-2", "rotation": "wards"},
    )
    result = solved(prog)
    assert result.status == "INFEASIBLE"
    assert result.reasons == [
        "pins[0] a icu week 2; pins[1] a wards weeks 1-2: a is fixed on icu and wards in "
        "week 2; keep one of them"
    ]
    assert core(prog) == [
        "[pins] pins[0] a icu week 2: week 2",
        "[pins] pins[1] a wards weeks 1-2: week 2",
    ]


def test_pins_against_coverage_are_infeasible() -> None:
    # icu seats one, and both residents are pinned there in week 4.
    prog = pinned(
        {"resident": "a", "weeks": 4, "rotation": "icu"},
        {"resident": "b", "weeks": 4, "rotation": "icu"},
    )
    result = solved(prog)
    assert result.status == "INFEASIBLE"
    assert result.reasons == [
        "pins against coverage: icu week 4 takes at most 1 resident (coverage any 0–1), but 2 "
        "are fixed there: pins[0] a icu week 4; pins[1] b icu week 4; move 1 of them, or raise "
        "the maximum to 2"
    ]
    assert [line.split(":")[0] for line in core(prog)] == [
        "[coverage] icu week 4",
        "[pins] pins[0] a icu week 4",
        "[pins] pins[1] b icu week 4",
    ]


def test_pin_that_fits_no_cohort_is_infeasible_and_names_the_pin() -> None:
    # wards in weeks 1-3: cohort 1 has week 3 in Y, cohort 2 week 1, cohort 3 week 2.
    prog = on_template({"resident": "a", "weeks": "1-3", "rotation": "wards"}, cohort=None)
    result = solved(prog)
    assert result.status == "INFEASIBLE"
    assert result.reasons == [
        "pins[0] a wards weeks 1-3: no cohort of template t21 has wards open in all these "
        "weeks (cohort 1: week 3 is a clinic (Y) week; cohort 2: week 1 is a clinic (Y) week; "
        "cohort 3: week 2 is a clinic (Y) week); move or shorten them"
    ]
