"""Scenario files: a base program's changes, combined and validated like a program."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from scheduler.cli.main import app
from scheduler.domain import InputError, Program
from scheduler.inputs.program_file import load_program
from scheduler.inputs.scenarios import combine, files_of, load_scenario
from tests.example_files import EXAMPLE, copy_example

SCENARIOS = EXAMPLE / "scenarios"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_combining_merges_mappings_items_by_id_and_replaces_the_rest() -> None:
    base = {
        "name": "P",
        "vacation": {"weeks_per_resident": 4, "max_block_weeks": 2},
        "rotations": [{"id": "wards", "coverage": {"interns": "2-3"}}, {"id": "micu"}],
        "requirements": [{"label": "Wards", "weeks": 12}, {"label": "MICU", "weeks": 6}],
        "sequencing": {"x": 1},
    }
    change = {
        "vacation": {"weeks_per_resident": 3},
        "rotations": [
            {"id": "wards", "coverage": {"seniors": "3-4"}},
            {"id": "micu", "remove": True},
            {"id": "addiction", "name": "Addiction medicine"},
        ],
        "requirements": [{"label": "Wards", "weeks": 8}],
        "sequencing": None,
    }
    merged = combine(base, change, "overrides")
    assert merged["vacation"] == {"weeks_per_resident": 3, "max_block_weeks": 2}
    assert merged["rotations"] == [
        {"id": "wards", "coverage": {"interns": "2-3", "seniors": "3-4"}},
        {"id": "addiction", "name": "Addiction medicine"},
    ]
    assert merged["requirements"] == [{"label": "Wards", "weeks": 8}]  # no ids: replaced
    assert "sequencing" not in merged
    assert base["vacation"] == {"weeks_per_resident": 4, "max_block_weeks": 2}  # untouched


def test_the_example_scenarios_load_as_their_base_with_the_changes() -> None:
    base = load_program(EXAMPLE / "program.yaml")
    four = load_scenario(SCENARIOS / "four_plus_one.yaml")
    assert four.name == "4+1" and four.base == SCENARIOS / "../program.yaml"
    template = four.program.templates[0]
    assert (template.x_weeks, template.y_weeks, template.cohorts) == (4, 1, 5)
    assert four.program.rotation_by_id["amb_elective"].coverage.any is not None
    assert four.program.residents == base.residents  # the base's roster, read from its folder
    assert four.program.requests == base.requests
    target = load_scenario(SCENARIOS / "ambulatory_55.yaml").program.ambulatory_share[0]
    assert float(target.min) == 0.55
    files = {path.name for path in files_of(SCENARIOS / "ambulatory_55.yaml")}
    assert files == {"ambulatory_55.yaml", "program.yaml", "roster.csv", "requests.yaml"}


def test_a_whole_program_loads_as_itself() -> None:
    scenario = load_scenario(EXAMPLE / "program.yaml")
    assert scenario.base is None and scenario.overrides is None
    assert scenario.program == load_program(EXAMPLE / "program.yaml")


def test_files_named_in_overrides_are_relative_to_the_scenario(tmp_path: Path) -> None:
    base = copy_example(tmp_path / "base")
    smaller = (tmp_path / "base" / "roster.csv").read_text(encoding="utf-8").splitlines()[:21]
    write(tmp_path / "what-if" / "roster.csv", "\n".join(smaller) + "\n")
    scenario = write(
        tmp_path / "what-if" / "fewer.yaml",
        f"base: {base}\noverrides:\n  roster: roster.csv\n  requests: null\n",
    )
    program = load_scenario(scenario).program
    assert len(program.residents) == 20
    assert not program.requests.vacation


@pytest.mark.parametrize(
    ("text", "place", "words"),
    [
        ("base: program.yaml\nprogram: {}\n", "program", "not a scenario setting"),
        ("scenario: x\noverrides: {}\n", "base", "names no base program"),
        ("base: missing.yaml\n", "", "file not found"),
        ("base: program.yaml\noverrides: [1, 2]\n", "overrides", "must be a mapping"),
        (
            "base: program.yaml\noverrides:\n  rotations: [{id: nope, remove: true}]\n",
            "overrides.rotations[0]",
            "there is no 'nope' to remove",
        ),
        (
            "base: program.yaml\noverrides:\n  templates: [{id: three_plus_two, x_weeks: 0}]\n",
            "templates[0].x_weeks",
            "",
        ),
    ],
)
def test_a_broken_scenario_is_named_with_its_place(
    tmp_path: Path, text: str, place: str, words: str
) -> None:
    copy_example(tmp_path)
    path = write(tmp_path / "bad.yaml", text)
    with pytest.raises(InputError) as caught:
        load_scenario(path)
    assert place in caught.value.place
    assert words in caught.value.problem
    assert "bad.yaml" in caught.value.file or "missing.yaml" in caught.value.file


def test_a_scenario_cannot_build_on_a_scenario(tmp_path: Path) -> None:
    copy_example(tmp_path)
    write(tmp_path / "one.yaml", "base: program.yaml\n")
    with pytest.raises(InputError, match="itself a scenario"):
        load_scenario(write(tmp_path / "two.yaml", "base: one.yaml\n"))


def test_the_cli_reports_a_broken_scenario_in_one_line(tmp_path: Path) -> None:
    copy_example(tmp_path)
    bad = write(tmp_path / "bad.yaml", "base: program.yaml\nprogram: {}\n")
    result = CliRunner().invoke(app, ["solve", str(bad), "--out", str(tmp_path / "s.xlsx")])
    assert result.exit_code == 2
    assert "bad.yaml, program: 'program' is not a scenario setting" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "s.xlsx").exists()


def test_explain_takes_a_scenario_file() -> None:
    result = CliRunner().invoke(
        app, ["explain", str(SCENARIOS / "ambulatory_55.yaml"), "--fix-time-limit", "0"]
    )
    assert result.exit_code == 0, result.output
    assert "No conflict found before the search" in result.output


def test_rollover_refuses_a_scenario(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app,
        [
            "rollover",
            str(SCENARIOS / "ambulatory_55.yaml"),
            "--from",
            str(tmp_path / "none.xlsx"),
            "--out",
            str(tmp_path / "next"),
        ],
    )
    assert result.exit_code == 2
    assert "rollover writes next year from a whole program, not a scenario" in result.output
    assert not (tmp_path / "next").exists()


# ------------------------------------------------------------------ malformed scenario files
# (the fuzz corpus, tests/inputs/fuzz_corpus.py category 'scenario', drives each broken scenario
# through the CLI; these are the rules behind them, and compare's names)


def test_an_empty_list_replaces_and_remove_false_keeps() -> None:
    base = {"clinic_sites": [{"id": "main"}], "rotations": [{"id": "wards"}, {"id": "micu"}]}
    change = {"clinic_sites": [], "rotations": [{"id": "micu", "remove": False, "unit": "week"}]}
    merged = combine(base, change, "overrides")
    assert merged["clinic_sites"] == []
    assert merged["rotations"] == [{"id": "wards"}, {"id": "micu", "unit": "week"}]


@pytest.mark.parametrize(
    ("change", "place", "words"),
    [
        ({"sequencng": None}, "overrides.sequencng", "nothing to remove"),
        (
            {"rotations": [{"id": "micu", "remove": "yes"}]},
            "overrides.rotations[0].remove",
            "true or false",
        ),
        ({"rotations": [{"id": ["micu"]}]}, "overrides.rotations[0].id", "an id must be a word"),
        (
            {"rotations": [{"id": "micu"}, {"unit": "week"}]},
            "overrides.rotations[1]",
            "without an id",
        ),
        ({"rotations": [{"id": "micu"}, {"id": "micu"}]}, "overrides.rotations[1].id", "twice"),
        (
            {"rotations": [{"id": "micu", "remove": True, "unit": "week"}]},
            "overrides.rotations[0]",
            "also changes unit",
        ),
    ],
)
def test_combining_refuses_what_it_cannot_combine(
    change: dict[str, object], place: str, words: str
) -> None:
    base = {"name": "P", "rotations": [{"id": "wards"}, {"id": "micu"}]}
    with pytest.raises(InputError) as caught:
        combine(base, change, "overrides", Program)
    assert (caught.value.place, words in caught.value.problem) == (place, True)


def test_a_file_that_is_neither_program_nor_scenario_says_how_to_start(tmp_path: Path) -> None:
    path = write(tmp_path / "empty.yaml", "")
    result = CliRunner().invoke(app, ["explain", str(path), "--fix-time-limit", "0"])
    assert result.exit_code == 2
    assert "empty.yaml: expected a mapping of program or scenario settings" in result.stderr
    assert "'name: ...' (a program) or 'base: program.yaml' (a scenario)" in result.stderr
    assert "vacation" not in result.stderr  # the requests file's hint, not this file's


def test_an_error_the_overrides_cause_in_the_base_names_the_scenario(tmp_path: Path) -> None:
    copy_example(tmp_path)
    path = write(
        tmp_path / "bad.yaml",
        "base: program.yaml\noverrides:\n  rotations: [{id: night_float, remove: true}]\n",
    )
    with pytest.raises(InputError) as caught:
        load_scenario(path)
    assert (caught.value.file, caught.value.place) == (str(path), "overrides")
    assert "unknown rotation 'night_float' (at requirements[" in caught.value.problem


def test_unique_names_never_give_two_scenarios_one_name() -> None:
    """'X', 'X', 'X (2)': the second 'X' may not become 'X (2)', or compare would take the
    solves of one for the other's."""
    from dataclasses import dataclass

    from scheduler.workflows.compare import unique_names

    @dataclass(frozen=True)
    class Named:
        name: str

    names = ["base", "X", "X", "X (2)", "X", "base"]
    renamed = [one.name for one in unique_names([Named(n) for n in names])]  # type: ignore[arg-type]
    assert renamed == ["base", "X", "X (3)", "X (2)", "X (4)", "base (2)"]


