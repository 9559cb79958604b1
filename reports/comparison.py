"""Scenarios side by side: the figures a program director weighs, read off each scenario's
own schedule and the validator's report on it.

Every figure comes from the same tables the schedule workbook shows (:mod:`reports.tables`,
built on the validator's report) or from the solve's own numbers, so the comparison says
exactly what ``check`` says of each scenario's schedule. Pure functions of plain data;
:func:`build_comparison` lays them out as a workbook (a side-by-side sheet, charts, what
each scenario changes, and each scenario's grid).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
import yaml
from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference, Series
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from reports import tables
from reports.requests import request_figures
from scheduler.checks import Report
from scheduler.checks.sites import effective as effective_sites
from scheduler.domain import Program
from scheduler.domain.result import Result

#: How a figure's value is shown.
PERCENT, NUMBER, SECONDS, TEXT = "percent", "number", "seconds", "text"
#: A sheet name may hold neither these characters nor more than 31 characters.
_NOT_IN_SHEET_NAMES = re.compile(r"[\[\]:*?/\\]")


@dataclass(frozen=True)
class Figure:
    """One number (or word) about one scenario, in a section of the comparison."""

    section: str
    name: str
    value: float | int | str | None
    style: str = NUMBER
    #: what the terminal shows beside the value ('378/420', 'x 100')
    detail: str = ""

    @property
    def key(self) -> tuple[str, str]:
        return (self.section, self.name)

    def text(self) -> str:
        """The value as the terminal shows it."""
        if self.value is None:
            return ""
        if isinstance(self.value, str):
            shown = self.value
        elif self.style == PERCENT:
            shown = f"{self.value:.1%}"
        elif self.style == SECONDS:
            shown = f"{self.value:.1f}s"
        elif isinstance(self.value, float) and not self.value.is_integer():
            shown = f"{self.value:.1f}"
        else:
            shown = f"{self.value:g}"
        return f"{shown} ({self.detail})" if self.detail else shown


@dataclass(frozen=True)
class Compared:
    """One scenario as compared: its program, its best solve over the seeds tried, the
    validator's report on that schedule, and every seed's objective."""

    name: str
    program: Program
    result: Result
    report: Report | None
    #: seed -> objective (None: no schedule with that seed)
    seeds: dict[int, float | None]
    file: str = ""
    base: str = ""
    description: str = ""
    overrides: dict[str, object] | None = None


def figures(compared: Compared) -> list[Figure]:
    """Every figure of one scenario, section by section."""
    result, report = compared.result, compared.report
    found = _solve_figures(compared)
    if result.schedule is None or report is None:
        return found
    program = effective_sites(compared.program, result.schedule)
    frames = tables.build(program, result.schedule, report)
    return (
        found
        + _share_figures(frames.residents)
        + _clinic_figures(program, frames.residents)
        + _coverage_figures(program, frames.coverage)
        + _heavy_figures(program, frames.residents)
        + _request_figures(report)
        + _term_figures(result)
    )


def _solve_figures(compared: Compared) -> list[Figure]:
    result, report = compared.result, compared.report
    section = "Solve"
    rows = [Figure(section, "status", str(result.status), TEXT)]
    if result.schedule is None or report is None:
        why = "; ".join(result.reasons[:3]) or "no schedule within the time limit"
        return [*rows, Figure(section, "why no schedule", why, TEXT)]
    verdict = "PASS" if report.ok else f"FAIL ({len(report.violations)} violations)"
    rows += [
        Figure(section, "independent check", verdict, TEXT),
        Figure(section, "objective", result.objective),
        Figure(section, "bound", result.bound),
        Figure(section, "gap", result.gap, PERCENT),
        Figure(section, "first schedule", result.time_to_first, SECONDS),
        Figure(section, "best schedule", result.time_to_best, SECONDS),
        Figure(section, "total time", result.wall_time, SECONDS),
    ]
    if len(compared.seeds) > 1:
        found = [value for value in compared.seeds.values() if value is not None]
        spread = f"{min(found):g}-{max(found):g}" if found else "none"
        rows.append(
            Figure(
                section,
                "objective over seeds",
                spread,
                TEXT,
                f"{len(found)} of {len(compared.seeds)} seeds, best seed {result.seed}",
            )
        )
    return rows


def _spread(section: str, label: str, values: pd.Series, style: str) -> list[Figure]:
    values = values.dropna()
    if values.empty:
        return []
    return [
        Figure(section, f"{label} min", _number(values.min()), style),
        Figure(section, f"{label} mean", _number(values.mean()), style),
        Figure(section, f"{label} max", _number(values.max()), style),
    ]


def _share_figures(residents: pd.DataFrame) -> list[Figure]:
    """Ambulatory share of the year's scheduled weeks, by track."""
    rows: list[Figure] = []
    for track, group in residents.groupby("track", sort=False):
        rows += _spread("Ambulatory share", str(track), group["ambulatory_share"], PERCENT)
    return rows


