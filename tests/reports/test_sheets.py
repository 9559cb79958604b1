"""What the workbook's sheets say: the summary columns and the staffing block of the
Schedule grid, and the Coverage, Residents and Clinic sheets.

Every expected number is counted again here from the schedule and the program's raw fields
(never from :mod:`reports.tables`), and every expected red cell is derived here from the
rule's bounds, then also compared with the validator's :class:`Report`. Columns are found
by their headers, so a value written beside its header, a red fill beside its cell or a
row one value short is caught.

Three workbooks are checked: program A as solved (valid: nothing is red), the same
schedule with a few weeks changed so that coverage is short and over, a clinic site is over
capacity and another under its minimum, requirements are unmet and ambulatory shares are
off, and a tiny program built by hand (a resident without a clinic site, a cumulative
ambulatory rule, a PGY-2 staffing level and an open-ended range). Program A is solved once
for the module (about 1 s).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from reports.workbook import build_workbook
from scheduler.checks import Report, validate
from scheduler.checks import ambulatory as ambulatory_check
from scheduler.checks import clinic as clinic_check
from scheduler.checks import coverage as coverage_check
from scheduler.checks import requirements as requirements_check
from scheduler.domain import CATEGORIES, Program, Range, Resident, Rotation, Schedule
from scheduler.domain.result import RunInfo
from tests.conftest import SolvedA
from tests.tiny import program as tiny_program
from tests.tiny import resident, rotation, rows

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "program_a" / "program.yaml"
GREEN = "C6EFCE"
RED = "FFC7CE"
SUMMARY_TAIL = ["Amb %", "Clinic ½-days", "Vacation"]
COVERAGE_KEYS = ["rotation_id", "rotation", "level", "min", "max"]
CLINIC_KEYS = ["site_id", "site", "count", "min", "capacity"]


@dataclass(frozen=True)
class Case:
    name: str
    program: Program
    schedule: Schedule
    report: Report
    book: Workbook


# ------------------------------------------------------------------------------ cases


def broken_copy(program: Program, schedule: Schedule) -> Schedule:
    """Program A's schedule with a few weeks changed so that several rules fail."""
    weeks = {rid: list(row) for rid, row in schedule.assignments.items()}
    residents = sorted(program.residents, key=lambda r: r.id)
    # Week 1: all 10 interns on wards (interns 2-3: over), so none on MICU (1-2: short).
    for res in residents:
        if res.pgy == 1:
            weeks[res.id][0] = "wards"
    # Week 2: all 10 residents of the main site in clinic (capacity 5: over).
    for res in residents:
        if res.clinic_site == "main":
            weeks[res.id][1] = "clinic"
    # Week 3: no resident of chc_east in clinic (at least 2: under).
    for res in residents:
        if res.clinic_site == "chc_east":
            weeks[res.id][2] = "wards"
    # The first PGY-2 on wards all year: ambulatory 0%, Wards 52 of 9, MICU 0 of 6, ...
    senior = next(r for r in residents if r.pgy == 2)
    weeks[senior.id] = ["wards"] * program.weeks
    # The first PGY-3 on an ambulatory elective in every week out of clinic: 100%
    # ambulatory, Ambulatory electives met (3+) but Wards, MICU, Designer unmet.
    third = next(r for r in residents if r.pgy == 3)
    weeks[third.id] = [rot if rot == "clinic" else "amb_elective" for rot in weeks[third.id]]
    return Schedule({rid: tuple(row) for rid, row in weeks.items()}, dict(schedule.cohorts))


