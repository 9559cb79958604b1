"""Read the Schedule grid back, and compare it with the Assignments sheet.

Chief residents edit the grid, not the long Assignments table, so ``check`` reads the grid
the way a person does: a merged block holds one rotation for all the weeks it spans, and a
cell shows a rotation's grid label (its id or display name are accepted too). An empty cell
outside any block, an unknown label, or a blank row with residents below it is an error to
fix, never a guess: after unmerging a block in Excel only its first cell keeps the label.

Merged blocks are read from the sheet's XML, because openpyxl's read-only mode, the only
one fast enough for a 200-resident workbook, does not report them.
"""

from __future__ import annotations

import posixpath
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from openpyxl.utils import get_column_letter, range_boundaries

from scheduler.domain import InputError, Program, Schedule
from scheduler.inputs.schedule_file import (
    GRID,
    RESIDENT_COLUMNS,
    open_workbook,
    sheet_rows,
    text,
    whole_number,
)
from scheduler.inputs.sheets import unreadable

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
RELATION = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
PACKAGE = "{http://schemas.openxmlformats.org/package/2006/relationships}"
#: the header cell above the resident ids, which marks the grid's header row
ID_HEADER = RESIDENT_COLUMNS[0]
COHORT_HEADER = RESIDENT_COLUMNS[4]


@dataclass(frozen=True)
class Grid:
    """What the Schedule grid shows, and where: each resident's sheet row."""

    schedule: Schedule
    rows: dict[str, int]


#: Rows and columns read beyond the residents' rows and the weeks' columns (titles, the
#: staffing block, summaries): a stray value in a far corner is never read.
SPARE_GRID_ROWS = 2_000
SPARE_GRID_COLUMNS = 200


def read_grid(path: str | Path, program: Program) -> Grid:
    """The schedule shown in ``path``'s Schedule sheet; raise :class:`InputError` if it
    cannot be read without guessing."""
    file = str(path)
    with open_workbook(path) as workbook:
        if GRID not in workbook.sheetnames:
            raise InputError(
                file,
                f"sheet {GRID}",
                "sheet not found",
                f"name the grid's sheet {GRID}, or check the Assignments sheet instead",
            )
        rows = sheet_rows(
            workbook,
            file,
            GRID,
            max_row=len(program.residents) + SPARE_GRID_ROWS,
            max_col=len(RESIDENT_COLUMNS) + program.weeks + SPARE_GRID_COLUMNS,
        )
    blocks = _merged_blocks(Path(path), GRID)
    return _GridParser(file, program, rows, blocks).parse()


def differences(program: Program, assignments: Schedule, grid: Grid) -> list[str]:
    """Every place where the grid and the Assignments sheet say different things."""
    found: list[str] = []
    for resident in program.residents:
        rid = resident.id
        in_table, in_grid = rid in assignments.assignments, rid in grid.schedule.assignments
        if in_table != in_grid:
            where = "Assignments" if in_table else f"the grid (row {grid.rows[rid]})"
            other = "the grid" if in_table else "Assignments"
            found.append(f"{rid} is in {where} but not in {other}")
            continue
        if not in_table:
            continue
        place = f"Schedule row {grid.rows[rid]} ({rid})"
        table_cohort, grid_cohort = assignments.cohorts.get(rid), grid.schedule.cohorts.get(rid)
        if table_cohort != grid_cohort:
            found.append(
                f"{place}: cohort {_shown(grid_cohort)} in the grid, "
                f"{_shown(table_cohort)} in Assignments"
            )
        pairs = list(zip(grid.schedule.assignments[rid], assignments.assignments[rid], strict=True))
        for first, last, (shown, listed) in _runs(pairs):
            if shown != listed:
                weeks = f"week {first}" if first == last else f"weeks {first}-{last}"
                found.append(f"{place} {weeks}: the grid shows {shown}, Assignments has {listed}")
    return found


def _shown(cohort: int | None) -> str:
    return "(none)" if cohort is None else str(cohort)