def _clinic_figures(program: Program, residents: pd.DataFrame) -> list[Figure]:
    """Continuity-clinic half-days per resident over the year, by track (residents with a
    clinic site)."""
    with_site = residents[residents["clinic_site"] != ""]
    rows: list[Figure] = []
    for track, group in with_site.groupby("track", sort=False):
        rows += _spread(
            "Clinic half-days per resident", str(track), group["clinic_half_days"], NUMBER
        )
    return rows


def _coverage_figures(program: Program, coverage: pd.DataFrame) -> list[Figure]:
    """Residents above each rotation's minimum: the fewest in any week (and level), and
    the mean. The least slack says how close a service runs to its floor."""
    rows: list[Figure] = []
    slack = coverage.assign(slack=coverage["staffed"] - coverage["min"])
    for rotation_id, group in slack.groupby("rotation_id", sort=False):
        rotation = program.rotation_by_id[str(rotation_id)]
        name = rotation.short
        rows += [
            Figure("Coverage above minimum", f"{name}: fewest", _number(group["slack"].min())),
            Figure("Coverage above minimum", f"{name}: mean", _number(group["slack"].mean())),
        ]
    return rows


def heavy_weeks(program: Program, residents: pd.DataFrame) -> pd.Series:
    """Each resident's weeks on the objective's heavy categories (ICU, nights by default)."""
    columns = [f"weeks_{category}" for category in program.objective.heavy_categories]
    return residents[columns].sum(axis=1)


def _heavy_figures(program: Program, residents: pd.DataFrame) -> list[Figure]:
    """The spread (most minus fewest) of heavy-rotation weeks within each track and PGY
    year, the group fairness balances: the largest, and by PGY year."""
    if not program.objective.heavy_categories or residents.empty:
        return []
    frame = residents.assign(heavy=heavy_weeks(program, residents))
    spreads = frame.groupby(["track", "pgy"], sort=True)["heavy"].agg(lambda s: s.max() - s.min())
    rows = [Figure("Heavy rotations", "spread: largest", _number(spreads.max()))]
    by_pgy = spreads.groupby(level="pgy").max()
    rows += [
        Figure("Heavy rotations", f"spread: PGY-{pgy}", _number(v)) for pgy, v in by_pgy.items()
    ]
    return rows


def _request_figures(report: Report) -> list[Figure]:
    rows: list[Figure] = []
    for name, (granted, asked) in request_figures(report.requests).items():
        if asked:
            rows.append(
                Figure("Requests granted", name, granted / asked, PERCENT, f"{granted}/{asked}")
            )
    return rows


def _term_figures(result: Result) -> list[Figure]:
    return [
        Figure("Objective terms", name, term.value, NUMBER, f"x {term.weight}")
        for name, term in result.terms.items()
    ]


def _number(value: object) -> float | int:
    """A pandas or numpy number as a plain one (an int when it is whole)."""
    number = float(value)  # type: ignore[arg-type]
    return int(number) if number.is_integer() else number


# ---------------------------------------------------------------------------- the table


