"""Schedule shape: every roster resident has one known rotation per week, and nobody else."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from scheduler.domain import Schedule
from tests.tiny import families, program, resident, rotation, rows, solved, verdict

SIX = "wards wards elective elective wards wards"


def test_solver_schedule_has_the_right_shape() -> None:
    prog = program(residents=[resident("a"), resident("b"), resident("c", pgy=2)])
    result = solved(prog)
    assert result.schedule is not None
    assert verdict(prog, result.schedule).ok
    assert set(result.schedule.assignments) == {"a", "b", "c"}
    assert all(len(row) == prog.weeks for row in result.schedule.assignments.values())


def test_validator_reports_a_missing_resident() -> None:
    report = verdict(program(), rows(a=SIX))
    assert families(report) == {"schedule"}
    (violation,) = report.violations
    assert violation.who == "b" and violation.message == "b (Dr B) has no schedule"


def test_boundary_number_of_weeks() -> None:
    prog = program()
    assert verdict(prog, rows(a=SIX, b=SIX)).ok
    for text, count in ((SIX + " wards", 7), ("wards wards elective elective wards", 5)):
        report = verdict(prog, rows(a=text, b=SIX))
        (violation,) = report.violations
        assert violation.family == "schedule" and violation.who == "a"
        assert violation.message == f"a has {count} weeks scheduled; the year has 6"


def test_validator_reports_each_week_of_an_unknown_rotation() -> None:
    report = verdict(program(), rows(a="wards ward elective elective ward wards", b=SIX))
    assert families(report) == {"schedule"}
    found = [(v.weeks, v.message) for v in report.violations]
    assert found == [
        ((2,), "a week 2 (06 Jul): unknown rotation 'ward'"),
        ((5,), "a week 5 (27 Jul): unknown rotation 'ward'"),
    ]


def test_validator_reports_a_resident_not_on_the_roster() -> None:
    report = verdict(program(), rows(a=SIX, b=SIX, z=SIX))
    (violation,) = report.violations
    assert violation.family == "schedule" and violation.who == "z"
    assert violation.message == "'z' is scheduled but not on the roster"


def test_unusable_rows_are_not_judged_by_other_families() -> None:
    # b's row is too short; coverage, counted over usable rows only, sees a alone.
    prog = program(
        rotations=[rotation("wards", coverage={"any": "1"}), rotation("elective", "elective")]
    )
    report = verdict(prog, rows(a="wards " * 6, b="wards"))
    assert families(report) == {"schedule"}


# ---------------------------------------------------------------------- property

NAMES = ["wards", "elective", "bogus"]


@settings(max_examples=100, deadline=None)
@given(
    a=st.lists(st.sampled_from(NAMES), min_size=4, max_size=8),
    b=st.none() | st.lists(st.sampled_from(NAMES), min_size=6, max_size=6),
    stranger=st.booleans(),
)
def test_validator_never_crashes_and_flags_coverage_iff_a_week_is_out_of_range(
    a: list[str], b: list[str] | None, stranger: bool
) -> None:
    # wards needs 1-2 residents of any year each week; coverage counts usable rows only.
    prog = program(
        rotations=[rotation("wards", coverage={"any": "1-2"}), rotation("elective", "elective")]
    )
    assignments = {"a": tuple(a)}
    if b is not None:
        assignments["b"] = tuple(b)
    if stranger:
        assignments["z"] = ("wards",) * 6
    report = verdict(prog, Schedule(assignments, {}))

    usable = [
        row
        for row in (assignments.get("a"), assignments.get("b"))
        if row is not None and len(row) == 6 and "bogus" not in row
    ]
    counts = [sum(row[w] == "wards" for row in usable) for w in range(6)]
    assert bool(report.by_family("coverage")) == any(not 1 <= n <= 2 for n in counts)
    shape_ok = (
        b is not None and len(a) == 6 and "bogus" not in a and "bogus" not in b and not stranger
    )
    assert bool(report.by_family("schedule")) == (not shape_ok)
    assert families(report) <= {"schedule", "coverage"}
