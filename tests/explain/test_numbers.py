"""Proofs in numbers, before any search (``scheduler/arithmetic/``).

Two kinds of test. Variants of program A that each break one rule the arithmetic shows
cannot hold: each must be proven infeasible (exit 3 from the command line) in a second or
two, naming the rules and numbers. And soundness: on random tiny programs, whenever the
arithmetic claims there is no schedule, an exhaustive search over every balanced cohort
assignment (each solved exactly by the year model) must agree.
"""

from __future__ import annotations

from itertools import product
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from ortools.sat.python import cp_model
from pydantic import ValidationError
from typer.testing import CliRunner

from scheduler.cli.main import app
from scheduler.domain import Program
from scheduler.domain.edits import Finding
from scheduler.domain.params import SolveParams
from scheduler.explain.numbers import supply_shortfalls
from scheduler.stages.cohorts import assign_cohorts
from scheduler.stages.year_model import Layout, build_year_model
from tests.example_files import copy_example, replace_once
from tests.tiny import program, resident, rotation

#: A proof in numbers must come well within this, whatever the program's size.


def texts(findings: list[Finding]) -> list[str]:
    return [str(finding) for finding in findings]


def solve_variant(tmp_path: Path, old: str, new: str) -> tuple[int, list[str]]:
    """Program A with one edit, solved from the command line: exit code and explanation
    lines (how fast each proof comes is measured by benchmarks/proofs.py, not here)."""
    program_file = copy_example(tmp_path)
    replace_once(program_file, old, new)
    result = CliRunner().invoke(
        app,
        [
            "solve",
            str(program_file),
            "--out",
            str(tmp_path / "out.xlsx"),
            "--time-limit",
            "60",
            "--fix-time-limit",
            "0",  # the fixes have tests of their own (test_fixes.py)
        ],
    )
    lines = [line[4:] for line in result.output.splitlines() if line.startswith("  - ")]
    return result.exit_code, lines


def test_night_float_required_beyond_its_weekly_maximum(tmp_path: Path) -> None:
    # Night float takes at most 1 intern and 2 seniors a week: 52 intern-weeks and 104
    # senior-weeks a year. Six weeks each for 10 interns and 20 seniors is 60 and 120.
    code, lines = solve_variant(
        tmp_path,
        "{label: Night float, rotations: [night_float], weeks: 3}",
        "{label: Night float, rotations: [night_float], weeks: 6}",
    )
    assert code == 3
    assert lines == [
        "requirements against coverage, interns on night_float: Night float needs 6 weeks from "
        "each of 10 interns: 60 intern-weeks, but night_float takes at most 1 intern a week "
        "(night_float: coverage interns 0–1): 52 in the year; lower those requirements, or "
        "raise night_float's maximum to 2 interns a week",
        "requirements against coverage, seniors on night_float: Night float needs 6 weeks from "
        "each of 20 seniors: 120 senior-weeks, but night_float takes at most 2 seniors a week "
        "(night_float: coverage seniors 0–2): 104 in the year; lower those requirements, or "
        "raise night_float's maximum to 3 seniors a week",
    ]


def test_two_rotations_under_one_requirement_against_their_joint_maximum(tmp_path: Path) -> None:
    # MICU (interns 1-2) and night float (0-1) take 3 interns a week together, 156 a year;
    # 16 weeks of either for each of 10 interns is 160. Each alone is within its maximum
    # (MICU 6 x 10 = 60 of 104, night float 3 x 10 = 30 of 52). And A's requirements of
    # exactly 6 weeks of MICU and 3 of night float leave only 9 weeks for Heavy's 16.
    code, lines = solve_variant(
        tmp_path,
        "  - {label: Ambulatory electives,",
        "  - {label: Heavy, categories: [critical_care, night_float], pgy: [1], weeks: 16}\n"
        "  - {label: Ambulatory electives,",
    )
    assert code == 3
    assert lines == [
        "requirements against each other: Heavy needs 16 weeks from 10 residents (r001, r002, "
        "r003 and 7 more), but on the same rotations MICU (at most 6) and Night float (at most "
        "3) allow at most 9; lower Heavy to 9, or raise those maximums",
        "requirements against coverage, interns on micu and night_float: Heavy needs 16 weeks "
        "from each of 10 interns: 160 intern-weeks, but micu and night_float take at most 3 "
        "interns a week together (micu: coverage interns 1–2; night_float: coverage interns "
        "0–1): 156 in the year; lower those requirements, or raise their maximums to 4 "
        "interns a week in all",
    ]


