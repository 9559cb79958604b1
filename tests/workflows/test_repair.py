"""Mid-year repair: frozen weeks never change, a leave goes in, and the change is the fewest.

The tiny instance's optimum is found independently: every schedule of the free weeks is
enumerated and judged by the validator alone, against the original program (its own leave
rotation, no pins), with the frozen weeks and the leave written by hand.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner, Result

from scheduler.cli.main import app
from scheduler.domain import Program, Schedule
from scheduler.domain.facts import Leave, NewFacts, Swap, Withdrawal
from scheduler.domain.params import SolveParams
from scheduler.explain.alone import personal_conflicts
from scheduler.inputs.program_file import load_program
from scheduler.workflows.repair import Repaired, apply_swaps, repair, repair_program
from tests.conftest import SolvedA
from tests.tiny import program, resident, rotation, rows, verdict

ROOT = Path(__file__).resolve().parents[2]
PROGRAM_B = ROOT / "examples" / "program_b" / "program.yaml"
FREE = ("wards", "elective", "loa")


def tiny() -> Program:
    # Wards needs exactly one resident a week. b (PGY-2) must have 3 electives of 4 weeks,
    # so b can cover wards at most once; c may cover it as often as needed.
    return program(
        weeks=4,
        rotations=[
            rotation("wards", coverage={"any": 1}),
            rotation("elective", "elective"),
            rotation("loa", "leave", phase="either"),
        ],
        residents=[resident("a"), resident("b", pgy=2), resident("c")],
        requirements=[{"rotations": ["elective"], "weeks": "3+", "pgy": [2]}],
    )


PUBLISHED = rows(a="wards " * 4, b="elective " * 4, c="elective " * 4)


def repair_with(
    prog: Program,
    published: Schedule,
    freeze: int,
    leaves: list[Leave],
    *,
    withdrawals: list[Withdrawal] | None = None,
    time_limit: float,
) -> Repaired:
    """The repair of ``published`` under these facts (the tests' shorthand)."""
    facts = NewFacts(freeze, tuple(leaves), (), tuple(withdrawals or ()))
    return repair(prog, published, facts, SolveParams(time_limit=time_limit))


def brute_force(prog: Program, freeze: int, leave: Leave) -> tuple[int, int]:
    """The fewest changed resident-weeks, then the fewest residents changed, over every
    schedule the validator passes that keeps the frozen weeks and puts the leave in."""
    best: tuple[int, int] | None = None
    ids = [r.id for r in prog.residents]
    options = [list(itertools.product(FREE, repeat=prog.weeks - freeze)) for _ in ids]
    for choice in itertools.product(*options):
        assignments = {
            rid: PUBLISHED.assignments[rid][:freeze] + tail
            for rid, tail in zip(ids, choice, strict=True)
        }
        on_leave = assignments[leave.resident][leave.first : leave.last + 1]
        if set(on_leave) != {"loa"}:
            continue
        schedule = Schedule(assignments, {})
        if not verdict(prog, schedule).ok:
            continue
        changed = [
            sum(old != new for old, new in zip(PUBLISHED.assignments[rid], row, strict=True))
            for rid, row in assignments.items()
        ]
        score = (sum(changed), sum(1 for n in changed if n))
        best = score if best is None or score < best else best
    assert best is not None
    return best


def test_the_repair_changes_the_fewest_weeks_then_the_fewest_residents() -> None:
    prog, leave = tiny(), Leave("a", 1, 2)
    repaired = repair_with(prog, PUBLISHED, 1, [leave], time_limit=10)
    assert repaired.schedule is not None
    assert verdict(repaired.program, repaired.schedule).ok
    assert verdict(prog, repaired.schedule).ok
    # a's two weeks of leave and two weeks of wards by c: 4 weeks, 2 residents
    assert (repaired.changed_weeks, repaired.changed_residents) == brute_force(prog, 1, leave)
    assert (repaired.changed_weeks, repaired.changed_residents) == (4, 2)
    assert repaired.proven_fewest
    assert repaired.schedule.assignments["a"] == ("wards", "loa", "loa", "wards")
    assert repaired.schedule.assignments["b"] == PUBLISHED.assignments["b"]


def test_frozen_weeks_never_change_even_when_changing_them_would_be_cheaper() -> None:
    # A leave in weeks 2-4 with weeks 1-2 frozen: c covers weeks 3-4; a's week 2 is frozen
    # as wards, so the leave cannot start there: no repair, and the rules say why.
    prog = tiny()
    repaired = repair_with(prog, PUBLISHED, 2, [Leave("a", 1, 3)], time_limit=10)
    assert repaired.schedule is None and repaired.status == "INFEASIBLE"
    assert any("pins" in line and "a" in line for line in repaired.reasons)


def test_a_leave_added_as_a_new_rotation_is_open_only_in_its_weeks() -> None:
    # Without a leave rotation of its own, the program gains one, open to a alone and only
    # in the weeks of the leave (else it would be a free way out of any duty).
    prog = program(
        weeks=4,
        rotations=[rotation("wards", coverage={"any": 1}), rotation("elective", "elective")],
        residents=[resident("a"), resident("b", pgy=2), resident("c")],
    )
    repaired = repair_with(prog, PUBLISHED, 1, [Leave("a", 2, 2)], time_limit=10)
    assert repaired.schedule is not None and verdict(repaired.program, repaired.schedule).ok
    on_leave = {
        (rid, w)
        for rid, row in repaired.schedule.assignments.items()
        for w, rot in enumerate(row)
        if rot == "leave_of_absence"
    }
    assert on_leave == {("a", 2)}
    assert repaired.changed_weeks == 2  # a's leave week, and c (or b) on wards that week


def test_a_swap_is_applied_week_by_week() -> None:
    swapped = apply_swaps(PUBLISHED, [Swap("a", "c", 1, 2)])
    assert swapped.assignments["a"] == ("wards", "elective", "elective", "wards")
    assert swapped.assignments["c"] == ("elective", "wards", "wards", "elective")


# ------------------------------------------------------------------ example B, the CLI


@pytest.fixture(scope="module")
def published_b(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Example B's first schedule, written as the workbook a coordinator would publish."""
    folder = tmp_path_factory.mktemp("published")
    out = folder / "published.xlsx"
    result = CliRunner().invoke(
        app,
        [
            "solve",
            str(ROOT / "examples" / "program_b" / "program.yaml"),
            "--out",
            str(out),
            "--stop-at-first",
            "--confirm-time-limit",
            "0",
            "--workers",
            "1",  # one worker: the same schedule on every machine
        ],
    )
    assert result.exit_code == 0, result.output
    return out


def run_repair(published: Path, *arguments: str, program: Path = PROGRAM_B) -> Result:
    """``residency-scheduler repair`` on example B (or ``program``) from ``published``."""
    return CliRunner().invoke(app, ["repair", str(program), "--from", str(published), *arguments])


def leave_that_fits(published: Path) -> str:
    """A preliminary intern whose own year can hold 6 weeks of leave from week 28 under the
    published weeks 1-27 (for another, the repair rightly says no: see the next test)."""
    from scheduler.inputs.schedule_file import read_schedule

    program = load_program(ROOT / "examples" / "program_b" / "program.yaml")
    schedule = read_schedule(published, program)
    cohorts = {rid: [cohort] for rid, cohort in schedule.cohorts.items()}
    for person in program.residents:
        if person.track != "preliminary":
            continue
        prog = repair_program(program, schedule, 27, [Leave(person.id, 27, 32)], [])
        if not personal_conflicts(prog, cohorts, SolveParams(), time_limit=10):
            return person.id
    raise AssertionError("no preliminary intern can take the leave")


@pytest.mark.slow
def test_a_six_week_leave_in_example_b_keeps_frozen_weeks_and_every_rule(
    published_b: Path, tmp_path: Path
) -> None:
    out = tmp_path / "repaired.xlsx"
    on_leave = leave_that_fits(published_b)
    program_file = ROOT / "examples" / "program_b" / "program.yaml"
    result = run_repair(
        published_b,
        "--freeze-until",
        "2027-01-04",
        "--leave",
        f"{on_leave}:2027-01-04:2027-02-12",
        "--out",
        str(out),
        "--time-limit",
        "20",  # any repair keeps what is asserted; the fewest is tested on a tiny program
    )
    assert result.exit_code == 0, result.output
    assert "resident-weeks changed" in result.output and "independent check: PASS" in result.output
    # the repaired workbook, reopened: checked clean against the repaired rules by `check`
    # (its pins hold the frozen weeks and the leave), frozen weeks as published, every
    # change listed
    from scheduler.inputs.schedule_file import read_schedule

    program = load_program(program_file)
    before = read_schedule(published_b, program)
    after_program = _with_leave_rotation(program)
    after = read_schedule(out, after_program)
    freeze = 27  # the week of 2027-01-04 is week 28
    for rid, row in after.assignments.items():
        assert row[:freeze] == before.assignments[rid][:freeze], rid
    assert after.assignments[on_leave][27:33] == ("leave_of_absence",) * 6
    changes = list(load_workbook(out)["Changes"].iter_rows(values_only=True))[1:]
    differing = {
        (rid, w + 1)
        for rid, row in after.assignments.items()
        for w, rot in enumerate(row)
        if rot != before.assignments[rid][w]
    }
    assert {(row[0], row[2]) for row in changes} == differing
    assert f"{len(differing)} resident-weeks changed" in result.output


def _with_leave_rotation(program: Program) -> Program:
    data = program.model_dump()
    data["rotations"].append(
        {
            "id": "leave_of_absence",
            "name": "Leave of absence",
            "category": "leave",
            "phase": "either",
        }
    )
    return Program.model_validate(data)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--leave", "r999:30:35"], "unknown resident 'r999'"),
        (["--leave", "r026:20:25"], "before week 28, the first week that may change"),
        (["--leave", "r026:2027-13-01:35"], "not a date or a week number"),
        (["--leave", "r026:35"], "expected RESIDENT:FROM:TO"),
        (["--swap", "r001:r002:60"], "weeks within the year's 52"),
    ],
)
def test_bad_repair_options_are_named_with_the_fix(
    solved_a: SolvedA, tmp_path: Path, arguments: list[str], message: str
) -> None:
    result = run_repair(
        solved_a.workbook,
        "--freeze-until",
        "28",
        *arguments,
        "--out",
        str(tmp_path / "x.xlsx"),
        program=solved_a.program_file,
    )
    assert result.exit_code == 2, result.output
    assert message in result.output and "Fix:" in result.output
    assert not (tmp_path / "x.xlsx").exists()


