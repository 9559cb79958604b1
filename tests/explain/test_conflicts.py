"""Infeasibility is reported only with a proof, and explained.

Template 2+1 with 3 cohorts over six weeks (1-based weeks)::

    cohort 1:  X X Y X X Y
    cohort 2:  Y X X Y X X
    cohort 3:  X Y X X Y X

Cohorts are chosen by the engine unless the roster fixes them, so a conflict found for the
chosen cohorts proves nothing by itself: the engine either shows it holds for every cohort,
or tries other cohorts, or says it could not decide.
"""

from __future__ import annotations

from typing import Any

from scheduler.domain import Program
from scheduler.workflows.solving import MAX_COHORT_ATTEMPTS
from tests.tiny import core, program, resident, rotation, solved, verdict

T21 = {"id": "t21", "x_weeks": 2, "y_weeks": 1, "cohorts": 3, "stagger": 1}
TRACK = [{"id": "pc", "name": "Primary care", "template": "t21"}]
ROTATIONS = [
    rotation("wards"),
    rotation("icu", "critical_care", coverage={"any": "0-1"}),
    rotation("clinic", "ambulatory", phase="Y", ambulatory=True),
]


def on_template(residents: list[dict[str, Any]], **overrides: Any) -> Any:
    fields: dict[str, Any] = {
        "weeks": 6,
        "templates": [T21],
        "tracks": TRACK,
        "rotations": ROTATIONS,
        "residents": residents,
        "cohort_balance": {"by_pgy": False, "by_site": False},
    }
    fields.update(overrides)
    return program(**fields)


def test_conflict_among_fixed_cohorts_is_proven_and_names_the_rules() -> None:
    # Both residents are fixed to cohort 1, whose week 4 is an X week; both are pinned to
    # icu in week 4, which seats one. No cohort was chosen, so this is a proof.
    prog = on_template(
        [resident("a", track="pc", cohort=1), resident("b", track="pc", cohort=1)],
        pins=[
            {"resident": "a", "weeks": 4, "rotation": "icu"},
            {"resident": "b", "weeks": 4, "rotation": "icu"},
        ],
    )
    result = solved(prog)
    assert result.status == "INFEASIBLE"
    (line,) = result.reasons
    assert line.startswith("pins against coverage: icu week 4 takes at most 1 resident")
    assert "pins[0] a icu week 4" in line and "pins[1] b icu week 4" in line
    assert core(prog, {"a": 1, "b": 1}) == [
        "[coverage] icu week 4: at most 1 resident",
        "[pins] pins[0] a icu week 4: week 4",
        "[pins] pins[1] b icu week 4: week 4",
    ]


def test_conflict_on_chosen_cohorts_that_every_cohort_shares_is_proven() -> None:
    # Cohorts are free, but both pins need week 4 in X (cohorts 1 and 3 allow it), and icu
    # seats one in every cohort: the engine excludes the combination it tried and finds no
    # other that avoids the conflict, which is then a proof.
    prog = on_template(
        [resident("a", track="pc"), resident("b", track="pc")],
        pins=[
            {"resident": "a", "weeks": 4, "rotation": "icu"},
            {"resident": "b", "weeks": 4, "rotation": "icu"},
        ],
    )
    result = solved(prog)
    assert result.status == "INFEASIBLE"
    assert any("at most 1 resident" in line for line in result.reasons)


# A conflict that another cohort avoids, so that the engine retries and then succeeds, is
# tested in test_units.py::test_solver_picks_the_cohort_whose_cut_segment_fits_the_requirement.


def test_cohorts_that_cannot_staff_a_week_are_a_proof_from_the_cohort_stage() -> None:
    # 2+1 template, 3 residents: whatever their cohorts, each has one Y week among weeks
    # 1-3, so icu, needing all 3 every week, is short in one of them. The cohort stage sees
    # this (staffing minimums against phases) and proves it, naming just those three weeks.
    prog = on_template(
        [resident("a", track="pc"), resident("b", track="pc"), resident("c", track="pc")],
        rotations=[
            rotation("icu", "critical_care", coverage={"any": "3+"}),
            rotation("clinic", "ambulatory", phase="Y", ambulatory=True),
        ],
        cohort_balance={"by_pgy": True, "by_site": False, "max_difference": 0},
    )
    result = solved(prog)
    assert result.status == "INFEASIBLE"
    assert result.reasons == [
        f"[coverage] icu week {w}: at least 3 residents in a phase that allows it"
        for w in (1, 2, 3)
    ]