def test_ambulatory_target_out_of_reach_for_every_cohort(tmp_path: Path) -> None:
    # Interns: 52 - 4 vacation = 48 scheduled weeks, of which Wards 12, MICU 6 and Night
    # float 3 are not ambulatory: at most 27 of 48 = 56.25% can be, whatever the cohort.
    code, lines = solve_variant(tmp_path, "  - {min: 0.5, max: 0.6}", "  - {min: 0.75, max: 0.9}")
    assert code == 3
    assert lines[0] == (
        "ambulatory share: ambulatory_share[0] needs at least 75%, but 10 residents (r001, "
        "r002, r003 and 7 more) can reach at most 56.2% under any cohort (48 scheduled weeks "
        "after 4 of vacation, less 21 that Wards 12, MICU 6 and Night float 3 require "
        "elsewhere); lower the minimum to 56.2% or less, or the requirements elsewhere"
    )
    # then PGY-2 (at most 62.5%) and PGY-3 (68.7%); and, for everyone together, the 75%
    # needs 36 of 48 weeks, 14 beyond the most clinic weeks a cohort has (22): 30 x 14 = 420
    # weeks on the ambulatory elective and designer blocks, which take 8 a week, 416 a year
    assert len(lines) == 4
    assert lines[3].startswith(
        "requirements against coverage, residents on amb_elective and designer: "
        "ambulatory_share[0] beyond clinic weeks needs 14 weeks from each of 30 residents: "
        "420 resident-weeks"
    )


def test_ambulatory_ceiling_below_the_clinic_weeks(tmp_path: Path) -> None:
    # Every cohort of 3+2 has at least 20 clinic (Y) weeks, all ambulatory, and the 3 weeks
    # of ambulatory electives (a service-phase rotation) come on top: 23 of an intern's 48
    # scheduled weeks is 47.9%, above a 40% ceiling.
    code, lines = solve_variant(tmp_path, "  - {min: 0.5, max: 0.6}", "  - {min: 0.2, max: 0.4}")
    assert code == 3
    assert lines[0].startswith("ambulatory share: ambulatory_share[0] allows at most 40%")
    assert "at least 48%" in lines[0] and "only ambulatory rotations" in lines[0]
    assert "Ambulatory electives 3 require 3 more" in lines[0]


def test_pins_over_a_weekly_maximum(tmp_path: Path) -> None:
    code, lines = solve_variant(
        tmp_path,
        "roster: roster.csv",
        "roster: roster.csv\npins:\n"
        + "".join(f"  - {{resident: r00{i}, weeks: 8, rotation: micu}}\n" for i in (1, 2, 3)),
    )
    assert code == 3
    assert lines == [
        "pins against coverage: micu week 8 takes at most 2 interns (coverage interns 1–2), but "
        "3 are fixed there: pins[0] r001 micu week 8; pins[1] r002 micu week 8; pins[2] r003 "
        "micu week 8; move 1 of them, or raise the maximum to 3"
    ]


def test_approved_vacations_over_the_away_cap(tmp_path: Path) -> None:
    approved = "".join(f"    - {{resident: r00{i}, weeks: 10}}\n" for i in (1, 2, 3, 4))
    code, lines = solve_variant(
        tmp_path,
        "  max_away_per_week: {any: 3}\n",
        f"  max_away_per_week: {{any: 3}}\n  approved:\n{approved}",
    )
    assert code == 3
    (line,) = lines
    assert line.startswith("approved leave against the away cap: week 10 allows at most 3 any away")
    assert "but 4 are fixed on leave then" in line


