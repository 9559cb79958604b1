"""How a scenario's overrides combine with its base program, and where in the scenario file
an error that only the overrides cause is.

A mapping's keys are combined one by one; a list whose items all have an ``id`` is combined
item by item (an item with a new ``id`` is added, ``remove: true`` drops one); any other
list or value is replaced; ``null`` removes a setting.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, get_args, get_origin

from pydantic import BaseModel

from scheduler.domain import InputError

#: Program settings that name another file, relative to the file that names them.
SIDE_FILES = ("roster", "requests", "history")
NOT_IN_A_LINE = re.compile(r"[\x00-\x1f\x7f]")


def escaped(text: str) -> str:
    """Text as it can be shown on one line (a control character as its escape)."""
    return text.encode("unicode_escape").decode() if NOT_IN_A_LINE.search(text) else text


def shown(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return f"the yes/no '{str(value).lower()}'"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        return f"'{value[:40]}'" if value.strip() else "empty"
    return "a list" if isinstance(value, list) else "a mapping"


def names_file(data: dict[str, Any], key: str) -> bool:
    return isinstance(data.get(key), str)


def combine(base: Any, change: Any, place: str, model: type[BaseModel] | None = None) -> Any:
    """``change`` laid over ``base``: see the module docstring for how settings combine.
    ``model``, when known, is what ``base`` describes: a ``null`` for a key it does not
    have is then a mistyped name rather than nothing to do."""
    if isinstance(base, dict) and isinstance(change, dict):
        merged = dict(base)
        fields = model.model_fields if model is not None else None
        for key, value in change.items():
            inner = _model_in(fields[key].annotation) if fields and key in fields else None
            if value is None:
                if key not in merged and fields is not None and key not in fields:
                    raise InputError(
                        "",
                        f"{place}.{escaped(key)}",
                        f"'{escaped(key)}' is not a setting here, so there is nothing to remove",
                        f"check the spelling: the settings here are {', '.join(fields)}",
                    )
                merged.pop(key, None)
            elif key in merged:
                merged[key] = combine(merged[key], value, f"{place}.{key}", inner)
            elif _by_id(value):  # new items: checked as items are (ids, remove)
                merged[key] = _combine_items([], value, f"{place}.{key}", inner)
            else:
                merged[key] = value
        return merged
    if _by_id(base) and isinstance(change, list):
        if _by_id(change):
            return _combine_items(base, change, place, model)
        _no_mixed_items(change, place)
    return change


def _model_in(annotation: Any) -> type[BaseModel] | None:
    """The model a field holds (itself, its items, or one of its alternatives); None for
    a mapping of free keys or a plain value."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if get_origin(annotation) is dict:
        return None
    for arg in get_args(annotation):
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def _by_id(value: Any) -> bool:
    """A non-empty list whose items all have an ``id`` (an empty list replaces)."""
    return (
        isinstance(value, list)
        and bool(value)
        and all(isinstance(item, dict) and "id" in item for item in value)
    )


def _no_mixed_items(change: list[Any], place: str) -> None:
    """A list over one whose items are matched by id, with some items that have an id and
    some that do not: the ones without cannot be matched, and the rest would be read as
    whole items."""
    if not any(isinstance(item, dict) and "id" in item for item in change):
        return  # a whole new list, checked as the program is
    index = next(
        i for i, item in enumerate(change) if not isinstance(item, dict) or "id" not in item
    )
    raise InputError(
        "",
        f"{place}[{index}]",
        "an item without an id, in a list whose items are matched by id",
        "give it the id of the item it changes or adds (or give no item an id, to replace "
        "the whole list)",
    )


