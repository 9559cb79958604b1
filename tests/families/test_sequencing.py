"""Sequencing: at most n consecutive weeks on some rotations; forbidden neighbours."""

from __future__ import annotations

from itertools import pairwise
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from scheduler.domain import Program
from tests.tiny import families, program, resident, rotation, rows, solved, verdict

ROTATIONS = [
    rotation("wards"),
    rotation("nights", "night_float"),
    rotation("icu", "critical_care"),
    rotation("ccu", "critical_care"),
]


def sequenced(sequencing: dict[str, Any], **overrides: Any) -> Program:
    fields: dict[str, Any] = {
        "weeks": 6,
        "rotations": ROTATIONS,
        "residents": [resident("a")],
        "sequencing": sequencing,
    }
    fields.update(overrides)
    return program(**fields)


NIGHTS_TWO = {"max_consecutive": [{"rotations": ["nights"], "weeks": 2}]}
NIGHTS_NOT_BY_ICU = {
    "not_adjacent": [
        {"first": {"rotations": ["nights"]}, "second": {"categories": ["critical_care"]}}
    ]
}


def longest_run(row: tuple[str, ...] | list[str], chosen: set[str]) -> int:
    longest = run = 0
    for rot in row:
        run = run + 1 if rot in chosen else 0
        longest = max(longest, run)
    return longest


# ---------------------------------------------------------------------- feasible


def test_solver_breaks_long_stretches_of_nights() -> None:
    # 4 weeks of nights in 6, never more than 2 in a row.
    prog = sequenced(NIGHTS_TWO, requirements=[{"rotations": ["nights"], "weeks": 4}])
    result = solved(prog)
    assert result.schedule is not None
    assert verdict(prog, result.schedule).ok
    row = result.schedule.assignments["a"]
    assert row.count("nights") == 4 and longest_run(row, {"nights"}) <= 2


def test_solver_separates_nights_from_critical_care() -> None:
    # Five weeks, 2 of nights and 2 of critical care: every change between a nights week and
    # a critical care week needs the single wards week between them, so the only schedules
    # are nights nights wards cc cc and the mirror image.
    prog = sequenced(
        NIGHTS_NOT_BY_ICU,
        weeks=5,
        requirements=[
            {"rotations": ["nights"], "weeks": 2},
            {"categories": ["critical_care"], "weeks": 2},
        ],
    )
    result = solved(prog)
    assert result.schedule is not None
    assert verdict(prog, result.schedule).ok
    shape = ["cc" if rot in ("icu", "ccu") else rot for rot in result.schedule.assignments["a"]]
    assert shape in (
        ["nights", "nights", "wards", "cc", "cc"],
        ["cc", "cc", "wards", "nights", "nights"],
    )


# ---------------------------------------------------------------------- violations


def test_validator_reports_a_long_run_with_its_weeks() -> None:
    prog = sequenced({"max_consecutive": [{"rotations": ["nights"], "weeks": 2, "label": "NF"}]})
    report = verdict(prog, rows(a="wards nights nights nights wards nights"))
    assert families(report) == {"sequencing"}
    (violation,) = report.by_family("sequencing")
    assert violation.weeks == (2, 3, 4)
    assert "weeks 2-4: 3 weeks of NF in a row, at most 2" in violation.message


def test_validator_reports_forbidden_neighbours_in_both_orders() -> None:
    prog = sequenced(NIGHTS_NOT_BY_ICU)
    report = verdict(prog, rows(a="nights icu wards ccu nights wards"))
    assert families(report) == {"sequencing"}
    found = {v.weeks: v.message for v in report.by_family("sequencing")}
    assert set(found) == {(1, 2), (4, 5)}
    assert "nights then icu" in found[1, 2]
    assert "ccu then nights" in found[4, 5]
    # A week in between is enough.
    assert verdict(prog, rows(a="nights wards icu ccu wards nights")).ok


# ---------------------------------------------------------------------- boundary


def test_boundary_run_at_the_limit_passes_one_more_fails() -> None:
    prog = sequenced(NIGHTS_TWO)
    assert verdict(prog, rows(a="nights nights wards nights nights wards")).ok
    (violation,) = verdict(prog, rows(a="nights nights nights wards nights nights")).by_family(
        "sequencing"
    )
    assert violation.weeks == (1, 2, 3)


def test_category_rule_counts_a_run_across_rotations_of_the_category() -> None:
    prog = sequenced({"max_consecutive": [{"categories": ["critical_care"], "weeks": 2}]})
    assert verdict(prog, rows(a="icu ccu wards ccu icu wards")).ok
    (violation,) = verdict(prog, rows(a="icu ccu icu wards wards wards")).by_family("sequencing")
    assert violation.weeks == (1, 2, 3)


def test_run_limit_applies_only_to_its_years() -> None:
    prog = sequenced(
        {"max_consecutive": [{"rotations": ["nights"], "weeks": 2, "pgy": [1]}]},
        residents=[resident("a"), resident("b", pgy=2)],
    )
    report = verdict(
        prog,
        rows(
            a="nights nights nights wards wards wards", b="nights nights nights wards wards wards"
        ),
    )
    assert [v.who for v in report.by_family("sequencing")] == ["a"]


# ---------------------------------------------------------------------- infeasible


def test_more_nights_than_runs_allow_is_infeasible() -> None:
    # With runs of at most 2, every 3 weeks hold at most 2 nights: 6 weeks hold at most 4,
    # so 5 weeks of nights is impossible.
    prog = sequenced(NIGHTS_TWO, requirements=[{"rotations": ["nights"], "weeks": 5}])
    result = solved(prog)
    assert result.status == "INFEASIBLE"
    assert any("[requirements] a nights: 5 weeks" in line for line in result.reasons)
    assert any("[sequencing] a nights: at most 2 in a row" in line for line in result.reasons)


def test_neighbours_that_cannot_be_separated_are_infeasible() -> None:
    # Four weeks, 2 of nights and 2 of critical care: some nights week touches a critical
    # care week whatever the order.
    prog = sequenced(
        NIGHTS_NOT_BY_ICU,
        weeks=4,
        requirements=[
            {"rotations": ["nights"], "weeks": 2},
            {"categories": ["critical_care"], "weeks": 2},
        ],
    )
    result = solved(prog)
    assert result.status == "INFEASIBLE"
    assert any("no nights next to critical_care" in line for line in result.reasons)


# ---------------------------------------------------------------------- property


@settings(max_examples=80, deadline=None)
@given(st.lists(st.sampled_from(["wards", "nights", "icu", "ccu"]), min_size=6, max_size=6))
def test_sequencing_flagged_iff_direct_scan_finds_a_breach(row: list[str]) -> None:
    prog = sequenced({**NIGHTS_TWO, **NIGHTS_NOT_BY_ICU})
    report = verdict(prog, rows(a=" ".join(row)))
    critical = {"icu", "ccu"}
    touching = any({a, b} & {"nights"} and {a, b} & critical for a, b in pairwise(row))
    rules = {v.rule.split(" ")[0] for v in report.by_family("sequencing")}
    assert ("at" in rules) == (longest_run(row, {"nights"}) > 2)
    assert ("no" in rules) == touching
    assert families(report) <= {"sequencing"}
