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


def twenty_scenarios_of_a(folder: Path) -> list[Path]:
    """Twenty scenario files over program A (ambulatory targets of 50-54%, vacation caps of
    3-6 a week), for the Ray sweep's test and ``benchmarks/sweep.py``."""
    paths = []
    for low in (50, 51, 52, 53, 54):
        for cap in (3, 4, 5, 6):
            path = folder / f"amb{low}_cap{cap}.yaml"
            path.write_text(
                f"scenario: {low}% cap {cap}\nbase: {EXAMPLE / 'program.yaml'}\noverrides:\n"
                f"  ambulatory_share: [{{min: {low / 100}, max: 0.6}}]\n"
                f"  vacation: {{max_away_per_week: {{any: {cap}}}}}\n",
                encoding="utf-8",
            )
            paths.append(path)
    return paths
