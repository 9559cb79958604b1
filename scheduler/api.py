"""The engine's one entry point: what the command line, the sweeps and the web app call.

Every function takes validated data (:func:`load` makes it from files) and returns plain
data; none prints. Progress goes to ``on_progress`` as typed events
(:mod:`scheduler.domain.progress`); a caller stops the work with a
:class:`~scheduler.domain.cancel.CancelToken` it set (Ctrl-C in the command line, a Stop
button in the web app), and still gets the best schedule found so far, checked. Bad input
raises :class:`~scheduler.domain.InputError`, one line naming the file, the place and the
fix.

The README's "Use from Python" walks through a session; ``tests/test_api.py`` runs it.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from reports.alternatives import differing
from reports.comparison import Compared, Figure
from reports.files import check_output
from reports.requests import request_summary
from scheduler.checks import Report, Violation, validate
from scheduler.domain import InputError, Program, Schedule, Sheet
from scheduler.domain.cancel import CancelToken
from scheduler.domain.facts import NewFacts
from scheduler.domain.params import SolveParams
from scheduler.domain.progress import (
    DenialConfirmed,
    Event,
    FixConfirmed,
    OnProgress,
    ProofFound,
    ScheduleFound,
    Stage,
    StageFinished,
    StageStarted,
)
from scheduler.domain.result import Result, Status
from scheduler.inputs import facts as fact_reading
from scheduler.inputs.read_back import ReadBack, read_back
from scheduler.inputs.scenarios import Scenario, files_of, is_scenario, load_any
from scheduler.inputs.yaml_file import read_yaml
from scheduler.stages.solver import cancellable
from scheduler.workflows import compare as comparing
from scheduler.workflows import pipeline, writing
from scheduler.workflows import repair as repairing
from scheduler.workflows import rollover as rolling
from scheduler.workflows.alternatives import Alternatives, find_alternatives
from scheduler.workflows.compare import Comparison, Executor
from scheduler.workflows.fixes import Suggestions
from scheduler.workflows.pipeline import Checked, Diagnosis, Outcome
from scheduler.workflows.repair import Repaired, RepairOutcome
from scheduler.workflows.rollover import NextYear
from scheduler.workflows.writing import (
    alternative_path,
    check_comparison_outputs,
    check_solve_outputs,
    write_checked,
    write_comparison,
    write_next_year,
    write_repaired,
    write_scenario_schedules,
    write_schedule,
)

__all__ = [
    "CancelToken",
    "Checked",
    "Compared",
    "Comparison",
    "DenialConfirmed",
    "Diagnosis",
    "Event",
    "Executor",
    "Figure",
    "FixConfirmed",
    "InputError",
    "NewFacts",
    "NextYear",
    "OnProgress",
    "Outcome",
    "Program",
    "ProofFound",
    "ReadBack",
    "RepairOutcome",
    "Repaired",
    "Report",
    "Result",
    "Scenario",
    "Schedule",
    "ScheduleFound",
    "Sheet",
    "SolveParams",
    "Stage",
    "StageFinished",
    "StageStarted",
    "Status",
    "Suggestions",
    "Violation",
    "alternative_path",
    "alternatives",
    "check",
    "check_comparison_outputs",
    "check_output",
    "check_solve_outputs",
    "compare",
    "differing",
    "explain",
    "input_files",
    "load",
    "load_comparison",
    "new_facts",
    "read_schedule",
    "refused_swaps",
    "repair",
    "request_summary",
    "rollover",
    "schema",
    "solve",
    "write_checked",
    "write_comparison",
    "write_next_year",
    "write_repaired",
    "write_scenario_schedules",
    "write_schedule",
    "write_workbook",
]


def load(path: str | Path) -> Program:
    """A program file, or a scenario file laid over the base it names."""
    return load_any(path)


def input_files(path: Path) -> list[Path]:
    """The files a program (or scenario) is read from: never overwritten by an output."""
    return files_of(path)


def schema() -> dict[str, Any]:
    """The JSON Schema of the program file (every field has a description)."""
    return Program.model_json_schema()


def solve(
    program: Program,
    params: SolveParams | None = None,
    on_progress: OnProgress | None = None,
    cancel: CancelToken | None = None,
) -> Outcome:
    """The best schedule in the time, checked, with the denied priority-1 requests
    confirmed and the alternatives asked for; or the proof that there is none, with fixes
    a solve confirmed; or what was shown when time ran out."""
    with cancellable(cancel):
        return pipeline.solve_and_check(program, params or SolveParams(), on_progress)


def check(program: Program, schedule: Schedule) -> Report:
    """The independent check of every rule, on any schedule (one edited by hand, too)."""
    return validate(program, schedule)


def read_schedule(program: Program, path: Path, sheet: Sheet = Sheet.ASSIGNMENTS) -> ReadBack:
    """A schedule read back from its workbook, with every cell where its grid and its
    Assignments table disagree."""
    return read_back(program, path, sheet)


def explain(
    program: Program,
    params: SolveParams | None = None,
    on_progress: OnProgress | None = None,
    cancel: CancelToken | None = None,
) -> Diagnosis:
    """The checks before the search, in seconds, without building the year: a proof in the
    program's words with confirmed fixes, or that none of them finds a conflict."""
    with cancellable(cancel):
        return pipeline.diagnose(program, params or SolveParams(), on_progress)


