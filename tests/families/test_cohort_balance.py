"""Cohort balance: within a template, cohort sizes per PGY year and per clinic site differ by
at most ``max_difference``."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from scheduler.domain import Program
from tests.tiny import families, program, resident, rotation, rows, solved, verdict

T21 = {"id": "t21", "x_weeks": 2, "y_weeks": 1, "cohorts": 3, "stagger": 1}
ROTATIONS = [rotation("wards"), rotation("clinic", "ambulatory", phase="Y", ambulatory=True)]
SITES = [{"id": "n", "name": "North", "capacity": 9}, {"id": "s", "name": "South", "capacity": 9}]
# Phase rows of the 2+1 cohorts over three weeks, for hand-written schedules.
ROW = {1: "wards wards clinic", 2: "clinic wards wards", 3: "wards clinic wards"}


def balanced(people: list[dict[str, Any]], **overrides: Any) -> Program:
    fields: dict[str, Any] = {
        "weeks": 3,
        "templates": [T21],
        "tracks": [{"id": "pc", "name": "Primary care", "template": "t21"}],
        "rotations": ROTATIONS,
        "residents": people,
    }
    fields.update(overrides)
    return program(**fields)


def pc(rid: str, pgy: int = 1, **fields: Any) -> dict[str, Any]:
    return resident(rid, pgy=pgy, track="pc", **fields)


def schedule_for(cohorts: dict[str, int]) -> Any:
    return rows(cohorts, **{rid: ROW[g] for rid, g in cohorts.items()})


# ---------------------------------------------------------------------- feasible


def test_solver_spreads_each_year_evenly_over_the_cohorts() -> None:
    # Six interns and three seniors, exact balance: 2 interns and 1 senior per cohort.
    people = [pc(f"i{n}") for n in range(6)] + [pc(f"s{n}", pgy=2) for n in range(3)]
    prog = balanced(people, cohort_balance={"max_difference": 0, "by_site": False})
    result = solved(prog)
    assert result.schedule is not None
    assert verdict(prog, result.schedule).ok
    cohorts = result.schedule.cohorts
    assert Counter(cohorts[f"i{n}"] for n in range(6)) == {1: 2, 2: 2, 3: 2}
    assert Counter(cohorts[f"s{n}"] for n in range(3)) == {1: 1, 2: 1, 3: 1}


def test_solver_spreads_each_site_evenly_over_the_cohorts() -> None:
    # Three residents per site, different years (so PGY balance does not bind with
    # max_difference 1): each site has one resident per cohort.
    people = [pc(f"n{n}", pgy=1 + n, clinic_site="n") for n in range(3)]
    people += [pc(f"s{n}", pgy=1 + n, clinic_site="s") for n in range(3)]
    prog = balanced(
        people, clinic_sites=SITES, cohort_balance={"max_difference": 0, "by_pgy": False}
    )
    result = solved(prog)
    assert result.schedule is not None
    assert verdict(prog, result.schedule).ok
    for site in "ns":
        assert sorted(result.schedule.cohorts[f"{site}{n}"] for n in range(3)) == [1, 2, 3]


def test_solver_balances_around_fixed_cohorts() -> None:
    # i0 and i1 are fixed to cohort 1; the other four interns are free.
    people = [pc("i0", cohort=1), pc("i1", cohort=1)] + [pc(f"i{n}") for n in range(2, 6)]
    prog = balanced(people, cohort_balance={"max_difference": 1, "by_site": False})
    result = solved(prog)
    assert result.schedule is not None
    assert verdict(prog, result.schedule).ok
    # Six interns, at least 2 in cohort 1: 3 there would leave 3 for two cohorts, and
    # sizes [3, 2, 1] differ by 2; so the only balanced split is [2, 2, 2].
    assert Counter(result.schedule.cohorts.values()) == {1: 2, 2: 2, 3: 2}


# ---------------------------------------------------------------------- violations


def test_validator_reports_unbalanced_year_with_sizes() -> None:
    prog = balanced([pc("a"), pc("b"), pc("c")], cohort_balance={"by_site": False})
    report = verdict(prog, schedule_for({"a": 1, "b": 1, "c": 1}))
    assert families(report) == {"cohort balance"}
    (violation,) = report.by_family("cohort balance")
    assert violation.who == "PGY-1"
    assert (
        "template t21, PGY-1: cohort sizes [3, 0, 0] differ by 3 (at most 1 allowed)"
        in violation.message
    )


def test_validator_reports_unbalanced_site() -> None:
    people = [
        pc("a", clinic_site="n"),
        pc("b", pgy=2, clinic_site="n"),
        pc("c", pgy=3, clinic_site="s"),
    ]
    prog = balanced(people, clinic_sites=SITES, cohort_balance={"by_pgy": False})
    report = verdict(prog, schedule_for({"a": 2, "b": 2, "c": 1}))
    (violation,) = report.by_family("cohort balance")
    assert violation.who == "site n" and "cohort sizes [0, 2, 0] differ by 2" in violation.message


# ---------------------------------------------------------------------- boundary


@pytest.mark.parametrize(
    ("cohorts", "spread"),
    [((1, 2, 3, 1), 1), ((1, 1, 2, 3), 1), ((1, 1, 2, 2), 2), ((1, 1, 1, 2), 3)],
)
def test_boundary_max_difference(cohorts: tuple[int, ...], spread: int) -> None:
    # Four interns on three cohorts: sizes [2,1,1] are the most even (spread 1).
    people = [pc(f"i{n}") for n in range(4)]
    prog = balanced(people, cohort_balance={"max_difference": 1, "by_site": False})
    report = verdict(prog, schedule_for({f"i{n}": g for n, g in enumerate(cohorts)}))
    if spread <= 1:
        assert report.ok
    else:
        (violation,) = report.by_family("cohort balance")
        assert f"differ by {spread} (at most 1 allowed)" in violation.message


def test_max_difference_zero_needs_equal_cohorts() -> None:
    prog = balanced(
        [pc(f"i{n}") for n in range(3)], cohort_balance={"max_difference": 0, "by_site": False}
    )
    assert verdict(prog, schedule_for({"i0": 1, "i1": 2, "i2": 3})).ok
    (violation,) = verdict(prog, schedule_for({"i0": 1, "i1": 2, "i2": 2})).by_family(
        "cohort balance"
    )
    assert "cohort sizes [1, 2, 0] differ by 2 (at most 0 allowed)" in violation.message


def test_site_balance_without_sites_balances_the_whole_template() -> None:
    # With by_site on and no sites, every resident is in group 'site None': three residents
    # of different years in one cohort are balanced by year but not by 'site'.
    prog = balanced([pc("a"), pc("b", pgy=2), pc("c", pgy=3)])
    (violation,) = verdict(prog, schedule_for({"a": 1, "b": 1, "c": 1})).by_family("cohort balance")
    assert violation.who == "site None"


# ---------------------------------------------------------------------- infeasible


def test_fixed_cohorts_that_break_balance_are_infeasible_and_explained() -> None:
    # Three interns, two fixed to cohort 1: the third makes the sizes [2,1,0] or [3,0,0],
    # a spread of at least 2 > 1.
    people = [pc("a", cohort=1), pc("b", cohort=1), pc("c")]
    prog = balanced(people, cohort_balance={"by_site": False})
    result = solved(prog)
    assert result.status == "INFEASIBLE"
    assert result.reasons == ["[cohort balance] t21 PGY-1: cohort sizes differ by at most 1"]


def test_exact_balance_of_an_indivisible_group_is_infeasible() -> None:
    # Four interns cannot be split equally over three cohorts.
    prog = balanced(
        [pc(f"i{n}") for n in range(4)], cohort_balance={"max_difference": 0, "by_site": False}
    )
    result = solved(prog)
    assert result.status == "INFEASIBLE"
    assert any("[cohort balance] t21 PGY-1" in line for line in result.reasons)
