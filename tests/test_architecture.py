"""Boundaries the design depends on, checked on every module of the three packages.

Layers point one way:

- data: the program (``scheduler.domain.program``), the schedule, the input error; they import
  nothing else of the project;
- the checker (``scheduler.checks``) and the result (``scheduler.domain.result``): data only, so
  the validator shares no code with the model and can run without the solver;
- the model side (``constraints``, and the scheduler modules that build, solve and
  diagnose): data, the result and each other, never the checker or the reports;
- the reports: data, the checker's report and the result, never the model side;
- the command line (``scheduler.cli.main``) on top, and the loader beside it, which only reads
  input into data.
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
DATA = {
    "scheduler",
    "scheduler.domain.program",
    "scheduler.domain.schedule",
    "scheduler.domain.errors",
    "scheduler.domain.edits",
    "scheduler.inputs.sheets",
    "scheduler.workflows.rollover",
}
CHECKER = {"scheduler.checks"}
RESULT = {"scheduler.domain.result"}
MODEL = {
    "constraints",
    "scheduler.stages.calendar",
    "scheduler.stages.families",
    "scheduler.stages.variables",
    "scheduler.stages.year_model",
    "scheduler.stages.objective",
    "scheduler.stages.components",
    "scheduler.stages.cohorts",
    "scheduler.explain.cores",
    "scheduler.explain.numbers",
    "scheduler.explain.conflicts",
    "scheduler.explain.alone",
    "scheduler.workflows.solving",
    "scheduler.stages.solver",
    "scheduler.stages.vacation_plan",
    "scheduler.workflows.confirm",
    "scheduler.stages.sites",
    "scheduler.workflows.repair",
    "scheduler.workflows.alternatives",
}
#: what needs both the model (to solve) and the checker (to confirm): suggested fixes, and
#: sweeps of scenarios (each schedule checked where it was solved)
ADVICE = {"scheduler.workflows.fixes", "scheduler.workflows.compare"}
REPORTS = {"reports"}
LOADING = {"scheduler.inputs.program_file", "scheduler.inputs.scenarios"}
CLI = {"scheduler.cli.main", "scheduler.cli.launch"}

#: layer -> the layers its modules may import (besides their own)
ALLOWED: dict[str, set[str]] = {
    "data": set(),
    "checker": {"data"},
    "result": {"data"},
    "loading": {"data"},
    "model": {"data", "result"},
    "reports": {"data", "checker", "result"},
    "advice": {"data", "checker", "result", "model"},
    "cli": {"data", "checker", "result", "loading", "model", "reports", "advice"},
}
LAYERS = {
    "data": DATA,
    "checker": CHECKER,
    "result": RESULT,
    "loading": LOADING,
    "model": MODEL,
    "reports": REPORTS,
    "advice": ADVICE,
    "cli": CLI,
}


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
def test_only_the_model_side_touches_the_solver(module: str, path: Path) -> None:
    if layer_of(module) in ("model", "cli"):
        return
    assert not any(name.split(".")[0] == "ortools" for name in imports_of(path)), module


def test_the_layer_rule_catches_a_backward_import(tmp_path: Path) -> None:
    # The check itself must be able to fail: a report importing the model is caught, and a
    # new scheduler module that nobody placed in a layer is not taken for data.
    bad = tmp_path / "bad.py"
    bad.write_text("from scheduler.workflows.solving import solve\nfrom reports import tables\n")
    targets = {layer_of(name) for name in imports_of(bad)}
    assert "model" in targets and "model" not in ALLOWED["reports"]
    assert layer_of("scheduler.something_new") is None
    assert layer_of("scheduler.checks.coverage") == "checker"


@pytest.mark.parametrize(
    "module",
    [
        "scheduler.checks",
        "scheduler.domain.program",
        "scheduler.inputs.program_file",
        "scheduler.domain.result",
        "reports.workbook",
        "scheduler.inputs.workbook",
        "scheduler.inputs.grid",
        "reports.comparison",
        "scheduler.inputs.scenarios",
    ],
)
def test_module_loads_without_the_solver(module: str) -> None:
    code = f"import sys, {module}; print('ortools' in sys.modules)"
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "False", f"{module} pulls in ortools"
