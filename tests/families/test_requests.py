"""Requests: vacation weeks, weeks without duty, ranked electives, rotations to avoid.

Per kind: a solve that grants them (the validator agrees), a schedule that denies them
(hard: a violation; soft: an outcome with a reason read off the schedule), the boundary,
and an infeasible case whose explanation names the request. Then the files they come
from, the cohort stage, the vacation plan, the workbook and the CLI's summary.
"""

from __future__ import annotations

import csv
import logging
from pathlib import Path
from typing import Any

import pytest
import yaml
from openpyxl import load_workbook

from scheduler.checks.report import RequestOutcome
from scheduler.domain import InputError, Program
from scheduler.domain.params import SolveParams
from scheduler.domain.result import RunInfo
from scheduler.explain.ceiling import Denials, fewest_denied
from scheduler.inputs.program_file import load_program
from scheduler.stages import search as search_module
from scheduler.stages.cohorts import assign_cohorts
from scheduler.stages.components import components
from scheduler.stages.vacation_plan import VacationPlan, plan_vacation
from scheduler.stages.year_model import Layout
from tests.tiny import core, families, program, resident, rotation, rows, solved, verdict

ROTATIONS = [
    rotation("wards", coverage={"any": "0-2"}),
    rotation("icu", "critical_care"),
    rotation("cards", "subspecialty"),
    rotation("gi", "subspecialty"),
    rotation("clinic", "ambulatory", phase="Y", ambulatory=True),
    rotation("vacation", "leave", phase="either"),
]
POLICY = {"weeks_per_resident": 2, "max_block_weeks": 2, "max_away_per_week": {"any": 1}}


def with_requests(requests: dict[str, Any], **overrides: Any) -> Program:
    fields: dict[str, Any] = {
        "weeks": 6,
        "rotations": ROTATIONS,
        "residents": [resident("a"), resident("b")],
        "vacation": POLICY,
        "requests": requests,
    }
    fields.update(overrides)
    return program(**fields)


def outcomes(
    prog: Program, cohorts: dict[str, int] | None = None, **by_resident: str
) -> list[RequestOutcome]:
    return verdict(prog, rows(cohorts, **by_resident)).requests


def granted(prog: Program) -> list[bool]:
    result = solved(prog)
    assert result.schedule is not None
    report = verdict(prog, result.schedule)
    assert report.ok, report.violations
    return [o.granted for o in report.requests]


# ---------------------------------------------------------------------- vacation


def test_solver_grants_vacation_requests_that_fit_the_cap() -> None:
    prog = with_requests(
        {
            "vacation": [
                {"resident": "a", "weeks": "2-3", "priority": 1},
                {"resident": "b", "weeks": "4-5", "priority": 3},
            ]
        }
    )
    assert granted(prog) == [True, True]


def test_two_requests_for_one_week_under_a_cap_of_one_grant_the_higher_priority() -> None:
    prog = with_requests(
        {
            "vacation": [
                {"resident": "a", "weeks": "2-3", "priority": 3},
                {"resident": "b", "weeks": "3-4", "priority": 1},
            ]
        }
    )
    assert granted(prog) == [False, True]


def test_a_denied_request_names_the_cap_and_who_fills_it() -> None:
    prog = with_requests({"vacation": [{"resident": "a", "weeks": "2-3", "priority": 2}]})
    (outcome,) = outcomes(
        prog,
        a="vacation wards wards vacation wards wards",
        b="wards vacation vacation wards wards wards",
    )
    assert not outcome.granted
    assert "week 2: 1 residents already away, the cap is 1: b" in outcome.reason
    assert outcome.given == "Wards 2-3"


def test_a_hard_request_not_granted_is_a_violation() -> None:
    prog = with_requests({"vacation": [{"resident": "a", "weeks": 2, "hard": True}]})
    report = verdict(
        prog,
        rows(
            a="vacation wards wards vacation wards wards",
            b="wards vacation vacation wards wards wards",
        ),
    )
    assert families(report) == {"requests"}
    (violation,) = report.by_family("requests")
    assert "requests.vacation[0]: a asked for vacation in week 2 (hard), not given in week 2" in (
        violation.message
    )