#: Two interns, six weeks, one ward that needs one of them each week.
TINY_PROGRAM = """\
name: Tiny
start_date: 2026-06-29
weeks: 6
tracks: [{id: cat, name: Categorical}]
rotations:
  - {id: wards, name: Wards, category: inpatient, coverage: {any: 1}}
  - {id: elective, name: Elective, category: elective}
residents:
  - {id: a, name: Dr A, pgy: 1, track: cat}
  - {id: b, name: Dr B, pgy: 1, track: cat}
"""


def test_compare_takes_scenarios_without_a_base_and_names_with_brackets(tmp_path: Path) -> None:
    """A scenario without 'base:' (compare's BASE is its base) written to --schedules, and
    names that rich would read as markup ('[/]') or a sheet cannot hold ('/', ':', '['),
    twice. A tiny base: the names are the point, and its solves take a moment on any
    machine."""
    program = write(tmp_path / "in" / "program.yaml", TINY_PROGRAM)
    name = "a[/]b: [x]"
    no_base = write(tmp_path / "in" / "no_base.yaml", f"scenario: '{name}'\noverrides: {{}}\n")
    twin = write(tmp_path / "in" / "twin.yaml", f"scenario: '{name}'\nbase: program.yaml\n")
    before = {p: p.read_bytes() for p in (tmp_path / "in").iterdir()}
    out = tmp_path / "out" / "comparison.xlsx"
    out.parent.mkdir()
    result = CliRunner().invoke(
        app,
        [
            "compare",
            str(program),
            str(no_base),
            str(twin),
            "--out",
            str(out),
            "--schedules",
            str(tmp_path / "out" / "each"),
            "--time-limit",
            "60",
            "--stop-at-first",
            "--workers",
            "1",
            "--parallel",
            "1",
        ],
    )
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    assert result.exit_code == 0, result.output
    assert f"{name} (2)" in result.stdout  # the name as written, not read as markup
    from openpyxl import load_workbook

    sheets = load_workbook(out, read_only=True).sheetnames
    assert sheets[-3:] == ["base", "a---b- -x-", "a---b- -x- (2)"]
    each = sorted(path.name for path in (tmp_path / "out" / "each").iterdir())
    assert each == ["a---b- -x- (2).xlsx", "a---b- -x-.xlsx", "base.xlsx"]
    assert {p: p.read_bytes() for p in (tmp_path / "in").iterdir()} == before


def test_the_shipped_four_plus_one_scenario_passes_the_checks_before_the_search() -> None:
    # its solve is slow (20 s to minutes to a first schedule) and measured, not tested;
    # what a user runs first on it, `explain`, finds no conflict
    from scheduler import api

    four = load_scenario(SCENARIOS / "four_plus_one.yaml").program
    found = api.explain(four, api.SolveParams(fix_time_limit=0))
    assert found.status is None, found.reasons
