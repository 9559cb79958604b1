"""Units: ``unit: segment`` and ``unit: n`` rotations fill whole parts of template segments.

Phase tables used below (1-based weeks, from calendar.py: cohort g stands at position
``(w - 1 - (g - 1) * stagger) mod cycle`` in week w; positions below x_weeks are X).

Template 2+1, 3 cohorts, stagger 1, six weeks::

    cohort 1:  X X Y X X Y    X segments {1,2} {4,5}
    cohort 2:  Y X X Y X X    X segments {2,3} {5,6}
    cohort 3:  X Y X X Y X    X segments {1} (cut: began before week 1) {3,4}
                              and {6} (cut by the year's end)

Template 4+2, 6 cohorts, stagger 1, twelve weeks, cohort 6 (position of week 1 is 1)::

    weeks      1 2 3 4 5 6 7 8 9 10 11 12
    phase      X X X Y Y X X X X Y  Y  X
    offset     1 2 3 0 1 0 1 2 3 0  1  0
    2-week units: {1} (cut) {2,3} {6,7} {8,9} {12} (cut)
"""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from scheduler.domain import Program
from scheduler.stages.calendar import resident_weeks, unit_blocks
from tests.tiny import families, program, resident, rotation, rows, solved, verdict

T21 = {"id": "t21", "x_weeks": 2, "y_weeks": 1, "cohorts": 3, "stagger": 1}
T42 = {"id": "t42", "x_weeks": 4, "y_weeks": 2, "cohorts": 6, "stagger": 1}


def xy(
    cohorts: dict[str, int | None],
    *,
    template: dict[str, Any] = T21,
    weeks: int = 6,
    extra_rotations: list[dict[str, Any]] | None = None,
    wards_unit: int | str = "segment",
    **overrides: Any,
) -> Program:
    """Residents on one template with fixed cohorts; wards comes in units, icu in weeks."""
    return program(
        weeks=weeks,
        templates=[template],
        tracks=[{"id": "pc", "name": "Primary care", "template": template["id"]}],
        rotations=[
            rotation("wards", unit=wards_unit),
            rotation("icu", "critical_care"),
            rotation("clinic", "ambulatory", phase="Y", ambulatory=True),
            *(extra_rotations or []),
        ],
        residents=[
            resident(rid, pgy=1 + i, track="pc", cohort=g)
            for i, (rid, g) in enumerate(cohorts.items())
        ],
        pgy_years=[1, 2, 3],
        **overrides,
    )


def weeks_on(row: tuple[str, ...], rotation_id: str) -> set[int]:
    return {w + 1 for w, rot in enumerate(row) if rot == rotation_id}


# ---------------------------------------------------------------------- feasible


def test_solver_fills_whole_segments_including_cut_ones_at_the_edges() -> None:
    # a (cohort 1) needs 2 weeks of wards: its X segments are {1,2} and {4,5}, so wards is
    # one of them whole. c (cohort 3) needs 3: its X segments are {1}, {3,4}, {6}, so wards
    # is the 2-week segment plus one of the cut 1-week segments at the year's edges.
    prog = xy(
        {"a": 1, "c": 3},
        requirements=[
            {"rotations": ["wards"], "weeks": 2, "pgy": [1]},
            {"rotations": ["wards"], "weeks": 3, "pgy": [2]},
        ],
    )
    result = solved(prog)
    assert result.schedule is not None
    report = verdict(prog, result.schedule)
    assert report.ok, report.violations
    assert weeks_on(result.schedule.assignments["a"], "wards") in ({1, 2}, {4, 5})
    assert weeks_on(result.schedule.assignments["c"], "wards") in ({1, 3, 4}, {3, 4, 6})


def test_solver_may_split_a_unit_with_leave() -> None:
    # Cohort 1's X segments are both 2 weeks, so one week of wards is only possible when the
    # other week of its segment is vacation (1 week, X phase only).
    prog = xy(
        {"a": 1},
        extra_rotations=[rotation("vacation", "leave", phase="either")],
        vacation={"weeks_per_resident": 1, "max_block_weeks": 1},
        requirements=[{"rotations": ["wards"], "weeks": 1}],
    )
    result = solved(prog)
    assert result.schedule is not None
    assert verdict(prog, result.schedule).ok
    row = result.schedule.assignments["a"]
    (wards,) = weeks_on(row, "wards")
    (vacation,) = weeks_on(row, "vacation")
    assert {wards, vacation} in ({1, 2}, {4, 5})


