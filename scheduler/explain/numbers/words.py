"""How the arithmetic says things: counts of residents, lists of names."""

from __future__ import annotations

#: lines of one kind at the most (the rest say the same about other weeks, sets or residents)
MOST = 5


def noun(level: str) -> str:
    """'intern', 'senior', 'resident' or 'PGY-2 resident' for a staffing level."""
    return {"interns": "intern", "seniors": "senior", "any": "resident"}.get(
        level, f"{level} resident"
    )


def count(number: int, level: str) -> str:
    """'1 intern', '3 seniors'."""
    return f"{number} {noun(level)}" + ("" if number == 1 else "s")


def joined(names: list[str]) -> str:
    """'a', 'a and b', 'a, b and c' ('' for none)."""
    if len(names) < 2:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def some(ids: list[str]) -> str:
    """The first three ids, and how many more."""
    shown = ", ".join(ids[:3])
    return shown + (f" and {len(ids) - 3} more" if len(ids) > 3 else "")
