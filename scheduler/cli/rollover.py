"""``residency-scheduler rollover``: next year's program, roster and history from this
year's schedule."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from scheduler.cli.common import ProgramFile, ends_cleanly, err, guarded, out, wrote
from scheduler.domain import Sheet

ScheduleFile = Annotated[Path, typer.Option("--from", help="this year's schedule workbook (.xlsx)")]
NextFolder = Annotated[
    Path, typer.Option("--out", "-o", help="a new (or empty) folder for next year's files")
]
FromSheet = Annotated[
    Sheet, typer.Option("--sheet", case_sensitive=False, help="read the schedule from")
]


@ends_cleanly
def rollover(
    program_file: ProgramFile,
    schedule_file: ScheduleFile,
    out_dir: NextFolder,
    sheet: FromSheet = Sheet.ASSIGNMENTS,
) -> None:
    """Write next year's program, roster and history from this year's schedule."""
    from scheduler import api

    program = guarded(lambda: api.load(program_file))
    next_year = guarded(lambda: api.rollover(program_file, program, schedule_file, sheet))
    guarded(lambda: wrote(api.write_next_year(out_dir, next_year, program_file, schedule_file)))
    out.print(
        f"{out_dir}: program.yaml, roster.csv ({next_year.staying} residents moved up, "
        f"{next_year.incoming} places for incoming interns, "
        f"{next_year.graduated} graduated), history.csv ({len(next_year.history)} rows)",
        highlight=False,
    )
    for place in next_year.emptied:
        err.print(
            f"{place}: every resident named there graduated; name next year's", highlight=False
        )
