"""Cohort staffing: the cohort stage leaves enough residents, each week, in a phase that lets
them meet every staffing and clinic minimum.

Template 2+1 with 3 cohorts (1-based weeks)::

    cohort 1:  X X Y X X Y
    cohort 2:  Y X X Y X X
    cohort 3:  X Y X X Y X

With cohort balance off and no clinic sites, nothing else in the cohort stage cares where
residents go, so without this family it could put everyone in one cohort, and a week with
that cohort in Y would have nobody for icu.
"""

from __future__ import annotations

from typing import Any

from scheduler.domain import Program
from scheduler.domain.params import SolveParams
from scheduler.stages.calendar import SERVICE
from scheduler.stages.cohorts import assign_cohorts
from tests.tiny import program, resident, rotation, rows, solved, verdict

T21 = {"id": "t21", "x_weeks": 2, "y_weeks": 1, "cohorts": 3, "stagger": 1}


def icu_program(need: int, count: int = 3, **overrides: Any) -> Program:
    fields: dict[str, Any] = {
        "weeks": 6,
        "templates": [T21],
        "tracks": [{"id": "pc", "name": "Primary care", "template": "t21"}],
        "rotations": [
            rotation("icu", "critical_care", coverage={"any": f"{need}+"}),
            rotation("wards"),
            rotation("clinic", "ambulatory", phase="Y", ambulatory=True),
        ],
        "residents": [resident(f"r{i}", track="pc") for i in range(count)],
        "cohort_balance": {"by_pgy": False, "by_site": False},
    }
    fields.update(overrides)
    return program(**fields)


def in_service(prog: Program, cohorts: dict[str, int], week: int) -> int:
    template = prog.templates[0]
    return sum(template.phase(g, week) == SERVICE for g in cohorts.values())


def test_cohorts_leave_enough_residents_in_service_every_week() -> None:
    prog = icu_program(need=2)
    plan = assign_cohorts(prog, SolveParams())
    assert plan.ok
    assert all(in_service(prog, plan.cohorts, w) >= 2 for w in range(prog.weeks))
    result = solved(prog)
    assert result.status == "OPTIMAL" and result.schedule is not None
    assert verdict(prog, result.schedule).ok


def test_boundary_every_resident_needed_in_service_in_the_weeks_that_allow_it() -> None:
    # Six residents, icu needs 4 a week: with two per cohort exactly 4 are in X every week,
    # and any other split leaves some week with 3 or fewer.
    prog = icu_program(need=4, count=6)
    plan = assign_cohorts(prog, SolveParams())
    assert plan.ok
    assert sorted(plan.cohorts.values()) == [1, 1, 2, 2, 3, 3]
    result = solved(prog)
    assert result.status == "OPTIMAL" and result.schedule is not None
    assert verdict(prog, result.schedule).ok


def test_one_more_than_the_phases_allow_is_proven_infeasible() -> None:
    # Needing 5 of 6 every week: each cohort is in Y one week in three, so some week of the
    # first three has at most 4 in X, whatever the cohorts.
    prog = icu_program(need=5, count=6)
    assert not assign_cohorts(prog, SolveParams()).ok
    result = solved(prog)
    assert result.status == "INFEASIBLE"
    assert all(
        "icu week" in line and "at least 5 residents in a phase that allows it" in line
        for line in result.reasons
    ), result.reasons


def test_fixed_cohorts_count_toward_the_minimum() -> None:
    # r0 and r1 are fixed to cohort 1, in Y in weeks 3 and 6; icu needs 1 a week, so r2 must
    # be in X then: cohort 2 (Y in weeks 1 and 4) or 3 (Y in 2 and 5), never cohort 1.
    people = [
        resident("r0", track="pc", cohort=1),
        resident("r1", track="pc", cohort=1),
        resident("r2", track="pc"),
    ]
    plan = assign_cohorts(icu_program(need=1, residents=people), SolveParams())
    assert plan.ok and plan.cohorts["r2"] in (2, 3)
    # Needing 2, weeks 3 and 6 have only r2: no cohort for r2 helps, and that is a proof.
    result = solved(icu_program(need=2, residents=people))
    assert result.status == "INFEASIBLE"
    assert result.reasons == [
        "[coverage] icu week 3: at least 2 residents in a phase that allows it"
    ]


def test_clinic_minimum_needs_someone_in_clinic_phase_each_week() -> None:
    # Found by fuzzing: a clinic site needing one resident in clinic every week. Without
    # this family the cohort stage put two of three residents in one cohort, leaving a week
    # with nobody able to be in clinic, and the engine ended with no schedule.
    prog = program(
        weeks=3,
        templates=[T21],
        tracks=[{"id": "pc", "name": "Primary care", "template": "t21"}],
        clinic_sites=[{"id": "s", "name": "S", "capacity": 2, "min_residents": 1}],
        rotations=[
            rotation("wards"),
            rotation("clinic", "ambulatory", phase="Y", ambulatory=True, clinic_half_days=4),
        ],
        residents=[
            resident(f"r{i}", track="pc", clinic_site="s", **({"cohort": 1} if i == 0 else {}))
            for i in range(3)
        ],
        cohort_balance={"by_pgy": False, "by_site": False},
    )
    plan = assign_cohorts(prog, SolveParams())
    assert plan.ok
    template = prog.templates[0]
    for w in range(prog.weeks):
        assert any(template.phase(g, w) != SERVICE for g in plan.cohorts.values())
    result = solved(prog)
    assert result.status == "OPTIMAL" and result.schedule is not None
    assert verdict(prog, result.schedule).ok


def test_validator_catches_cohorts_that_leave_a_week_unstaffed() -> None:
    # Everyone in cohort 1: in weeks 3 and 6 all three are in clinic, so icu has nobody.
    prog = icu_program(need=1)
    row = "icu icu clinic icu icu clinic"
    other = row.replace("icu", "wards")
    schedule = rows({"r0": 1, "r1": 1, "r2": 1}, r0=row, r1=other, r2=other)
    report = verdict(prog, schedule)
    short = [v for v in report.violations if v.family == "coverage"]
    assert {str(v).split(":")[0] for v in short} == {
        "[coverage] Icu week 3 (13 Jul)",
        "[coverage] Icu week 6 (03 Aug)",
    }, [str(v) for v in report.violations]