def _runs(pairs: list[tuple[str, str]]) -> Iterator[tuple[int, int, tuple[str, str]]]:
    """(first week, last week, pair) for each run of equal pairs, weeks 1-based."""
    start = 0
    for w in range(1, len(pairs) + 1):
        if w == len(pairs) or pairs[w] != pairs[start]:
            yield start + 1, w, pairs[start]
            start = w


class _GridParser:
    """Finds the header, then reads one row per resident until the first blank row."""

    def __init__(
        self,
        file: str,
        program: Program,
        rows: list[tuple[Any, ...]],
        blocks: list[tuple[int, int, int, int]],
    ) -> None:
        self.file = file
        self.program = program
        self.rows = rows
        self.covered = _covered_cells(blocks)
        self.labels = _rotation_labels(program)

    def value(self, row: int, col: int) -> Any:
        """The value shown at (row, col), 1-based: a merged block's value in all its cells."""
        row, col = self.covered.get((row, col), (row, col))
        values = self.rows[row - 1] if row <= len(self.rows) else ()
        return values[col - 1] if col <= len(values) else None

    def parse(self) -> Grid:
        header = self._header_row()
        columns = self._week_columns(header)
        cohort_col = self._column(header, COHORT_HEADER)
        assignments: dict[str, tuple[str, ...]] = {}
        cohorts: dict[str, int] = {}
        where: dict[str, int] = {}
        # Row header + 1 holds the week start dates.
        for row in range(header + 2, len(self.rows) + 1):
            rid = text(self.value(row, 1))
            filled = any(self.value(row, col) not in (None, "") for col in columns)
            if not rid and not filled:
                self._nobody_below(row, where)
                break  # the blank row between the grid and the staffing counts
            if rid not in self.program.resident_by_id:
                if filled:
                    raise self._error(
                        f"row {row}, column A",
                        f"'{rid}' is not a resident id of the roster",
                        "use the resident's id, or delete the row",
                    )
                continue  # a group heading (track and PGY year)
            if rid in where:
                raise self._error(
                    f"row {row}, column A",
                    f"second row for {rid} (first on row {where[rid]})",
                    "keep one row per resident",
                )
            where[rid] = row
            assignments[rid] = tuple(
                self._rotation(row, col, week, rid) for week, col in enumerate(columns, start=1)
            )
            cohort = self._cohort(row, cohort_col) if cohort_col else None
            if cohort is not None:
                cohorts[rid] = cohort
        return Grid(Schedule(assignments, cohorts), where)

    def _nobody_below(self, blank: int, seen: dict[str, int]) -> None:
        """The grid ends at its first blank row: a resident's row below it (a row inserted
        by hand, say) would silently drop out, so it is an error naming the blank row."""
        for row in range(blank + 1, len(self.rows) + 1):
            rid = text(self.value(row, 1))
            if rid in self.program.resident_by_id and rid not in seen:
                raise self._error(
                    f"row {blank}",
                    f"a blank row inside the grid ({rid} follows on row {row})",
                    f"delete row {blank}: the grid ends at its first blank row",
                )

    def _header_row(self) -> int:
        for row in range(1, min(len(self.rows), 20) + 1):
            if text(self.value(row, 1)) == ID_HEADER:
                return row
        raise self._error(
            "column A",
            f"no header cell '{ID_HEADER}' in the first 20 rows",
            "restore the grid's header row",
        )

    def _week_columns(self, header: int) -> list[int]:
        found: dict[int, int] = {}
        width = len(self.rows[header - 1])
        for col in range(1, width + 1):
            week = whole_number(self.value(header, col))
            if week is not None and 1 <= week <= self.program.weeks and col > 1:
                found.setdefault(week, col)
        absent = [w for w in range(1, self.program.weeks + 1) if w not in found]
        if absent:
            raise self._error(
                f"row {header}",
                f"no column headed week {absent[0]}",
                "restore the week numbers in the header row",
            )
        return [found[w] for w in range(1, self.program.weeks + 1)]

    def _column(self, header: int, title: str) -> int | None:
        for col in range(1, len(self.rows[header - 1]) + 1):
            if text(self.value(header, col)) == title:
                return col
        return None

    def _rotation(self, row: int, col: int, week: int, rid: str) -> str:
        label = text(self.value(row, col))
        if not label:
            raise self._error(
                f"row {row}, column {get_column_letter(col)}",
                f"no rotation for {rid} in week {week}",
                "enter a rotation's label from the legend (after unmerging a block, "
                "only its first cell keeps the label)",
            )
        rotation = self.labels.get(label.casefold())
        if rotation is None:
            raise self._error(
                f"row {row}, column {get_column_letter(col)}",
                f"'{label}' ({rid}, week {week}) is not a rotation",
                "use a label from the legend: "
                + ", ".join(r.short for r in self.program.rotations),
            )
        return rotation

    def _cohort(self, row: int, col: int) -> int | None:
        value = self.value(row, col)
        cohort = whole_number(value)
        if value not in (None, "") and cohort is None:
            raise self._error(
                f"row {row}, column {get_column_letter(col)}",
                f"cohort '{value}' is not a whole number",
                "use the cohort number or leave it empty",
            )
        return cohort

    def _error(self, place: str, problem: str, fix: str) -> InputError:
        return InputError(self.file, f"sheet {GRID}, {place}", problem, fix)


