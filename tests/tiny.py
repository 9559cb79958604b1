"""Tiny programs built in code, for the per-family tests.

``program(...)`` starts from a small, valid base (a few residents, a handful of weeks, no
template) and lets each test override only what it is about. ``rows(...)`` turns
space-separated rotation ids into a :class:`Schedule`, so a test can write a schedule by
hand and ask the independent validator about it.
"""

from __future__ import annotations

from typing import Any

from scheduler.checks import Report, validate
from scheduler.domain import Program, Schedule
from scheduler.domain.params import SolveParams
from scheduler.domain.result import Result
from scheduler.explain.conflicts import year_model_conflict
from scheduler.stages.year_model import Layout
from scheduler.workflows.solving import solve

START = "2026-06-29"  # a Monday


def rotation(rid: str, category: str = "inpatient", **fields: Any) -> dict[str, Any]:
    return {"id": rid, "name": rid.replace("_", " ").title(), "category": category, **fields}


def resident(rid: str, pgy: int = 1, track: str = "cat", **fields: Any) -> dict[str, Any]:
    return {"id": rid, "name": f"Dr {rid.upper()}", "pgy": pgy, "track": track, **fields}


def program(**overrides: Any) -> Program:
    """A valid small program; keyword arguments replace top-level fields."""
    base: dict[str, Any] = {
        "name": "Tiny",
        "start_date": START,
        "weeks": 6,
        "tracks": [{"id": "cat", "name": "Categorical"}],
        "rotations": [rotation("wards"), rotation("elective", "elective")],
        "residents": [resident("a"), resident("b")],
        "objective": {"heavy_balance": 0, "switches": 0},
    }
    base.update(overrides)
    return Program.model_validate(base)


def rows(cohorts: dict[str, int] | None = None, **by_resident: str) -> Schedule:
    """``rows(a="wards wards elective")`` -> a schedule (week 1 first)."""
    return Schedule(
        {rid: tuple(text.split()) for rid, text in by_resident.items()}, dict(cohorts or {})
    )


def solved(prog: Program, time_limit: float = 20.0) -> Result:
    return solve(
        prog, SolveParams(time_limit=time_limit, workers=2, seed=1, diagnose_time_limit=20.0)
    )


def verdict(prog: Program, schedule: Schedule) -> Report:
    return validate(prog, schedule)


def families(report: Report) -> set[str]:
    """Rule families with at least one violation."""
    return {v.family for v in report.violations}


def core(prog: Program, cohorts: dict[str, int] | None = None) -> list[str]:
    """The year model's own explanation (its shrunk core, as label text) under the given
    cohorts, past every up-front arithmetic check: what the model's families say."""
    labels = year_model_conflict(
        prog, Layout.of(prog, cohorts or {}), SolveParams(seed=1), time_limit=20.0
    )
    assert labels is not None, "the year model has a schedule"
    return [str(label) for label in labels]
