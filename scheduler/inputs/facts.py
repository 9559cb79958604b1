"""A repair's new facts as a user types them: a week (a date or a week number), leaves
``RESIDENT:FROM:TO``, withdrawals ``RESIDENT:FROM`` and swaps ``R1:R2:WEEKS``.

Each is checked against the program (a resident on the roster, a week within the year, a
leave after the freeze) and an :class:`~scheduler.domain.InputError` names the option as
typed, what is wrong and the fix. The first part of each message is the option and its
text (``--leave r004:2027-01-04:2027-02-12``): the command line's words, which the web app
fills in from its form the same way.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from scheduler.domain import InputError, Program, WeekSpan
from scheduler.domain.facts import Leave, NewFacts, Swap, Withdrawal


def new_facts(
    program: Program,
    freeze_until: str,
    leaves: Sequence[str] = (),
    withdrawals: Sequence[str] = (),
    swaps: Sequence[str] = (),
) -> NewFacts:
    """Every fact of a repair, read and checked in the order the command line lists them."""
    freeze = week_of(program, "--freeze-until", freeze_until)
    away = tuple(leave_of(program, text, freeze) for text in leaves)
    gone = tuple(withdrawal_of(program, text, freeze, away) for text in withdrawals)
    swapped = tuple(swap_of(program, text) for text in swaps)
    return NewFacts(freeze, away, swapped, gone)


def week_of(program: Program, option: str, text: str) -> int:
    """A week given as a date (the week holding it) or a 1-based number, as a 0-based index."""
    text = text.strip()
    try:
        if text.isdigit():
            week = int(text) - 1
        else:
            week = (dt.date.fromisoformat(text) - program.start_date).days // 7
    except ValueError:
        raise InputError(
            f"{option} {text}",
            "",
            "not a date or a week number",
            f"write YYYY-MM-DD or a week from 1 to {program.weeks}",
        ) from None
    if not 0 <= week < program.weeks:
        raise InputError(
            f"{option} {text}",
            "",
            f"outside the academic year ({program.start_date}, {program.weeks} weeks)",
            "a date or week within it",
        )
    return week


def _resident(program: Program, option: str, text: str, rid: str) -> str:
    if rid not in program.resident_by_id:
        raise InputError(
            f"{option} {text}", "", f"unknown resident '{rid}'", "use a resident id from the roster"
        )
    return rid


def leave_of(program: Program, text: str, freeze: int) -> Leave:
    parts = text.split(":")
    if len(parts) != 3:
        raise InputError(
            f"--leave {text}",
            "",
            "expected RESIDENT:FROM:TO",
            "e.g. --leave r004:2027-01-04:2027-02-12",
        )
    rid = _resident(program, "--leave", text, parts[0].strip())
    first = week_of(program, "--leave", parts[1])
    last = week_of(program, "--leave", parts[2])
    if last < first:
        raise InputError(f"--leave {text}", "", "it ends before it starts", "FROM before TO")
    if first < freeze:
        raise InputError(
            f"--leave {text}",
            "",
            f"it starts in week {first + 1}, before week {freeze + 1}, the first week that "
            "may change",
            "an earlier --freeze-until",
        )
    return Leave(rid, first, last)


def withdrawal_of(program: Program, text: str, freeze: int, leaves: Sequence[Leave]) -> Withdrawal:
    parts = text.split(":")
    if len(parts) != 2:
        raise InputError(
            f"--withdraw {text}", "", "expected RESIDENT:FROM", "e.g. --withdraw r004:2027-01-04"
        )
    rid = _resident(program, "--withdraw", text, parts[0].strip())
    first = week_of(program, "--withdraw", parts[1])
    if first < freeze or first == 0:
        raise InputError(
            f"--withdraw {text}",
            "",
            f"week {first + 1} is frozen (weeks before week {max(freeze, 1) + 1} never change)",
            "an earlier --freeze-until",
        )
    if any(leave.resident == rid and leave.last >= first for leave in leaves):
        raise InputError(
            f"--withdraw {text}",
            "",
            f"{rid} also has a --leave that runs into week {first + 1}",
            "end the leave before the withdrawal, or leave it out",
        )
    return Withdrawal(rid, first)


def swap_of(program: Program, text: str) -> Swap:
    parts = text.split(":")
    if len(parts) != 3:
        raise InputError(
            f"--swap {text}", "", "expected R1:R2:WEEKS", "e.g. --swap r004:r011:12-14"
        )
    one = _resident(program, "--swap", text, parts[0].strip())
    other = _resident(program, "--swap", text, parts[1].strip())
    try:
        span = WeekSpan.model_validate(parts[2].strip())
    except ValueError:
        raise InputError(
            f"--swap {text}", "", f"'{parts[2]}' is not a week or 'first-last'", "e.g. 12-14"
        ) from None
    if span.last > program.weeks or one == other:
        raise InputError(
            f"--swap {text}",
            "",
            f"two different residents and weeks within the year's {program.weeks}",
            "correct the swap",
        )
    return Swap(one, other, span.first - 1, span.last - 1)