@pytest.mark.slow
def test_a_swap_that_breaks_a_rule_is_refused_with_the_rule(
    published_b: Path, tmp_path: Path
) -> None:
    # an intern and a PGY-3 exchange a week: the first such exchange the validator alone
    # finds breaking a rule (a rotation open to one year only, staffing by level) is refused
    from scheduler.inputs.schedule_file import read_schedule

    program = load_program(ROOT / "examples" / "program_b" / "program.yaml")
    published = read_schedule(published_b, program)
    clean = {str(v) for v in verdict(program, published).violations}
    intern = next(r.id for r in program.residents if r.pgy == 1 and r.track == "categorical")
    senior = next(r.id for r in program.residents if r.pgy == 3)
    swap = next(
        swap
        for week in range(30, 52)
        for swap in [Swap(intern, senior, week, week)]
        if {str(v) for v in verdict(program, apply_swaps(published, [swap])).violations} - clean
    )
    result = run_repair(
        published_b,
        "--freeze-until",
        "30",
        "--swap",
        f"{intern}:{senior}:{swap.first + 1}",
        "--out",
        str(tmp_path / "x.xlsx"),
    )
    assert result.exit_code == 3, result.output
    assert "Swap refused" in result.output
    assert not (tmp_path / "x.xlsx").exists()


