"""Changes to one input of a program, as a suggested fix makes them; and a conflict in
numbers (:class:`Finding`) with the inputs it follows from.

A conflict the arithmetic finds (:mod:`scheduler.explain.numbers`) knows which numbers of the
program's input it is made of: night float's weekly maximum, the night-float requirement,
three pins in one week. It names them as :class:`Knob` s (a number, the way that eases the
conflict, and how far the arithmetic shows it must go at least) and :class:`Removal` s (a
pin or an approved vacation that could go), so that :mod:`scheduler.workflows.fixes` can try each one
and print only those that a solve confirms. Plain data; nothing here solves anything.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from scheduler.domain.program import Program

#: Where a number sits in the program's fields: list items with an ``id`` by that id,
#: others by position; e.g. ("rotations", "night_float", "coverage", "interns", "max").
Path = tuple[str | int, ...]

#: How far a knob is pushed past what the arithmetic asks for, one step at a time, before
#: the fix search gives it up.
MOST_STEPS = 6


@dataclass(frozen=True)
class Knob:
    """One number of the program's input that a fix may change.

    ``up`` says which way eases the conflict (a maximum goes up, a minimum down);
    ``needed`` is the value the arithmetic shows the number must reach at least (None when
    it cannot tell, and the search steps from the current value).
    """

    path: Path
    up: bool
    needed: float | None = None

    def current(self, program: Program) -> float:
        value = _get(program.model_dump(), self.path)
        assert isinstance(value, int | float), f"{self.where}: not a number"
        return value

    def values(self, program: Program) -> Iterator[float]:
        """Candidate values, nearest the current one first: from what the arithmetic asks
        for (or one step), a step at a time, within the number's range."""
        now = self.current(program)
        step = 0.01 if isinstance(now, float) else 1
        sign = 1 if self.up else -1
        first = now + sign * step
        if self.needed is not None:
            needed = _rounded(self.needed, step, self.up)
            first = max(first, needed) if self.up else min(first, needed)
        for n in range(MOST_STEPS):
            value = first + sign * n * step
            value = round(value, 2) if step < 1 else int(value)
            if value < 0 or (step < 1 and value > 1):
                return
            yield value

    def apply(self, program: Program, value: float) -> Program | None:
        """The program with the number changed (None if that makes it invalid)."""
        data = program.model_dump()
        _set(data, self.path, value)
        return _validated(data)

    def describe(self, program: Program, value: float) -> str:
        verb = "raise" if self.up else "lower"
        change = f"{verb} {self.where} from {_text(self.current(program))} to {_text(value)}"
        if self.path[0] == "requirements" and isinstance(self.path[1], int):
            change += f" ({program.requirements[self.path[1]].name})"
        return change

    @property
    def where(self) -> str:
        return path_text(self.path)


@dataclass(frozen=True)
class Removal:
    """One pin or approved vacation (an item of a list) that a fix may take out."""

    path: Path  # e.g. ("pins", 2) or ("vacation", "approved", 0)
    what: str  # e.g. "r003 on micu in week 8"

    def apply(self, program: Program) -> Program | None:
        data = program.model_dump()
        *parent, index = self.path
        items = _get(data, tuple(parent))
        assert isinstance(items, list) and isinstance(index, int)
        del items[index]
        return _validated(data)

    def describe(self) -> str:
        return f"remove {path_text(self.path)} ({self.what})"


Change = Knob | Removal


@dataclass(frozen=True)
class Finding:
    """A reason in numbers that no schedule exists, and the inputs it is made of.

    ``key`` names the conflict apart from its numbers (the rotation set and level, the
    week, the resident), so that a fix can be seen to remove it; ``text`` is what the user
    reads; ``changes`` are the inputs a fix may change, most promising first.
    """

    key: str
    text: str
    changes: tuple[Change, ...] = ()

    def __str__(self) -> str:
        return self.text


def path_text(path: Path) -> str:
    """'rotations[night_float].coverage.interns.max', 'pins[2]'."""
    text = ""
    previous: str | int = ""
    for part in path:
        if isinstance(part, int) or previous in _LISTS_BY_ID:
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
        previous = part
    return text


def coverage_path(rotation_id: str, level: str, end: str) -> Path:
    """The path of a rotation's coverage bound for a staffing level ('interns', 'PGY-2')."""
    if level.startswith("PGY-"):
        return ("rotations", rotation_id, "coverage", "by_pgy", int(level[4:]), end)
    return ("rotations", rotation_id, "coverage", level, end)


#: lists whose items a path names by their id
_LISTS_BY_ID = {"rotations", "clinic_sites", "templates", "tracks", "residents"}


def _step_into(node: Any, part: str | int) -> Any:
    if isinstance(node, list) and isinstance(part, str):
        return next(item for item in node if item.get("id") == part)
    return node[part]


def _get(data: dict[str, Any], path: Path) -> Any:
    node: Any = data
    for part in path:
        node = _step_into(node, part)
    return node


def _set(data: dict[str, Any], path: Path, value: float) -> None:
    *parent, last = path
    node = _get(data, tuple(parent))
    node[last] = value


def _validated(data: dict[str, Any]) -> Program | None:
    try:
        return Program.model_validate(data)
    except ValidationError:
        return None


def _rounded(value: float, step: float, up: bool) -> float:
    """``value`` on the step grid, rounded the way that still eases the conflict."""
    scaled = value / step
    scaled = math.ceil(scaled - 1e-9) if up else math.floor(scaled + 1e-9)
    return scaled * step


def _text(value: float) -> str:
    return f"{value:g}"