def tiny_case() -> tuple[Program, Schedule]:
    """Four residents, four weeks, no template: see test_tiny_program_sheets for the counts."""
    prog = tiny_program(
        weeks=4,
        clinic_sites=[{"id": "s", "name": "Site S", "capacity": 1, "min_residents": 1}],
        rotations=[
            rotation("wards", coverage={"any": "2+", "by_pgy": {2: 1}}),
            rotation("clinic", "ambulatory", ambulatory=True, clinic_half_days=3),
            rotation("vacation", "leave", phase="either"),
        ],
        residents=[
            resident("a", clinic_site="s", prior_weeks=10, prior_ambulatory_weeks=10),
            resident("b", pgy=2, clinic_site="s"),
            resident("c", pgy=2),  # no clinic site: clinic weeks give no half-days
            resident("d", pgy=3, clinic_site="s"),
        ],
        requirements=[{"label": "Wards", "rotations": ["wards"], "weeks": "2+"}],
        ambulatory_share=[{"min": 0.5, "cumulative": True}],
        vacation={"rotation": "vacation", "weeks_per_resident": 1, "max_block_weeks": 1},
    )
    schedule = rows(
        a="clinic wards vacation clinic",
        b="wards clinic wards wards",
        c="clinic wards clinic wards",
        d="wards wards clinic clinic",
    )
    return prog, schedule


@pytest.fixture(scope="module")
def program_a(solved_a: SolvedA) -> tuple[Program, Schedule]:
    return solved_a.program, solved_a.schedule


def make_case(name: str, program: Program, schedule: Schedule) -> Case:
    report = validate(program, schedule)
    book = build_workbook(program, schedule, report, RunInfo("t.yaml", "h", "X"))
    return Case(name, program, schedule, report, book)


@pytest.fixture(scope="module", params=["valid", "broken", "tiny"])
def case(request: pytest.FixtureRequest, program_a: tuple[Program, Schedule]) -> Case:
    program, schedule = program_a
    if request.param == "valid":
        made = make_case("valid", program, schedule)
        assert made.report.ok, made.report.violations[:5]
        return made
    if request.param == "broken":
        made = make_case("broken", program, broken_copy(program, schedule))
        families = {v.family for v in made.report.violations}
        assert {"coverage", "clinic", "requirements", "ambulatory"} <= families
        return made
    return make_case("tiny", *tiny_case())


# ------------------------------------------------------------------------------ counting


def fill_rgb(cell: Any) -> str:
    """The solid fill colour as RRGGBB, '' for no fill."""
    fill = cell.fill
    if fill is None or fill.fill_type != "solid":
        return ""
    return str(fill.fgColor.rgb)[-6:].upper()


def blank(value: Any) -> Any:
    """Empty strings read as empty cells."""
    return None if value == "" else value


def as_date(value: Any) -> Any:
    return value.date() if isinstance(value, dt.datetime) else value


def levels(rot: Rotation) -> list[tuple[str, Range]]:
    """A rotation's staffing levels from its raw coverage fields, in the documented order."""
    found = [
        (level, bounds)
        for level, bounds in (
            ("interns", rot.coverage.interns),
            ("seniors", rot.coverage.seniors),
            ("any", rot.coverage.any),
        )
        if bounds is not None
    ]
    return found + [
        (f"PGY-{year}", rot.coverage.by_pgy[year]) for year in sorted(rot.coverage.by_pgy)
    ]


def staffing_rows(program: Program) -> Iterator[tuple[Rotation, str, Range]]:
    for rot in program.rotations:
        for level, bounds in levels(rot):
            yield rot, level, bounds


def in_level(level: str, pgy: int) -> bool:
    # interns = PGY-1, seniors = PGY-2 and up, any = everyone, "PGY-n" = that year only
    if level == "interns":
        return pgy == 1
    if level == "seniors":
        return pgy >= 2
    return level == "any" or level == f"PGY-{pgy}"


def inside(value: int, low: int, high: int | None) -> bool:
    return low <= value and (high is None or value <= high)


def staffed(case: Case, rotation_id: str, level: str, week: int) -> int:
    """Residents of ``level`` on the rotation in 0-based ``week``."""
    return sum(
        1
        for res in case.program.residents
        if in_level(level, res.pgy) and case.schedule.assignments[res.id][week] == rotation_id
    )


def half_days(program: Program, res: Resident, rotation_id: str) -> int:
    if res.clinic_site is None:
        return 0
    return program.rotation_by_id[rotation_id].clinic_half_days


