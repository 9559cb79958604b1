"""Shared fixtures: program A solved once per session, for every test that only reads a
solved schedule or workbook (seed 0, two workers, proven optimal under its cohorts in a
second or two; confirmations off: they re-solve and are tested apart).

The workbook is written once; a test that edits it works on a copy (:meth:`SolvedA.copy`).
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from scheduler import api

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_A = ROOT / "examples" / "program_a" / "program.yaml"


@dataclass(frozen=True)
class SolvedA:
    program_file: Path
    program: api.Program
    outcome: api.Outcome
    #: the solved workbook as ``solve`` writes it (do not edit: see :meth:`copy`)
    workbook: Path

    @property
    def schedule(self) -> api.Schedule:
        assert self.outcome.schedule is not None
        return self.outcome.schedule

    @property
    def report(self) -> api.Report:
        assert self.outcome.report is not None
        return self.outcome.report

    def copy(self, folder: Path, name: str = "schedule.xlsx") -> Path:
        """The solved workbook copied into ``folder``, to edit or damage."""
        target = folder / name
        shutil.copyfile(self.workbook, target)
        return target


@pytest.fixture(scope="session")
def solved_a(tmp_path_factory: pytest.TempPathFactory) -> SolvedA:
    program = api.load(EXAMPLE_A)
    params = api.SolveParams(time_limit=60, workers=2, seed=0, confirm_time_limit=0)
    outcome = api.solve(program, params)
    assert outcome.ok, outcome.result.summary()
    workbook = tmp_path_factory.mktemp("solved_a") / "program_a.xlsx"
    api.write_workbook(workbook, outcome, EXAMPLE_A)
    return SolvedA(EXAMPLE_A, program, outcome, workbook)
