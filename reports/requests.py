"""Requests as the schedule answers them: a table and a summary line, pure functions of the
validator's report (granted or not, and why, are the checker's findings, not counted here
a second time)."""

from __future__ import annotations

from collections import defaultdict

import pandas as pd

from scheduler.checks import Report
from scheduler.checks.report import RequestOutcome
from scheduler.domain import Program

REQUEST_COLUMNS = (
    "resident_id",
    "resident_name",
    "kind",
    "asked",
    "priority",
    "hard",
    "granted",
    "schedule gives",
    "why not",
    "note",
    "source",
    "confirmed by a solve",
)


def requests_table(
    program: Program, report: Report, confirmations: dict[str, str] | None = None
) -> pd.DataFrame:
    """One row per request (an elective choice or a rotation to avoid is one each); a
    denied priority-1 request tried again as a hard one says what that solve found."""
    confirmations = confirmations or {}
    names = {resident.id: resident.name for resident in program.residents}
    rows = [
        (
            o.resident,
            names.get(o.resident, ""),
            o.kind,
            o.asked,
            o.priority,
            "hard" if o.hard else "soft",
            "yes" if o.granted else "no",
            o.given,
            o.reason,
            o.note,
            o.source,
            "" if o.granted else confirmations.get(o.source, ""),
        )
        for o in report.requests
    ]
    return pd.DataFrame(rows, columns=list(REQUEST_COLUMNS))


def _share(granted: int, asked: int) -> str:
    return f"{granted}/{asked} ({granted / asked:.0%})" if asked else "none asked"


def request_figures(outcomes: list[RequestOutcome]) -> dict[str, tuple[int, int]]:
    """(granted, asked) per figure: requests about weeks by priority and in all, first
    choices and top-3 choices per resident who ranked electives, rotations avoided."""
    figures: dict[str, tuple[int, int]] = {}
    weeks = [o for o in outcomes if o.kind in ("vacation", "unavailable")]
    for priority in (1, 2, 3):
        chosen = [o for o in weeks if o.priority == priority]
        figures[f"priority {priority}"] = (sum(o.granted for o in chosen), len(chosen))
    figures["all requests"] = (sum(o.granted for o in weeks), len(weeks))
    choices: dict[str, list[RequestOutcome]] = defaultdict(list)
    for o in outcomes:
        if o.kind == "elective":
            choices[o.resident].append(o)
    first = sum(any(o.granted for o in ranked if o.priority == 1) for ranked in choices.values())
    top3 = sum(
        any(o.granted for o in ranked if o.priority is not None and o.priority <= 3)
        for ranked in choices.values()
    )
    figures["first choice"] = (first, len(choices))
    figures["top-3 choice"] = (top3, len(choices))
    avoided = [o for o in outcomes if o.kind == "avoid"]
    figures["avoided"] = (sum(o.granted for o in avoided), len(avoided))
    return figures


def request_summary(report: Report) -> str | None:
    """One line for the CLI and the Run sheet; None when the program has no requests."""
    if not report.requests:
        return None
    f = request_figures(report.requests)
    parts = []
    if f["all requests"][1]:
        by_priority = [
            f"priority {p} {_share(*f[f'priority {p}'])}"
            for p in (1, 2, 3)
            if f[f"priority {p}"][1]
        ]
        parts.append(
            f"requests granted: {', '.join(by_priority)}; all {_share(*f['all requests'])}"
        )
    if f["first choice"][1]:
        parts.append(
            f"electives: first choice {_share(*f['first choice'])}, top 3 {_share(*f['top-3 choice'])}"
        )
    if f["avoided"][1]:
        parts.append(f"rotations to avoid kept off: {_share(*f['avoided'])}")
    return "; ".join(parts)
