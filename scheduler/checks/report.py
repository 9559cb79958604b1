"""The validator's verdict on a schedule, rule by rule: the one judgement everything shows.

The workbook's colours and met/not-met cells are read from here (:meth:`Report.outcome`),
never worked out a second time, so a sheet cannot disagree with the ``Checks`` sheet.
"""

from __future__ import annotations

from dataclasses import dataclass, field

#: What one verdict is about, in a family's own terms (e.g. a rotation, level and week for
#: coverage); each family module that reports read defines a ``subject(...)`` function.
Subject = tuple[str | int, ...]


@dataclass(frozen=True)
class Violation:
    """One broken rule, in words a chief resident can act on."""

    family: str
    rule: str
    who: str
    weeks: tuple[int, ...]  # 1-based weeks concerned, empty for whole-year rules
    message: str

    def __str__(self) -> str:
        return f"[{self.family}] {self.message}"


@dataclass
class RuleCheck:
    """A rule as checked: how many instances were looked at and which ones failed."""

    family: str
    rule: str
    checked: int = 0
    violations: list[Violation] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.violations


@dataclass(frozen=True)
class RequestOutcome:
    """One resident's request as the schedule answers it: granted or not, and why not."""

    source: str  # where it was asked: 'requests.vacation[3]'
    resident: str
    kind: str  # vacation, unavailable, elective, avoid
    asked: str  # 'weeks 20-21 (9 Nov - 22 Nov)', 'cardiology (choice 1)'
    priority: int | None  # 1-3 for a request about weeks, the rank for an elective
    hard: bool
    granted: bool
    given: str  # what the schedule gives in its place
    reason: str = ""  # why it was not granted, from the schedule; empty when granted
    note: str = ""


@dataclass
class Report:
    """The verdict on a schedule, rule by rule."""

    checks: list[RuleCheck]
    #: (family, subject) -> whether every rule checked about that subject held
    outcomes: dict[tuple[str, Subject], bool] = field(default_factory=dict)
    #: every request of the program, granted or not, with the reasons read off the schedule
    requests: list[RequestOutcome] = field(default_factory=list)

    @property
    def violations(self) -> list[Violation]:
        return [v for check in self.checks for v in check.violations]

    @property
    def ok(self) -> bool:
        return all(check.ok for check in self.checks)

    def by_family(self, family: str) -> list[Violation]:
        return [v for v in self.violations if v.family == family]

    def outcome(self, family: str, subject: Subject) -> bool | None:
        """True if every rule of ``family`` checked about ``subject`` held, False if one
        failed, None if the validator checked nothing about it (nothing to colour)."""
        return self.outcomes.get((family, subject))