def side_by_side(
    scenarios: Sequence[Compared],
) -> tuple[list[tuple[str, str]], list[dict[tuple[str, str], Figure]]]:
    """The rows (section, figure) every scenario has any of, in first-seen order, and each
    scenario's figures by row."""
    keys: dict[tuple[str, str], None] = {}
    columns: list[dict[tuple[str, str], Figure]] = []
    for compared in scenarios:
        found = figures(compared)
        columns.append({figure.key: figure for figure in found})
        for figure in found:
            keys.setdefault(figure.key)
    order = sorted(keys, key=lambda key: _SECTIONS.index(key[0]))
    return order, columns


_SECTIONS = (
    "Solve",
    "Ambulatory share",
    "Clinic half-days per resident",
    "Coverage above minimum",
    "Heavy rotations",
    "Requests granted",
    "Objective terms",
)

_FORMATS = {PERCENT: "0.0%", SECONDS: "0.0", NUMBER: "0.##"}


def build_comparison(scenarios: Sequence[Compared]) -> Workbook:
    """The comparison workbook: Comparison (side by side), Charts, Scenarios (what each one
    changes) and one schedule grid per scenario."""
    from reports.workbook import schedule_grid

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Comparison"
    order, columns = side_by_side(scenarios)
    _comparison_sheet(sheet, scenarios, order, columns)
    _charts_sheet(workbook.create_sheet("Charts"), scenarios, order, columns)
    _scenarios_sheet(workbook.create_sheet("Scenarios"), scenarios)
    for title, compared in zip(grid_titles(scenarios), scenarios, strict=True):
        grid = workbook.create_sheet(title)
        schedule, report = compared.result.schedule, compared.report
        if schedule is None or report is None:
            _no_schedule_sheet(grid, compared)
        else:
            schedule_grid(grid, compared.program, schedule, report)
    return workbook


def grid_titles(scenarios: Sequence[Compared]) -> list[str]:
    """A sheet title per scenario's grid: its name, made a valid and unique sheet name."""
    taken = {"comparison", "charts", "scenarios"}
    titles = []
    for compared in scenarios:
        base = _NOT_IN_SHEET_NAMES.sub("-", compared.name).strip("'") or "scenario"
        # a sheet name may not begin or end with an apostrophe, even once cut to 31
        title, n = base[:31].rstrip("'"), 2
        while title.lower() in taken:
            suffix = f" ({n})"
            title, n = base[: 31 - len(suffix)].rstrip("'") + suffix, n + 1
        taken.add(title.lower())
        titles.append(title)
    return titles


#: First row of the side-by-side table (under a title and a blank row).
TABLE_ROW = 3


def _comparison_sheet(
    sheet: Worksheet,
    scenarios: Sequence[Compared],
    order: list[tuple[str, str]],
    columns: list[dict[tuple[str, str], Figure]],
) -> None:
    from reports.layout import HEADER, WHITE_BOLD

    sheet["A1"] = "Scenarios side by side (each schedule checked by the independent validator)"
    sheet["A1"].font = Font(bold=True, size=14)
    header = ["section", "figure", *(compared.name for compared in scenarios)]
    for col, name in enumerate(header, start=1):
        cell = sheet.cell(TABLE_ROW, col, name)
        cell.font, cell.fill = WHITE_BOLD, HEADER
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row, key in enumerate(order, start=TABLE_ROW + 1):
        sheet.cell(row, 1, key[0])
        sheet.cell(row, 2, key[1])
        for col, found in enumerate(columns, start=3):
            figure = found.get(key)
            if figure is None:
                continue
            cell = sheet.cell(row, col, figure.value)
            if figure.style in _FORMATS and not isinstance(figure.value, str):
                cell.number_format = _FORMATS[figure.style]
            if figure.style == TEXT:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.column_dimensions["A"].width = 28
    sheet.column_dimensions["B"].width = 34
    for col in range(3, len(header) + 1):
        sheet.column_dimensions[get_column_letter(col)].width = 26
    sheet.freeze_panes = sheet.cell(TABLE_ROW + 1, 3)


