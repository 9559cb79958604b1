"""The independent checker: recompute every rule from (program, schedule) alone.

This module must never import the solver, the model, the constraint families or the
calendar helpers the model uses. It derives phases, segments and units again from the
cohort numbers, in its own way, so a bug in the model's structure cannot hide in both
places. Every solve runs it before writing a workbook, every test asserts on its verdict,
and ``residency-scheduler check`` runs it on any workbook, including one edited by hand.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from fractions import Fraction

from scheduler.problem import Program, Resident, Selector, Template, as_fraction, people
from scheduler.schedule import Schedule

FAMILIES = (
    "schedule",
    "phases",
    "eligibility",
    "cohort balance",
    "units",
    "coverage",
    "requirements",
    "ambulatory",
    "vacation",
    "clinic",
    "pins",
    "sequencing",
)


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


@dataclass
class Report:
    """The verdict on a schedule, rule by rule."""

    checks: list[RuleCheck]

    @property
    def violations(self) -> list[Violation]:
        return [v for check in self.checks for v in check.violations]

    @property
    def ok(self) -> bool:
        return all(check.ok for check in self.checks)

    def by_family(self, family: str) -> list[Violation]:
        return [v for v in self.violations if v.family == family]


class _Checker:
    """Collects rule checks; one method per rule family."""

    def __init__(self, program: Program, schedule: Schedule) -> None:
        self.program = program
        self.schedule = schedule
        self.checks: dict[tuple[str, str], RuleCheck] = {}
        self.rotations = program.rotation_by_id
        self.leave = {r.id for r in program.rotations if r.category == "leave"}

    def rule(self, family: str, rule: str) -> RuleCheck:
        return self.checks.setdefault((family, rule), RuleCheck(family, rule))

    def verdict(
        self, family: str, rule: str, ok: bool, who: str, weeks: Iterable[int], message: str
    ) -> None:
        check = self.rule(family, rule)
        check.checked += 1
        if not ok:
            check.violations.append(Violation(family, rule, who, tuple(weeks), message))

    def runs(
        self, family: str, resident: Resident, weeks: list[int], limit: int, what: str
    ) -> None:
        """Each run of consecutive ``weeks`` (0-based) is at most ``limit`` long."""
        for run in _runs(weeks):
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

    # ------------------------------------------------------------------ shape

    def residents(self) -> list[Resident]:
        """Residents whose rows are complete and known; shape problems are reported."""
        program, schedule = self.program, self.schedule
        usable: list[Resident] = []
        for resident in program.residents:
            row = schedule.assignments.get(resident.id)
            if row is None:
                self.verdict(
                    "schedule",
                    "every resident scheduled",
                    False,
                    resident.id,
                    [],
                    f"{resident.id} ({resident.name}) has no schedule",
                )
                continue
            self.verdict("schedule", "every resident scheduled", True, resident.id, [], "")
            if len(row) != program.weeks:
                self.verdict(
                    "schedule",
                    "one rotation per week",
                    False,
                    resident.id,
                    [],
                    f"{resident.id} has {len(row)} weeks scheduled; the year has {program.weeks}",
                )
                continue
            unknown = [(w, rot) for w, rot in enumerate(row) if rot not in self.rotations]
            for w, rot in unknown:
                self.verdict(
                    "schedule",
                    "known rotations",
                    False,
                    resident.id,
                    [w + 1],
                    f"{resident.id} {self.week_text(w)}: unknown rotation '{rot}'",
                )
            self.verdict("schedule", "one rotation per week", True, resident.id, [], "")
            if not unknown:
                usable.append(resident)
        for rid in schedule.assignments:
            if rid not in program.resident_by_id:
                self.verdict(
                    "schedule",
                    "every scheduled resident on the roster",
                    False,
                    rid,
                    [],
                    f"'{rid}' is scheduled but not on the roster",
                )
        return usable

    # ------------------------------------------------------------------ phases

    def phase_of(self, resident: Resident, week: int) -> str:
        """'X', 'Y' or '-' (no template), derived from the cohort alone."""
        template = self.template(resident)
        cohort = self.schedule.cohorts.get(resident.id)
        if template is None or cohort is None:
            return "-"
        start = (cohort - 1) * template.stagger  # first week of this cohort's cycle
        into_cycle = (week - start) % (template.x_weeks + template.y_weeks)
        return "X" if into_cycle < template.x_weeks else "Y"

    def template(self, resident: Resident) -> Template | None:
        track = self.program.track_by_id[resident.track]
        return self.program.template_by_id.get(track.template) if track.template else None

    def cohorts(self, residents: list[Resident]) -> list[Resident]:
        """Residents with a valid cohort (or no template); bad cohorts are reported."""
        good = []
        for resident in residents:
            template = self.template(resident)
            cohort = self.schedule.cohorts.get(resident.id)
            if template is None:
                ok = cohort is None
                message = f"{resident.id} has no template but is given cohort {cohort}"
            elif cohort is None or not 1 <= cohort <= template.cohorts:
                ok = False
                message = f"{resident.id} needs a cohort from 1 to {template.cohorts}, has {cohort}"
            elif resident.cohort is not None and resident.cohort != cohort:
                ok = False
                message = f"{resident.id} is fixed to cohort {resident.cohort} on the roster, scheduled in {cohort}"
            else:
                ok, message = True, ""
            self.verdict("phases", "valid cohort", ok, resident.id, [], message)
            if ok:
                good.append(resident)
        return good

    def phases(self, residents: list[Resident]) -> None:
        vacation = self.program.vacation
        for resident in residents:
            for week, rotation_id in enumerate(self.schedule.assignments[resident.id]):
                phase = self.phase_of(resident, week)
                rotation = self.rotations[rotation_id]
                if vacation is not None and rotation_id == vacation.rotation:
                    service = "X" if phase == "-" else phase
                    ok = service in vacation.allowed_phases
                    rule = "vacation only in allowed phases"
                    reason = f"vacation in a {service} week; the policy allows {'/'.join(vacation.allowed_phases)} only"
                else:
                    ok = rotation.phase == "either" or rotation.phase == (
                        phase if phase != "-" else "X"
                    )
                    rule = "rotation matches the week's phase"
                    where = (
                        "a resident without a template" if phase == "-" else f"their {phase} phase"
                    )
                    reason = (
                        f"{rotation_id} is a {rotation.phase}-phase rotation, but this is {where}"
                    )
                self.verdict(
                    "phases",
                    rule,
                    ok,
                    resident.id,
                    [week + 1],
                    f"{resident.id} {self.week_text(week)}: {reason}",
                )

    def eligibility(self, residents: list[Resident]) -> None:
        for resident in residents:
            for week, rotation_id in enumerate(self.schedule.assignments[resident.id]):
                rotation = self.rotations[rotation_id]
                ok = (rotation.pgy is None or resident.pgy in rotation.pgy) and (
                    rotation.tracks is None or resident.track in rotation.tracks
                )
                self.verdict(
                    "eligibility",
                    "rotation open to the resident's year and track",
                    ok,
                    resident.id,
                    [week + 1],
                    f"{resident.id} (PGY-{resident.pgy}, {resident.track}) "
                    f"{self.week_text(week)}: {rotation_id} is not open to them",
                )

    def cohort_balance(self, residents: list[Resident]) -> None:
        rules = self.program.cohort_balance
        groups: dict[tuple[str, str], Counter[int]] = defaultdict(Counter)
        for resident in residents:
            template = self.template(resident)
            if template is None:
                continue
            cohort = self.schedule.cohorts[resident.id]
            if rules.by_pgy:
                groups[template.id, f"PGY-{resident.pgy}"][cohort] += 1
            if rules.by_site:
                groups[template.id, f"site {resident.clinic_site}"][cohort] += 1
        for (template_id, group), counts in groups.items():
            template = self.program.template_by_id[template_id]
            sizes = [counts.get(g, 0) for g in range(1, template.cohorts + 1)]
            spread = max(sizes) - min(sizes)
            self.verdict(
                "cohort balance",
                f"cohort sizes differ by at most {rules.max_difference}",
                spread <= rules.max_difference,
                group,
                [],
                f"template {template_id}, {group}: cohort sizes {sizes} differ by {spread} "
                f"(at most {rules.max_difference} allowed)",
            )

    # ------------------------------------------------------------------ units

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

    def units(self, residents: list[Resident]) -> None:
        for resident in residents:
            row = self.schedule.assignments[resident.id]
            starts = [self.segment_start(resident, week) for week in range(self.program.weeks)]
            for rotation in self.program.rotations:
                if rotation.unit == 1 or rotation.id in self.leave or rotation.id not in row:
                    continue
                parts: dict[tuple[int, int], list[int]] = defaultdict(list)
                for week, start in enumerate(starts):
                    part = 0 if rotation.unit == "segment" else (week - start) // int(rotation.unit)
                    parts[start, part].append(week)
                for weeks in parts.values():
                    if rotation.id not in (row[w] for w in weeks):
                        continue
                    strays = [
                        w for w in weeks if row[w] != rotation.id and row[w] not in self.leave
                    ]
                    unit = "segment" if rotation.unit == "segment" else f"{rotation.unit}-week unit"
                    others = ", ".join(sorted({row[w] for w in strays}))
                    self.verdict(
                        "units",
                        "rotations fill whole units",
                        not strays,
                        resident.id,
                        [w + 1 for w in weeks],
                        f"{resident.id} weeks {weeks[0] + 1}-{weeks[-1] + 1}: {rotation.id} must fill the "
                        f"whole {unit}, but {len(strays)} week(s) are on {others}",
                    )

    # ------------------------------------------------------------------ staffing

    def coverage(self, residents: list[Resident]) -> None:
        for rotation in self.program.rotations:
            for level, bounds in rotation.coverage.rules():
                members = [r for r in residents if _counts_at(level, r.pgy)]
                for week in range(self.program.weeks):
                    count = sum(
                        1 for r in members if self.schedule.assignments[r.id][week] == rotation.id
                    )
                    ok = bounds.contains(count)
                    if count < bounds.min:
                        detail = f"short by {bounds.min - count}"
                    else:
                        detail = f"over by {count - (bounds.max or 0)}"
                    self.verdict(
                        "coverage",
                        f"{rotation.id} {level} {bounds.text()} per week",
                        ok,
                        rotation.id,
                        [week + 1],
                        f"{rotation.name} {self.week_text(week)}: {people(count, level)}, needs "
                        f"{bounds.text()} ({detail})",
                    )

    def requirements(self, residents: list[Resident]) -> None:
        for requirement in self.program.requirements:
            chosen = _named(self.program, requirement)
            for resident in residents:
                if not requirement.applies_to(resident):
                    continue
                weeks = self.schedule.weeks_on(resident.id, chosen)
                bounds = requirement.weeks
                detail = (
                    f"short by {bounds.min - weeks}"
                    if weeks < bounds.min
                    else f"over by {weeks - (bounds.max or 0)}"
                )
                self.verdict(
                    "requirements",
                    f"{requirement.name} {bounds.text()} weeks",
                    bounds.contains(weeks),
                    resident.id,
                    [],
                    f"{resident.id} ({resident.name}): {weeks} weeks of {requirement.name}, "
                    f"needs {bounds.text()} ({detail})",
                )

    def ambulatory(self, residents: list[Resident]) -> None:
        ambulatory = {r.id for r in self.program.rotations if r.ambulatory}
        for rule in self.program.ambulatory_share:
            low, high = as_fraction(rule.min), as_fraction(rule.max)
            for resident in residents:
                if not rule.applies_to(resident):
                    continue
                amb = self.schedule.weeks_on(resident.id, ambulatory)
                scheduled = self.program.weeks - self.schedule.weeks_on(resident.id, self.leave)
                if rule.cumulative:
                    amb += resident.prior_ambulatory_weeks
                    scheduled += resident.prior_weeks
                share = Fraction(amb, scheduled) if scheduled else Fraction(0)
                scope = "over training" if rule.cumulative else "this year"
                name = f"ambulatory {float(low):.0%}-{float(high):.0%} {scope}"
                # low <= amb / scheduled <= high, multiplied out: a year with no scheduled
                # weeks (all leave) has nothing to measure and passes.
                self.verdict(
                    "ambulatory",
                    name,
                    low * scheduled <= amb <= high * scheduled,
                    resident.id,
                    [],
                    f"{resident.id} ({resident.name}): ambulatory {amb} of {scheduled} weeks = "
                    f"{float(share):.1%} {scope}, needs {float(low):.1%}-{float(high):.1%}",
                )

    def vacation(self, residents: list[Resident]) -> None:
        policy = self.program.vacation
        if policy is None:
            return
        half = self.program.weeks // 2
        for resident in residents:
            row = self.schedule.assignments[resident.id]
            taken = [w for w, rot in enumerate(row) if rot == policy.rotation]
            self.verdict(
                "vacation",
                f"exactly {policy.weeks_per_resident} vacation weeks",
                len(taken) == policy.weeks_per_resident,
                resident.id,
                [w + 1 for w in taken],
                f"{resident.id} ({resident.name}): {len(taken)} vacation weeks, needs "
                f"{policy.weeks_per_resident}",
            )
            self.runs("vacation", resident, taken, policy.max_block_weeks, "vacation weeks")
            if policy.min_per_half:
                for name, in_half in (
                    ("first", lambda w: w < half),
                    ("second", lambda w: w >= half),
                ):
                    count = sum(1 for w in taken if in_half(w))
                    self.verdict(
                        "vacation",
                        f"at least {policy.min_per_half} vacation weeks per half-year",
                        count >= policy.min_per_half,
                        resident.id,
                        [],
                        f"{resident.id}: {count} vacation weeks in the {name} half, needs "
                        f"{policy.min_per_half}",
                    )
        for level, cap in policy.max_away_per_week.rules():
            members = [r for r in residents if _counts_at(level, r.pgy)]
            for week in range(self.program.weeks):
                away = [
                    r.id for r in members if self.schedule.assignments[r.id][week] in self.leave
                ]
                self.verdict(
                    "vacation",
                    f"at most {cap} {level} away per week",
                    len(away) <= cap,
                    level,
                    [week + 1],
                    f"{self.week_text(week)}: {len(away)} {level} away "
                    f"({', '.join(away)}), at most {cap}",
                )
        known = {r.id for r in residents}
        for request in policy.approved:
            if request.resident not in known:
                continue
            row = self.schedule.assignments[request.resident]
            missing = [w for w in request.weeks.weeks() if row[w] != policy.rotation]
            self.verdict(
                "vacation",
                "approved vacations honoured",
                not missing,
                request.resident,
                [w + 1 for w in missing],
                f"{request.resident}: approved vacation {request.weeks.text()} "
                f"not given in week(s) {', '.join(str(w + 1) for w in missing)}",
            )

    def clinic(self, residents: list[Resident]) -> None:
        for site in self.program.clinic_sites:
            members = [r for r in residents if r.clinic_site == site.id]
            for week in range(self.program.weeks):
                present = sum(
                    1
                    for r in members
                    if self.rotations[self.schedule.assignments[r.id][week]].clinic_half_days > 0
                )
                self.verdict(
                    "clinic",
                    f"{site.id} at most {site.capacity} in clinic per week",
                    present <= site.capacity,
                    site.id,
                    [week + 1],
                    f"{site.name} {self.week_text(week)}: {present} residents in clinic, capacity "
                    f"{site.capacity} (over by {present - site.capacity})",
                )
                if site.min_residents:
                    self.verdict(
                        "clinic",
                        f"{site.id} at least {site.min_residents} in clinic per week",
                        present >= site.min_residents,
                        site.id,
                        [week + 1],
                        f"{site.name} {self.week_text(week)}: {present} residents in clinic, needs at "
                        f"least {site.min_residents}",
                    )

    def pins(self, residents: list[Resident]) -> None:
        known = {r.id for r in residents}
        for i, pin in enumerate(self.program.pins):
            if pin.resident not in known:
                continue
            row = self.schedule.assignments[pin.resident]
            wrong = [w for w in pin.weeks.weeks() if row[w] != pin.rotation]
            self.verdict(
                "pins",
                "pinned assignments honoured",
                not wrong,
                pin.resident,
                [w + 1 for w in wrong],
                f"pins[{i}]: {pin.resident} should be on {pin.rotation} in {pin.weeks.text()}, but week(s) "
                f"{', '.join(str(w + 1) for w in wrong)} are on {', '.join(sorted({row[w] for w in wrong}))}",
            )

    def sequencing(self, residents: list[Resident]) -> None:
        for rule in self.program.sequencing.max_consecutive:
            chosen = _named(self.program, rule)
            name = rule.label or rule.describe()
            for resident in residents:
                if not rule.applies_to(resident):
                    continue
                row = self.schedule.assignments[resident.id]
                on_rule = [w for w, rot in enumerate(row) if rot in chosen]
                self.runs("sequencing", resident, on_rule, rule.weeks, f"weeks of {name}")
        for pair in self.program.sequencing.not_adjacent:
            first, second = (
                _named(self.program, pair.first),
                _named(self.program, pair.second),
            )
            name = pair.label or f"{pair.first.describe()} next to {pair.second.describe()}"
            for resident in residents:
                row = self.schedule.assignments[resident.id]
                for w in range(self.program.weeks - 1):
                    a, b = row[w], row[w + 1]
                    bad = (a in first and b in second) or (a in second and b in first)
                    self.verdict(
                        "sequencing",
                        f"no {name}",
                        not bad,
                        resident.id,
                        [w + 1, w + 2],
                        f"{resident.id} weeks {w + 1}-{w + 2}: {a} then {b} (no {name})",
                    )


def _counts_at(level: str, pgy: int) -> bool:
    """Whether a PGY-``pgy`` resident counts toward a staffing level (derived here again,
    not shared with the model)."""
    named = {"interns": pgy == 1, "seniors": pgy > 1, "any": True}
    return named.get(level, level == f"PGY-{pgy}")


def _named(program: Program, selector: Selector) -> set[str]:
    """Rotation ids a selector names, by id or by category."""
    by_category = {rot.id for rot in program.rotations if rot.category in set(selector.categories)}
    return set(selector.rotations) | by_category


def _runs(weeks: list[int]) -> list[list[int]]:
    """Split sorted week numbers into runs of consecutive weeks."""
    runs: list[list[int]] = []
    for week in weeks:
        if runs and runs[-1][-1] == week - 1:
            runs[-1].append(week)
        else:
            runs.append([week])
    return runs


def validate(program: Program, schedule: Schedule) -> Report:
    """Check every rule of ``program`` against ``schedule``."""
    checker = _Checker(program, schedule)
    residents = checker.residents()
    with_cohorts = checker.cohorts(residents)
    checker.phases(with_cohorts)
    checker.eligibility(residents)
    checker.cohort_balance(with_cohorts)
    checker.units(with_cohorts)
    checker.coverage(residents)
    checker.requirements(residents)
    checker.ambulatory(residents)
    checker.vacation(residents)
    checker.clinic(residents)
    checker.pins(residents)
    checker.sequencing(residents)
    order = {family: i for i, family in enumerate(FAMILIES)}
    checks = sorted(checker.checks.values(), key=lambda c: order.get(c.family, len(order)))
    return Report(checks)
