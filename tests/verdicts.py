"""Read every verdict a workbook shows (green, red, met, not met) and compare it with the
validator's report, for the one-verdict tests: the Checks sheet and every coloured cell
must tell the same story.

Expected verdicts are taken from the report's violations (who, which weeks, which rule),
not from :meth:`Report.outcome`, which is what the workbook itself reads: a cell coloured
by a wrong key, or by a second judgement, shows up here as a disagreement.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from scheduler.checks import Report
from scheduler.domain import Program

GREEN = "C6EFCE"
RED = "FFC7CE"


def fill(cell: Any) -> str:
    """'green', 'red' or '' for a cell's solid fill."""
    if cell.fill is None or cell.fill.fill_type != "solid":
        return ""
    rgb = str(cell.fill.fgColor.rgb)[-6:].upper()
    return {GREEN: "green", RED: "red"}.get(rgb, "")


# ------------------------------------------------------------------ expected, from violations


def failed_staffing(program: Program, report: Report) -> set[tuple[str, str, int]]:
    """(rotation id, level, week) of every coverage violation."""
    failed = set()
    for violation in report.by_family("coverage"):
        rotation = program.rotation_by_id[violation.who]
        level = next(
            name
            for name, bounds in rotation.coverage.rules()
            if violation.rule == f"{rotation.id} {name} {bounds.text()} per week"
        )
        (week,) = violation.weeks
        failed.add((rotation.id, level, week))
    return failed


def failed_clinic(report: Report) -> set[tuple[str, int]]:
    """(site id, week) of every clinic violation."""
    return {(v.who, v.weeks[0]) for v in report.by_family("clinic")}


def failed_requirements(program: Program, report: Report) -> set[tuple[str, str]]:
    """(resident id, requirement name) of every requirement violation."""
    names = {
        f"{r.name} {r.weeks.text()} weeks{' over training' if r.cumulative else ''}": r.name
        for r in program.requirements
    }
    return {(v.who, names[v.rule]) for v in report.by_family("requirements")}


def failed_ambulatory(report: Report) -> set[str]:
    return {v.who for v in report.by_family("ambulatory")}


def judged(program: Program, report: Report, resident_id: str) -> bool:
    """Whether the validator judged the resident at all (a broken row it only reports)."""
    return not any(v.who == resident_id for v in report.by_family("schedule"))


# ------------------------------------------------------------------ what the workbook shows


def header_row(sheet: Worksheet, row: int) -> list[Any]:
    return [cell.value for cell in sheet[row]]


def week_cells(sheet: Worksheet, row: int, first_col: int, weeks: int) -> Iterator[Any]:
    for week in range(weeks):
        yield week + 1, sheet.cell(row, first_col + week)


def assert_checks_sheet(book: Workbook, report: Report) -> None:
    rows = list(book["Checks"].iter_rows(values_only=True))
    table = rows[1 : 1 + len(report.checks)]
    assert [tuple(row[:5]) for row in table] == [
        (c.family, c.rule, c.checked, len(c.violations), "PASS" if c.ok else "FAIL")
        for c in report.checks
    ]
    listed = [row for row in rows[1 + len(report.checks) :] if row[0] and row[3]]
    assert [(row[0], row[3]) for row in listed[1:]] == [
        (v.family, v.message) for v in report.violations
    ]


def assert_coverage_sheet(book: Workbook, program: Program, report: Report) -> None:
    sheet = book["Coverage"]
    failed = failed_staffing(program, report)
    seen = set()
    for row in range(3, sheet.max_row + 1):
        rotation_id, level = sheet.cell(row, 1).value, sheet.cell(row, 3).value
        for week, cell in week_cells(sheet, row, 6, program.weeks):
            assert fill(cell) == ("red" if (rotation_id, level, week) in failed else ""), (
                f"Coverage {rotation_id} {level} week {week}"
            )
            seen.add((rotation_id, level, week))
    assert failed <= seen


def assert_clinic_sheet(book: Workbook, program: Program, report: Report) -> None:
    sheet = book["Clinic"]
    failed = failed_clinic(report)
    for row in range(3, sheet.max_row + 1):
        site, count = sheet.cell(row, 1).value, sheet.cell(row, 3).value
        for week, cell in week_cells(sheet, row, 6, program.weeks):
            red = count == "residents" and (site, week) in failed
            assert fill(cell) == ("red" if red else ""), f"Clinic {site} {count} week {week}"


