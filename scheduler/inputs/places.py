"""Where in an input an error is: a row of a table (and its sheet and column), or a field's
path (``pins[2].rotation``), and what the field's description says a valid value is."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from scheduler.domain import Program


@dataclass(frozen=True)
class RosterRow:
    """Where a resident came from, to point errors at the right line of the roster."""

    file: str
    sheet: str | None
    row: int

    def place(self, column: str | None) -> str:
        sheet = f"sheet {self.sheet}, " if self.sheet else ""
        col = f", column {column}" if column else ""
        return f"{sheet}row {self.row}{col}"


def format_loc(loc: tuple[Any, ...]) -> str:
    """('pins', 2, 'rotation') -> 'pins[2].rotation'."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        elif str(part).startswith(("function-", "tagged-union")):
            continue
        else:
            text += f".{part}" if text else str(part)
    return text


def field_hint(loc: tuple[Any, ...]) -> str:
    """The description of the field at ``loc``, which says what a valid value looks like."""
    model: Any = Program
    field = None
    for part in loc:
        if isinstance(part, int) or model is None:
            continue
        fields = getattr(model, "model_fields", {})
        if part not in fields:
            if part in ("min", "max", "first", "last"):
                break
            return "remove or rename the key" if len(fields) else ""
        field = fields[part]
        model = _inner_model(field.annotation)
    if field is None or not field.description:
        return ""
    return f"expected {field.description}"


def _inner_model(annotation: Any) -> Any:
    from typing import get_args

    from pydantic import BaseModel

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None