def _rotation_labels(program: Program) -> dict[str, str]:
    """Rotation id by every way the grid may name it. Grid labels (what the grid is written
    with, unique per program) win over ids, and ids over display names: one rotation's id
    may be another's label ('ed' and 'ED')."""
    labels: dict[str, str] = {}
    for kind in ("name", "id", "short"):
        for rotation in program.rotations:
            labels[str(getattr(rotation, kind)).casefold()] = rotation.id
    return labels


def _covered_cells(
    blocks: list[tuple[int, int, int, int]],
) -> dict[tuple[int, int], tuple[int, int]]:
    """(row, col) of every cell inside a merged block -> the block's top-left cell."""
    covered: dict[tuple[int, int], tuple[int, int]] = {}
    for min_col, min_row, max_col, max_row in blocks:
        for row in range(min_row, max_row + 1):
            for col in range(min_col, max_col + 1):
                covered[row, col] = (min_row, min_col)
    return covered


def _merged_blocks(path: Path, sheet: str) -> list[tuple[int, int, int, int]]:
    """Merged ranges of ``sheet`` as (min_col, min_row, max_col, max_row); a damaged
    sheet is an :class:`InputError`."""
    try:
        return _read_merged_blocks(path, sheet)
    except Exception as error:  # a damaged part: zip, XML and range parsing raise many types
        raise unreadable(str(path), sheet, error, "merged cells") from None


def _read_merged_blocks(path: Path, sheet: str) -> list[tuple[int, int, int, int]]:
    with zipfile.ZipFile(path) as archive:
        part = _sheet_part(archive, sheet)
        blocks: list[tuple[int, int, int, int]] = []
        with archive.open(part) as stream:
            for _, element in ElementTree.iterparse(stream):
                if element.tag == f"{MAIN}mergeCell":
                    bounds = range_boundaries(element.get("ref", ""))
                    if None not in bounds:
                        blocks.append(tuple(int(b or 0) for b in bounds))  # type: ignore[arg-type]
                elif element.tag == f"{MAIN}c":
                    element.clear()  # keep memory flat on large sheets
    return blocks


def _sheet_part(archive: zipfile.ZipFile, sheet: str) -> str:
    """The zip member holding ``sheet``: workbook.xml names it, its relationships place it."""
    workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    relation = next(
        element.get(RELATION)
        for element in workbook.iter(f"{MAIN}sheet")
        if element.get("name") == sheet
    )
    links = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    target = next(
        str(link.get("Target"))
        for link in links.iter(f"{PACKAGE}Relationship")
        if link.get("Id") == relation
    )
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join("xl", target))
