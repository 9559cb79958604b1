"""X+Y phases: Y rotations in Y weeks, X rotations in X weeks, 'either' anywhere.

Phases are computed here by hand, from the template's definition only: cohort g starts its
cycle (g - 1) * stagger weeks after cohort 1, and the first x_weeks of a cycle are X.
"""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from scheduler.domain import Program, Template
from scheduler.stages.calendar import resident_weeks
from tests.tiny import families, program, resident, rotation, rows, solved, verdict

T21 = {"id": "t21", "x_weeks": 2, "y_weeks": 1, "cohorts": 3, "stagger": 1}
T42 = {"id": "t42", "x_weeks": 4, "y_weeks": 2, "cohorts": 3, "stagger": 2}
ROTATIONS = [
    rotation("wards"),
    rotation("clinic", "ambulatory", phase="Y", ambulatory=True),
    rotation("elective", "elective", phase="either"),
]


def hand_phase(x: int, y: int, stagger: int, cohort: int, week: int) -> str:
    """Phase of 1-based ``week``: the cycle of cohort g starts in week 1 + (g - 1) * stagger."""
    into_cycle = (week - 1 - (cohort - 1) * stagger) % (x + y)
    return "X" if into_cycle < x else "Y"


def on_template(
    template: dict[str, Any], cohorts: dict[str, int | None], **overrides: Any
) -> Program:
    fields: dict[str, Any] = {
        "weeks": 6,
        "templates": [template],
        "tracks": [
            {"id": "pc", "name": "Primary care", "template": template["id"]},
            {"id": "cat", "name": "Categorical"},
        ],
        "rotations": ROTATIONS,
        "residents": [resident(rid, track="pc", cohort=g) for rid, g in cohorts.items()],
    }
    fields.update(overrides)
    return program(**fields)


def by_phase(phases: list[str]) -> str:
    return " ".join("wards" if phase == "X" else "clinic" for phase in phases)


# ---------------------------------------------------------------------- feasible


def test_solver_keeps_every_rotation_in_its_phase() -> None:
    # One resident per cohort of 2+1; each needs 2 weeks of the 'either' elective. Every Y
    # week is clinic or elective, every X week wards or elective.
    prog = on_template(
        T21, {"a": 1, "b": 2, "c": 3}, requirements=[{"rotations": ["elective"], "weeks": 2}]
    )
    result = solved(prog)
    assert result.schedule is not None
    assert verdict(prog, result.schedule).ok
    for g, rid in enumerate("abc", start=1):
        row = result.schedule.assignments[rid]
        for week, rot in enumerate(row, start=1):
            phase = hand_phase(2, 1, 1, g, week)
            assert rot in ({"wards", "elective"} if phase == "X" else {"clinic", "elective"}), (
                rid,
                week,
            )
        assert row.count("elective") == 2


def test_solver_never_gives_a_resident_without_template_a_y_rotation() -> None:
    # n has no template: two ambulatory weeks must come from the 'either' rotation, not clinic.
    prog = program(
        rotations=[*ROTATIONS, rotation("amb_any", "ambulatory", phase="either", ambulatory=True)],
        residents=[resident("n")],
        requirements=[{"categories": ["ambulatory"], "weeks": "2+"}],
    )
    result = solved(prog)
    assert result.schedule is not None
    assert verdict(prog, result.schedule).ok
    row = result.schedule.assignments["n"]
    assert "clinic" not in row and row.count("amb_any") >= 2
    assert result.schedule.cohorts == {}


def test_solver_honours_a_fixed_roster_cohort() -> None:
    # Cohorts 2 and 3 for a and b are fixed; c is free and balance (one PGY-1 per cohort)
    # leaves it cohort 1.
    prog = on_template(T21, {"a": 2, "b": 3, "c": None})
    result = solved(prog)
    assert result.schedule is not None
    assert verdict(prog, result.schedule).ok
    assert result.schedule.cohorts == {"a": 2, "b": 3, "c": 1}


def test_solver_phases_follow_the_cohort_stagger() -> None:
    # 4+2 with stagger 2: cohort g's cycle starts in week 1 + 2(g - 1). With the 'either'
    # elective ruled out, every week is wards (X) or clinic (Y), so each row spells out its
    # cohort's phases.
    prog = on_template(
        T42,
        {"a": 1, "b": 2, "c": 3},
        weeks=12,
        requirements=[{"rotations": ["elective"], "weeks": 0}],
    )
    result = solved(prog)
    assert result.schedule is not None
    assert verdict(prog, result.schedule).ok
    for g, rid in enumerate("abc", start=1):
        expected = by_phase([hand_phase(4, 2, 2, g, w) for w in range(1, 13)])
        assert " ".join(result.schedule.assignments[rid]) == expected, rid
    assert result.schedule.assignments["b"][:4] == ("clinic", "clinic", "wards", "wards")


# ---------------------------------------------------------------------- violations