@pytest.mark.slow
def test_a_leave_the_residents_own_rules_cannot_hold_is_explained_by_name(
    published_b: Path, tmp_path: Path
) -> None:
    # 12 weeks of leave from week 28 for a preliminary intern: with weeks 1-27 as published,
    # their yearly wards or ICU minimum cannot be met; the rules are named, nothing written
    program_file = ROOT / "examples" / "program_b" / "program.yaml"
    prelim = next(r.id for r in load_program(program_file).residents if r.track == "preliminary")
    result = run_repair(
        published_b,
        "--freeze-until",
        "28",
        "--leave",
        f"{prelim}:28:51",
        "--out",
        str(tmp_path / "x.xlsx"),
        "--time-limit",
        "20",
    )
    assert result.exit_code == 3, result.output
    assert "No repair exists" in result.output and prelim in result.output
    assert "[requirements]" in result.output
    assert not (tmp_path / "x.xlsx").exists()


@pytest.mark.slow
def test_a_swap_that_keeps_every_rule_is_applied(published_b: Path, tmp_path: Path) -> None:
    # two interns of one cohort exchange a week or two; the first exchange the validator
    # alone finds harmless must be applied as it is
    from scheduler.inputs.schedule_file import read_schedule

    program = load_program(ROOT / "examples" / "program_b" / "program.yaml")
    published = read_schedule(published_b, program)
    clean = {str(v) for v in verdict(program, published).violations}
    swap = next(
        swap
        for a, b in itertools.combinations(program.residents, 2)
        if a.track == b.track == "categorical"
        and a.pgy == b.pgy == 1
        and published.cohorts.get(a.id) == published.cohorts.get(b.id)
        for first in range(30, 50)
        for length in (1, 2)
        for swap in [Swap(a.id, b.id, first, first + length - 1)]
        if published.assignments[a.id][first] != published.assignments[b.id][first]
        and {str(v) for v in verdict(program, apply_swaps(published, [swap])).violations} <= clean
    )
    out = tmp_path / "swapped.xlsx"
    result = run_repair(
        published_b,
        "--freeze-until",
        "30",
        "--swap",
        f"{swap.first_resident}:{swap.second_resident}:{swap.first + 1}-{swap.last + 1}",
        "--out",
        str(out),
        "--time-limit",
        "10",
    )
    assert result.exit_code == 0, result.output
    after = read_schedule(out, program)
    weeks = slice(swap.first, swap.last + 1)
    assert (
        after.assignments[swap.first_resident][weeks]
        == published.assignments[swap.second_resident][weeks]
    )
    assert (
        after.assignments[swap.second_resident][weeks]
        == published.assignments[swap.first_resident][weeks]
    )
    assert "0 resident-weeks changed" not in result.output


