"""Continuity-clinic sites: at most ``capacity`` and at least ``min_residents`` in clinic a week.

A resident is in clinic when they have a clinic site and their rotation carries clinic
half-days. Template 2+1 with 3 cohorts over six weeks (1-based weeks)::

    cohort 1:  X X Y X X Y
    cohort 2:  Y X X Y X X
    cohort 3:  X Y X X Y X
"""

from __future__ import annotations

from typing import Any

from scheduler.domain import Program
from tests.tiny import families, program, resident, rotation, rows, solved, verdict

T21 = {"id": "t21", "x_weeks": 2, "y_weeks": 1, "cohorts": 3, "stagger": 1}
ROTATIONS = [
    rotation("wards"),
    # An X-phase ambulatory elective that keeps clinic, and the Y-phase clinic itself.
    rotation("amb_el", "ambulatory", ambulatory=True, clinic_half_days=1),
    rotation("clinic", "ambulatory", phase="Y", ambulatory=True, clinic_half_days=4),
]


def sites(site: dict[str, Any], cohorts: dict[str, int | None], **overrides: Any) -> Program:
    fields: dict[str, Any] = {
        "weeks": 6,
        "templates": [T21],
        "tracks": [
            {"id": "pc", "name": "Primary care", "template": "t21"},
            {"id": "cat", "name": "Categorical"},
        ],
        "rotations": ROTATIONS,
        "clinic_sites": [{"id": "s", "name": "Main clinic", **site}],
        "residents": [
            resident(rid, pgy=1 + i, track="pc", clinic_site="s", cohort=g)
            for i, (rid, g) in enumerate(cohorts.items())
        ],
    }
    fields.update(overrides)
    return program(**fields)


def in_clinic(prog: Program, row: tuple[str, ...], week: int) -> bool:
    return prog.rotation_by_id[row[week - 1]].clinic_half_days > 0


# ---------------------------------------------------------------------- feasible


def test_solver_keeps_x_week_clinic_under_capacity() -> None:
    # Y weeks put b in clinic in weeks 1 and 4 and a in weeks 3 and 6, so with capacity 1
    # the one week of amb_el each needs must be week 2 or 5, and not the same one.
    prog = sites(
        {"capacity": 1},
        {"a": 1, "b": 2},
        requirements=[{"rotations": ["amb_el"], "weeks": 1}],
    )
    result = solved(prog)
    assert result.schedule is not None
    assert verdict(prog, result.schedule).ok
    a_week = result.schedule.assignments["a"].index("amb_el") + 1
    b_week = result.schedule.assignments["b"].index("amb_el") + 1
    assert {a_week, b_week} == {2, 5}


def test_solver_fills_empty_clinic_weeks_to_the_minimum() -> None:
    # Weeks 2 and 5 have no one in Y; a minimum of 1 forces someone onto amb_el then.
    prog = sites({"capacity": 2, "min_residents": 1}, {"a": 1, "b": 2})
    result = solved(prog)
    assert result.schedule is not None
    assert verdict(prog, result.schedule).ok
    for week in (2, 5):
        assert any(in_clinic(prog, result.schedule.assignments[r], week) for r in "ab")


def test_solver_puts_a_sites_residents_in_different_cohorts() -> None:
    # Cohorts are free and balance does not bind (different years, site balance off). In one
    # cohort, a and b would both be in Y clinic in the same weeks, over the single seat; so
    # the cohorts chosen differ.
    prog = sites(
        {"capacity": 1},
        {"a": None, "b": None},
        cohort_balance={"by_site": False},
    )
    result = solved(prog)
    assert result.schedule is not None
    assert verdict(prog, result.schedule).ok
    assert result.schedule.cohorts["a"] != result.schedule.cohorts["b"]


# ---------------------------------------------------------------------- violations


def test_validator_reports_site_over_capacity_with_amount() -> None:
    prog = sites({"capacity": 1}, {"a": 1, "b": 2})
    # Week 1: b is in Y clinic and a on amb_el.
    schedule = rows(
        {"a": 1, "b": 2},
        a="amb_el wards clinic wards wards clinic",
        b="clinic wards wards clinic wards wards",
    )
    report = verdict(prog, schedule)
    assert families(report) == {"clinic"}
    (violation,) = report.by_family("clinic")
    assert violation.who == "s" and violation.weeks == (1,)
    assert "2 residents in clinic, capacity 1 (over by 1)" in violation.message