def test_clinic_minimum_above_capacity(tmp_path: Path) -> None:
    code, lines = solve_variant(
        tmp_path,
        "{id: main, name: Main campus clinic, capacity: 5, min_residents: 2}",
        "{id: main, name: Main campus clinic, capacity: 5, min_residents: 6}",
    )
    assert code == 3
    assert (
        "clinic main: at least 6 in clinic every week, but its capacity is 5; lower "
        "min_residents or raise the capacity"
    ) in lines


# ------------------------------------------------------------------------------ soundness


def balanced(prog: Program, cohorts: dict[str, int]) -> bool:
    """Whether cohort sizes meet the program's balance rules (read from its fields)."""
    rules = prog.cohort_balance
    groups: dict[tuple[str, str], dict[int, int]] = {}
    for res in prog.residents:
        if res.id not in cohorts:
            continue
        track = prog.track_by_id[res.track]
        template = prog.template_by_id[str(track.template)]
        keys = ([f"pgy {res.pgy}"] if rules.by_pgy else []) + (
            [f"site {res.clinic_site}"] if rules.by_site else []
        )
        for key in keys:
            sizes = groups.setdefault(
                (template.id, key), dict.fromkeys(range(1, template.cohorts + 1), 0)
            )
            sizes[cohorts[res.id]] += 1
    return all(max(s.values()) - min(s.values()) <= rules.max_difference for s in groups.values())


def has_schedule(prog: Program) -> bool | None:
    """Exhaustively: does some balanced cohort assignment admit a schedule? (None: the
    solver could not decide one of them in time.)"""
    templated = [res for res in prog.residents if prog.template_of(res) is not None]
    options = []
    for res in templated:
        template = prog.template_of(res)
        assert template is not None
        options.append([res.cohort] if res.cohort else list(range(1, template.cohorts + 1)))
    undecided = False
    for combo in product(*options):
        cohorts = {res.id: g for res, g in zip(templated, combo, strict=True)}
        if not balanced(prog, cohorts):
            continue
        built = build_year_model(prog, Layout.of(prog, cohorts))
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = 10
        solver.parameters.num_workers = 1
        status = solver.solve(built.model)
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return True
        undecided = undecided or status != cp_model.INFEASIBLE
    return None if undecided else False


FRACTIONS = ["0", "1/4", "1/3", "1/2", "2/3", "3/4", "1"]