def test_solver_fills_n_week_units_from_the_segments_true_start() -> None:
    # Cohort 6 of 4+2: 2-week units are {1} (cut) {2,3} {6,7} {8,9} {12} (cut); one week of
    # nights can only be a cut unit, so it lands in week 1 or week 12.
    prog = xy(
        {"f": 6},
        template=T42,
        weeks=12,
        wards_unit=1,
        extra_rotations=[rotation("nights", "night_float", unit=2)],
        requirements=[{"rotations": ["nights"], "weeks": 1}],
    )
    result = solved(prog)
    assert result.schedule is not None
    assert verdict(prog, result.schedule).ok
    assert weeks_on(result.schedule.assignments["f"], "nights") in ({1}, {12})


def test_without_a_template_segments_are_the_tracks_blocks() -> None:
    # No template, blocks of 3 weeks: {1,2,3} and {4,5,6}. Three weeks of wards fill one.
    prog = program(
        tracks=[{"id": "cat", "name": "Categorical", "block_weeks": 3}],
        rotations=[rotation("wards", unit="segment"), rotation("icu", "critical_care")],
        residents=[resident("n")],
        requirements=[{"rotations": ["wards"], "weeks": 3}],
    )
    result = solved(prog)
    assert result.schedule is not None
    assert verdict(prog, result.schedule).ok
    assert weeks_on(result.schedule.assignments["n"], "wards") in ({1, 2, 3}, {4, 5, 6})
    # Two weeks of wards in the first block leave it short of whole.
    (violation,) = verdict(prog, rows(n="icu wards wards icu icu icu")).by_family("units")
    assert violation.weeks == (1, 2, 3)


# ---------------------------------------------------------------------- violations


def test_validator_reports_a_segment_split_between_two_rotations() -> None:
    prog = xy({"a": 1})
    report = verdict(prog, rows({"a": 1}, a="wards icu clinic icu icu clinic"))
    assert families(report) == {"units"}
    (violation,) = report.by_family("units")
    assert violation.who == "a"
    assert violation.weeks == (1, 2)
    assert "1 week(s) are on icu" in violation.message
    assert "whole segment" in violation.message


def test_leave_may_split_a_unit_but_another_rotation_may_not() -> None:
    prog = xy(
        {"a": 1},
        extra_rotations=[rotation("vacation", "leave", phase="either")],
        vacation={"weeks_per_resident": 1, "max_block_weeks": 1},
    )
    assert verdict(prog, rows({"a": 1}, a="icu icu clinic wards vacation clinic")).ok
    report = verdict(prog, rows({"a": 1}, a="vacation icu clinic wards icu clinic"))
    assert families(report) == {"units"}
    (violation,) = report.by_family("units")
    assert violation.weeks == (4, 5)


def test_cut_segments_at_the_years_edges_are_shorter_units() -> None:
    # Cohort 3: week 1 and week 6 are whole (cut) segments on their own.
    prog = xy({"c": 3})
    assert verdict(prog, rows({"c": 3}, c="wards clinic icu icu clinic wards")).ok
    # The same first week is half of a 2-week segment for cohort 1.
    prog1 = xy({"a": 1})
    (violation,) = verdict(prog1, rows({"a": 1}, a="wards icu clinic icu icu clinic")).by_family(
        "units"
    )
    assert violation.weeks == (1, 2)


