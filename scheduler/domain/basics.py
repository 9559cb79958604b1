"""The building blocks of every input model: a frozen pydantic base that refuses unknown
keys, booleans for numbers and characters a workbook cannot hold; ranges, week spans and
shares as a user writes them; the limits on counts and weights; staffing levels in words.

Weeks are numbered from 1 (the week starting on ``start_date``) in everything a user
reads or writes; cohorts are numbered from 1 as well.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from difflib import get_close_matches
from fractions import Fraction
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

Category = Literal[
    "inpatient",
    "critical_care",
    "night_float",
    "subspecialty",
    "ambulatory",
    "designer",
    "elective",
    "leave",
]
CATEGORIES: tuple[Category, ...] = (
    "inpatient",
    "critical_care",
    "night_float",
    "subspecialty",
    "ambulatory",
    "designer",
    "elective",
    "leave",
)
Phase = Literal["X", "Y", "either"]

Identifier = Annotated[
    str,
    Field(
        pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$",
        max_length=40,
        description="identifier: letters, digits, '_', '-' or '.', starting with a letter or digit",
    ),
]


#: The largest count of residents or weeks any rule may name: far beyond any program, and
#: far below what the solver's 64-bit arithmetic could overflow on (a coverage of 10^20
#: crashed it).
MOST_COUNT = 100_000
#: The largest weight of a soft goal: the objective sums weight x weeks over every resident,
#: which must stay far within the solver's 64-bit range (a weight of 10^20 crashed it).
MOST_WEIGHT = 100_000
#: Post-graduate years a program may have (a resident's PGY is bounded the same way).
PGY = Annotated[int, Field(ge=1, le=10)]
#: Academic years the calendar handles (a year starting in 9999 ran off the calendar).
FIRST_YEAR, LAST_YEAR = 1900, 2200

#: Control characters a workbook cannot hold (tab, line feed and carriage return it can).
_NOT_FOR_WORKBOOKS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


class Frozen(BaseModel):
    """Base for every input model: immutable, unknown keys are errors, and no text holds a
    character that the workbook could not be written with (found here, not after the
    solve, when writing the workbook would fail)."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    @field_validator("*", mode="before")
    @classmethod
    def _no_boolean_for_a_number(cls, value: Any, info: ValidationInfo) -> Any:
        """YAML reads `true` as a boolean, which pydantic would take for the number 1
        (``weeks: true`` became a one-week year): a boolean is accepted only where the
        field is a yes/no."""
        booleans = [item for item in _items(value) if isinstance(item, bool)]
        field = cls.model_fields.get(info.field_name or "")
        if booleans and field is not None and "bool" not in str(field.annotation):
            raise PydanticCustomError(
                "boolean",
                "{message}",
                {
                    "message": f"'{str(booleans[0]).lower()}' is a yes/no, not a number or text",
                    "fix": "write the number or text this field expects",
                },
            )
        return value

    @field_validator("*", mode="after")
    @classmethod
    def _writable_text(cls, value: Any) -> Any:
        for text in _texts(value):
            found = _NOT_FOR_WORKBOOKS.search(text)
            if found:
                message = (
                    f"'{text.encode('unicode_escape').decode()}' holds the control character "
                    f"U+{ord(found.group()):04X}, which a workbook cannot hold"
                )
                fix = "delete that character (retype the text if it is not visible)"
                raise PydanticCustomError("text", "{message}", {"message": message, "fix": fix})
        return value


def _items(value: Any) -> list[Any]:
    """A field's value, or the items of a list value."""
    return list(value) if isinstance(value, list | tuple) else [value]


