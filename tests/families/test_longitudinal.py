"""Longitudinal second sites: a weekly half-day at a second practice in every clinic week,
at most ``capacity`` residents there a week, its half-days counted as clinic half-days.

Template 2+1 with 3 cohorts over six weeks (1-based weeks), as in ``test_clinic``::

    cohort 1:  X X Y X X Y
    cohort 2:  Y X X Y X X
    cohort 3:  X Y X X Y X

The continuity site seats everyone; only the second site ``geri`` can be full.
"""

from __future__ import annotations

from typing import Any

import pytest

from reports import tables
from scheduler.domain import InputError, Program
from scheduler.inputs.program_file import load_program
from tests.tiny import families, program, resident, rotation, rows, solved, verdict

T21 = {"id": "t21", "x_weeks": 2, "y_weeks": 1, "cohorts": 3, "stagger": 1}
ROTATIONS = [
    rotation("wards"),
    rotation("amb_el", "ambulatory", ambulatory=True, clinic_half_days=1),
    rotation("clinic", "ambulatory", phase="Y", ambulatory=True, clinic_half_days=4),
]


def second_site(
    capacity: int, cohorts: dict[str, int | None], *, half_days: int = 1, **overrides: Any
) -> Program:
    fields: dict[str, Any] = {
        "weeks": 6,
        "templates": [T21],
        "tracks": [{"id": "pc", "name": "Primary care", "template": "t21"}],
        "rotations": ROTATIONS,
        "clinic_sites": [{"id": "s", "name": "Main clinic", "capacity": 9}],
        "longitudinal_sites": [
            {"id": "geri", "name": "Geriatrics", "capacity": capacity, "half_days": half_days}
        ],
        "residents": [
            resident(rid, pgy=1 + i, track="pc", clinic_site="s", second_site="geri", cohort=g)
            for i, (rid, g) in enumerate(cohorts.items())
        ],
    }
    fields.update(overrides)
    return program(**fields)


# ---------------------------------------------------------------------- feasible


def test_solver_keeps_the_second_site_within_capacity() -> None:
    # b is in Y clinic (so at geri) in weeks 1 and 4, a in weeks 3 and 6; with one seat at
    # geri, the week of amb_el each needs (which keeps clinic) must be week 2 or 5, apart.
    prog = second_site(1, {"a": 1, "b": 2}, requirements=[{"rotations": ["amb_el"], "weeks": 1}])
    result = solved(prog)
    assert result.schedule is not None
    assert verdict(prog, result.schedule).ok
    weeks = {result.schedule.assignments[r].index("amb_el") + 1 for r in "ab"}
    assert weeks == {2, 5}


def test_second_site_half_days_count_toward_clinic_half_days() -> None:
    # Y clinic twice (4 half-days each) plus geri's 1 in each: 10 half-days, the minimum.
    schedule = rows({"a": 1}, a="wards wards clinic wards wards clinic")
    rule = {"continuity": {"clinic_half_days": [{"min": 10}]}}
    prog = second_site(1, {"a": 1}, **rule)
    report = verdict(prog, schedule)
    assert report.ok
    figures = tables.residents(prog, schedule, report)
    assert figures.loc[0, "clinic_half_days"] == 10 and figures.loc[0, "second_site"] == "geri"
    alone = [resident("a", track="pc", clinic_site="s", cohort=1)]
    (violation,) = verdict(second_site(1, {"a": 1}, **rule, residents=alone), schedule).by_family(
        "continuity"
    )
    assert "8 clinic half-days this year, needs at least 10" in violation.message


# ---------------------------------------------------------------------- violations


def test_validator_reports_the_second_site_over_capacity_and_who_is_there() -> None:
    prog = second_site(1, {"a": 1, "b": 2})
    # Week 1: b is in Y clinic and a on amb_el, which keeps clinic: both at geri.
    schedule = rows(
        {"a": 1, "b": 2},
        a="amb_el wards clinic wards wards clinic",
        b="clinic wards wards clinic wards wards",
    )
    report = verdict(prog, schedule)
    assert families(report) == {"longitudinal"}
    (violation,) = report.by_family("longitudinal")
    assert violation.who == "geri" and violation.weeks == (1,)
    assert "2 residents there (a, b), capacity 1 (over by 1)" in violation.message


# ---------------------------------------------------------------------- boundary


def test_boundary_capacity_reached_passes_one_more_fails() -> None:
    prog = second_site(2, {"a": 1, "b": 2, "c": 3})
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
    (violation,) = verdict(prog, over).by_family("longitudinal")
    assert violation.weeks == (1,) and "3 residents there" in violation.message


# ---------------------------------------------------------------------- infeasible


def test_two_residents_forced_into_one_seat_is_infeasible_and_names_the_site() -> None:
    # Both in cohort 1 (balance off): in weeks 3 and 6 both are in Y clinic, so both at geri.
    prog = second_site(1, {"a": 1, "b": 1}, cohort_balance={"by_pgy": False, "by_site": False})
    result = solved(prog)
    assert result.status == "INFEASIBLE"
    assert any("longitudinal" in line and "geri week 3" in line for line in result.reasons)


def test_free_cohorts_are_chosen_apart_for_the_second_site() -> None:
    # Cohorts free, balance off: the cohort stage weighs the second site's seat and puts
    # a and b in different cohorts.
    prog = second_site(
        1, {"a": None, "b": None}, cohort_balance={"by_pgy": False, "by_site": False}
    )
    result = solved(prog)
    assert result.schedule is not None and verdict(prog, result.schedule).ok
    assert result.schedule.cohorts["a"] != result.schedule.cohorts["b"]


# ---------------------------------------------------------------------- input


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"second_site": "geriatric"}, "unknown longitudinal site 'geriatric'"),
        ({"clinic_site": None}, "has a second site but no continuity clinic"),
    ],
)
def test_a_bad_second_site_names_the_resident_and_the_fix(
    tmp_path: Any, change: dict[str, Any], message: str
) -> None:
    person = {**resident("a", track="pc", clinic_site="s", second_site="geri", cohort=1), **change}
    with pytest.raises(InputError, match=message) as caught:
        program_file(tmp_path, person)
    assert "residents[0].second_site" in str(caught.value)


def test_a_second_site_closed_to_the_residents_year_is_refused(tmp_path: Any) -> None:
    person = resident("a", track="pc", clinic_site="s", second_site="geri", cohort=1)
    with pytest.raises(InputError, match="not open to a") as caught:
        program_file(tmp_path, person, pgy=[2, 3])
    assert "residents[0].second_site" in str(caught.value)


def program_file(tmp_path: Any, person: dict[str, Any], pgy: list[int] | None = None) -> Program:
    import yaml

    prog = second_site(1, {"a": 1})
    data = prog.model_dump(mode="json", exclude_none=True)
    data["residents"] = [person]
    if pgy is not None:
        data["longitudinal_sites"][0]["pgy"] = pgy
        data["pgy_years"] = [1, 2, 3]
    path = tmp_path / "program.yaml"
    path.write_text(yaml.safe_dump(data))
    return load_program(path)