@dataclass(frozen=True)
class Tally:
    """One resident's year, counted from the schedule."""

    by_category: dict[str, int]
    ambulatory: int
    scheduled: int  # non-leave weeks
    clinic_half_days: int
    vacation: int
    shown_share: float  # this year's share, or over training under a cumulative rule
    ambulatory_ok: bool | None  # None: no ambulatory rule applies
    targets: list[str]
    unmet: list[str]  # requirement names out of range, in program order


def share(low_or_high: float) -> Fraction:
    # shares are written as decimals or fractions such as 1/3
    return Fraction(low_or_high).limit_denominator(1000)


def tally(program: Program, schedule: Schedule, res: Resident) -> Tally:
    row = schedule.assignments[res.id]
    rots = [program.rotation_by_id[rid] for rid in row]
    by_category = {str(cat): sum(1 for rot in rots if rot.category == cat) for cat in CATEGORIES}
    ambulatory = sum(1 for rot in rots if rot.ambulatory)
    scheduled = len(row) - by_category["leave"]
    shown = ambulatory / scheduled if scheduled else 0.0
    verdicts, targets = [], []
    for rule in program.ambulatory_share:
        if not rule.applies_to(res):
            continue
        amb, total = ambulatory, scheduled
        if rule.cumulative:
            amb, total = amb + res.prior_ambulatory_weeks, total + res.prior_weeks
            shown = amb / total if total else 0.0
        verdicts.append(share(rule.min) * total <= amb <= share(rule.max) * total)
        scope = " over training" if rule.cumulative else ""
        targets.append(f"{rule.min:.0%}-{rule.max:.0%}{scope}")
    unmet: list[str] = []
    for requirement in program.requirements:
        if not requirement.applies_to(res):
            continue
        chosen = set(program.select(requirement))
        weeks = sum(1 for rid in row if rid in chosen)
        if not inside(weeks, requirement.weeks.min, requirement.weeks.max):
            unmet.append(requirement.name)
    vacation_rotation = program.vacation.rotation if program.vacation else None
    return Tally(
        by_category=by_category,
        ambulatory=ambulatory,
        scheduled=scheduled,
        clinic_half_days=sum(half_days(program, res, rid) for rid in row),
        vacation=sum(1 for rid in row if rid == vacation_rotation),
        shown_share=shown,
        ambulatory_ok=all(verdicts) if verdicts else None,
        targets=targets,
        unmet=list(dict.fromkeys(unmet)),
    )


def requirement_names(program: Program) -> list[str]:
    return list(dict.fromkeys(r.name for r in program.requirements))


def colour_of(ok: bool | None) -> str:
    return "" if ok is None else GREEN if ok else RED


def last_filled_column(sheet: Worksheet, row: int) -> int:
    """The rightmost column of ``row`` holding a value (0 for an empty row). Reads only
    existing cells, so it never creates one."""
    return max(
        (
            cell.column
            for cell in next(sheet.iter_rows(min_row=row, max_row=row))
            if cell.value not in (None, "")
        ),
        default=0,
    )


# ------------------------------------------------------------------------------ Schedule grid


@dataclass(frozen=True)
class Grid:
    week_cols: dict[int, int]  # 1-based week -> column
    summary_cols: dict[str, int]  # header of a column right of the weeks -> column
    resident_rows: dict[str, int]  # resident id -> row
    staffing_title: int  # row of "Staffing per week"


def grid(case: Case) -> Grid:
    sheet = case.book["Schedule"]
    header = [cell.value for cell in sheet[2]]
    week_cols = {
        value: col
        for col, value in enumerate(header, start=1)
        if isinstance(value, int) and not isinstance(value, bool)
    }
    assert sorted(week_cols) == list(range(1, case.program.weeks + 1))
    last_week = week_cols[case.program.weeks]
    summary = {
        str(value): col
        for col, value in enumerate(header, start=1)
        if col > last_week and value is not None
    }
    ids = {r.id for r in case.program.residents}
    resident_rows: dict[str, int] = {}
    title = 0
    for row in range(4, sheet.max_row + 1):
        value = sheet.cell(row, 1).value
        if isinstance(value, str) and value.startswith("Staffing per week"):
            title = row
            break
        if value in ids:
            resident_rows[str(value)] = row
    assert title, "no staffing block under the grid"
    assert set(resident_rows) == ids
    return Grid(week_cols, summary, resident_rows, title)