def test_a_soft_request_not_granted_is_no_violation() -> None:
    prog = with_requests({"vacation": [{"resident": "a", "weeks": 2}]})
    report = verdict(
        prog,
        rows(
            a="vacation wards wards vacation wards wards",
            b="wards vacation vacation wards wards wards",
        ),
    )
    assert report.ok
    assert [o.granted for o in report.requests] == [False]


def test_boundary_a_request_as_long_as_the_longest_run_is_granted_one_longer_is_not() -> None:
    fits = with_requests({"vacation": [{"resident": "a", "weeks": "2-3"}]})
    assert granted(fits) == [True]
    policy = {**POLICY, "weeks_per_resident": 3}
    longer = with_requests({"vacation": [{"resident": "a", "weeks": "2-4"}]}, vacation=policy)
    (outcome,) = outcomes(
        longer,
        a="wards vacation vacation wards vacation wards",
        b="vacation wards wards vacation wards wards",
    )
    assert not outcome.granted
    assert "3 weeks in a row, and vacation comes in runs of at most 2" in outcome.reason


def test_a_request_in_a_clinic_week_says_so() -> None:
    template = {"id": "t21", "x_weeks": 2, "y_weeks": 1, "cohorts": 3, "stagger": 1}
    prog = with_requests(
        {"vacation": [{"resident": "a", "weeks": 3}]},
        templates=[template],
        tracks=[{"id": "pc", "name": "Primary care", "template": "t21"}],
        residents=[resident("a", track="pc", cohort=1)],
        vacation={**POLICY, "weeks_per_resident": 1},
    )
    (outcome,) = outcomes(prog, {"a": 1}, a="wards vacation clinic wards wards clinic")
    assert "week 3 is a clinic (Y) week for cohort 1, and vacation falls only in X weeks" in (
        outcome.reason
    )


def test_dates_name_the_weeks_that_hold_them() -> None:
    # week 2 starts on 6 July 2026; 8-16 July touches weeks 2 and 3
    prog = with_requests(
        {"vacation": [{"resident": "a", "start": "2026-07-08", "end": "2026-07-16"}]}
    )
    assert prog.requested_weeks(prog.requests.vacation[0]) == range(1, 3)
    (outcome,) = outcomes(
        prog,
        a="wards vacation vacation wards wards wards",
        b="vacation wards wards vacation wards wards",
    )
    assert outcome.granted
    assert outcome.asked == "weeks 2-3 (06 Jul - 19 Jul)"


def test_two_hard_requests_for_one_week_under_a_cap_of_one_are_explained() -> None:
    prog = with_requests(
        {
            "vacation": [
                {"resident": "a", "weeks": 2, "hard": True},
                {"resident": "b", "weeks": 2, "hard": True},
            ]
        }
    )
    lines = core(prog)
    assert any("requests.vacation[0]" in line for line in lines), lines
    assert any("week 2 any away" in line for line in lines), lines


def test_hard_requests_beyond_the_away_cap_are_proven_in_numbers() -> None:
    prog = with_requests(
        {"vacation": [{"resident": rid, "weeks": 2, "hard": True} for rid in ("a", "b")]}
    )
    result = solved(prog)
    assert result.status == "INFEASIBLE"
    (line,) = result.reasons
    assert "requests.vacation[0] a week 2 (hard); requests.vacation[1] b week 2 (hard)" in line


# ---------------------------------------------------------------------- unavailable


def test_solver_keeps_an_unavailable_week_free_of_duty() -> None:
    prog = with_requests(
        {"unavailable": [{"resident": "a", "weeks": "1-2", "priority": 1, "note": "boards"}]},
        vacation=None,
        rotations=ROTATIONS[:4],
    )
    result = solved(prog)
    assert result.schedule is not None
    row = result.schedule.assignments["a"]
    assert row[0] not in ("wards", "icu") and row[1] not in ("wards", "icu")
    assert verdict(prog, result.schedule).requests[0].granted