def _combine_items(
    base: list[dict[str, Any]],
    change: list[dict[str, Any]],
    place: str,
    model: type[BaseModel] | None = None,
) -> Any:
    """Items combined by ``id``: changed where the id exists, added where it is new,
    dropped with ``remove: true``."""
    items = {str(item["id"]): dict(item) for item in base}
    seen: dict[str, int] = {}
    for index, item in enumerate(change):
        where = f"{place}[{index}]"
        if not isinstance(item["id"], str) or not item["id"].strip():
            raise InputError(
                "",
                f"{where}.id",
                f"an id must be a word, not {shown(item['id'])}",
                "write the id of the item to change, or a new one to add",
            )
        key = item["id"]
        if key in seen:
            raise InputError(
                "",
                f"{where}.id",
                f"'{escaped(key)}' appears twice in this list (items {seen[key]} and {index})",
                "put everything about one item in one entry",
            )
        seen[key] = index
        remove = item.get("remove", False)
        if not isinstance(remove, bool):
            raise InputError(
                "",
                f"{where}.remove",
                f"remove must be true or false, not {shown(remove)}",
                "write 'remove: true' to drop the item, or delete the line",
            )
        if remove:
            if key not in items:
                raise InputError(
                    "",
                    where,
                    f"there is no '{escaped(key)}' to remove",
                    f"use one of the base's ids: {', '.join(items) or '(none)'}",
                )
            others = [k for k in item if k not in ("id", "remove")]
            if others:
                raise InputError(
                    "",
                    where,
                    f"an item to remove also changes {', '.join(map(str, others))}",
                    "keep only its id and 'remove: true', or drop 'remove: true' to change it",
                )
            del items[key]
            continue
        update = {k: v for k, v in item.items() if k != "remove"}
        items[key] = combine(items[key], update, where, model) if key in items else update
    return list(items.values())


# ------------------------------------------------------------------------- errors


def traced(
    error: InputError, path: Path, overrides: dict[str, Any], merged: dict[str, Any]
) -> InputError:
    """An error in the combined program, pointed at the scenario's overrides where it lies
    in them; an error in a file the base names says that the overrides led to it."""
    if error.file != str(path):
        if not _named_by(error.file, path, overrides):
            return InputError(
                error.file,
                error.place,
                f"{error.problem} (with the overrides of {path.name})",
                error.fix,
            )
        return error
    place = _place_in_overrides(error.place, overrides, merged)
    if place is not None:
        return InputError(str(path), place, error.problem, error.fix)
    return InputError(
        str(path),
        "overrides",
        f"{error.problem} (at {error.place} of the base program as these overrides change it)",
        error.fix,
    )


def _named_by(file: str, path: Path, overrides: dict[str, Any]) -> bool:
    """Whether ``file`` is one the overrides name (relative to the scenario)."""
    try:
        wanted = Path(file).resolve()
        return any(
            (path.parent / overrides[key]).resolve() == wanted
            for key in SIDE_FILES
            if names_file(overrides, key)
        )
    except (OSError, RuntimeError, ValueError):
        return False


_PART = re.compile(r"\[(\d+)\]|\.?([^.\[\]]+)")


def _place_in_overrides(
    place: str, overrides: dict[str, Any], merged: dict[str, Any]
) -> str | None:
    """``rotations[8].coverage`` of the combined program as the place in the scenario that
    set it (``overrides.rotations[0].coverage``), or None if the overrides do not reach it."""
    parts = [(int(m[1]) if m[1] is not None else m[2]) for m in _PART.finditer(place)]
    if not parts or "".join(m[0] for m in _PART.finditer(place)) != place:
        return None
    written: Any = overrides
    combined: Any = merged
    text = "overrides"
    for n, part in enumerate(parts):
        if isinstance(part, str):
            if isinstance(written, dict) and part in written:
                written, text = written[part], f"{text}.{part}"
                combined = combined.get(part) if isinstance(combined, dict) else None
                continue
        elif isinstance(written, list) and isinstance(combined, list) and part < len(combined):
            index = part if combined is written else _index_by_id(written, combined[part])
            if index is not None:
                written, combined, text = written[index], combined[part], f"{text}[{index}]"
                continue
        # the rest is not written in the overrides: inside an item they add or change, it
        # is still theirs (a field the new item lacks); otherwise it is the base's
        if n == 0 or not isinstance(written, dict):
            return None
        rest = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in parts[n:])
        return text + rest
    return text


def _index_by_id(written: list[Any], item: Any) -> int | None:
    if not isinstance(item, dict) or "id" not in item:
        return None
    return next(
        (
            i
            for i, one in enumerate(written)
            if isinstance(one, dict) and one.get("id") == item["id"]
        ),
        None,
    )