def test_schedule_summary_headers_follow_the_weeks(case: Case) -> None:
    layout = grid(case)
    sheet = case.book["Schedule"]
    expected = [*requirement_names(case.program), *SUMMARY_TAIL]
    assert list(layout.summary_cols) == expected
    # one empty column after the last week, then one column per header, side by side
    first = layout.week_cols[case.program.weeks] + 2
    assert list(layout.summary_cols.values()) == list(range(first, first + len(expected)))
    assert last_filled_column(sheet, 2) == layout.summary_cols["Vacation"]


def test_schedule_summary_values_sit_under_their_headers(case: Case) -> None:
    layout = grid(case)
    sheet = case.book["Schedule"]
    program, schedule = case.program, case.schedule
    spacer = layout.week_cols[program.weeks] + 1
    reds = 0
    for res in program.residents:
        row = layout.resident_rows[res.id]
        counts = tally(program, schedule, res)
        assert sheet.cell(row, spacer).value is None, res.id
        for name in requirement_names(program):
            cell = sheet.cell(row, layout.summary_cols[name])
            applicable = [r for r in program.requirements if r.name == name and r.applies_to(res)]
            if not applicable:
                assert cell.value is None, (res.id, name)
                assert fill_rgb(cell) == "", (res.id, name)
                continue
            weeks = sorted(
                {
                    sum(1 for rid in schedule.assignments[res.id] if rid in set(program.select(r)))
                    for r in applicable
                }
            )
            shown = weeks[0] if len(weeks) == 1 else " / ".join(map(str, weeks))
            assert cell.value == shown, (res.id, name)
            met = name not in counts.unmet
            assert fill_rgb(cell) == colour_of(met), (res.id, name, cell.value)
            subject = requirements_check.subject(res.id, name)
            assert case.report.outcome(requirements_check.NAME, subject) is met
            reds += not met
        amb = sheet.cell(row, layout.summary_cols["Amb %"])
        assert amb.value == pytest.approx(counts.shown_share), res.id
        assert fill_rgb(amb) == colour_of(counts.ambulatory_ok), (res.id, amb.value)
        verdict = case.report.outcome(ambulatory_check.NAME, ambulatory_check.subject(res.id))
        assert verdict is counts.ambulatory_ok
        reds += counts.ambulatory_ok is False
        clinic = sheet.cell(row, layout.summary_cols["Clinic ½-days"])
        assert clinic.value == counts.clinic_half_days, res.id
        vacation = sheet.cell(row, layout.summary_cols["Vacation"])
        assert vacation.value == counts.vacation, res.id
        # nothing right of the last summary column
        assert last_filled_column(sheet, row) == layout.summary_cols["Vacation"], res.id
    assert (reds > 0) == (case.name != "valid")


def test_schedule_staffing_block_counts_each_level_each_week(case: Case) -> None:
    layout = grid(case)
    sheet = case.book["Schedule"]
    program = case.program
    assert layout.staffing_title > max(layout.resident_rows.values())
    expected = list(staffing_rows(program))
    row = layout.staffing_title + 1
    reds = 0
    for rot, level, bounds in expected:
        assert sheet.cell(row, 1).value == rot.short, row
        assert str(sheet.cell(row, 2).value).startswith(f"{rot.name}: {level} "), row
        for week, col in layout.week_cols.items():
            cell = sheet.cell(row, col)
            count = staffed(case, rot.id, level, week - 1)
            assert cell.value == count, (rot.id, level, week)
            ok = inside(count, bounds.min, bounds.max)
            assert (fill_rgb(cell) == RED) is not ok, (rot.id, level, week, count)
            subject = coverage_check.subject(rot.id, level, week)
            assert case.report.outcome(coverage_check.NAME, subject) is ok
            reds += not ok
        # nothing beside the weeks: no value and no red in the spacer or summary columns
        assert last_filled_column(sheet, row) == layout.week_cols[program.weeks], row
        assert all(fill_rgb(sheet.cell(row, c)) != RED for c in range(1, layout.week_cols[1]))
        row += 1
    assert sheet.cell(row, 1).value is None  # the block ends after the last level
    # each red cell is one coverage violation of the validator
    assert reds == len(case.report.by_family(coverage_check.NAME))
    assert (reds > 0) == (case.name != "valid")


