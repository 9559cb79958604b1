"""Writing what the workflows produce: a schedule's workbook and the alternatives beside it,
a comparison and its scenarios' schedules, next year's program files.

Every file goes through the one atomic writer (:mod:`reports.files`) and never over an
input of the program. A schedule is never lost: if its workbook cannot be written after a
solve (a full disk, a file locked by another program, a bug in the writer), the schedule is
saved as CSV (:mod:`reports.fallback`) and the one error says where.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path

import yaml

from reports.alternatives import Option
from reports.comparison import Compared, build_comparison, grid_titles
from reports.fallback import save_assignments_csv
from reports.files import check_output, write_atomically, write_text
from reports.workbook import write_workbook
from scheduler import __version__
from scheduler.checks import Report
from scheduler.domain import InputError, Program, Schedule
from scheduler.domain.params import SolveParams
from scheduler.domain.result import Result, RunInfo, Status
from scheduler.inputs.scenarios import Scenario, files_of
from scheduler.workflows import rollover
from scheduler.workflows.pipeline import Outcome
from scheduler.workflows.repair import Repaired


def input_hash(files: Iterable[Path]) -> str:
    """The SHA-256 of the files a program is read from, for the Run sheet."""
    digest = hashlib.sha256()
    for file in files:
        digest.update(file.read_bytes())
    return digest.hexdigest()


def alternative_path(out_path: Path, n: int) -> Path:
    """Where schedule ``n`` (2, 3, ...) of a solve with alternatives is written."""
    return out_path.with_name(f"{out_path.stem}-{n}{out_path.suffix}")


def check_solve_outputs(out_path: Path, program_file: Path, alternatives: int = 1) -> None:
    """The workbook and each alternative's can be written, and replace no input."""
    inputs = files_of(program_file)
    check_output(out_path, inputs)
    for n in range(2, alternatives + 1):
        check_output(alternative_path(out_path, n), inputs)


def write_schedule(
    path: Path,
    program: Program,
    schedule: Schedule,
    report: Report,
    run: RunInfo,
    baseline: Schedule | None = None,
    options: Sequence[Option] = (),
) -> Path:
    """The schedule's workbook, written atomically; if it cannot be written, the schedule is
    saved as CSV and the :class:`InputError` says where."""
    try:
        return write_workbook(path, program, schedule, report, run, baseline, options)
    except Exception as error:  # whatever stopped the workbook, the schedule is kept
        raise _not_written(path, program, schedule, error) from None


def _not_written(path: Path, program: Program, schedule: Schedule, error: Exception) -> InputError:
    if isinstance(error, OSError):
        reason = error.strerror or str(error)
        fix = "choose a writable path with --out (or free some space) and run again"
    else:
        reason = f"{type(error).__name__}: {error}"
        fix = "report this bug in the workbook writer, with the program file"
    saved = save_assignments_csv(path, program, schedule)
    kept = (
        f"the schedule is saved in {saved} (one row per resident-week)"
        if saved
        else "nor could the schedule be saved as CSV anywhere"
    )
    problem = " ".join(f"the workbook could not be written ({reason}); {kept}".split())
    return InputError(str(path), "", problem, fix)


def solve_run(outcome: Outcome, program_file: Path) -> RunInfo:
    """What the Run sheet records of a solve."""
    run = outcome.result.run_info(str(program_file), input_hash(files_of(program_file)))
    return replace(run, confirmations=dict(outcome.confirmations))


def options_of(outcome: Outcome, out_path: Path) -> list[Option]:
    """The schedules to choose from, the solve's own first (none without alternatives)."""
    result, report = outcome.result, outcome.report
    if not outcome.alternatives or result.schedule is None or report is None:
        return []
    first = Option(
        "schedule 1", str(out_path), result.schedule, report, result.objective, result.terms
    )
    return [first] + [
        Option(
            f"schedule {n}",
            str(alternative_path(out_path, n)),
            other.schedule,
            other.report,
            other.objective,
            other.terms,
        )
        for n, other in enumerate(outcome.alternatives, start=2)
    ]


def write_outcome(out_path: Path, outcome: Outcome, program_file: Path) -> list[Path]:
    """The solve's workbook, then each alternative's beside it; the paths written."""
    schedule, report = outcome.schedule, outcome.report
    assert schedule is not None and report is not None, "no schedule to write"
    run = solve_run(outcome, program_file)
    options = options_of(outcome, out_path)
    written = [write_schedule(out_path, outcome.program, schedule, report, run, options=options)]
    for option in options[1:]:
        again = replace(
            run,
            status=f"{option.label} of {len(options)}: another schedule to choose from",
            objective=option.objective,
            bound=None,
            gap=None,
            terms={n: (t.weight, t.value, t.description) for n, t in option.terms.items()},
        )
        written.append(
            write_schedule(
                Path(option.file),
                outcome.program,
                option.schedule,
                option.report,
                again,
                options=options,
            )
        )
    return written


def write_checked(
    out_path: Path,
    program: Program,
    schedule: Schedule,
    report: Report,
    program_file: Path,
    source: str,
) -> Path:
    """A fresh workbook of a schedule read back and checked (``check --out``); ``source``
    says where it was read from ('the Schedule sheet of v1.xlsx')."""
    run = RunInfo(
        str(program_file),
        input_hash(files_of(program_file)),
        f"edited by hand: checked from {source}",
        version=__version__,
    )
    return write_schedule(out_path, program, schedule, report, run)


