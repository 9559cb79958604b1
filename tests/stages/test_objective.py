"""Soft goals: heavy-rotation fairness within a track and PGY year, and few rotation switches.

Each test is small enough that the optimum is derived by hand in a comment; the solver must
prove it (status OPTIMAL) and report it per term. Term values are also recounted from the
schedule here, so a wrong penalty expression cannot hide behind a right total.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from constraints import fairness
from scheduler.domain import Program, Schedule
from tests.tiny import program, resident, rotation, solved, verdict

HEAVY = ("critical_care", "night_float")


def heavy_spread(prog: Program, schedule: Schedule) -> int:
    """Sum over heavy categories and (track, PGY) groups of 2+ of most minus fewest weeks."""
    groups: dict[tuple[str, int], list[str]] = defaultdict(list)
    for res in prog.residents:
        groups[res.track, res.pgy].append(res.id)
    total = 0
    for category in HEAVY:
        chosen = {rot.id for rot in prog.rotations if rot.category == category}
        for members in groups.values():
            if len(members) > 1:
                counts = [schedule.weeks_on(rid, chosen) for rid in members]
                total += max(counts) - min(counts)
    return total


def switches(row: tuple[str, ...], segments: list[int], leave: set[str]) -> int:
    """Changes from one non-leave rotation to another inside a segment."""
    return sum(
        1
        for w in range(len(row) - 1)
        if segments[w] == segments[w + 1]
        and row[w] != row[w + 1]
        and row[w] not in leave
        and row[w + 1] not in leave
    )


def objective(**overrides: Any) -> Program:
    return program(**overrides)


# ---------------------------------------------------------------------- fairness


def test_odd_heavy_weeks_leave_a_spread_of_one_per_category() -> None:
    # Two interns, five weeks; icu and nights each need exactly one intern a week, so every
    # week one intern is on icu and the other on nights. If a has k icu weeks, b has 5 - k,
    # and nights mirror that: each spread is |2k - 5| >= 1 (5 is odd), reached at k = 2 or 3.
    # Optimum: heavy_balance = 1 + 1 = 2, objective = 10 x 2 = 20.
    prog = objective(
        weeks=5,
        rotations=[
            rotation("icu", "critical_care", coverage={"interns": 1}),
            rotation("nights", "night_float", coverage={"interns": 1}),
        ],
        objective={"heavy_balance": 10, "switches": 0},
    )
    result = solved(prog)
    assert result.status == "OPTIMAL" and result.schedule is not None
    assert verdict(prog, result.schedule).ok
    assert result.terms["heavy_balance"].value == 2 == heavy_spread(prog, result.schedule)
    assert result.terms["heavy_balance"].weight == 10
    assert result.objective == 20
    assert result.schedule.weeks_on("a", {"icu"}) in (2, 3)


def test_spread_is_measured_within_a_pgy_year_only() -> None:
    # c (PGY-2) must take all 4 icu weeks; interns a and b then both have 0 heavy weeks.
    # c's group has one member and no spread, so the optimum is 0 even though c and a
    # differ by 4 weeks.
    prog = objective(
        weeks=4,
        rotations=[rotation("wards"), rotation("icu", "critical_care", coverage={"any": 1})],
        residents=[resident("a"), resident("b"), resident("c", pgy=2)],
        requirements=[{"rotations": ["icu"], "weeks": 4, "pgy": [2]}],
        objective={"heavy_balance": 10, "switches": 0},
    )
    result = solved(prog)
    assert result.status == "OPTIMAL" and result.schedule is not None
    assert verdict(prog, result.schedule).ok
    assert result.terms["heavy_balance"].value == 0
    assert result.objective == 0


def test_spread_is_measured_within_a_track_only() -> None:
    # Three icu weeks (one resident a week) between two interns split 2/1 or 3/0: spread >= 1
    # if they share a track (optimum 20: together and for ICU alone), but on different tracks each group has one member
    # and there is nothing to balance (optimum 0, whether or not the term is listed).
    def run(b_track: str) -> tuple[Any, Program]:
        prog = objective(
            weeks=3,
            tracks=[
                {"id": "cat", "name": "Categorical"},
                {"id": "prelim", "name": "Preliminary"},
            ],
            rotations=[
                rotation("wards"),
                rotation("icu", "critical_care", coverage={"any": 1}),
            ],
            residents=[resident("a"), resident("b", track=b_track)],
            objective={"heavy_balance": 10, "switches": 0},
        )
        return solved(prog), prog

    same, prog = run("cat")
    assert same.status == "OPTIMAL" and same.schedule is not None
    # counted once for the heavy categories together and once for critical care alone
    assert heavy_spread(prog, same.schedule) == 1 and same.terms["heavy_balance"].value == 2
    assert same.objective == 20
    apart, prog = run("prelim")
    assert apart.status == "OPTIMAL" and apart.schedule is not None
    assert apart.objective == 0 == heavy_spread(prog, apart.schedule)
    assert apart.terms.get("heavy_balance") is None or apart.terms["heavy_balance"].value == 0


def test_the_heavy_band_costs_each_week_outside_a_shared_band() -> None:
    # Three interns, six weeks, one intern on icu each week; a is pinned to icu in weeks
    # 1-4. Loads (4, x, 2 - x) against a band [low, low + 1] (icu's unit is 1): low 1 puts
    # a 2 above and b = c = 1 inside, cost 2; low 2 or 3 cost at least 3, low 0 costs 3.
    # Optimum: heavy_band = 2, objective 10 x 2 = 20 (heavy_balance off).
    prog = objective(
        rotations=[rotation("wards"), rotation("icu", "critical_care", coverage={"interns": 1})],
        residents=[resident("a"), resident("b"), resident("c")],
        pins=[{"resident": "a", "weeks": "1-4", "rotation": "icu"}],
        objective={"heavy_balance": 0, "heavy_band": 10, "switches": 0},
    )
    result = solved(prog)
    assert result.status == "OPTIMAL" and result.schedule is not None
    assert verdict(prog, result.schedule).ok
    assert result.terms["heavy_band"].value == 2 and result.terms["heavy_band"].weight == 10
    assert result.objective == 20
    loads = sorted(result.schedule.weeks_on(r, {"icu"}) for r in "abc")
    assert loads == [1, 1, 4]
    assert "heavy_balance" not in result.terms


def test_the_heavy_band_is_one_unit_wide_and_follows_heavy_balance_by_default() -> None:
    # icu fills 2-week units, so loads may differ by 2 at no cost: four weeks of icu between
    # two interns, 4/0 costs 2 (4 is 2 above a band [0, 2]), 2/2 costs nothing.
    def run(weights: dict[str, int]) -> tuple[Any, Program]:
        prog = objective(
            weeks=4,
            rotations=[
                rotation("wards", unit=2),
                rotation("icu", "critical_care", coverage={"interns": 1}, unit=2),
            ],
            objective={"switches": 0, **weights},
        )
        return solved(prog), prog

    result, prog = run({"heavy_balance": 0, "heavy_band": 10})
    assert fairness.band_width(prog) == 2
    assert result.status == "OPTIMAL" and result.schedule is not None
    assert result.terms["heavy_band"].value == 0
    assert [result.schedule.weeks_on(r, {"icu"}) for r in "ab"] == [2, 2]
    # left empty, the band weighs what heavy_balance weighs: off with it, 7 with it
    off, _ = run({"heavy_balance": 0})
    assert "heavy_band" not in off.terms
    same, _ = run({"heavy_balance": 7})
    assert same.terms["heavy_band"].weight == 7


# ---------------------------------------------------------------------- switches


def test_a_short_rotation_inside_a_block_costs_one_switch() -> None:
    # No template: the year is two 4-week blocks. Two weeks of icu cannot fill a block, so
    # some block mixes icu and wards: at least one switch; icu icu wards wards | wards x 4
    # has exactly one. Optimum: switches = 1, objective = 3 x 1 = 3.
    prog = objective(
        weeks=8,
        rotations=[rotation("wards"), rotation("icu", "critical_care")],
        residents=[resident("a")],
        requirements=[{"rotations": ["icu"], "weeks": 2}],
        objective={"heavy_balance": 0, "switches": 3},
    )
    result = solved(prog)
    assert result.status == "OPTIMAL" and result.schedule is not None
    assert verdict(prog, result.schedule).ok
    row = result.schedule.assignments["a"]
    assert result.terms["switches"].value == 1 == switches(row, [w // 4 for w in range(8)], set())
    assert result.objective == 3


def test_changes_at_template_segment_boundaries_are_free() -> None:
    # Cohort 1 of 2+1 over six weeks is X X Y X X Y: X segments {1,2} and {4,5}. With 2 weeks
    # each of wards and icu, each takes a whole segment: 0 switches. With 3 of wards and 1 of
    # icu, one segment must mix them: 1 switch.
    def run(wards: int, icu: int) -> tuple[Any, Program]:
        prog = objective(
            templates=[{"id": "t21", "x_weeks": 2, "y_weeks": 1, "cohorts": 3, "stagger": 1}],
            tracks=[{"id": "pc", "name": "Primary care", "template": "t21"}],
            rotations=[
                rotation("wards"),
                rotation("icu", "critical_care"),
                rotation("clinic", "ambulatory", phase="Y", ambulatory=True),
            ],
            residents=[resident("a", track="pc", cohort=1)],
            requirements=[
                {"rotations": ["wards"], "weeks": wards},
                {"rotations": ["icu"], "weeks": icu},
            ],
            objective={"heavy_balance": 0, "switches": 1},
        )
        return solved(prog), prog

    segments = [0, 0, 1, 2, 2, 3]
    for wards, icu, optimum in ((2, 2, 0), (3, 1, 1)):
        result, prog = run(wards, icu)
        assert result.status == "OPTIMAL" and result.schedule is not None
        assert verdict(prog, result.schedule).ok
        row = result.schedule.assignments["a"]
        assert result.terms["switches"].value == optimum == switches(row, segments, set())
        assert result.objective == optimum


def test_going_on_or_coming_back_from_leave_is_not_a_switch() -> None:
    # One 4-week block, one week of icu. Without leave, icu and wards share the block: 1
    # switch. With approved vacation in week 2, icu vacation wards wards changes rotation
    # only around the leave week, which is free: 0 switches.
    def run(vacation: dict[str, Any] | None) -> tuple[Any, Program]:
        prog = objective(
            weeks=4,
            rotations=[
                rotation("wards"),
                rotation("icu", "critical_care"),
                rotation("vacation", "leave", phase="either"),
            ],
            residents=[resident("a")],
            requirements=[{"rotations": ["icu"], "weeks": 1}],
            vacation=vacation,
            objective={"heavy_balance": 0, "switches": 1},
        )
        return solved(prog), prog

    plain, _ = run({"weeks_per_resident": 0})
    assert plain.status == "OPTIMAL" and plain.terms["switches"].value == 1 and plain.objective == 1
    leave, prog = run({"weeks_per_resident": 1, "approved": [{"resident": "a", "weeks": 2}]})
    assert leave.status == "OPTIMAL" and leave.schedule is not None
    assert verdict(prog, leave.schedule).ok
    assert leave.terms["switches"].value == 0 and leave.objective == 0
    assert switches(leave.schedule.assignments["a"], [0, 0, 0, 0], {"vacation"}) == 0


# ---------------------------------------------------------------------- both


def test_objective_is_the_weighted_sum_of_both_terms() -> None:
    # As in the first fairness test (two interns, icu and nights one intern a week each, five
    # weeks), now as one 5-week block with switches weighted 1. a's row fixes b's (the
    # complement). a with no switch is all icu or all nights: spreads 5 + 5, cost 10 x 10 =
    # 100. Otherwise each intern switches at least once (2) and the spreads are at least
    # 1 + 1: icu icu nights nights nights for a reaches both. Optimum 10 x 2 + 1 x 2 = 22.
    prog = objective(
        weeks=5,
        tracks=[{"id": "cat", "name": "Categorical", "block_weeks": 5}],
        rotations=[
            rotation("icu", "critical_care", coverage={"interns": 1}),
            rotation("nights", "night_float", coverage={"interns": 1}),
        ],
        objective={"heavy_balance": 10, "switches": 1},
    )
    result = solved(prog)
    assert result.status == "OPTIMAL" and result.schedule is not None
    assert verdict(prog, result.schedule).ok
    assert result.terms["heavy_balance"].value == 2 == heavy_spread(prog, result.schedule)
    assert result.terms["switches"].value == 2
    assert sum(switches(row, [0] * 5, set()) for row in result.schedule.assignments.values()) == 2
    assert result.objective == 22 == sum(t.weight * t.value for t in result.terms.values())


def test_a_unit_inside_a_longer_segment_still_costs_its_switch() -> None:
    # 4+2, cohort 1, six weeks: X segment {1-4}, then Y {5,6}. Nights comes in 2-week units
    # ({1,2} or {3,4}) and is needed for 2 weeks; wards takes the other half of the segment.
    # Wards and nights meet once inside the segment: optimum switches = 1. (Inside the
    # nights unit no switch is possible, but its edge with wards still counts.)
    prog = objective(
        templates=[{"id": "t42", "x_weeks": 4, "y_weeks": 2, "cohorts": 3, "stagger": 2}],
        tracks=[{"id": "pc", "name": "Primary care", "template": "t42"}],
        rotations=[
            rotation("wards"),
            rotation("nights", "night_float", unit=2),
            rotation("clinic", "ambulatory", phase="Y", ambulatory=True),
        ],
        residents=[resident("a", track="pc", cohort=1)],
        requirements=[{"rotations": ["nights"], "weeks": 2}],
        objective={"heavy_balance": 0, "switches": 1},
    )
    result = solved(prog)
    assert result.status == "OPTIMAL" and result.schedule is not None
    assert verdict(prog, result.schedule).ok
    row = result.schedule.assignments["a"]
    assert row[:4] in (
        ("nights", "nights", "wards", "wards"),
        ("wards", "wards", "nights", "nights"),
    )
    assert result.terms["switches"].value == 1 == switches(row, [0, 0, 0, 0, 1, 1], set())
    assert result.objective == 1


def test_independent_groups_add_up() -> None:
    # Interns (a, b) and seniors (c, d) each staff icu and nights one a week for five weeks,
    # as in the first fairness test: each year's optimum is a spread of 1 + 1 = 2. The two
    # years share no rule, so the optimum is 2 + 2 = 4 weeks of spread, objective 10 x 4 = 40.
    prog = objective(
        weeks=5,
        rotations=[
            rotation("icu", "critical_care", coverage={"interns": 1, "seniors": 1}),
            rotation("nights", "night_float", coverage={"interns": 1, "seniors": 1}),
        ],
        residents=[resident("a"), resident("b"), resident("c", pgy=2), resident("d", pgy=2)],
        objective={"heavy_balance": 10, "switches": 0},
    )
    result = solved(prog)
    assert result.status == "OPTIMAL" and result.schedule is not None
    assert verdict(prog, result.schedule).ok
    assert result.terms["heavy_balance"].value == 4 == heavy_spread(prog, result.schedule)
    assert result.objective == 40