# ------------------------------------------------------------------------------ Coverage, Clinic


def week_columns(sheet: Worksheet, keys: list[str], program: Program) -> dict[int, int]:
    """Check the header of a wide sheet (keys, then W1..Wn with dates below) and return
    week -> column."""
    header = [cell.value for cell in sheet[1]]
    assert header[: len(keys)] == keys
    assert header[len(keys) :] == [f"W{w}" for w in range(1, program.weeks + 1)]
    columns = {
        int(str(title)[1:]): col for col, title in enumerate(header, start=1) if col > len(keys)
    }
    for week, col in columns.items():
        assert as_date(sheet.cell(2, col).value) == program.week_start(week - 1)
    return columns


def test_coverage_sheet_counts_and_red_cells(case: Case) -> None:
    sheet = case.book["Coverage"]
    program = case.program
    columns = week_columns(sheet, COVERAGE_KEYS, program)
    width = len(COVERAGE_KEYS) + program.weeks
    expected = list(staffing_rows(program))
    assert sheet.max_row == 2 + len(expected)
    reds = 0
    for row, (rot, level, bounds) in enumerate(expected, start=3):
        lead = [blank(sheet.cell(row, col).value) for col in range(1, len(COVERAGE_KEYS) + 1)]
        assert lead == [rot.id, rot.name, level, bounds.min, bounds.max], row
        # the row is complete: a value in every week, nothing after the last week
        assert last_filled_column(sheet, row) <= width, row
        for week, col in columns.items():
            cell = sheet.cell(row, col)
            count = staffed(case, rot.id, level, week - 1)
            assert cell.value == count, (rot.id, level, week, cell.value)
            ok = inside(count, bounds.min, bounds.max)
            assert (fill_rgb(cell) == RED) is not ok, (rot.id, level, week, count)
            subject = coverage_check.subject(rot.id, level, week)
            assert case.report.outcome(coverage_check.NAME, subject) is ok
            reds += not ok
        # key columns are never red: a red beside its week cell would land here
        assert all(fill_rgb(sheet.cell(row, c)) != RED for c in range(1, len(COVERAGE_KEYS) + 1))
    assert reds == len(case.report.by_family(coverage_check.NAME))
    assert (reds > 0) == (case.name != "valid")


def test_clinic_sheet_residents_and_half_days_per_site(case: Case) -> None:
    sheet = case.book["Clinic"]
    program, schedule = case.program, case.schedule
    columns = week_columns(sheet, CLINIC_KEYS, program)
    width = len(CLINIC_KEYS) + program.weeks
    assert sheet.max_row == 2 + 2 * len(program.clinic_sites)
    reds = 0
    for index, site in enumerate(program.clinic_sites):
        members = [r for r in program.residents if r.clinic_site == site.id]
        present, days = 2 * index + 3, 2 * index + 4
        lead = [blank(sheet.cell(present, c).value) for c in range(1, len(CLINIC_KEYS) + 1)]
        assert lead == [site.id, site.name, "residents", site.min_residents, site.capacity]
        lead = [blank(sheet.cell(days, c).value) for c in range(1, len(CLINIC_KEYS) + 1)]
        assert lead == [site.id, site.name, "half-days", None, None]
        for row in (present, days):
            assert last_filled_column(sheet, row) <= width, row
            assert all(fill_rgb(sheet.cell(row, c)) != RED for c in range(1, len(CLINIC_KEYS) + 1))
        for week, col in columns.items():
            # in clinic: a site's resident on a rotation with clinic half-days
            week_days = [
                half_days(program, r, schedule.assignments[r.id][week - 1]) for r in members
            ]
            count = sum(1 for d in week_days if d > 0)
            cell = sheet.cell(present, col)
            assert cell.value == count, (site.id, week)
            ok = inside(count, site.min_residents, site.capacity)
            assert (fill_rgb(cell) == RED) is not ok, (site.id, week, count)
            subject = clinic_check.subject(site.id, week)
            assert case.report.outcome(clinic_check.NAME, subject) is ok
            reds += not ok
            cell = sheet.cell(days, col)
            assert cell.value == sum(week_days), (site.id, week)
            assert fill_rgb(cell) != RED  # half-days are counted, not judged
    # a week is over capacity or under the minimum, one violation either way
    assert reds == len(case.report.by_family(clinic_check.NAME))
    assert (reds > 0) == (case.name != "valid")


