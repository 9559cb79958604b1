"""The rule family is the unit: declared once on each side, with nothing kept elsewhere.

- every module of ``constraints/`` declares its :class:`~scheduler.stages.families.Family` and is
  listed exactly once (year model, variables' domains or cohort stage);
- every hard family of the model has a check of the same name in ``scheduler/checks/``,
  and the exceptions are the ones stated here;
- the decomposition into independent components comes from what each family says it
  couples, and each coupling family has a tiny program here showing two residents tied;
- a label cannot be built without saying what its outcome depends on.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

import pytest

from scheduler import checks
from scheduler.domain import Program
from scheduler.stages import cohorts
from scheduler.stages import year_model as model
from scheduler.stages.components import components
from scheduler.stages.labels import AtLeast, AtMost, Fixed, Label, Personal, Structural
from scheduler.stages.year_model import FAMILIES, Layout, Mode, build_year_model
from tests.tiny import program, resident, rotation

ROOT = Path(__file__).resolve().parents[2]

#: Model families with no check of their own name, and why.
MODEL_ONLY = {
    "assignment": "the shape of a schedule, checked by the 'schedule' family",
    "cohort staffing": "a necessary condition of coverage and clinic minimums, whose checks cover it",
}
#: Check families with no model family of their own name, and why.
CHECK_ONLY = {
    "schedule": "the shape of a schedule, the model's 'assignment' family",
    "eligibility": "enforced by the variables' domains, the model's 'phases' family",
    "sites": "chosen before the model (scheduler/sites.py), which takes them as the roster's",
}


def model_families() -> list[Any]:
    return [*FAMILIES, model.DOMAIN, *cohorts.FAMILIES]


def test_every_constraints_module_declares_its_family_and_is_listed_once() -> None:
    listed = [family.name for family in model_families()]
    assert len(listed) == len(set(listed)), listed
    for path in sorted((ROOT / "constraints").glob("*.py")):
        if path.stem == "__init__":
            continue
        module = importlib.import_module(f"constraints.{path.stem}")
        family = module.FAMILY
        assert family.name == module.NAME
        assert family.name.replace(" ", "_") == path.stem, "name the module after its family"
        assert sum(f is family for f in model_families()) == 1, f"{path.stem} is not listed"


def test_every_checks_module_is_a_listed_family() -> None:
    names = [family.name for family in checks.FAMILIES]
    assert len(names) == len(set(names)), names
    helpers = {"__init__", "judging", "report"}
    modules = {p.stem for p in (ROOT / "scheduler" / "checks").glob("*.py")} - helpers
    assert {name.replace(" ", "_") for name in names} == modules


def test_every_hard_family_of_the_model_has_a_check_of_the_same_name() -> None:
    hard = {family.name for family in model_families() if family.hard}
    checked = {family.name for family in checks.FAMILIES}
    assert hard - set(MODEL_ONLY) == checked - set(CHECK_ONLY)
    assert set(MODEL_ONLY) <= hard and set(CHECK_ONLY) <= checked


def test_soft_families_add_goals_and_no_rule_to_check() -> None:
    soft = {family.name for family in model_families() if not family.hard}
    assert soft == {"fairness", "stability"}
    assert not soft & {family.name for family in checks.FAMILIES}


def test_only_the_domain_family_has_no_apply() -> None:
    assert model.DOMAIN.apply is None
    assert all(family.apply is not None for family in [*FAMILIES, *cohorts.FAMILIES])


# ------------------------------------------------------------------------------ coupling


def split(prog: Program, cohort_of: dict[str, int] | None = None) -> list[list[str]]:
    """The program's independent components, as resident ids."""
    layout = Layout.of(prog, cohort_of or {})
    return [
        sorted(prog.residents[r].id for r in group) for group in components(prog, layout.open_cells)
    ]


TWO_INTERNS = [resident("a"), resident("b")]
VACATION = {"weeks_per_resident": 1, "max_block_weeks": 1}
CLINIC_ROTATIONS = [rotation("wards"), rotation("amb", "ambulatory", clinic_half_days=2)]
TWO_SITES = [{"id": "s1", "name": "S1", "capacity": 2}, {"id": "s2", "name": "S2", "capacity": 2}]

