"""Labels: the human-readable name of every hard rule, and what its outcome depends on.

Labels are what make a schedule explainable. Each hard rule is added with a
(family, subject, detail) label such as ("coverage", "MICU week 12", "≥ 4 interns"). In
diagnosis mode every distinct label gets an enforcement literal, so an infeasible core
can be read back as the rules that conflict. Plain data: no solver here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from scheduler.domain.edits import Change


@dataclass(frozen=True)
class Cap:
    """What an "at most" rule on a group limits: in ``week`` (0-based), how many of
    ``members`` (resident indices) are on one of ``rotations`` (rotation indices)."""

    week: int
    rotations: frozenset[int]
    members: tuple[int, ...]


# What a rule's outcome depends on. The engine chooses cohorts before the year model
# (stage 1), so a conflict among rules proves there is no schedule only if no chosen
# cohort could undo it; each label therefore says whose cohorts can change its outcome
# (see :func:`scheduler.explain.conflicts.cohorts_that_matter`).


@dataclass(frozen=True)
class Personal:
    """A rule about one resident: only their cohort can change its outcome."""

    resident: str


@dataclass(frozen=True)
class AtLeast:
    """An "at least" rule on a group (or any group rule one member can tip, such as cohort
    balance): any member's cohort may decide whether it can hold."""


@dataclass(frozen=True)
class AtMost:
    """An "at most" rule on a group: only members with no option outside what the
    conflict's caps cover can make it fail, which is worked out from the whole core."""

    cap: Cap


@dataclass(frozen=True)
class Fixed:
    """A pin or an approved vacation in a week open to it: it puts the resident on that
    rotation whatever their cohort (under a cohort where the week is closed to it, the
    rule cannot hold at all, and is labelled as the resident's own), so no cohort choice
    can undo a conflict it is part of."""


@dataclass(frozen=True)
class Structural:
    """A rule that defines what a schedule is (one rotation a week, one cohort each). It is
    never switched off in a diagnosis, so no conflict is ever blamed on it."""


Dependency = Personal | AtLeast | AtMost | Fixed | Structural
#: how a label names its week: 'week 8', 'weeks 4-5', 'from week 3', 'run at week 14'
_WEEKS = re.compile(r"\s*\b(?:from |at )?weeks? \d+(?:\s*[-–]\s*\d+)?\b")


@dataclass(frozen=True)
class Label:
    """Human-readable name of one hard rule, and what its outcome depends on.

    Build labels with the named constructors (:meth:`personal`, :meth:`at_least`,
    :meth:`at_most`, :meth:`fixed`, :meth:`structural`): the dependency has no default, so
    a family that forgets it fails when the model is built, not later with a false proof.
    """

    family: str
    subject: str
    detail: str
    depends: Dependency
    #: the inputs a suggested fix may change to ease the rule (:mod:`scheduler.workflows.fixes`)
    changes: tuple[Change, ...] = field(default=(), compare=False)

    @classmethod
    def personal(
        cls,
        family: str,
        subject: str,
        detail: str,
        *,
        resident: str,
        changes: tuple[Change, ...] = (),
    ) -> Label:
        return cls(family, subject, detail, Personal(resident), changes)

    @classmethod
    def at_least(cls, family: str, subject: str, detail: str) -> Label:
        return cls(family, subject, detail, AtLeast())

    @classmethod
    def at_most(cls, family: str, subject: str, detail: str, *, cap: Cap) -> Label:
        return cls(family, subject, detail, AtMost(cap))

    @classmethod
    def fixed(
        cls, family: str, subject: str, detail: str, *, changes: tuple[Change, ...] = ()
    ) -> Label:
        return cls(family, subject, detail, Fixed(), changes)

    @classmethod
    def structural(cls, family: str, subject: str, detail: str) -> Label:
        return cls(family, subject, detail, Structural())

    def across_weeks(self) -> Label:
        """The same rule without the week it is about ('r010 weeks 4-5' -> 'r010')."""
        subject, detail = _WEEKS.sub("", self.subject), _WEEKS.sub("", self.detail)
        return replace(self, subject=subject.strip(), detail=detail.strip(" ,"))

    def sort_key(self) -> tuple[str, str, str]:
        """Order in explanations: by family, then subject, then detail."""
        return self.family, self.subject, self.detail

    def __str__(self) -> str:
        detail = f": {self.detail}" if self.detail else ""
        return f"[{self.family}] {self.subject}{detail}"