# ------------------------------------------------------------------------------ Residents


RESIDENT_COLUMNS = [
    "resident_id",
    "resident_name",
    "track",
    "pgy",
    "cohort",
    "clinic_site",
    *[f"weeks_{cat}" for cat in CATEGORIES],
    "ambulatory_weeks",
    "scheduled_weeks",
    "ambulatory_share",
    "ambulatory_target",
    "ambulatory_measured",
    "ambulatory_met",
    "clinic_half_days",
    "vacation_weeks",
    "requirements",
]


def test_residents_sheet_one_row_per_resident_in_grid_order(case: Case) -> None:
    sheet = case.book["Residents"]
    program, schedule = case.program, case.schedule
    ids = [sheet.cell(row, 1).value for row in range(2, sheet.max_row + 1)]
    track_order = {t.id: i for i, t in enumerate(program.tracks)}
    # by track (program order), PGY, cohort (none first), then name
    ordered = sorted(
        program.residents,
        key=lambda r: (track_order[r.track], r.pgy, schedule.cohorts.get(r.id, 0), r.name),
    )
    assert ids == [r.id for r in ordered]


def test_residents_sheet_counts_under_their_headers(case: Case) -> None:
    sheet = case.book["Residents"]
    program, schedule = case.program, case.schedule
    header = [cell.value for cell in sheet[1]]
    assert set(RESIDENT_COLUMNS) <= set(header), set(RESIDENT_COLUMNS) - set(header)
    col = {str(name): i for i, name in enumerate(header, start=1)}
    reds = 0
    for row in range(2, sheet.max_row + 1):
        rid = str(sheet.cell(row, col["resident_id"]).value)
        res = program.resident_by_id[rid]
        counts = tally(program, schedule, res)

        def value(name: str, row: int = row) -> Any:
            return blank(sheet.cell(row, col[name]).value)

        assert last_filled_column(sheet, row) <= len(header), rid
        assert value("resident_name") == res.name
        assert value("track") == res.track
        assert value("pgy") == res.pgy
        assert value("cohort") == schedule.cohorts.get(rid)
        assert value("clinic_site") == res.clinic_site
        for cat in CATEGORIES:
            assert value(f"weeks_{cat}") == counts.by_category[cat], (rid, cat)
        assert sum(counts.by_category.values()) == program.weeks
        assert value("ambulatory_weeks") == counts.ambulatory, rid
        assert value("scheduled_weeks") == counts.scheduled, rid
        this_year = counts.ambulatory / counts.scheduled if counts.scheduled else 0.0
        assert value("ambulatory_share") == pytest.approx(this_year), rid
        assert value("ambulatory_target") == ("; ".join(counts.targets) or None), rid
        if counts.targets:
            assert value("ambulatory_measured") == pytest.approx(counts.shown_share), rid
        else:
            assert value("ambulatory_measured") is None, rid
        met = sheet.cell(row, col["ambulatory_met"])
        assert blank(met.value) is counts.ambulatory_ok, rid
        assert fill_rgb(met) == colour_of(counts.ambulatory_ok), rid
        assert value("clinic_half_days") == counts.clinic_half_days, rid
        assert value("vacation_weeks") == counts.vacation, rid
        status = sheet.cell(row, col["requirements"])
        unmet = counts.unmet
        assert status.value == (f"not met: {', '.join(unmet)}" if unmet else "all met"), rid
        assert fill_rgb(status) == colour_of(not unmet), rid
        verdicts = {
            name: case.report.outcome(
                requirements_check.NAME, requirements_check.subject(rid, name)
            )
            for name in requirement_names(program)
            if any(r.name == name and r.applies_to(res) for r in program.requirements)
        }
        assert [name for name, ok in verdicts.items() if ok is False] == unmet
        assert None not in verdicts.values()
        reds += bool(unmet) + (counts.ambulatory_ok is False)
    assert (reds > 0) == (case.name != "valid")