def test_a_hard_unavailable_week_on_duty_is_a_violation_and_a_soft_one_is_explained() -> None:
    hard = with_requests(
        {"unavailable": [{"resident": "a", "weeks": 2, "hard": True}]},
        vacation=None,
        residents=[resident("a")],
    )
    report = verdict(hard, rows(a="cards icu cards gi gi gi"))
    assert [v.family for v in report.violations] == ["requests"]
    soft = with_requests(
        {"unavailable": [{"resident": "a", "weeks": 2, "duties": {"rotations": ["icu"]}}]},
        vacation=None,
        residents=[resident("a")],
        rotations=ROTATIONS[:4],
    )
    report = verdict(soft, rows(a="cards icu cards gi gi gi"))
    assert report.ok
    (outcome,) = report.requests
    assert not outcome.granted and "no rule holds a on icu" in outcome.reason


# ---------------------------------------------------------------------- preferences


def test_solver_gives_first_choices_where_room_allows() -> None:
    prog = with_requests(
        {
            "preferences": [
                {"resident": "a", "electives": ["cards", "gi"], "avoid": ["icu"]},
                {"resident": "b", "electives": ["gi"]},
            ]
        },
        vacation=None,
        rotations=ROTATIONS[:4],
    )
    assert granted(prog) == [True, True, True, True]


def test_a_full_elective_and_a_closed_one_are_explained() -> None:
    rotations = [
        rotation("wards"),
        rotation("cards", "subspecialty", coverage={"any": "0-1"}),
        rotation("neuro", "subspecialty", pgy=[2]),
    ]
    prog = with_requests(
        {"preferences": [{"resident": "a", "electives": ["cards", "neuro"]}]},
        vacation=None,
        rotations=rotations,
        weeks=2,
    )
    first, second = outcomes(prog, a="wards wards", b="cards cards")
    assert first.reason == "Cards was at its maximum in every week a could take it"
    assert second.reason == "Neuro is open to PGY 2 only"
    third, _ = outcomes(prog, a="wards wards", b="cards wards")
    assert (
        third.reason
        == "Cards had room in week 2, which the schedule gives to Wards; it was full in week 1"
    )


def test_an_avoided_rotation_a_requirement_needs_says_so() -> None:
    prog = with_requests(
        {"preferences": [{"resident": "a", "avoid": ["icu"]}]},
        vacation=None,
        requirements=[{"label": "ICU", "rotations": ["icu"], "weeks": "1+"}],
        residents=[resident("a")],
    )
    (outcome,) = outcomes(prog, a="icu wards wards wards wards wards")
    assert not outcome.granted
    assert outcome.reason == "ICU needs at least 1 weeks of it"


# ---------------------------------------------------------------------- input


def test_a_requests_yaml_file_and_a_csv_table_load_alike(tmp_path: Path) -> None:
    base = with_requests({}).model_dump(mode="json", exclude={"requests"})
    base["residents"] = [resident("a"), resident("b")]
    requests = {
        "vacation": [{"resident": "a", "weeks": "2-3", "priority": 1, "hard": True}],
        "unavailable": [{"resident": "b", "weeks": 4, "note": "boards"}],
        "preferences": [{"resident": "a", "electives": ["cards", "gi"], "avoid": ["icu"]}],
    }
    (tmp_path / "requests.yaml").write_text(yaml.safe_dump(requests))
    (tmp_path / "program.yaml").write_text(yaml.safe_dump({**base, "requests": "requests.yaml"}))
    from_yaml = load_program(tmp_path / "program.yaml")
    with (tmp_path / "requests.csv").open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            ["resident", "kind", "weeks", "priority", "hard", "rotation", "rank", "note"]
        )
        writer.writerow(["a", "vacation", "2-3", "1", "yes", "", "", ""])
        writer.writerow(["b", "unavailable", "4", "", "", "", "", "boards"])
        writer.writerow(["a", "elective", "", "", "", "gi", "2", ""])
        writer.writerow(["a", "avoid", "", "", "", "icu", "", ""])
        writer.writerow(["a", "elective", "", "", "", "cards", "1", ""])
    (tmp_path / "program.yaml").write_text(yaml.safe_dump({**base, "requests": "requests.csv"}))
    from_csv = load_program(tmp_path / "program.yaml")
    assert from_yaml.requests == from_csv.requests


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (
            ["zz", "vacation", "2", "", ""],
            "requests.csv, row 2, column resident: unknown resident 'zz'",
        ),
        (
            ["a", "holiday", "2", "", ""],
            "requests.csv, row 2, column kind: kind 'holiday' is not a kind of request",
        ),
        (
            ["a", "elective", "", "cards", "first"],
            "requests.csv, row 2, column rank: rank 'first' is not a whole number",
        ),
        (
            ["a", "elective", "", "cardz", "1"],
            "requests.csv, row 2, column rotation: unknown rotation 'cardz'",
        ),
        (
            ["a", "vacation", "2", "cards", ""],
            "requests.csv, row 2, column rotation: a vacation row has no use for rotation",
        ),
        (
            ["a", "vacation", "60", "", ""],
            "requests.csv, row 2, column weeks: week 60 is past the year's 6 weeks",
        ),
        (
            ["a", "vacation", "", "", ""],
            "requests.csv, row 2, column weeks: give either weeks or start",
        ),
    ],
)
def test_a_bad_row_of_a_requests_table_is_named_by_row_and_column(
    tmp_path: Path, row: list[str], expected: str
) -> None:
    base = with_requests({}).model_dump(mode="json", exclude={"requests"})
    with (tmp_path / "requests.csv").open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["resident", "kind", "weeks", "rotation", "rank"])
        writer.writerow(row)
    (tmp_path / "program.yaml").write_text(yaml.safe_dump({**base, "requests": "requests.csv"}))
    with pytest.raises(InputError) as caught:
        load_program(tmp_path / "program.yaml")
    assert expected in str(caught.value)


