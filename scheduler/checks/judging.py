"""What every check family receives to judge a schedule (where its verdicts are recorded),
and the checker's own reading of the program.

The checker shares no rule code with the model. Where the program data offers a helper
that the model also uses (range containment, coverage levels, applicability, week spans,
shares), the checker reads the raw fields instead, so a bug in such a helper cannot hide
in both places. Phases and segments are derived here from the cohort numbers alone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cached_property

from scheduler.checks.report import Report, RequestOutcome, RuleCheck, Subject, Violation
from scheduler.domain import (
    AmbulatoryShare,
    Applicability,
    ClinicHalfDays,
    Program,
    Range,
    Requirement,
    Resident,
    Rotation,
    Schedule,
    Selector,
    Template,
    WeekSpan,
)


@dataclass
class CheckContext:
    """A schedule under check: verdicts are collected here, family by family."""

    program: Program
    schedule: Schedule
    checks: dict[tuple[str, str], RuleCheck] = field(default_factory=dict)
    outcomes: dict[tuple[str, Subject], bool] = field(default_factory=dict)
    requests: list[RequestOutcome] = field(default_factory=list)
    #: the program as given, before the schedule's chosen clinic sites were written into
    #: ``program`` (None when the schedule chose none)
    roster: Program | None = None

    def verdict(
        self,
        family: str,
        rule: str,
        ok: bool,
        who: str,
        weeks: Iterable[int],
        message: str,
        *,
        subject: Subject | None = None,
    ) -> None:
        """Record one checked instance of ``rule``; ``subject`` names what the reports
        colour by this verdict (see :meth:`Report.outcome`)."""
        check = self.checks.setdefault((family, rule), RuleCheck(family, rule))
        check.checked += 1
        if not ok:
            check.violations.append(Violation(family, rule, who, tuple(weeks), message))
        if subject is not None:
            key = (family, subject)
            self.outcomes[key] = self.outcomes.get(key, True) and ok

    def report(self) -> Report:
        return Report(list(self.checks.values()), dict(self.outcomes), list(self.requests))

    def runs(
        self, family: str, resident: Resident, weeks: list[int], limit: int, what: str
    ) -> None:
        """Each run of consecutive ``weeks`` (0-based) is at most ``limit`` long."""
        for run in runs(weeks):
            self.verdict(
                family,
                f"at most {limit} {what} in a row",
                len(run) <= limit,
                resident.id,
                [w + 1 for w in run],
                f"{resident.id} weeks {run[0] + 1}-{run[-1] + 1}: {len(run)} {what} in a row, at most {limit}",
            )

    def week_text(self, week: int) -> str:
        return f"week {week + 1} ({self.program.week_start(week):%d %b})"

    # ------------------------------------------------------------ who can be checked

    @cached_property
    def rotations(self) -> dict[str, Rotation]:
        return {rotation.id: rotation for rotation in self.program.rotations}

    @cached_property
    def leave(self) -> set[str]:
        return {r.id for r in self.program.rotations if r.category == "leave"}

    @cached_property
    def complete(self) -> list[Resident]:
        """Residents with a full year of known rotations; the rest are the schedule
        family's to report, and no other family judges them."""
        return [r for r in self.program.residents if self.row_problem(r) is None]

    @cached_property
    def with_cohorts(self) -> list[Resident]:
        """Complete residents whose cohort is valid (or who have no template)."""
        return [r for r in self.complete if self.cohort_problem(r) is None]

    def row_problem(self, resident: Resident) -> str | None:
        """Why the resident's row cannot be checked, or None."""
        row = self.schedule.assignments.get(resident.id)
        if row is None:
            return "missing"
        if len(row) != self.program.weeks:
            return "length"
        if any(rotation not in self.rotations for rotation in row):
            return "unknown"
        return None

    def cohort_problem(self, resident: Resident) -> str | None:
        """What is wrong with the resident's cohort, in words, or None."""
        template = self.template(resident)
        cohort = self.schedule.cohorts.get(resident.id)
        if template is None:
            if cohort is None:
                return None
            return f"{resident.id} has no template but is given cohort {cohort}"
        if cohort is None or not 1 <= cohort <= template.cohorts:
            return f"{resident.id} needs a cohort from 1 to {template.cohorts}, has {cohort}"
        if resident.cohort is not None and resident.cohort != cohort:
            return f"{resident.id} is fixed to cohort {resident.cohort} on the roster, scheduled in {cohort}"
        return None

    # ------------------------------------------------------------ phases and segments

    def template(self, resident: Resident) -> Template | None:
        track = self.program.track_by_id[resident.track]
        return self.program.template_by_id.get(track.template) if track.template else None

    def phase_of(self, resident: Resident, week: int) -> str:
        """'X', 'Y' or '-' (no template), derived from the cohort alone."""
        template = self.template(resident)
        cohort = self.schedule.cohorts.get(resident.id)
        if template is None or cohort is None:
            return "-"
        start = (cohort - 1) * template.stagger  # first week of this cohort's cycle
        into_cycle = (week - start) % (template.x_weeks + template.y_weeks)
        return "X" if into_cycle < template.x_weeks else "Y"

    def segment_start(self, resident: Resident, week: int) -> int:
        """The week (possibly before week 0) where the segment holding ``week`` truly starts."""
        if self.template(resident) is None or resident.id not in self.schedule.cohorts:
            block = self.program.track_by_id[resident.track].block_weeks
            return week - week % block
        phase = self.phase_of(resident, week)
        start = week
        while self.phase_of(resident, start - 1) == phase:
            start -= 1
        return start