def test_validator_reports_site_under_minimum() -> None:
    prog = sites({"capacity": 2, "min_residents": 1}, {"a": 1, "b": 2})
    schedule = rows(
        {"a": 1, "b": 2},
        a="wards wards clinic wards amb_el clinic",
        b="clinic wards wards clinic wards wards",
    )
    (violation,) = verdict(prog, schedule).by_family("clinic")
    assert violation.weeks == (2,)
    assert "0 residents in clinic, needs at least 1" in violation.message


def test_only_residents_with_a_site_and_clinic_half_days_count() -> None:
    # c has no template and no site: amb_el does not put them in anyone's clinic. wards has
    # no clinic half-days, so b on wards in an X week is not in clinic either.
    prog = sites(
        {"capacity": 1},
        {"a": 1, "b": 2},
        residents=[
            resident("a", track="pc", clinic_site="s", cohort=1),
            resident("b", pgy=2, track="pc", clinic_site="s", cohort=2),
            resident("c", track="cat"),
            resident("d", pgy=2, track="cat", clinic_site="s"),
        ],
    )
    base = {
        "a": "wards wards clinic wards wards clinic",
        "b": "clinic wards wards clinic wards wards",
    }
    assert verdict(prog, rows({"a": 1, "b": 2}, **base, c="amb_el " * 6, d="wards " * 6)).ok
    # d has a site, so d's amb_el in week 1 meets b's clinic there.
    report = verdict(
        prog,
        rows({"a": 1, "b": 2}, **base, c="amb_el " * 6, d="amb_el wards wards wards wards wards"),
    )
    (violation,) = report.by_family("clinic")
    assert violation.weeks == (1,)


# ---------------------------------------------------------------------- boundary


def test_boundary_capacity_reached_passes_one_more_fails() -> None:
    prog = sites({"capacity": 2}, {"a": 1, "b": 2, "c": 3})
    at_capacity = rows(
        {"a": 1, "b": 2, "c": 3},
        a="amb_el wards clinic wards wards clinic",
        b="clinic wards wards clinic wards wards",
        c="wards clinic wards wards clinic wards",
    )
    assert verdict(prog, at_capacity).ok
    over = rows(
        {"a": 1, "b": 2, "c": 3},
        a="amb_el wards clinic wards wards clinic",
        b="clinic wards wards clinic wards wards",
        c="amb_el clinic wards wards clinic wards",
    )
    (violation,) = verdict(prog, over).by_family("clinic")
    assert (
        violation.weeks == (1,)
        and "3 residents in clinic, capacity 2 (over by 1)" in violation.message
    )


def test_boundary_minimum_reached_passes_one_fewer_fails() -> None:
    prog = sites({"capacity": 3, "min_residents": 2}, {"a": 1, "b": 2})
    at_min = rows(
        {"a": 1, "b": 2},
        a="amb_el amb_el clinic amb_el amb_el clinic",
        b="clinic amb_el amb_el clinic amb_el amb_el",
    )
    assert verdict(prog, at_min).ok
    short = rows(
        {"a": 1, "b": 2},
        a="amb_el amb_el clinic amb_el amb_el clinic",
        b="clinic amb_el amb_el clinic wards amb_el",
    )
    (violation,) = verdict(prog, short).by_family("clinic")
    assert (
        violation.weeks == (5,) and "1 residents in clinic, needs at least 2" in violation.message
    )


# ---------------------------------------------------------------------- infeasible


def test_two_residents_forced_into_one_clinic_seat_is_infeasible() -> None:
    # Both fixed to cohort 1 (balance off): in weeks 3 and 6 both are in Y, where the only
    # rotation is clinic, and the site seats one.
    prog = sites(
        {"capacity": 1},
        {"a": 1, "b": 1},
        cohort_balance={"by_pgy": False, "by_site": False},
    )
    result = solved(prog)
    assert result.status == "INFEASIBLE"
    assert any(line.startswith("clinic s week 3: 2 residents") for line in result.reasons)


def test_minimum_with_no_way_to_reach_it_is_infeasible() -> None:
    # Without amb_el, nobody can be in clinic in weeks 2 and 5 (no one is in Y then).
    prog = sites(
        {"capacity": 2, "min_residents": 1},
        {"a": 1, "b": 2},
        rotations=[ROTATIONS[0], ROTATIONS[2]],
    )
    result = solved(prog)
    assert result.status == "INFEASIBLE"
    # Either week's minimum is impossible on its own, so the smallest core is one of them.
    (line,) = result.reasons
    assert line.startswith(
        ("[clinic] s clinic week 2: at least 1", "[clinic] s clinic week 5: at least 1")
    )