def test_validator_reports_rotations_out_of_phase() -> None:
    prog = on_template(T21, {"a": 1})
    # Cohort 1 is X X Y X X Y: wards in week 3 (Y) and clinic in week 4 (X).
    report = verdict(prog, rows({"a": 1}, a="wards wards wards clinic wards clinic"))
    assert families(report) == {"phases"}
    found = {v.weeks: v.message for v in report.by_family("phases")}
    assert set(found) == {(3,), (4,)}
    assert "wards is a X-phase rotation, but this is their Y phase" in found[3,]
    assert "clinic is a Y-phase rotation, but this is their X phase" in found[4,]
    # 'either' fits both phases.
    assert verdict(
        prog, rows({"a": 1}, a="elective elective elective elective elective elective")
    ).ok


def test_validator_reports_a_y_rotation_for_a_resident_without_template() -> None:
    prog = program(rotations=ROTATIONS, residents=[resident("n")])
    (violation,) = verdict(prog, rows(n="wards clinic wards wards wards wards")).by_family("phases")
    assert violation.weeks == (2,) and "a resident without a template" in violation.message
    # A resident without a template has no cohort either.
    report = verdict(prog, rows({"n": 1}, n="wards " * 6))
    assert [v.message for v in report.by_family("phases")] == [
        "n has no template but is given cohort 1"
    ]


def test_validator_reports_bad_cohorts() -> None:
    prog = on_template(T21, {"a": 2, "b": None})
    schedule = rows({"a": 1, "b": 4}, a="wards wards clinic wards wards clinic", b="wards " * 6)
    messages = sorted(v.message for v in verdict(prog, schedule).by_family("phases"))
    assert messages == [
        "a is fixed to cohort 2 on the roster, scheduled in 1",
        "b needs a cohort from 1 to 3, has 4",
    ]
    missing = verdict(
        prog, rows({"a": 2}, a="clinic wards wards clinic wards wards", b="wards " * 6)
    )
    assert [v.message for v in missing.by_family("phases")] == [
        "b needs a cohort from 1 to 3, has None"
    ]


# ---------------------------------------------------------------------- boundary


def test_boundary_cohort_g_starts_stagger_weeks_after_cohort_g_minus_1() -> None:
    # 4+2 stagger 2, cohort 2: Y Y X X X X Y Y ... (its cycle starts in week 3). The pattern
    # shifted by one week, at either edge of the X run, is out of phase exactly there.
    prog = on_template(T42, {"b": 2}, weeks=8)
    assert verdict(prog, rows({"b": 2}, b="clinic clinic wards wards wards wards clinic clinic")).ok
    early = verdict(prog, rows({"b": 2}, b="clinic wards wards wards wards clinic clinic clinic"))
    assert sorted(v.weeks for v in early.by_family("phases")) == [(2,), (6,)]
    late = verdict(prog, rows({"b": 2}, b="clinic clinic clinic wards wards wards wards clinic"))
    assert sorted(v.weeks for v in late.by_family("phases")) == [(3,), (7,)]


# ---------------------------------------------------------------------- infeasible


def test_y_rotation_required_of_a_resident_without_template_is_infeasible() -> None:
    prog = program(
        rotations=ROTATIONS,
        residents=[resident("n")],
        requirements=[{"rotations": ["clinic"], "weeks": 1}],
    )
    result = solved(prog)
    assert result.status == "INFEASIBLE"
    assert any("n needs 1 weeks" in line and "only 0 weeks" in line for line in result.reasons)


# ---------------------------------------------------------------------- property


@st.composite
def templates(draw: st.DrawFn) -> Template:
    x, y = draw(st.integers(1, 6)), draw(st.integers(1, 6))
    cycle = x + y
    stagger = draw(
        st.sampled_from([s for s in range(1, 13) if cycle % s == 0 and cycle // s <= 16])
    )
    return Template(id="t", x_weeks=x, y_weeks=y, cohorts=cycle // stagger, stagger=stagger)


@settings(max_examples=100, deadline=None)
@given(template=templates(), data=st.data())
def test_validator_phase_derivation_agrees_with_the_calendar(
    template: Template, data: st.DataObject
) -> None:
    weeks = data.draw(st.integers(1, 20), label="weeks")
    cohort = data.draw(st.integers(1, template.cohorts), label="cohort")
    prog = on_template(
        template.model_dump(),
        {"a": cohort},
        weeks=weeks,
        cohort_balance={"by_pgy": False, "by_site": False},
    )
    phases = [slot.phase for slot in resident_weeks(prog, prog.residents[0], cohort)]
    hand = [
        hand_phase(template.x_weeks, template.y_weeks, template.stagger, cohort, w)
        for w in range(1, weeks + 1)
    ]
    assert phases == hand == [template.phase(cohort, w) for w in range(weeks)]
    # The calendar's row passes the validator; flipping one week's phase fails exactly there.
    assert verdict(prog, rows({"a": cohort}, a=by_phase(phases))).ok
    flip = data.draw(st.integers(0, weeks - 1), label="flip")
    flipped = [("Y" if p == "X" else "X") if w == flip else p for w, p in enumerate(phases)]
    report = verdict(prog, rows({"a": cohort}, a=by_phase(flipped)))
    assert [v.weeks for v in report.violations] == [(flip + 1,)]