# ------------------------------------------------------------------ withdrawal


def test_a_withdrawal_leaves_the_year_to_the_others_with_the_fewest_changes() -> None:
    # b (who must have 3 electives) withdraws from week 3: b's weeks 3-4 go on the
    # withdrawn rotation, b's elective requirement no longer applies, nobody else changes
    prog = tiny()
    published = rows(
        a="elective " * 4, b="elective elective elective wards", c="wards " * 3 + "elective"
    )
    assert verdict(prog, published).ok
    repaired = repair_with(prog, published, 1, [], withdrawals=[Withdrawal("b", 2)], time_limit=10)
    assert repaired.schedule is not None
    assert verdict(repaired.program, repaired.schedule).ok
    assert repaired.schedule.assignments["b"] == ("elective", "elective", "withdrawn", "withdrawn")
    # b's week 4 on wards needs cover: a or c takes it; b's own weeks 3-4 change too
    assert (repaired.changed_weeks, repaired.changed_residents) == (3, 2)
    assert repaired.proven_fewest


def test_the_withdrawn_rotation_is_closed_before_the_withdrawal() -> None:
    # c withdraws from week 4: the withdrawn rotation may not stand in for c's weeks 2-3
    prog = tiny()
    repaired = repair_with(prog, PUBLISHED, 1, [], withdrawals=[Withdrawal("c", 3)], time_limit=10)
    assert repaired.schedule is not None
    row = repaired.schedule.assignments["c"]
    assert row[:3].count("withdrawn") == 0 and row[3] == "withdrawn"