def icu_short_in_a_vacation_week() -> Program:
    """Three residents, one per cohort, every week two in X for icu's 2, and each takes a
    vacation week in X: that week icu has one."""
    return on_template(
        [resident("a", track="pc"), resident("b", track="pc"), resident("c", track="pc")],
        rotations=[
            rotation("icu", "critical_care", coverage={"any": "2+"}),
            rotation("clinic", "ambulatory", phase="Y", ambulatory=True),
            rotation("vac", "leave", phase="either"),
        ],
        vacation={
            "rotation": "vac",
            "weeks_per_resident": 1,
            "allowed_phases": ["X"],
            "max_away_per_week": {},
        },
        cohort_balance={"by_pgy": True, "by_site": False, "max_difference": 0},
    )


def test_conflict_on_a_whole_group_with_chosen_cohorts_is_proven_once_every_cohort_is_tried() -> (
    None
):
    # Three residents with cohort sizes forced equal (max_difference 0): one per cohort, so
    # every week two are in X, enough for icu's 2. But each takes a vacation week, in X:
    # that week icu has one. The cohort stage does not see vacation; the conflict depends on
    # everyone's cohort, so no single attempt is a proof, but the engine keeps trying while
    # time remains, and once each of the 3! assignments is ruled out, that is one.
    prog = icu_short_in_a_vacation_week()
    result = solved(prog)
    assert result.status == "INFEASIBLE"
    assert any("icu week" in line and "at least 2" in line for line in result.reasons)
    assert any("vacation weeks: exactly 1" in line for line in result.reasons)
    assert "every other balanced cohort assignment was tried" in result.reasons[-1]
    assert MAX_COHORT_ATTEMPTS >= 6  # 3! cohort permutations: within what the engine tries


def test_a_conflict_found_over_several_cohort_attempts_reads_the_same_in_two_runs() -> None:
    # The case above: the conflict it names must not depend on the run.
    prog = icu_short_in_a_vacation_week()
    first, second = solved(prog), solved(prog)
    assert first.status == second.status == "INFEASIBLE"
    assert first.reasons == second.reasons


def test_two_at_most_rules_that_trap_a_chosen_cohort_together_are_not_a_proof() -> None:
    # 1+1 template (cohort 1: X Y X Y, cohort 2: Y X Y X). Clinic weeks offer only clinA and
    # clinB, each seating one, so a cohort holds at most two residents. a and b are fixed
    # to cohort 1, d to cohort 2; c is free. Stage 1 puts c in cohort 1 (site s2 has room
    # for one, and d is there in cohort 2), where three residents need two seats. Neither
    # "at most 1" rule alone traps c (c could take the other one), but the two together do:
    # the engine must see that c's cohort matters, try cohort 2, and find the schedule.
    prog = program(
        weeks=4,
        templates=[{"id": "t11", "x_weeks": 1, "y_weeks": 1, "cohorts": 2, "stagger": 1}],
        tracks=[{"id": "pc", "name": "PC", "template": "t11"}],
        clinic_sites=[
            {"id": "s1", "name": "S1", "capacity": 5},
            {"id": "s2", "name": "S2", "capacity": 1},
        ],
        rotations=[
            rotation("wards"),
            rotation("clin_a", "ambulatory", phase="Y", coverage={"any": "0-1"}),
            rotation("clin_b", "ambulatory", phase="Y", coverage={"any": "0-1"}),
        ],
        residents=[
            resident("a", track="pc", cohort=1, clinic_site="s1"),
            resident("b", track="pc", cohort=1, clinic_site="s1"),
            resident("c", track="pc", clinic_site="s2"),
            resident("d", track="pc", cohort=2, clinic_site="s2"),
        ],
        cohort_balance={"by_pgy": False, "by_site": False},
    )
    result = solved(prog)
    assert result.schedule is not None, result.reasons
    assert result.schedule.cohorts["c"] == 2
    assert verdict(prog, result.schedule).ok