def assert_residents_sheet(book: Workbook, program: Program, report: Report) -> None:
    sheet = book["Residents"]
    header = header_row(sheet, 1)
    id_col = header.index("resident_id") + 1
    status_col = header.index("requirements") + 1
    share_col = header.index("ambulatory_met") + 1
    continuity_col = header.index("continuity_met") + 1
    unmet = failed_requirements(program, report)
    off_share = failed_ambulatory(report)
    off_continuity = {v.who for v in report.by_family("continuity")}
    for row in range(2, sheet.max_row + 1):
        rid = sheet.cell(row, id_col).value
        resident = program.resident_by_id[rid]
        names = [r.name for r in program.requirements if r.applies_to(resident)]
        failed = [name for name in dict.fromkeys(names) if (rid, name) in unmet]
        status = sheet.cell(row, status_col)
        if not names:
            assert (status.value, fill(status)) == ("all met", "green"), rid
        if not judged(program, report, rid):
            if names:
                assert (status.value, fill(status)) == ("not checked", ""), rid
            continue
        if failed:
            assert status.value == f"not met: {', '.join(failed)}", rid
            assert fill(status) == "red", rid
        else:
            assert (status.value, fill(status)) == ("all met", "green"), rid
        share = sheet.cell(row, share_col)
        has_rule = any(rule.applies_to(resident) for rule in program.ambulatory_share)
        if not has_rule:
            assert (share.value, fill(share)) == (None, ""), rid
        else:
            met = rid not in off_share
            assert (share.value, fill(share)) == (met, "green" if met else "red"), rid
        continuity = sheet.cell(row, continuity_col)
        rules = [*program.continuity.max_weeks_without_clinic, *program.continuity.clinic_half_days]
        # the site the check saw: the roster's, or the one the schedule chose (in the sheet)
        site = sheet.cell(row, header.index("clinic_site") + 1).value
        if not site or not any(rule.applies_to(resident) for rule in rules):
            assert (continuity.value, fill(continuity)) == (None, ""), rid
        else:
            met = rid not in off_continuity
            assert (continuity.value, fill(continuity)) == (met, "green" if met else "red"), rid


def assert_schedule_sheet(book: Workbook, program: Program, report: Report) -> None:
    """The grid's requirement and ambulatory cells, and the staffing block under it."""
    sheet = book["Schedule"]
    header = header_row(sheet, 2)
    first_week_col = header.index(1) + 1
    columns = {value: col for col, value in enumerate(header, start=1) if isinstance(value, str)}
    unmet = failed_requirements(program, report)
    off_share = failed_ambulatory(report)
    failed_cover = failed_staffing(program, report)
    staffing = False
    for row in range(4, sheet.max_row + 1):
        first = sheet.cell(row, 1).value
        if first in program.resident_by_id:
            resident = program.resident_by_id[first]
            if not judged(program, report, first):
                continue
            for requirement in program.requirements:
                cell = sheet.cell(row, columns[requirement.name])
                if not any(
                    r.applies_to(resident)
                    for r in program.requirements
                    if r.name == requirement.name
                ):
                    assert fill(cell) == "", (first, requirement.name)
                    continue
                expected = "red" if (first, requirement.name) in unmet else "green"
                assert fill(cell) == expected, (first, requirement.name)
            amb = sheet.cell(row, columns["Amb %"])
            if any(rule.applies_to(resident) for rule in program.ambulatory_share):
                assert fill(amb) == ("red" if first in off_share else "green"), first
            else:
                assert fill(amb) == "", first
        elif first == "Staffing per week (count; required range)":
            staffing = True
        elif first == "Legend":
            staffing = False
        elif staffing and first:
            rotation = next(r for r in program.rotations if r.short == first)
            level = str(sheet.cell(row, 2).value).split(": ", 1)[1].split(" ")[0]
            for week, cell in week_cells(sheet, row, first_week_col, program.weeks):
                expected = "red" if (rotation.id, level, week) in failed_cover else ""
                assert fill(cell) == expected, (rotation.id, level, week)


def assert_verdicts_agree(book: Workbook, program: Program, report: Report) -> None:
    """Every coloured or met/not-met cell of the workbook says what the validator said."""
    assert_checks_sheet(book, report)
    assert_coverage_sheet(book, program, report)
    assert_clinic_sheet(book, program, report)
    assert_residents_sheet(book, program, report)
    assert_schedule_sheet(book, program, report)
