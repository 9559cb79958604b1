"""End to end on the shipped example programs: load, solve, check, workbook round trip.

Each solve stops at its first complete schedule: these tests are about correctness at
realistic size, not speed (benchmarks/run.py measures that). The time limits are generous
so that a slower machine still finds the first schedule.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from reports.workbook import write_workbook
from scheduler import api
from scheduler.domain import Program
from scheduler.domain.params import SolveParams
from scheduler.domain.result import RunInfo
from scheduler.inputs.program_file import load_program
from scheduler.inputs.schedule_file import read_schedule
from tests.verdicts import assert_verdicts_agree

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = {
    "program_a": (30, 120.0),
    "program_b": (80, 300.0),
    "program_c": (210, 600.0),
}


@pytest.mark.parametrize(
    "name",
    [
        "program_a",
        pytest.param("program_b", marks=pytest.mark.slow),
        pytest.param("program_c", marks=pytest.mark.slow),
    ],
)
def test_example_solves_to_a_schedule_the_validator_passes(name: str, tmp_path: Path) -> None:
    size, limit = EXAMPLES[name]
    program = load_program(ROOT / "examples" / name / "program.yaml")
    assert len(program.residents) == size
    params = SolveParams(time_limit=limit, stop_at_first=True, confirm_time_limit=0)
    outcome = api.solve(program, params)
    result, report = outcome.result, outcome.report
    assert result.schedule is not None and report is not None, (result.status, result.reasons)
    assert report.ok, [str(v) for v in report.violations[:10]]
    # every rule family the program has rules for was actually checked, not skipped
    checked = {check.family for check in report.checks if check.checked}
    assert checked == families_with_rules(program)
    # every request is answered, granted or not, and every one not granted says why
    requests = program.requests
    choices = sum(len(p.electives) + len(p.avoid) for p in requests.preferences)
    assert len(report.requests) == len(requests.weeks_requests) + choices > 0
    assert all(o.granted or o.reason for o in report.requests)
    path = write_workbook(
        tmp_path / f"{name}.xlsx",
        program,
        result.schedule,
        report,
        RunInfo("x", "y", str(result.status)),
    )
    assert read_schedule(path, program) == result.schedule
    assert_verdicts_agree(load_workbook(path), program, report)


def families_with_rules(program: Program) -> set[str]:
    """The check families that have something to check in ``program``, read off its fields."""
    has = {
        "schedule": True,
        "phases": True,
        "eligibility": True,
        "cohort balance": bool(program.templates),
        "units": any(rotation.unit != 1 for rotation in program.rotations),
        "coverage": any(rotation.coverage.rules() for rotation in program.rotations),
        "requirements": bool(program.requirements),
        "ambulatory": bool(program.ambulatory_share),
        "vacation": program.vacation is not None,
        "clinic": bool(program.clinic_sites),
        "longitudinal": any(resident.second_site for resident in program.residents),
        "pins": bool(program.pins),
        "sequencing": bool(program.sequencing.max_consecutive or program.sequencing.not_adjacent),
        "continuity": any(
            rule.applies_to(resident) and resident.clinic_site is not None
            for rule in (
                *program.continuity.max_weeks_without_clinic,
                *program.continuity.clinic_half_days,
            )
            for resident in program.residents
        ),
        "sites": any(p.sites for p in program.requests.preferences),  # chosen by the engine
        "events": any(
            event.includes(resident) for event in program.events for resident in program.residents
        ),
        "requests": any(request.hard for _, _, request in program.requests.weeks_requests),
    }
    return {family for family, present in has.items() if present}
