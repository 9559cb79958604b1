"""A YAML file read strictly: a key given twice, a character YAML does not allow, a
tag whose value is not one, nesting 1,000 deep or a file that is not UTF-8 is an
:class:`~scheduler.domain.InputError` naming the line and column, never a traceback."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from scheduler.domain import InputError


class _StrictLoader(yaml.SafeLoader):
    """Safe YAML that rejects repeated keys and leaves dates as text for pydantic to check.

    PyYAML would silently keep the last of two equal keys, and turns ``2026-02-30`` into a
    bare ValueError with no position; both become clear errors this way.
    """

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[Any, yaml.Node] = {}
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue  # '<<: *anchor' merges keys, which the mapping's own keys override
            key = self.construct_object(key_node, deep=deep)
            if not isinstance(key, str | int | float | bool | type(None)):
                raise yaml.constructor.ConstructorError(
                    None, None, "a key that is a list or a mapping", key_node.start_mark
                )
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"key '{key}' appears twice in one mapping", key_node.start_mark
                )
            seen[key] = key_node
        return super().construct_mapping(node, deep=deep)


_StrictLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def read_yaml(path: Path, what: str = "program") -> dict[str, Any]:
    if path.is_dir():
        raise InputError(
            str(path),
            "",
            f"is a folder, not a {what} file",
            f"give the path of the {what} .yaml file",
        )
    if not path.is_file():
        raise InputError(str(path), "", "file not found", "check the path")
    try:
        text = path.read_text(encoding="utf-8")
        data = yaml.load(text, Loader=_StrictLoader)
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow (NUL, say)
        line = text.count("\n", 0, exc.position) + 1
        raise InputError(
            str(path),
            f"line {line}",
            f"the character U+{exc.character:04X} is not allowed in YAML"
            if isinstance(exc.character, int)
            else "a character that is not allowed in YAML",
            "delete it (retype the line if the character is not visible)",
        ) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        place = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or "not valid YAML"
        raise InputError(
            str(path),
            place,
            f"YAML syntax error: {problem}{_yaml_context(exc)}",
            "fix the indentation or quoting there",
        ) from None
    except UnicodeDecodeError:
        raise InputError(str(path), "", "not a UTF-8 text file", "save it as UTF-8 YAML") from None
    except RecursionError:
        raise InputError(
            str(path), "", "nested too deeply to read", "a program needs a few levels at most"
        ) from None
    except (ValueError, TypeError) as exc:  # e.g. '!!int abc': a tag whose value is not one
        raise InputError(
            str(path), "", f"a value YAML cannot read ({exc})", "remove the '!!' tag there"
        ) from None
    if not isinstance(data, dict):
        start = "name: ..." if what == "program" else "vacation: [...]"
        raise InputError(
            str(path), "", f"expected a mapping of {what} settings", f"start with '{start}'"
        )
    return data


def _yaml_context(exc: yaml.YAMLError) -> str:
    """Where the construct the parser was in began, when that is on another line: an
    unclosed bracket or quote is noticed lines later, but it is on the line it began."""
    mark = getattr(exc, "problem_mark", None)
    start = getattr(exc, "context_mark", None)
    context = re.match(r"while (?:parsing|scanning) an? (.+)", str(getattr(exc, "context", "")))
    if mark is None or start is None or context is None or start.line == mark.line:
        return ""
    return f" (in the {context.group(1)} that starts on line {start.line + 1})"