def test_the_check_holds_a_withdrawn_resident_to_leave_and_excuses_the_years_totals() -> None:
    prog = program(
        weeks=4,
        rotations=[
            rotation("wards", coverage={"any": "0-2"}),
            rotation("vac", "leave", phase="either"),
            rotation("left", "leave", phase="either"),
        ],
        residents=[resident("a", withdrawn_from=3), resident("b")],
        requirements=[{"rotations": ["wards"], "weeks": 3}],
        vacation={"rotation": "vac", "weeks_per_resident": 1, "max_away_per_week": {"any": 1}},
    )
    # a: one week of wards (the requirement is 3) and no vacation (the allowance is 1),
    # then gone; b on vacation in week 3 while a is gone is one away, not two
    report = verdict(prog, rows(a="wards wards left left", b="wards wards vac wards"))
    assert report.ok, [str(v) for v in report.violations]
    # weeks after the withdrawal not on leave, or on vacation, break the rule
    report = verdict(prog, rows(a="wards wards wards vac", b="wards wards vac wards"))
    broken = {(v.rule, v.weeks) for v in report.violations}
    assert broken == {
        ("on leave from the week the resident withdraws", (3,)),
        ("on leave from the week the resident withdraws", (4,)),
    }
    # b still owes the year's totals: 2 weeks of wards of 3 is short
    report = verdict(prog, rows(a="wards wards left left", b="wards vac wards left"))
    assert {v.who for v in report.violations} == {"b"}


def test_a_withdrawal_week_outside_the_year_is_an_input_error() -> None:
    from pydantic import ValidationError

    for week in (1, 7):
        with pytest.raises(ValidationError, match="withdraws in week"):
            program(residents=[resident("a", withdrawn_from=week), resident("b")])


@pytest.mark.slow
def test_a_withdrawal_in_example_b_is_covered_by_the_others(
    published_b: Path, tmp_path: Path
) -> None:
    from scheduler.inputs.schedule_file import read_schedule

    out = tmp_path / "withdrawn.xlsx"
    result = run_repair(
        published_b,
        "--freeze-until",
        "28",
        "--withdraw",
        "r026:2027-01-11",
        "--time-limit",
        "10",
        "--out",
        str(out),
    )
    assert result.exit_code == 0, result.output
    assert "independent check: PASS" in result.output
    program_b = load_program(PROGRAM_B)
    before = read_schedule(published_b, program_b)
    # 2027-01-11 falls in week 29: weeks 1-27 frozen, week 28 free, gone from week 29
    after = read_schedule(
        out, repair_program(program_b, before, 27, [], [], [Withdrawal("r026", 28)])
    )
    for rid, row in before.assignments.items():
        assert after.assignments[rid][:27] == row[:27]
    assert set(after.assignments["r026"][28:]) == {"withdrawn"}
    assert "withdrawn" not in after.assignments["r026"][:28]
    changes = list(load_workbook(out, read_only=True)["Changes"].iter_rows(values_only=True))
    assert len(changes) - 1 >= 52 - 28  # at least the weeks r026 is gone


def test_bad_withdraw_options_are_named_with_the_fix(solved_a: SolvedA, tmp_path: Path) -> None:
    for arguments, message in (
        (["--withdraw", "r026:10"], "is frozen"),
        (["--withdraw", "r026"], "expected RESIDENT:FROM"),
        (["--withdraw", "r026:30", "--leave", "r026:29:31"], "runs into week 30"),
    ):
        result = run_repair(
            solved_a.workbook,
            "--freeze-until",
            "28",
            *arguments,
            "--out",
            str(tmp_path / "x.xlsx"),
            program=solved_a.program_file,
        )
        assert result.exit_code == 2, result.output
        assert message in result.output and "Fix:" in result.output


def test_solve_puts_a_withdrawn_resident_on_leave_and_the_check_agrees() -> None:
    from tests.tiny import solved

    prog = program(
        weeks=6,
        rotations=[
            rotation("wards", coverage={"any": 1}),
            rotation("elective", "elective"),
            rotation("gone", "leave", phase="either"),
        ],
        residents=[resident("a", withdrawn_from=3), resident("b"), resident("c")],
        requirements=[{"rotations": ["wards"], "weeks": "3+"}],
    )
    result = solved(prog)  # a, in for 2 weeks, could not have 3 weeks of wards
    assert result.schedule is not None
    assert result.schedule.assignments["a"][2:] == ("gone",) * 4
    assert verdict(prog, result.schedule).ok
    # a's requirement is waived; b and c hold theirs, 3 weeks each of the 6
    for rid in ("b", "c"):
        assert sum(rot == "wards" for rot in result.schedule.assignments[rid]) == 3
