"""Boundaries the design depends on, checked on every module of the three packages.

Layers point one way, and the folder names are the layers (docs/architecture.md):

- ``scheduler.domain``: the data (program, schedule, result, settings, events, the cancel
  token, the input error); imports nothing else of the project;
- ``scheduler.inputs`` (reading files) and ``scheduler.checks`` (the independent checker):
  the data only, so the validator shares no code with the model and runs without the solver;
- the model side (``constraints`` and ``scheduler.stages``): the data only, never the
  checker, the inputs or the reports;
- ``scheduler.explain`` (why there is no schedule): the data and the model side;
- ``reports``: the data, the checker's report and the inputs' workbook format, never the
  model side;
- ``scheduler.workflows``: all of the above; ``scheduler.api`` on top of them;
- ``scheduler.cli``: the API and the data only.

Then the sizes a newcomer can read: no module over 600 lines, no function over 60 (its
body, docstring aside: a Typer command's option declarations are its signature), no CLI
command module over 300.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("scheduler", "constraints", "reports")

#: ``scheduler`` itself (its version) is data, but not everything under it
PACKAGE_ONLY = {"scheduler"}
LAYERS: dict[str, set[str]] = {
    "domain": {"scheduler", "scheduler.domain"},
    "inputs": {"scheduler.inputs"},
    "checks": {"scheduler.checks"},
    "model": {"constraints", "scheduler.stages"},
    "explain": {"scheduler.explain"},
    "reports": {"reports"},
    "workflows": {"scheduler.workflows"},
    "api": {"scheduler.api"},
    "cli": {"scheduler.cli"},
}
#: layer -> the layers its modules may import (besides their own)
ALLOWED: dict[str, set[str]] = {
    "domain": set(),
    "inputs": {"domain"},
    "checks": {"domain"},
    "model": {"domain"},
    "explain": {"domain", "model"},
    "reports": {"domain", "checks", "inputs"},
    "workflows": {"domain", "inputs", "checks", "model", "explain", "reports"},
    "api": {"domain", "inputs", "checks", "model", "explain", "reports", "workflows"},
    "cli": {"domain", "api"},
}
#: the layers whose modules may import OR-Tools
SOLVER_LAYERS = {"model", "explain", "workflows"}
MOST_MODULE_LINES, MOST_FUNCTION_LINES, MOST_COMMAND_LINES = 600, 60, 300


def layer_of(module: str) -> str | None:
    """The layer of a project module (the longest matching prefix), None for others."""
    matches = [
        (len(name), layer)
        for layer, names in LAYERS.items()
        for name in names
        if module == name or (name not in PACKAGE_ONLY and module.startswith(name + "."))
    ]
    return max(matches)[1] if matches else None


def imports_of(path: Path) -> set[str]:
    """Every module a file imports, at the top or inside functions."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def project_modules() -> list[tuple[str, Path]]:
    modules = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            modules.append((name, path))
    return modules


@pytest.mark.parametrize(("module", "path"), project_modules(), ids=lambda v: str(v))
def test_imports_point_down_the_layers(module: str, path: Path) -> None:
    own = layer_of(module)
    assert own is not None, f"{module} belongs to no layer: add it to one in this test"
    allowed = ALLOWED[own] | {own}
    wrong = {}
    for name in imports_of(path):
        target = layer_of(name)
        if target is not None and target not in allowed:
            wrong[name] = target
    assert not wrong, f"{module} ({own}) imports {wrong}"


@pytest.mark.parametrize(("module", "path"), project_modules(), ids=lambda v: str(v))
def test_only_the_solving_layers_touch_the_solver(module: str, path: Path) -> None:
    if layer_of(module) in SOLVER_LAYERS:
        return
    assert not any(name.split(".")[0] == "ortools" for name in imports_of(path)), module


def test_the_layer_rule_catches_a_backward_import(tmp_path: Path) -> None:
    # The check itself must be able to fail: a report importing the model is caught, a CLI
    # module reaching past the API is caught, and a new scheduler module that nobody placed
    # in a layer is not taken for data.
    bad = tmp_path / "bad.py"
    bad.write_text("from scheduler.workflows.solving import solve\nfrom reports import tables\n")
    targets = {layer_of(name) for name in imports_of(bad)}
    assert "workflows" in targets and "workflows" not in ALLOWED["reports"]
    assert "workflows" not in ALLOWED["cli"]
    assert layer_of("scheduler.something_new") is None
    assert layer_of("scheduler.checks.coverage") == "checks"
    assert layer_of("scheduler.stages.year_model") == "model"


@pytest.mark.parametrize(
    "module",
    [
        "scheduler.domain",
        "scheduler.checks",
        "scheduler.inputs.program_file",
        "scheduler.inputs.scenarios",
        "scheduler.inputs.read_back",
        "reports.workbook",
        "reports.comparison",
        "scheduler.cli.main",
    ],
)
def test_module_loads_without_the_solver(module: str) -> None:
    code = f"import sys, {module}; print('ortools' in sys.modules)"
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "False", f"{module} pulls in ortools"


def _body_lines(function: ast.FunctionDef | ast.AsyncFunctionDef) -> int:
    """Lines of a function's body, its docstring aside."""
    body = function.body
    first = body[0]
    if (
        len(body) > 1
        and isinstance(first, ast.Expr)
        and isinstance(first.value, ast.Constant)
        and isinstance(first.value.value, str)
    ):
        body = body[1:]
    end = function.end_lineno or body[-1].lineno
    return end - body[0].lineno + 1


def long_functions(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        f"{node.name} ({_body_lines(node)} lines)"
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and _body_lines(node) > MOST_FUNCTION_LINES
    ]


def scripts() -> list[tuple[str, Path]]:
    """The modules outside the packages and the tests: benchmarks and example generators."""
    return [
        (f"{folder}.{path.stem}", path)
        for folder in ("benchmarks", "examples")
        for path in sorted((ROOT / folder).rglob("*.py"))
    ]


@pytest.mark.parametrize(("module", "path"), project_modules() + scripts(), ids=lambda v: str(v))
def test_modules_and_functions_stay_readable(module: str, path: Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    most = MOST_COMMAND_LINES if module.startswith("scheduler.cli.") else MOST_MODULE_LINES
    assert lines <= most, f"{module}: {lines} lines (at most {most})"
    assert not long_functions(path), f"{module}: {long_functions(path)}"


def test_the_size_rule_catches_a_long_function(tmp_path: Path) -> None:
    long = tmp_path / "long.py"
    body = "".join(f"    x{i} = {i}\n" for i in range(MOST_FUNCTION_LINES + 1))
    long.write_text(f'def f() -> None:\n    """Docstring."""\n{body}')
    assert long_functions(long) == [f"f ({MOST_FUNCTION_LINES + 1} lines)"]
