"""Copies of example program A to break in one place, for the CLI and input-error tests."""

from __future__ import annotations

import shutil
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "program_a"


def copy_example(folder: Path) -> Path:
    """Program A's YAML, roster and requests copied into ``folder``; returns the YAML's path."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("program.yaml", "roster.csv", "requests.yaml"):
        shutil.copy(EXAMPLE / name, folder / name)
    return folder / "program.yaml"


def replace_once(path: Path, old: str, new: str) -> None:
    """Edit a copied file, insisting the text edited is there exactly once."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} should occur once in {path.name}"
    path.write_text(text.replace(old, new), encoding="utf-8")