#: For each family that couples residents: a tiny program where only that family's rule
#: ties a and b, and the same program without the rule.
COUPLED: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {
    "coverage": (
        {"rotations": [rotation("wards", coverage={"interns": 1}), rotation("elective")]},
        {"rotations": [rotation("wards"), rotation("elective")]},
    ),
    "vacation": (
        {
            "rotations": [rotation("wards"), rotation("vacation", "leave", phase="either")],
            "vacation": {**VACATION, "max_away_per_week": {"interns": 1}},
        },
        {
            "rotations": [rotation("wards"), rotation("vacation", "leave", phase="either")],
            "vacation": VACATION,
        },
    ),
    "clinic": (
        {
            "rotations": CLINIC_ROTATIONS,
            "clinic_sites": [{"id": "s1", "name": "S1", "capacity": 1}],
            "residents": [resident("a", clinic_site="s1"), resident("b", clinic_site="s1")],
        },
        {
            "rotations": CLINIC_ROTATIONS,
            "clinic_sites": [{"id": "s1", "name": "S1", "capacity": 1}],
            "residents": [resident("a", clinic_site="s1"), resident("b")],
        },
    ),
    "longitudinal": (
        {
            "rotations": CLINIC_ROTATIONS,
            "clinic_sites": TWO_SITES,
            "longitudinal_sites": [{"id": "geri", "name": "Geriatrics", "capacity": 1}],
            "residents": [
                resident("a", clinic_site="s1", second_site="geri"),
                resident("b", clinic_site="s2", second_site="geri"),
            ],
        },
        {
            "rotations": CLINIC_ROTATIONS,
            "clinic_sites": TWO_SITES,
            "longitudinal_sites": [{"id": "geri", "name": "Geriatrics", "capacity": 1}],
            "residents": [
                resident("a", clinic_site="s1", second_site="geri"),
                resident("b", clinic_site="s2"),
            ],
        },
    ),
    "fairness": (
        {"objective": {"heavy_balance": 10, "switches": 0}},
        {"objective": {"heavy_balance": 0, "switches": 0}},
    ),
    "requests": (
        {
            "rotations": [rotation("wards"), rotation("vacation", "leave", phase="either")],
            "vacation": VACATION,
            "requests": {
                "vacation": [{"resident": "a", "weeks": 1}, {"resident": "b", "weeks": 2}]
            },
        },
        {
            "rotations": [rotation("wards"), rotation("vacation", "leave", phase="either")],
            "vacation": VACATION,
            "requests": {
                "vacation": [{"resident": "a", "weeks": 1}, {"resident": "b", "weeks": 2}]
            },
            "objective": {"heavy_balance": 0, "switches": 0, "request_fairness": 0},
        },
    ),
}


def test_every_coupling_family_has_a_coupling_case() -> None:
    assert set(COUPLED) == {family.name for family in FAMILIES if family.couples is not None}


@pytest.mark.parametrize("family", sorted(COUPLED))
def test_a_rule_that_ties_two_residents_puts_them_in_one_component(family: str) -> None:
    tied, untied = COUPLED[family]
    assert split(program(**{"residents": TWO_INTERNS, **tied})) == [["a", "b"]]
    assert split(program(**{"residents": TWO_INTERNS, **untied})) == [["a"], ["b"]]


def test_fairness_ties_only_residents_of_one_track_and_year() -> None:
    prog = program(
        residents=[resident("a"), resident("b"), resident("c", pgy=2)],
        objective={"heavy_balance": 10, "switches": 0},
    )
    assert split(prog) == [["c"], ["a", "b"]]


def test_a_staffing_rule_ties_only_those_who_can_staff_it() -> None:
    # Only interns may take icu, whose coverage counts any year: c (PGY-2) cannot staff it.
    prog = program(
        rotations=[
            rotation("wards"),
            rotation("icu", "critical_care", coverage={"any": 1}, pgy=[1]),
        ],
        residents=[resident("a"), resident("b"), resident("c", pgy=2)],
    )
    assert split(prog) == [["c"], ["a", "b"]]


# ------------------------------------------------------------------------------ labels


def test_a_label_without_a_dependency_fails_when_it_is_built() -> None:
    with pytest.raises(TypeError):
        Label("coverage", "wards week 1", "at least 1 intern")  # type: ignore[call-arg]


def test_every_label_of_a_built_model_names_a_family_and_a_real_dependency() -> None:
    prog = program(
        weeks=4,
        rotations=[
            rotation("wards", coverage={"interns": "1-1"}),
            rotation("elective", unit=2),
            rotation("vacation", "leave", phase="either"),
        ],
        residents=[resident("a"), resident("b"), resident("c")],
        requirements=[{"rotations": ["wards"], "weeks": "1+"}],
        vacation={**VACATION, "max_away_per_week": {"any": 1}},
        pins=[{"resident": "a", "weeks": 1, "rotation": "wards"}],
        sequencing={"max_consecutive": [{"rotations": ["wards"], "weeks": 2}]},
    )
    built = build_year_model(prog, Layout.of(prog, {}), mode=Mode.DIAGNOSE)
    labels = list(built.context.switches)
    families = {label.family for label in labels}
    assert families == {"pins", "units", "coverage", "requirements", "vacation", "sequencing"}
    ids = {r.id for r in prog.residents}
    for label in labels:
        depends = label.depends
        assert isinstance(depends, Personal | AtLeast | AtMost | Fixed), label
        assert not isinstance(depends, Structural), "structural rules are never switched off"
        if isinstance(depends, Personal):
            assert depends.resident in ids
        if isinstance(depends, AtMost):
            assert depends.cap.members and depends.cap.rotations