def test_n_week_units_are_counted_from_the_segments_true_start() -> None:
    prog = xy({"f": 6}, template=T42, weeks=12, wards_unit=2)
    base = [
        "icu",
        "icu",
        "icu",
        "clinic",
        "clinic",
        "icu",
        "icu",
        "icu",
        "icu",
        "clinic",
        "clinic",
        "icu",
    ]

    def row(*wards_weeks: int) -> str:
        return " ".join("wards" if w + 1 in wards_weeks else rot for w, rot in enumerate(base))

    # Week 1 alone is a whole (cut) unit; weeks 2-3 and 8-9 are whole units.
    assert verdict(prog, rows({"f": 6}, f=row(1))).ok
    assert verdict(prog, rows({"f": 6}, f=row(2, 3, 8, 9, 12))).ok
    # Weeks 1-2 straddle two units: the second unit {2,3} is only half on wards.
    (violation,) = verdict(prog, rows({"f": 6}, f=row(1, 2))).by_family("units")
    assert violation.weeks == (2, 3)
    assert "2-week unit" in violation.message and "1 week(s) are on icu" in violation.message
    # Weeks 7-8 straddle {6,7} and {8,9}: both units are broken.
    report = verdict(prog, rows({"f": 6}, f=row(7, 8)))
    assert sorted(v.weeks for v in report.by_family("units")) == [(6, 7), (8, 9)]


def test_boundary_whole_segment_passes_one_week_more_fails() -> None:
    prog = xy({"a": 1})
    assert verdict(prog, rows({"a": 1}, a="wards wards clinic icu icu clinic")).ok
    # One more week of wards spills into the next X segment {4,5} and breaks it.
    (violation,) = verdict(prog, rows({"a": 1}, a="wards wards clinic wards icu clinic")).by_family(
        "units"
    )
    assert violation.weeks == (4, 5)


# ---------------------------------------------------------------------- infeasible


def test_odd_weeks_of_a_segment_rotation_in_even_segments_is_infeasible() -> None:
    # Cohort 1's X segments are {1,2} and {4,5}: whole segments give 0, 2 or 4 weeks of wards,
    # never exactly 1, and there is no leave to split a segment.
    prog = xy({"a": 1}, requirements=[{"rotations": ["wards"], "weeks": 1}])
    result = solved(prog)
    assert result.status == "INFEASIBLE"
    # The core names the requirement and the unit rule that cannot both hold.
    assert any("[requirements] a wards" in line for line in result.reasons)
    assert any("[units] a wards: fills whole segments" in line for line in result.reasons)


def test_solver_picks_the_cohort_whose_cut_segment_fits_the_requirement() -> None:
    # Same rule, cohort left free: cohort 3's cut segments {1} and {6} hold exactly one week
    # of wards (the validator accepts such a schedule below), so a schedule exists.
    prog = xy({"a": None}, requirements=[{"rotations": ["wards"], "weeks": 1}])
    assert verdict(prog, rows({"a": 3}, a="wards clinic icu icu clinic icu")).ok
    result = solved(prog)
    assert result.status != "INFEASIBLE", result.reasons
    assert result.schedule is not None and result.schedule.cohorts["a"] == 3
    assert verdict(prog, result.schedule).ok


# ---------------------------------------------------------------------- property


@settings(max_examples=60, deadline=None)
@given(
    cohort=st.integers(1, 6),
    unit=st.sampled_from([2, 3, "segment"]),
    row=st.lists(st.sampled_from(["wards", "icu"]), min_size=12, max_size=12),
)
def test_validator_units_agree_with_the_calendars_unit_blocks(
    cohort: int, unit: int | str, row: list[str]
) -> None:
    # Y weeks get clinic; X weeks get the drawn rotation. The calendar (the model's view)
    # and the validator (its own derivation) must agree on which units are broken.
    prog = xy({"f": cohort}, template=T42, weeks=12, wards_unit=unit)
    phases = resident_weeks(prog, prog.residents[0], cohort)
    full = [rot if slot.phase == "X" else "clinic" for rot, slot in zip(row, phases, strict=True)]
    broken = {
        (block[0] + 1, block[-1] + 1)
        for block in unit_blocks(phases, unit)
        if "wards" in (full[w] for w in block) and any(full[w] != "wards" for w in block)
    }
    report = verdict(prog, rows({"f": cohort}, f=" ".join(full)))
    assert {(v.weeks[0], v.weeks[-1]) for v in report.by_family("units")} == broken
    assert families(report) <= {"units"}