# ------------------------------------------------------------------------------ by hand


def test_tiny_program_sheets() -> None:
    # The tiny program of tiny_case(), counted by hand:
    #        week 1  week 2  week 3  week 4
    #   a    clinic  wards   vac     clinic   PGY-1, site s, 10 prior weeks all ambulatory
    #   b    wards   clinic  wards   wards    PGY-2, site s
    #   c    clinic  wards   clinic  wards    PGY-2, no site
    #   d    wards   wards   clinic  clinic   PGY-3, site s
    prog, schedule = tiny_case()
    made = make_case("tiny", prog, schedule)
    book = made.book

    coverage = [[blank(c.value) for c in row] for row in book["Coverage"].iter_rows(min_row=3)]
    # wards, any 2+: week 1 b d, week 2 a c d, week 3 b, week 4 b c; no maximum
    assert coverage[0] == ["wards", "Wards", "any", 2, None, 2, 3, 1, 2]
    # wards, PGY-2 exactly 1: b, c, b, b and c (d is PGY-3, not counted)
    assert coverage[1] == ["wards", "Wards", "PGY-2", 1, 1, 1, 1, 1, 2]
    fills = [[fill_rgb(c) == RED for c in row[5:]] for row in book["Coverage"].iter_rows(min_row=3)]
    assert fills == [[False, False, True, False], [False, False, False, True]]

    clinic = [[blank(c.value) for c in row] for row in book["Clinic"].iter_rows(min_row=3)]
    # in clinic at s (c has no site): a; b; d; a and d (capacity 1: over); 3 half-days each
    assert clinic == [
        ["s", "Site S", "residents", 1, 1, 1, 1, 1, 2],
        ["s", "Site S", "half-days", None, None, 3, 3, 3, 6],
    ]

    residents = book["Residents"]
    header = [cell.value for cell in residents[1]]
    table = {
        row[0]: dict(zip(header, row, strict=True))
        for row in residents.iter_rows(min_row=2, values_only=True)
    }
    # a: 2 clinic weeks of 3 scheduled (one vacation) this year; over training
    # (2 + 10) / (3 + 10) = 12/13, at least 50%: met
    assert table["a"]["ambulatory_share"] == pytest.approx(2 / 3)
    assert table["a"]["ambulatory_measured"] == pytest.approx(12 / 13)
    assert table["a"]["ambulatory_met"] is True
    # b: 1 of 4 (no history): not met; c and d: 2 of 4, exactly 50%: met
    assert [table[r]["ambulatory_met"] for r in "bcd"] == [False, True, True]
    # half-days: 3 per clinic week with a site; c has none
    assert [table[r]["clinic_half_days"] for r in "abcd"] == [6, 3, 0, 6]
    assert [table[r]["vacation_weeks"] for r in "abcd"] == [1, 0, 0, 0]
    # Wards 2+: a has 1 week
    assert [table[r]["requirements"] for r in "abcd"] == [
        "not met: Wards",
        "all met",
        "all met",
        "all met",
    ]

    layout = grid(made)
    sheet = book["Schedule"]
    summary = {
        rid: [sheet.cell(row, layout.summary_cols[h]).value for h in ["Wards", *SUMMARY_TAIL]]
        for rid, row in layout.resident_rows.items()
    }
    # the grid shows the share the rule measures: over training for a
    assert summary == {
        "a": [1, pytest.approx(12 / 13), 6, 1],
        "b": [3, pytest.approx(1 / 4), 3, 0],
        "c": [2, pytest.approx(2 / 4), 0, 0],
        "d": [2, pytest.approx(2 / 4), 6, 0],
    }