@st.composite
def tiny_programs(draw: st.DrawFn) -> dict[str, Any]:
    """Small programs near the edge: tight coverage, requirements, shares, pins and caps."""
    weeks = draw(st.integers(3, 6))
    templated = draw(st.booleans())
    rotations = [
        rotation("wards", coverage=draw(_coverage())),
        rotation(
            "icu", "critical_care", coverage=draw(_coverage()), unit=draw(st.sampled_from([1, 2]))
        ),
        rotation(
            "amb", "ambulatory", ambulatory=True, phase=draw(st.sampled_from(["X", "either"]))
        ),
        rotation("vacation", "leave", phase="either"),
    ]
    fields: dict[str, Any] = {"weeks": weeks, "rotations": rotations}
    count = draw(st.integers(2, 4))
    if templated:
        rotations.append(
            rotation("clinic", "ambulatory", phase="Y", ambulatory=True, clinic_half_days=2)
        )
        fields["templates"] = [
            {"id": "t21", "x_weeks": 2, "y_weeks": 1, "cohorts": 3, "stagger": 1}
        ]
        fields["tracks"] = [{"id": "cat", "name": "Categorical", "template": "t21"}]
        capacity = draw(st.integers(1, 3))
        fields["clinic_sites"] = [
            {"id": "s", "name": "S", "capacity": capacity, "min_residents": draw(st.integers(0, 1))}
        ]
        fields["cohort_balance"] = {"by_pgy": draw(st.booleans()), "by_site": False}
    residents = []
    for i in range(count):
        extra: dict[str, Any] = {}
        if templated:
            extra["clinic_site"] = "s"
            extra["cohort"] = draw(st.sampled_from([None, None, 1, 2, 3]))
        residents.append(resident(f"r{i}", pgy=draw(st.integers(1, 2)), **extra))
    fields["residents"] = residents
    fields["requirements"] = [
        {
            "rotations": draw(st.sampled_from([["wards"], ["icu"], ["amb"], ["wards", "icu"]])),
            "weeks": draw(st.sampled_from(["1", "2", "3", "1-2", "2+", "0-1"])),
            "pgy": draw(st.sampled_from([None, [1], [2]])),
        }
        for _ in range(draw(st.integers(0, 2)))
    ]
    if draw(st.booleans()):
        low = draw(st.sampled_from(FRACTIONS))
        fields["ambulatory_share"] = [
            {
                "min": low,
                "max": draw(st.sampled_from([f for f in FRACTIONS if eval(f) >= eval(low)])),
            }
        ]
    if draw(st.booleans()):
        fields["vacation"] = {
            "weeks_per_resident": draw(st.integers(0, 2)),
            "max_block_weeks": draw(st.integers(1, 2)),
            "allowed_phases": draw(st.sampled_from([["X"], ["X", "Y"]])),
            "max_away_per_week": draw(st.sampled_from([{}, {"any": 1}, {"interns": 1}])),
            "approved": [
                {
                    "resident": f"r{draw(st.integers(0, count - 1))}",
                    "weeks": draw(st.integers(1, weeks)),
                }
                for _ in range(draw(st.integers(0, 2)))
            ],
        }
    fields["pins"] = [
        {
            "resident": f"r{draw(st.integers(0, count - 1))}",
            "weeks": draw(st.integers(1, weeks)),
            "rotation": draw(st.sampled_from(["wards", "icu", "amb"])),
        }
        for _ in range(draw(st.integers(0, 3)))
    ]
    return fields


def _coverage() -> st.SearchStrategy[dict[str, Any]]:
    level = st.sampled_from(["interns", "seniors", "any"])
    bounds = st.sampled_from(["0-1", "1", "1-2", "2", "0-2", "1+"])
    return st.one_of(st.just({}), st.dictionaries(level, bounds, min_size=1, max_size=2))


def valid_or_skipped(fields: dict[str, Any]) -> Program:
    """The program, or the example skipped when the drawn fields do not validate."""
    try:
        return program(**fields)
    except ValidationError:
        assume(False)
        raise


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(fields=tiny_programs())
def test_a_shortfall_in_numbers_means_no_cohort_assignment_has_a_schedule(
    fields: dict[str, Any],
) -> None:
    prog = valid_or_skipped(fields)
    plan = assign_cohorts(prog, SolveParams(seed=0), time_limit=5.0)
    shortfalls = supply_shortfalls(prog, plan.candidates)
    if not shortfalls:
        return
    assert has_schedule(prog) is False, shortfalls


@st.composite
def tiny_programs_in_order(draw: st.DrawFn) -> dict[str, Any]:
    """Tiny programs, some with a run limit or forbidden neighbours (the rules of one
    resident's year that arithmetic mostly cannot see)."""
    fields = draw(tiny_programs())
    order = draw(st.sampled_from(["none", "runs", "neighbours"]))
    if order == "runs":
        limit = {"rotations": ["icu"], "weeks": draw(st.integers(1, 2))}
        fields["sequencing"] = {"max_consecutive": [limit]}
    elif order == "neighbours":
        pair = {"first": {"rotations": ["icu"]}, "second": {"rotations": ["wards"]}}
        fields["sequencing"] = {"not_adjacent": [pair]}
    return fields