def write_repaired(
    out_path: Path,
    repaired: Repaired,
    report: Report,
    baseline: Schedule,
    program_file: Path,
    published: Path,
    params: SolveParams,
) -> Path:
    """A repaired schedule's workbook, with its Changes sheet against ``baseline``."""
    assert repaired.schedule is not None
    run = RunInfo(
        str(program_file),
        input_hash(files_of(program_file)),
        f"repair of {published.name}: {repaired.changed_weeks} resident-weeks changed"
        + (" (proven fewest)" if repaired.proven_fewest else ""),
        objective=repaired.objective,
        wall_time=repaired.wall_time,
        seed=params.seed,
        workers=params.workers,
        version=__version__,
        terms={n: (t.weight, t.value, t.description) for n, t in repaired.terms.items()},
    )
    return write_schedule(out_path, repaired.program, repaired.schedule, report, run, baseline)


NEXT_YEAR_FILES = ("program.yaml", "roster.csv", "history.csv")


def write_next_year(
    folder: Path, coming: rollover.NextYear, program_file: Path, schedule_file: Path
) -> list[Path]:
    """Next year's program, roster and history in a new (or empty) folder."""
    targets = [folder / name for name in NEXT_YEAR_FILES]
    taken = [str(path) for path in targets if path.exists()]
    if taken:
        raise InputError(
            str(folder),
            "",
            f"already holds {', '.join(taken)}, which rollover would replace",
            "give --out a new or empty folder",
        )
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise InputError(
            str(folder), "", f"the folder cannot be made ({error.strerror})", "choose another --out"
        ) from None
    header = (
        "# Next year's program, written by residency-scheduler rollover from "
        f"{program_file.name} and {schedule_file.name}\n"
    )
    texts = (
        header + yaml.safe_dump(coming.program, sort_keys=False),
        _csv(rollover.ROSTER_COLUMNS, coming.roster),
        _csv(rollover.HISTORY_COLUMNS, coming.history),
    )
    return [_written_text(path, text) for path, text in zip(targets, texts, strict=True)]


def _written_text(path: Path, text: str) -> Path:
    try:
        return write_text(path, text)
    except OSError as error:
        raise InputError(
            str(path), "", f"could not be written ({error.strerror})", "choose a writable --out"
        ) from None


def _csv(columns: Sequence[str], rows: Iterable[dict[str, object]]) -> str:
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return text.getvalue()


def check_comparison_outputs(
    out_path: Path, scenarios: Sequence[Scenario], schedules: Path | None
) -> None:
    """The comparison can be written, the schedules folder made, and neither replaces an
    input or the other."""
    inputs = [file for scenario in scenarios for file in scenario.files]
    check_output(out_path, inputs)
    if schedules is None:
        return
    _check_schedules_dir(schedules, inputs)
    names = grid_titles([_unsolved(scenario) for scenario in scenarios])
    if any((schedules / f"{name}.xlsx").resolve() == out_path.resolve() for name in names):
        raise InputError(
            str(out_path),
            "",
            f"a scenario's schedule in --schedules {schedules} would replace the comparison",
            "give --out another name or folder",
        )


def _check_schedules_dir(folder: Path, inputs: Iterable[Path]) -> None:
    if folder.exists() and not folder.is_dir():
        raise InputError(str(folder), "", "--schedules names a file", "give a folder")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise InputError(
            str(folder),
            "",
            f"the folder cannot be made ({error.strerror})",
            "choose another --schedules",
        ) from None
    held = {path.resolve() for path in inputs}
    if any(path.resolve() in held for path in folder.glob("*.xlsx")):
        raise InputError(
            str(folder),
            "",
            "holds an input of this comparison",
            "choose another --schedules folder",
        )


def _unsolved(scenario: Scenario) -> Compared:
    """A scenario before it is solved, as far as naming its sheet goes."""
    return Compared(scenario.name, scenario.program, Result(Status.NO_SOLUTION, None), None, {})


def write_comparison(out_path: Path, compared: Sequence[Compared]) -> Path:
    """The comparison workbook (Comparison, Charts, Scenarios, each grid)."""
    workbook = build_comparison(compared)
    try:
        return write_atomically(out_path, workbook.save)
    except OSError as error:
        raise InputError(
            str(out_path),
            "",
            f"the workbook could not be written ({error.strerror})",
            "choose a writable path with --out",
        ) from None


def write_scenario_schedules(
    folder: Path, scenarios: Sequence[Scenario], compared: Sequence[Compared]
) -> list[tuple[str, Path]]:
    """Each scenario's own schedule workbook, named like its grid sheet: (name, path)."""
    written = []
    for title, scenario, one in zip(grid_titles(compared), scenarios, compared, strict=True):
        if one.result.schedule is None or one.report is None:
            continue
        # the files it was loaded from: a scenario without 'base:' has compare's BASE
        run = one.result.run_info(str(scenario.path), input_hash(scenario.files))
        path = write_schedule(
            folder / f"{title}.xlsx", one.program, one.result.schedule, one.report, run
        )
        written.append((one.name, path))
    return written
