"""What every constraint family receives: the program, the model, the variables, and a
way to add hard rules under a label (:mod:`scheduler.stages.labels`); and the
:class:`Family` each rule family declares itself with.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Generic, TypeVar

from ortools.sat.python import cp_model

from scheduler.domain import Applicability, Program, Selector, level_includes
from scheduler.stages.calendar import unit_blocks
from scheduler.stages.labels import AtLeast, AtMost, Label, Structural

if TYPE_CHECKING:
    from scheduler.stages.variables import Variables


def total(variables: list[cp_model.IntVar]) -> cp_model.LinearExpr:
    """Sum of variables as one flat expression (Python's sum nests one node per term)."""
    return cp_model.LinearExpr.sum(variables)


@dataclass(frozen=True)
class Penalty:
    """One named soft goal: ``weight * expression`` is added to the objective."""

    name: str
    weight: int
    expression: cp_model.LinearExprT
    description: str


@dataclass
class RuleContext:
    """A model under construction whose hard rules carry labels."""

    program: Program
    model: cp_model.CpModel
    diagnose: bool = field(default=False, kw_only=True)
    #: only the rules about one resident at a time (:mod:`scheduler.explain.alone`): families
    #: whose rules tie residents together add nothing
    personal: bool = field(default=False, kw_only=True)
    switches: dict[Label, cp_model.IntVar] = field(default_factory=dict, kw_only=True)

    def add(self, constraint: cp_model.Constraint, label: Label) -> cp_model.Constraint:
        """Record a hard rule; in diagnosis mode make it switchable by its label, unless it
        is structural (it defines what a schedule is, so a diagnosis never blames it)."""
        if self.personal and isinstance(label.depends, AtLeast | AtMost):
            # a group rule here would make a one-resident model prove things about the group
            raise TypeError(f"a rule on a group in a model of one resident: {label}")
        if self.diagnose and not isinstance(label.depends, Structural):
            constraint.only_enforce_if(self.switch(label))
        return constraint

    def switch(self, label: Label) -> cp_model.IntVar:
        """The literal that turns every rule with this label on (one per distinct label).

        In a model of one resident's year, a rule is one switch across all its weeks ("no
        night float next to MICU", not 20 pairs of weeks): the conflict reads as the rules
        that clash, and its core is found in a fraction of the time."""
        label = label.across_weeks() if self.personal else label
        if label not in self.switches:
            self.switches[label] = self.model.new_bool_var(str(label))
        return self.switches[label]

    def fail(self, label: Label) -> None:
        """A rule that cannot hold whatever the schedule (e.g. a pin into a closed week)."""
        self.add(self.model.add_bool_or([]), label)


@dataclass
class ModelContext(RuleContext):
    """Shared state while the year model (or one independent component of it) is built.

    ``members`` are the residents (indices) this model decides; ``open_cells[r][w]`` holds
    the rotations open to every resident, members or not, so a rule can count residents
    outside the component as the constants they are. ``owns_orphans`` marks the one
    component that also receives rules nobody can staff (see :mod:`scheduler.stages.components`).
    """

    variables: Variables
    members: list[int]
    open_cells: list[list[frozenset[int]]]
    owns_orphans: bool = True
    _blocks: dict[tuple[int, int | str], list[list[int]]] = field(default_factory=dict, repr=False)

    def unit_blocks(self, r: int, unit: int | str) -> list[list[int]]:
        """Weeks of resident ``r`` that a rotation with ``unit`` must fill whole (cached)."""
        key = (r, unit)
        if key not in self._blocks:
            self._blocks[key] = unit_blocks(self.variables.slots[r], unit)
        return self._blocks[key]

    def level(self, level: str) -> list[int]:
        """Members who count toward coverage at ``level``."""
        return [r for r in self.members if level_includes(level, self.program.residents[r].pgy)]

    def rotation_set(self, selector: Selector) -> frozenset[int]:
        """Indices of the rotations a selector names."""
        chosen = set(self.program.select(selector))
        return frozenset(
            k for k, rotation in enumerate(self.program.rotations) if rotation.id in chosen
        )

    def category_set(self, *categories: str) -> frozenset[int]:
        return frozenset(
            k for k, rot in enumerate(self.program.rotations) if rot.category in categories
        )

    def residents_for(self, rule: Applicability) -> list[int]:
        """Members a rule applies to."""
        return [r for r in self.members if rule.applies_to(self.program.residents[r])]

    def sum_on(
        self, r: int, rotations: frozenset[int], weeks: range | None = None
    ) -> cp_model.LinearExpr:
        """Weeks resident ``r`` spends on ``rotations`` (over ``weeks``, default the year)."""
        weeks = weeks if weeks is not None else range(self.program.weeks)
        return total([var for w in weeks for var in self.variables.on(r, w, rotations)])


@dataclass
class CohortContext(RuleContext):
    """Shared state while the cohort model is being built.

    ``choice[r][g]`` is true when resident ``r`` (index into the program's residents) is in
    cohort ``g`` (1-based) of their template. Residents without a template are absent.
    """

    choice: dict[int, dict[int, cp_model.IntVar]]


OpenCells = list[list[frozenset[int]]]
#: Groups of residents (indices) that a family's rules tie together, given the rotations
#: open to every resident each week.
Couples = Callable[[Program, OpenCells], Iterable[Sequence[int]]]
C = TypeVar("C", ModelContext, CohortContext)


@dataclass(frozen=True)
class Family(Generic[C]):
    """One rule family of the model side, declared once, in its own module.

    Everything the engine needs to know about a family is here, so nothing about it is kept
    in a second list elsewhere: its name (the same as its check in :mod:`scheduler.checks`,
    and the first part of the labels it adds, except that cohort staffing speaks as the
    coverage and clinic rules it is the necessary condition of), how it adds its rules,
    whether it has hard rules at all, and which residents its rules tie together, from which
    the year is split into independent components (:mod:`scheduler.stages.components`).
    """

    name: str
    #: adds the family's labelled hard rules and returns its soft goals; None for a family
    #: that acts through the variables' domains (:mod:`constraints.phases`)
    apply: Callable[[C], list[Penalty]] | None
    #: False for a family of soft goals only (no rule to check, no label to blame)
    hard: bool = True
    #: the groups of residents its rules couple; None for rules about one resident at a time
    couples: Couples | None = None
