"""Clinic sites from ranked preferences, for residents the roster leaves without one.

A 2+1 template (3 cohorts): a resident is in clinic one week in three, so a site of weekly
capacity 1 holds 3 residents.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from reports.workbook import write_workbook
from scheduler.domain import Program, Schedule
from scheduler.domain.params import SolveParams
from scheduler.domain.result import RunInfo
from scheduler.inputs.schedule_file import read_schedule
from scheduler.stages.sites import assign_sites
from tests.tiny import program, resident, rotation, solved, verdict

TEMPLATE = {"id": "t21", "x_weeks": 2, "y_weeks": 1, "cohorts": 3, "stagger": 1}
TRACKS = [
    {"id": "pc", "name": "Primary care", "template": "t21", "site_priority": 1},
    {"id": "cat", "name": "Categorical", "template": "t21"},
]
SITES = [
    {"id": "east", "name": "East", "capacity": 1},
    {"id": "west", "name": "West", "capacity": 1},
]


def with_sites(
    residents: list[dict[str, Any]], ranked: dict[str, list[str]], **overrides: Any
) -> Program:
    fields: dict[str, Any] = {
        "weeks": 6,
        "templates": [TEMPLATE],
        "tracks": TRACKS,
        "clinic_sites": SITES,
        "rotations": [
            rotation("wards"),
            rotation("clinic", "ambulatory", phase="Y", ambulatory=True, clinic_half_days=2),
        ],
        "residents": residents,
        "requests": {
            "preferences": [{"resident": rid, "sites": sites} for rid, sites in ranked.items()]
        },
        "cohort_balance": {"by_pgy": False, "by_site": False},
    }
    fields.update(overrides)
    return program(**fields)


def test_primary_care_is_placed_first_and_the_rest_where_there_is_room() -> None:
    # East holds 3 (one in clinic a week); four want it: the three primary-care residents
    # get it, the categorical one, ranked the same, goes west.
    residents = [resident(f"p{i}", track="pc") for i in range(3)] + [resident("c0", track="cat")]
    prog = with_sites(residents, {r["id"]: ["east", "west"] for r in residents})
    assert assign_sites(prog, SolveParams()) == {
        "p0": "east",
        "p1": "east",
        "p2": "east",
        "c0": "west",
    }


def test_boundary_a_site_takes_exactly_what_it_holds() -> None:
    residents = [
        resident(f"p{i}", track="pc", clinic_site="east" if i == 0 else None) for i in range(4)
    ]
    prog = with_sites(residents, {"p1": ["east"], "p2": ["east"], "p3": ["east", "west"]})
    chosen = assign_sites(prog, SolveParams())
    assert sorted(chosen.values()).count("east") == 2  # with p0 already there: 3
    assert chosen["p3"] == "west"


def test_a_resident_with_a_site_on_the_roster_keeps_it() -> None:
    prog = with_sites([resident("p0", track="pc", clinic_site="west")], {"p0": ["east"]})
    assert assign_sites(prog, SolveParams()) == {}


def test_solve_records_the_sites_and_the_check_uses_them() -> None:
    residents = [resident(f"p{i}", track="pc") for i in range(3)] + [resident("c0", track="cat")]
    prog = with_sites(residents, {r["id"]: ["east", "west"] for r in residents})
    result = solved(prog)
    assert result.schedule is not None
    assert result.schedule.sites == {"p0": "east", "p1": "east", "p2": "east", "c0": "west"}
    report = verdict(prog, result.schedule)
    assert report.ok, report.violations
    # the clinic family counted them at their chosen sites: 3 at east, 1 at west
    assert {c.rule: c.checked for c in report.checks if c.family == "clinic"}


def test_a_chosen_site_that_does_not_exist_or_overrides_the_roster_is_named() -> None:
    prog = with_sites(
        [resident("p0", track="pc"), resident("p1", track="pc", clinic_site="west")],
        {"p0": ["east"]},
    )
    rows = {"p0": ("wards", "wards", "clinic") * 2, "p1": ("wards", "wards", "clinic") * 2}
    schedule = Schedule(rows, {"p0": 1, "p1": 1}, {"p0": "north", "p1": "east"})
    report = verdict(prog, schedule)
    messages = [v.message for v in report.by_family("sites")]
    assert messages == [
        "p0: clinic site 'north' does not exist",
        "p1: the roster gives clinic site west, the schedule east",
    ]


def test_chosen_sites_go_through_the_workbook_and_back(tmp_path: Path) -> None:
    residents = [resident(f"p{i}", track="pc") for i in range(3)] + [resident("c0", track="cat")]
    prog = with_sites(residents, {r["id"]: ["east", "west"] for r in residents})
    result = solved(prog)
    assert result.schedule is not None
    report = verdict(prog, result.schedule)
    path = write_workbook(
        tmp_path / "s.xlsx", prog, result.schedule, report, RunInfo("p", "0", "x")
    )
    assert read_schedule(path, prog) == result.schedule
    residents_sheet = list(load_workbook(path)["Residents"].iter_rows(values_only=True))
    site = residents_sheet[0].index("clinic_site")
    assert {row[0]: row[site] for row in residents_sheet[1:]} == result.schedule.sites