def new_facts(
    program: Program,
    freeze_until: str,
    leaves: Sequence[str] = (),
    withdrawals: Sequence[str] = (),
    swaps: Sequence[str] = (),
) -> NewFacts:
    """A repair's facts as typed: ``freeze_until`` a date or week; ``RESIDENT:FROM:TO``
    leaves; ``RESIDENT:FROM`` withdrawals; ``R1:R2:WEEKS`` swaps."""
    return fact_reading.new_facts(program, freeze_until, leaves, withdrawals, swaps)


def refused_swaps(program: Program, published: Schedule, facts: NewFacts) -> list[Violation]:
    """The rules the swaps would break that the published schedule kept (none: apply them)."""
    if not facts.swaps:
        return []
    return repairing.broken_by_swaps(program, published, facts.swaps)


def repair(
    program: Program,
    published: Schedule,
    facts: NewFacts,
    params: SolveParams | None = None,
    cancel: CancelToken | None = None,
) -> RepairOutcome:
    """The published schedule repaired with the fewest changed resident-weeks, then
    residents, then the program's objective; checked."""
    with cancellable(cancel):
        return repairing.repair_and_check(program, published, facts, params or SolveParams())


def alternatives(
    program: Program, best: Schedule, params: SolveParams, cancel: CancelToken | None = None
) -> Alternatives:
    """Up to ``params.alternatives - 1`` other good schedules, each differing from every
    other in at least ``params.differ`` resident-weeks."""
    with cancellable(cancel):
        return find_alternatives(program, best, params)


def load_comparison(base_file: Path, scenario_files: Sequence[Path]) -> list[Scenario]:
    """The base program and each scenario of it, with names unique across them."""
    return comparing.load_comparison(base_file, scenario_files)


def compare(
    scenarios: Sequence[Scenario],
    params: SolveParams,
    *,
    seeds: int = 1,
    executor: Executor = Executor.PROCESS,
    parallel: int | None = None,
    address: str | None = None,
    cancel: CancelToken | None = None,
) -> Comparison:
    """Each scenario solved (``seeds`` times, the best kept) and checked, side by side."""
    tasks = comparing.sweep_tasks(scenarios, params, seeds)
    with cancellable(cancel):
        sweep = comparing.run_sweep(tasks, executor, parallel, address=address)
    return Comparison(comparing.compared(scenarios, sweep), sweep)


def rollover(
    program_file: Path, program: Program, schedule_file: Path, sheet: Sheet = Sheet.ASSIGNMENTS
) -> NextYear:
    """Next year's program, roster and history from this year's schedule workbook."""
    data = read_yaml(program_file)
    if is_scenario(data):
        raise InputError(
            str(program_file),
            "",
            "rollover writes next year from a whole program, not a scenario",
            "write the scenario's changes into the program file first, or roll over its base",
        )
    schedule = read_back(program, schedule_file, sheet).schedule
    return rolling.next_year(data, program, schedule)


def write_workbook(out_path: Path, outcome: Outcome, program_file: Path) -> list[Path]:
    """The solve's workbook, atomically, and each alternative's beside it (NAME-2.xlsx,
    ...); the paths written. If a workbook cannot be written, the schedule is saved as CSV
    and the :class:`InputError` says where."""
    return writing.write_outcome(out_path, outcome, program_file)