@pytest.mark.parametrize(
    ("requests", "expected"),
    [
        (
            {"vacation": [{"resident": "a", "weeks": 2, "start": "2026-07-06"}]},
            "give either weeks or start (and end) dates, not both",
        ),
        (
            {"vacation": [{"resident": "a", "start": "2027-07-06"}]},
            "are not all in the academic year",
        ),
        (
            {"vacation": [{"resident": "a", "start": "2026-07-13", "end": "2026-07-06"}]},
            "end 2026-07-06 is before start 2026-07-13",
        ),
        ({"vacation": [{"resident": "a", "weeks": 2, "priority": 4}]}, "less than or equal to 3"),
        ({"preferences": [{"resident": "a", "electives": ["gi", "gi"]}]}, "'gi' is listed twice"),
        (
            {"preferences": [{"resident": "a", "electives": ["gi"], "avoid": ["gi"]}]},
            "'gi' is both ranked and to avoid",
        ),
        (
            {"preferences": [{"resident": "a"}, {"resident": "a"}]},
            "a second preference entry for 'a'",
        ),
        (
            {"unavailable": [{"resident": "a", "weeks": 2, "duties": {"rotations": ["wardz"]}}]},
            "unknown rotation 'wardz'",
        ),
    ],
)
def test_bad_requests_in_a_yaml_file_name_the_file_and_field(
    tmp_path: Path, requests: dict[str, Any], expected: str
) -> None:
    base = with_requests({}).model_dump(mode="json", exclude={"requests"})
    (tmp_path / "wishes.yaml").write_text(yaml.safe_dump(requests))
    (tmp_path / "program.yaml").write_text(yaml.safe_dump({**base, "requests": "wishes.yaml"}))
    with pytest.raises(InputError) as caught:
        load_program(tmp_path / "program.yaml")
    message = str(caught.value)
    assert "wishes.yaml" in message and expected in message, message


def test_a_missing_requests_file_is_named(tmp_path: Path) -> None:
    base = with_requests({}).model_dump(mode="json", exclude={"requests"})
    (tmp_path / "program.yaml").write_text(yaml.safe_dump({**base, "requests": "nope.csv"}))
    with pytest.raises(InputError, match=r"requests file 'nope\.csv' not found"):
        load_program(tmp_path / "program.yaml")


# ---------------------------------------------------------------------- the stages


def test_the_cohort_stage_puts_a_requested_week_in_a_service_phase() -> None:
    # 2+1 with 3 cohorts: week 3 is a clinic week for cohort 1, service for cohorts 2 and 3
    template = {"id": "t21", "x_weeks": 2, "y_weeks": 1, "cohorts": 3, "stagger": 1}
    prog = with_requests(
        {"vacation": [{"resident": "a", "weeks": 3, "priority": 1}]},
        templates=[template],
        tracks=[{"id": "pc", "name": "Primary care", "template": "t21"}],
        residents=[resident("a", track="pc")],
        vacation={**POLICY, "weeks_per_resident": 1},
        cohort_balance={"by_pgy": False, "by_site": False},
    )
    plan = assign_cohorts(prog, SolveParams())
    assert plan.cohorts["a"] != 1
    assert granted(prog) == [True]