@dataclass(frozen=True)
class CheckFamily:
    """One family of the validator: its name (the same as the model's family) and check."""

    name: str
    check: Callable[[CheckContext], None]


# ---------------------------------------------------------------- raw-field readings


def counts_at(level: str, pgy: int) -> bool:
    """Whether a PGY-``pgy`` resident counts toward a staffing level."""
    named = {"interns": pgy == 1, "seniors": pgy > 1, "any": True}
    return named.get(level, level == f"PGY-{pgy}")


def staffing(rotation: Rotation) -> list[tuple[str, Range]]:
    """(level, range) of each staffing rule of the rotation, read from its fields."""
    coverage = rotation.coverage
    rules = [
        (level, bounds)
        for level, bounds in (
            ("interns", coverage.interns),
            ("seniors", coverage.seniors),
            ("any", coverage.any),
        )
        if bounds is not None
    ]
    return rules + [(f"PGY-{year}", coverage.by_pgy[year]) for year in sorted(coverage.by_pgy)]


def within(value: int, bounds: Range) -> bool:
    return value >= bounds.min and (bounds.max is None or value <= bounds.max)


def short_or_over(value: int, bounds: Range) -> str:
    """How far outside its range a count is, in words."""
    if value < bounds.min:
        return f"short by {bounds.min - value}"
    return f"over by {value - (bounds.max or 0)}"


def applies(rule: Applicability, resident: Resident) -> bool:
    """Whether a rule limited to some tracks and PGY years covers the resident (a year's
    total, a requirement, ambulatory share or clinic half-days, not one who withdraws)."""
    yearly = isinstance(rule, Requirement | AmbulatoryShare | ClinicHalfDays)
    if yearly and resident.withdrawn_from is not None:
        return False
    return (rule.tracks is None or resident.track in rule.tracks) and (
        rule.pgy is None or resident.pgy in rule.pgy
    )


def named(program: Program, selector: Selector) -> set[str]:
    """Rotation ids a selector names, by id or by category."""
    by_category = {rot.id for rot in program.rotations if rot.category in set(selector.categories)}
    return set(selector.rotations) | by_category


def weeks_of(span: WeekSpan) -> range:
    """0-based weeks of a 1-based inclusive span."""
    return range(span.first - 1, span.last)


def exact_share(share: float) -> Fraction:
    """A share as the fraction it was written as (0.3333 is 1/3)."""
    return Fraction(share).limit_denominator(1000)


def runs(weeks: list[int]) -> list[list[int]]:
    """Split sorted week numbers into runs of consecutive weeks."""
    found: list[list[int]] = []
    for week in weeks:
        if found and found[-1][-1] == week - 1:
            found[-1].append(week)
        else:
            found.append([week])
    return found