def _texts(value: Any) -> Iterable[str]:
    """The strings in a field's value (itself, or inside a list or mapping)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _texts(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(key)
            yield from _texts(item)


def reference_error(loc: tuple[str | int, ...], message: str, fix: str) -> PydanticCustomError:
    """An error about a cross-reference, carrying the exact place it refers to.

    Pydantic reports errors raised by a model validator at the model's root. The loader
    reads ``loc`` from the context instead, so the user sees ``pins[2].rotation`` rather
    than the whole file.
    """
    return PydanticCustomError(
        "reference", "{message}", {"loc": loc, "message": message, "fix": fix}
    )


def suggest(name: str, known: Iterable[str]) -> str:
    known = list(known)
    if not known:  # "use one of: " with nothing after it is no fix
        return "the program defines none yet: add it to the program, or remove the reference"
    close = get_close_matches(name, known, n=1)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    listing = ", ".join(known[:12]) + (", ..." if len(known) > 12 else "")
    return f"use one of: {listing}{hint}"


_RANGE_TEXT = re.compile(r"^\s*(\d+)\s*(?:(-)\s*(\d+)?|(\+))?\s*$")


class Range(Frozen):
    """An inclusive integer range. In YAML write ``12`` (exactly 12), ``"3-6"``, ``"3+"``
    (at least 3) or ``{min: 3, max: 6}``."""

    min: int = Field(0, ge=0, le=MOST_COUNT, description="smallest allowed value")
    max: int | None = Field(
        None, ge=0, le=MOST_COUNT, description="largest allowed value; empty for no limit"
    )

    @model_validator(mode="before")
    @classmethod
    def _from_shorthand(cls, value: Any) -> Any:
        if isinstance(value, bool):
            raise ValueError("expected a number, 'a-b', 'a+' or {min, max}, not true/false")
        if isinstance(value, int):
            return {"min": value, "max": value}
        if isinstance(value, str):
            match = _RANGE_TEXT.match(value)
            if not match:
                raise ValueError(
                    f"'{value}' is not a range; write 12, '3-6', '3+' or {{min: 3, max: 6}}"
                )
            low, dash, high, plus = match.groups()
            if plus or (dash and high is None):
                return {"min": int(low), "max": None}
            return {"min": int(low), "max": int(high) if high else int(low)}
        return value

    @model_validator(mode="after")
    def _ordered(self) -> Range:
        if self.max is not None and self.max < self.min:
            raise ValueError(f"max {self.max} is below min {self.min}")
        return self

    def text(self) -> str:
        if self.max is None:
            return f"≥ {self.min}"
        if self.max == self.min:
            return f"{self.min}"
        return f"{self.min}–{self.max}"


class WeekSpan(Frozen):
    """Weeks of the academic year, 1-based and inclusive. Write ``12`` or ``"12-14"``."""

    first: int = Field(..., ge=1, description="first week (1 = the week starting on start_date)")
    last: int = Field(..., ge=1, description="last week, inclusive")

    @model_validator(mode="before")
    @classmethod
    def _from_shorthand(cls, value: Any) -> Any:
        if isinstance(value, bool):
            raise ValueError("expected a week number or 'first-last'")
        if isinstance(value, int):
            return {"first": value, "last": value}
        if isinstance(value, str):
            match = re.match(r"^\s*(\d+)\s*(?:-\s*(\d+))?\s*$", value)
            if not match:
                raise ValueError(f"'{value}' is not a week span; write 12 or '12-14'")
            first = int(match.group(1))
            return {"first": first, "last": int(match.group(2) or first)}
        return value

    @model_validator(mode="after")
    def _ordered(self) -> WeekSpan:
        if self.last < self.first:
            raise ValueError(f"last week {self.last} is before first week {self.first}")
        return self

    def weeks(self) -> range:
        """0-based week indices covered by the span."""
        return range(self.first - 1, self.last)

    def text(self) -> str:
        return (
            f"week {self.first}" if self.first == self.last else f"weeks {self.first}-{self.last}"
        )


def parse_share(value: Any) -> Any:
    if isinstance(value, str):
        text = value.strip().rstrip("%")
        try:
            share = Fraction(text)
        except (ValueError, ZeroDivisionError) as exc:
            raise ValueError(f"'{value}' is not a share; write 0.5, '1/3' or '50%'") from exc
        if value.strip().endswith("%"):
            share /= 100
        return float(share)
    return value


def as_fraction(share: float) -> Fraction:
    """Exact fraction for a share written as a float (0.3333 stays 1/3)."""
    return Fraction(share).limit_denominator(1000)


def level_includes(level: str, pgy: int) -> bool:
    """Whether a resident of ``pgy`` counts toward coverage at ``level``."""
    if level == "interns":
        return pgy == 1
    if level == "seniors":
        return pgy >= 2
    if level == "any":
        return True
    return level == f"PGY-{pgy}"


def people(count: int | str, level: str) -> str:
    """'1 intern', '3 seniors', '2 residents', '1 PGY-2 resident': counts read as English."""
    noun = {"interns": "intern", "seniors": "senior", "any": "resident"}.get(
        level, f"{level} resident"
    )
    return f"{count} {noun}" + ("" if str(count) == "1" else "s")