@pytest.mark.parametrize(("balanced", "fewest"), [(True, 1), (False, 0)])
def test_fewest_denied_proves_what_no_cohort_assignment_can_grant(
    balanced: bool, fewest: int
) -> None:
    # 2+1 with 3 cohorts: week 3 is a clinic week for cohort 1 only. Three interns all ask
    # for week 3 at priority 1. Balanced, one of them is in cohort 1 whatever the cohorts:
    # at most 2 of 3 can be granted. Unbalanced, all three fit in cohorts 2 and 3.
    template = {"id": "t21", "x_weeks": 2, "y_weeks": 1, "cohorts": 3, "stagger": 1}
    prog = with_requests(
        {"vacation": [{"resident": r, "weeks": 3, "priority": 1} for r in "abc"]},
        templates=[template],
        tracks=[{"id": "pc", "name": "Primary care", "template": "t21"}],
        residents=[resident(r, track="pc") for r in "abc"],
        vacation={**POLICY, "weeks_per_resident": 1, "max_away_per_week": {"any": 3}},
        cohort_balance={"by_pgy": balanced, "by_site": False},
    )
    denials = fewest_denied(prog, 1)
    assert denials == Denials(priority=1, asked=3, fewest=fewest, proven=True)
    assert fewest_denied(prog, 2) == Denials(priority=2, asked=0, fewest=0, proven=True)
    # the year model agrees: the best schedule grants exactly the rest
    assert granted(prog).count(True) == 3 - fewest


