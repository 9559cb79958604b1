"""Boundaries the design depends on: the validator, the input model and the reports never
touch the solver, and the validator shares no rule code with the model."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MODEL_SIDE = (
    "ortools",
    "constraints",
    "scheduler.model",
    "scheduler.context",
    "scheduler.variables",
    "scheduler.calendar",
    "scheduler.solve",
    "scheduler.cohorts",
    "scheduler.components",
)


def imports_of(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_validator_imports_nothing_from_the_model_side() -> None:
    imported = imports_of(ROOT / "scheduler" / "validate.py")
    shared = {
        name
        for name in imported
        for side in MODEL_SIDE
        if name == side or name.startswith(side + ".")
    }
    assert not shared, shared


@pytest.mark.parametrize(
    "module",
    [
        "scheduler.validate",
        "scheduler.problem",
        "scheduler.loading",
        "reports.workbook",
        "reports.reader",
    ],
)
def test_module_loads_without_the_solver(module: str) -> None:
    code = f"import sys, {module}; print('ortools' in sys.modules)"
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "False", f"{module} pulls in ortools"
