"""A pydantic validation error as the one line a user reads: the file, the place (a field
path, or a roster's row and column, or a requests table's), the problem and the fix."""

from __future__ import annotations

import re
from pathlib import Path

from pydantic import ValidationError

from scheduler.domain import InputError
from scheduler.inputs.places import RosterRow, field_hint, format_loc
from scheduler.inputs.requests_file import RequestSource


def explain_error(
    exc: ValidationError,
    path: Path,
    origins: list[RosterRow],
    requests: RequestSource | None = None,
) -> InputError:
    """Turn pydantic's first error into a one-line message pointing at the right place."""
    error = exc.errors(include_url=False)[0]
    context = error.get("ctx") or {}
    if error["type"] == "reference":
        # the error's own loc leads to the model that raised it; ctx's loc goes on from there
        loc = tuple(error["loc"]) + tuple(context["loc"])
        problem, fix = context["message"], context["fix"]
    elif "fix" in context:  # an error that knows its own fix (e.g. a character in a text)
        loc = tuple(error["loc"])
        problem, fix = context["message"], context["fix"]
    else:
        loc = tuple(error["loc"])
        problem = error["msg"].removeprefix("Value error, ")
        fix = field_hint(loc)
    if origins and len(loc) >= 2 and loc[0] == "residents" and isinstance(loc[1], int):
        origin = origins[loc[1]]
        column = str(loc[2]) if len(loc) > 2 else None
        problem = re.sub(
            r"residents\[(\d+)\]", lambda m: f"row {origins[int(m.group(1))].row}", problem
        )
        return InputError(origin.file, origin.place(column), problem, fix)
    if requests is not None and len(loc) > 1 and loc[0] == "requests":
        return requests.error(loc[1:], problem, fix)
    return InputError(str(path), format_loc(loc) or "top level", problem, fix)