def test_a_plan_with_no_schedule_is_loosened_to_the_requests_it_grants(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    # The plan puts both interns on vacation in weeks 1-2, but wards needs one intern every
    # week: no schedule keeps the plan. Its granted request (a's weeks 1-2) can be kept,
    # so the first pass holds only those weeks, and the plan is kept, not let go.
    prog = with_requests(
        {"vacation": [{"resident": "a", "weeks": "1-2", "priority": 1}]},
        rotations=[rotation("wards", coverage={"interns": "1+"}), ROTATIONS[-1]],
    )
    weeks = {(r, w): int(w < 2) for r in (0, 1) for w in range(6)}
    crafted = VacationPlan(weeks=weeks, least_unmet=0, granted=frozenset({(0, 0), (0, 1)}))
    monkeypatch.setattr(search_module, "PLAN_FROM", 0)
    monkeypatch.setattr(search_module, "LOCAL_SEARCH_BUDGET", 2.0)
    monkeypatch.setattr(search_module, "plan_vacation", lambda *args, **kwargs: crafted)
    with caplog.at_level(logging.INFO, logger="scheduler.stages.search"):
        result = solved(prog)
    assert "component 0: vacation plan kept" in caplog.text
    assert result.schedule is not None and verdict(prog, result.schedule).ok
    assert result.schedule.assignments["a"][:2] == ("vacation", "vacation")
    assert "vacation" not in result.schedule.assignments["b"][:2]


def test_the_vacation_plan_grants_by_weight_within_the_cap() -> None:
    prog = with_requests(
        {
            "vacation": [
                {"resident": "a", "weeks": "2-3", "priority": 3},
                {"resident": "b", "weeks": "3-4", "priority": 1},
            ]
        }
    )
    layout = Layout.of(prog, {})
    (members,) = components(prog, layout.open_cells)
    plan = plan_vacation(prog, layout, members, time_limit=5, params=SolveParams(seed=0, workers=1))
    assert plan is not None
    weeks = plan.weeks
    assert [weeks[1, w] for w in range(6)][2:4] == [1, 1]  # b's weeks 3-4
    assert sum(weeks[0, w] for w in range(6)) == 2 and weeks[0, 2] == 0
    # all of b's 100 and none of a's 10: the plan's model proves 10 unmet at the least
    assert plan.least_unmet == 10


# ---------------------------------------------------------------------- reports


def test_the_requests_sheet_and_run_row_come_from_the_validator(tmp_path: Path) -> None:
    from reports.workbook import write_workbook

    prog = with_requests(
        {
            "vacation": [{"resident": "a", "weeks": "2-3", "priority": 1}],
            "preferences": [{"resident": "b", "electives": ["gi"]}],
        }
    )
    schedule = rows(
        a="vacation wards wards vacation wards wards",
        b="gi vacation vacation wards wards wards",
    )
    report = verdict(prog, schedule)
    path = write_workbook(
        tmp_path / "out.xlsx", prog, schedule, report, RunInfo("p.yaml", "0", "x")
    )
    workbook = load_workbook(path)
    sheet = workbook["Requests"]
    table = [[cell for cell in row] for row in sheet.iter_rows(values_only=True)]
    assert table[1][:7] == ["a", "Dr A", "vacation", "weeks 2-3 (06 Jul - 19 Jul)", 1, "soft", "no"]
    assert "1 residents already away, the cap is 1: b" in table[1][8]
    assert table[2][:7] == ["b", "Dr B", "elective", "Gi (choice 1)", 1, "soft", "yes"]
    run = {row[0]: row[1] for row in workbook["Run"].iter_rows(values_only=True)}
    assert run["requests"] == (
        "requests granted: priority 1 0/1 (0%); all 0/1 (0%); electives: first choice 1/1 "
        "(100%), top 3 1/1 (100%)"
    )


def test_no_requests_no_requests_sheet(tmp_path: Path) -> None:
    from reports.workbook import write_workbook

    prog = with_requests({})
    schedule = rows(
        a="vacation wards wards vacation wards wards",
        b="wards vacation vacation wards wards wards",
    )
    path = write_workbook(
        tmp_path / "out.xlsx", prog, schedule, verdict(prog, schedule), RunInfo("p", "0", "x")
    )
    assert "Requests" not in load_workbook(path).sheetnames


def test_denials_are_shared_out_within_a_track_and_year() -> None:
    # a and b both ask for weeks 1 and 2, one week each; one may be away a week and each
    # takes 2 single weeks. Two requests are denied either way: one each, not both to one.
    policy = {"weeks_per_resident": 2, "max_block_weeks": 1, "max_away_per_week": {"any": 1}}
    asked = [{"resident": rid, "weeks": w} for rid in ("a", "b") for w in (1, 2)]
    prog = with_requests({"vacation": asked}, vacation=policy, weeks=4)
    result = solved(prog)
    assert result.schedule is not None
    outcomes = verdict(prog, result.schedule).requests
    by_resident = {rid: sum(o.granted for o in outcomes if o.resident == rid) for rid in "ab"}
    assert by_resident == {"a": 1, "b": 1}
    assert result.terms["request_fairness"].value == 1


# ---------------------------------------------------------------------- confirmed by a solve


def test_a_denial_that_a_pin_forces_is_confirmed_and_a_traded_one_is_not() -> None:
    from scheduler.workflows.confirm import confirm_denials

    prog = with_requests(
        {
            "vacation": [
                {"resident": "a", "weeks": 2, "priority": 1},
                {"resident": "b", "weeks": 3, "priority": 1},
                {"resident": "a", "weeks": 3, "priority": 1},
            ]
        },
        pins=[{"resident": "b", "weeks": 2, "rotation": "wards"}],
        vacation={**POLICY, "weeks_per_resident": 1},
    )
    # a's week 2 is possible; b's week 3 collides with a's week 3 under the cap of one
    found = confirm_denials(
        prog,
        ["requests.vacation[0]", "requests.vacation[2]"],
        100.0,
        SolveParams(confirm_time_limit=20, workers=1, seed=0),
    )
    assert found["requests.vacation[0]"].startswith("a schedule granting it exists")
    assert found["requests.vacation[2]"].startswith("a schedule granting it exists")
    pinned = with_requests(
        {"vacation": [{"resident": "b", "weeks": 2, "priority": 1}]},
        pins=[{"resident": "b", "weeks": 2, "rotation": "wards"}],
        vacation={**POLICY, "weeks_per_resident": 1},
    )
    (verdict_text,) = confirm_denials(
        pinned,
        ["requests.vacation[0]"],
        None,
        SolveParams(confirm_time_limit=20, workers=1, seed=0),
    ).values()
    assert verdict_text.startswith("confirmed: no schedule grants it with every rule: "), (
        verdict_text
    )
    assert "pins[0]" in verdict_text