def comparison_values(workbook: Workbook) -> dict[tuple[str, str], list[object]]:
    """The side-by-side sheet read back: (section, figure) -> a value per scenario."""
    sheet = workbook["Comparison"]
    values: dict[tuple[str, str], list[object]] = {}
    width = sheet.max_column
    for row in sheet.iter_rows(min_row=TABLE_ROW + 1, values_only=True):
        if row[0] is None:
            continue
        values[(str(row[0]), str(row[1]))] = list(row[2:width])
    return values


#: The charts: a title and the section whose figures (those whose name ends so) it shows.
_CHARTS = (
    ("Ambulatory share (mean) by track", "Ambulatory share", " mean", "0%"),
    (
        "Clinic half-days per resident (mean) by track",
        "Clinic half-days per resident",
        " mean",
        "0",
    ),
    (
        "Residents above minimum coverage (fewest in any week)",
        "Coverage above minimum",
        ": fewest",
        "0",
    ),
    ("Requests granted", "Requests granted", "", "0%"),
    ("Heavy-rotation spread (weeks) within track and PGY year", "Heavy rotations", "", "0"),
)


def _charts_sheet(
    sheet: Worksheet,
    scenarios: Sequence[Compared],
    order: list[tuple[str, str]],
    columns: list[dict[tuple[str, str], Figure]],
) -> None:
    """A bar chart per main figure, one bar per scenario; each chart's numbers are written
    beside it (copied from the Comparison sheet) so that it can be read without it."""
    row = 1
    for title, section, ending, axis_format in _CHARTS:
        keys = [key for key in order if key[0] == section and key[1].endswith(ending)]
        if not keys:
            continue
        sheet.cell(row, 1, title).font = Font(bold=True)
        for col, compared in enumerate(scenarios, start=2):
            sheet.cell(row + 1, col, compared.name)
        for offset, key in enumerate(keys, start=2):
            sheet.cell(row + offset, 1, key[1].removesuffix(ending))
            for col, found in enumerate(columns, start=2):
                figure = found.get(key)
                if figure is not None and not isinstance(figure.value, str):
                    sheet.cell(row + offset, col, figure.value)
        last = row + 1 + len(keys)
        chart = BarChart()
        chart.title = title
        chart.y_axis.numFmt = axis_format
        chart.y_axis.title = section
        for col, compared in enumerate(scenarios, start=2):
            values = Reference(sheet, min_col=col, min_row=row + 2, max_row=last)
            chart.series.append(Series(values, title=compared.name))
        chart.set_categories(Reference(sheet, min_col=1, min_row=row + 2, max_row=last))
        chart.width, chart.height = 18, 7.5
        sheet.add_chart(chart, f"{get_column_letter(len(scenarios) + 3)}{row}")
        row = max(last + 2, row + 16)
    sheet.column_dimensions["A"].width = 34


def _scenarios_sheet(sheet: Worksheet, scenarios: Sequence[Compared]) -> None:
    from reports.layout import HEADER, WHITE_BOLD

    sheet.append(["scenario", "file", "base", "description", "changes", "status"])
    for col in range(1, 7):
        sheet.cell(1, col).font, sheet.cell(1, col).fill = WHITE_BOLD, HEADER
    for compared in scenarios:
        changes = (
            yaml.safe_dump(compared.overrides, sort_keys=False, width=80).strip()
            if compared.overrides
            else "(a whole program)"
        )
        sheet.append(
            [
                compared.name,
                compared.file,
                compared.base,
                compared.description,
                changes,
                str(compared.result.status),
            ]
        )
    for letter, width in zip("ABCDEF", (24, 40, 40, 40, 70, 14), strict=True):
        sheet.column_dimensions[letter].width = width
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def _no_schedule_sheet(sheet: Worksheet, compared: Compared) -> None:
    sheet["A1"] = f"{compared.name}: no schedule ({compared.result.status})"
    sheet["A1"].font = Font(bold=True, size=14)
    for row, line in enumerate(compared.result.reasons or ["(no reason recorded)"], start=3):
        sheet.cell(row, 1, line)