@settings(
    max_examples=300,
    deadline=None,
    derandomize=True,  # the same 300 programs on every run, so CI cannot pass by luck
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(fields=tiny_programs_in_order())
@pytest.mark.slow
def test_the_full_solve_never_calls_a_schedulable_program_infeasible_nor_misses_its_schedule(
    fields: dict[str, Any],
) -> None:
    # Every stage at once (arithmetic, each resident's year alone, cohorts, the year model
    # and its diagnosis), against an exhaustive search over every balanced cohort
    # assignment: a proof only where there is no schedule, a schedule wherever there is one.
    from scheduler.checks import validate
    from scheduler.domain.params import SolveParams
    from scheduler.domain.result import Status
    from scheduler.workflows.solving import solve

    prog = valid_or_skipped(fields)
    truth = has_schedule(prog)
    assume(truth is not None)
    result = solve(prog, SolveParams(time_limit=30, workers=2, seed=1, diagnose_time_limit=10))
    if result.status == Status.INFEASIBLE:
        assert truth is False, result.reasons
    if truth:
        assert result.schedule is not None, result.reasons
        assert validate(prog, result.schedule).ok


@pytest.mark.parametrize(
    "name", ["program_a", "program_b", pytest.param("program_c", marks=pytest.mark.slow)]
)
def test_no_shortfall_in_the_examples(name: str) -> None:
    from scheduler.inputs.program_file import load_program

    prog = load_program(Path(__file__).resolve().parents[2] / "examples" / name / "program.yaml")
    plan = assign_cohorts(prog, SolveParams(seed=0))
    assert supply_shortfalls(prog, plan.candidates) == []


# ------------------------------------------------------------------------------ explain


def test_explain_proves_a_conflict_without_building_the_year(tmp_path: Path) -> None:
    program_file = copy_example(tmp_path)
    replace_once(
        program_file,
        "{label: Night float, rotations: [night_float], weeks: 3}",
        "{label: Night float, rotations: [night_float], weeks: 6}",
    )
    result = CliRunner().invoke(app, ["explain", str(program_file), "--fix-time-limit", "0"])
    assert result.exit_code == 3
    assert "requirements against coverage, interns on night_float" in result.stderr


def test_explain_finds_no_conflict_in_a_program_that_has_schedules(tmp_path: Path) -> None:
    program_file = copy_example(tmp_path)
    result = CliRunner().invoke(app, ["explain", str(program_file)])
    assert result.exit_code == 0
    assert "No conflict found" in result.stdout
    assert "does not prove that a schedule exists" in result.stdout


@pytest.mark.slow
def test_a_search_out_of_time_says_what_it_checked_and_what_it_did_not_decide() -> None:
    # Program C needs several seconds to build its year model and find a first schedule; in
    # one second the search finds none, and nothing was proven.
    from scheduler.domain.params import SolveParams
    from scheduler.domain.result import Status
    from scheduler.inputs.program_file import load_program
    from scheduler.workflows.solving import TIMED_OUT, solve

    prog = load_program(
        Path(__file__).resolve().parents[2] / "examples" / "program_c" / "program.yaml"
    )
    result = solve(prog, SolveParams(time_limit=1, workers=2, seed=0))
    assert result.status == Status.NO_SOLUTION
    assert result.reasons == TIMED_OUT


# ------------------------------------------------------------------------------ tiny kinds

T21 = {"id": "t21", "x_weeks": 2, "y_weeks": 1, "cohorts": 3, "stagger": 1}
PC = [{"id": "pc", "name": "Primary care", "template": "t21"}]
CLINIC = rotation("clinic", "ambulatory", phase="Y", ambulatory=True)


def test_a_requirement_no_cohort_leaves_room_for() -> None:
    # Three weeks of a 2+1 template: every cohort has one clinic (Y) week among them, so
    # wards (an X rotation) is open in 2 weeks at most, and a needs 3.
    prog = program(
        weeks=3,
        templates=[T21],
        tracks=PC,
        rotations=[rotation("wards"), CLINIC],
        residents=[resident("a", track="pc")],
        requirements=[{"label": "Wards", "rotations": ["wards"], "weeks": 3}],
        cohort_balance={"by_pgy": False, "by_site": False},
    )
    plan = assign_cohorts(prog, SolveParams())
    assert texts(supply_shortfalls(prog, plan.candidates)) == [
        "room in the template: no cohort of t21 leaves a room for their vacation and "
        "requirements (cohort 1: Wards needs 3 weeks, 2 are open; cohort 2: Wards needs 3 "
        "weeks, 2 are open; cohort 3: Wards needs 3 weeks, 2 are open); lower those "
        "requirements, or open their rotations to more phases"
    ]


def test_coverage_minimum_against_weeks_other_requirements_take() -> None:
    # Both interns must spend all 3 weeks on the elective: none is left for wards, which
    # needs an intern every week.
    prog = program(
        weeks=3,
        rotations=[rotation("wards", coverage={"interns": "1+"}), rotation("elective", "elective")],
        requirements=[{"rotations": ["elective"], "weeks": 3}],
    )
    plan = assign_cohorts(prog, SolveParams())
    assert texts(supply_shortfalls(prog, plan.candidates)) == [
        "coverage wards: needs 1 interns x 3 weeks = 3 resident-weeks, but open weeks, vacation "
        "and requirements (their maximums on it, their minimums elsewhere) allow at most 0; "
        "lower the coverage, or those requirements"
    ]


def test_two_minimums_in_one_week_need_two_residents_in_service_together() -> None:
    # Wards and icu each need a senior every week: two seniors in service every week. With
    # two seniors on 2+1, they must share a cohort to be in service together, and then
    # their clinic weeks coincide: the cohort stage proves no cohorts can staff the year.
    from scheduler.domain.params import SolveParams
    from scheduler.domain.result import Status
    from scheduler.workflows.solving import solve

    prog = program(
        weeks=5,
        templates=[T21],
        tracks=PC,
        rotations=[
            rotation("wards", coverage={"seniors": 1}),
            rotation("icu", "critical_care", coverage={"seniors": 1}),
            CLINIC,
        ],
        residents=[resident("a", pgy=2, track="pc"), resident("b", pgy=2, track="pc")],
        cohort_balance={"by_pgy": False, "by_site": False},
    )
    result = solve(prog, SolveParams(time_limit=20, seed=1))
    assert result.status == Status.INFEASIBLE
    assert result.reasons
    assert all(
        line.startswith("[coverage] week ") and "wards, icu: at least 2 seniors in all" in line
        for line in result.reasons
    ), result.reasons


def test_a_schedule_that_only_the_eighth_cohort_assignment_has_is_found() -> None:
    # Found by the property test above: three interchangeable interns on 2+1, a clinic of
    # one seat, wards needing an intern every week and 2 weeks of icu each. Five cohort
    # attempts all failed; the engine now keeps trying while time remains, and finds it.
    from scheduler.checks import validate
    from scheduler.domain.params import SolveParams
    from scheduler.workflows.solving import solve

    prog = program(
        weeks=5,
        templates=[T21],
        tracks=[{"id": "cat", "name": "Categorical", "template": "t21"}],
        rotations=[
            rotation("wards", coverage={"interns": "1"}),
            rotation("icu", "critical_care"),
            rotation("amb", "ambulatory", ambulatory=True),
            rotation("vacation", "leave", phase="either"),
            rotation("clinic", "ambulatory", phase="Y", ambulatory=True, clinic_half_days=2),
        ],
        clinic_sites=[{"id": "s", "name": "S", "capacity": 1, "min_residents": 0}],
        cohort_balance={"by_pgy": False, "by_site": False},
        residents=[resident(f"r{i}", track="cat", clinic_site="s") for i in range(3)],
        requirements=[{"rotations": ["icu"], "weeks": 2}],
    )
    assert has_schedule(prog) is True
    result = solve(prog, SolveParams(time_limit=30, workers=2, seed=1))
    assert result.schedule is not None, result.reasons
    assert validate(prog, result.schedule).ok
