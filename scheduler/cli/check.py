"""``residency-scheduler check``: read a schedule workbook back (one edited by hand too),
run the independent check on it and print every violation, every cell where its two
sheets disagree, and the requests line; ``--out`` writes a fresh workbook of it."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from scheduler.cli.common import (
    EXIT_VIOLATIONS,
    ProgramFile,
    count,
    ends_cleanly,
    fail_input,
    guarded,
    out,
    wrote,
)
from scheduler.cli.printing import print_requests
from scheduler.domain import Sheet

if TYPE_CHECKING:
    from scheduler.api import Report

SheetOption = Annotated[
    Sheet,
    typer.Option(
        "--sheet",
        case_sensitive=False,
        help="check the Assignments table (default) or the Schedule grid; either way the "
        "two are compared and every cell where they disagree is named",
    ),
]
FreshOut = Annotated[
    Path | None,
    typer.Option(
        "--out",
        "-o",
        help="also write a fresh workbook of the checked schedule: every sheet recomputed, "
        "grid and Assignments in agreement, violations shown in Checks",
    ),
]


@ends_cleanly
def check(
    program_file: ProgramFile,
    workbook: Annotated[Path, typer.Argument(help="schedule workbook (.xlsx)")],
    sheet: SheetOption = Sheet.ASSIGNMENTS,
    out_path: FreshOut = None,
) -> None:
    """Check a schedule workbook (possibly edited by hand) against every rule."""
    from scheduler import api

    program = guarded(lambda: api.load(program_file))
    if out_path is not None:
        guarded(lambda: api.check_output(out_path, api.input_files(program_file)))
        if out_path.resolve() == workbook.resolve():
            raise fail_input(
                f"{out_path}: --out would replace the workbook being checked. "
                "Fix: give the fresh workbook another name"
            )
    read = guarded(lambda: api.read_schedule(program, workbook, sheet))
    report = api.check(program, read.schedule)
    if out_path is not None:
        source = f"the {sheet.value} sheet of {workbook.name}"
        written = guarded(
            lambda: api.write_checked(
                out_path, program, read.schedule, report, program_file, source
            )
        )
        wrote([written])
        out.print(f"fresh workbook written: {written}", highlight=False)
    print_check(report, read.mismatches, workbook, sheet)


def print_check(report: Report, mismatches: list[str], workbook: Path, sheet: Sheet) -> None:
    """PASS in one line, or every violation and disagreement, then FAIL (exit 1); the
    requests line (if any) after PASS, or before FAIL."""
    checked = sum(check.checked for check in report.checks)
    if report.ok and not mismatches:
        out.print(
            f"[bold green]PASS[/]: {len(report.checks)} rules, {checked} checks, no violations "
            f"in {workbook} ({sheet.value} sheet)"
        )
        print_requests(report)
        return
    by_family: dict[str, int] = {}
    for violation in report.violations:
        by_family[violation.family] = by_family.get(violation.family, 0) + 1
        out.print(f"  {violation}", markup=False, highlight=False)
    for mismatch in mismatches:
        out.print(f"  [workbook] {mismatch}", markup=False, highlight=False)
    summary = ", ".join(f"{family} {n}" for family, n in by_family.items())
    verdict = count(len(report.violations), "violation") + (f" ({summary})" if summary else "")
    verdict += f" in the {sheet.value} sheet of {workbook}"
    if mismatches:
        other = Sheet.SCHEDULE if sheet == Sheet.ASSIGNMENTS else Sheet.ASSIGNMENTS
        verdict += (
            f"; it disagrees with the {other.value} sheet in {count(len(mismatches), 'place')}"
            f" (--sheet {other.value} checks that one): make the two agree before sending it,"
            " or let --out write a fresh workbook from the sheet checked"
        )
    print_requests(report)
    out.print(f"[bold red]FAIL[/]: {verdict}")
    raise typer.Exit(EXIT_VIOLATIONS)
