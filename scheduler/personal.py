"""Each resident's year alone: proofs that hold whatever cohorts the others get.

Most rules are about one resident at a time: requirements, units, sequencing, their own
vacation, their ambulatory share, their pins. They must all hold for each resident under
some cohort that resident could have. So for each resident (once for every group of
residents the rules treat alike), a small model of their year alone, with only those rules
(:func:`scheduler.model.build_year_model` with ``personal=True``), is solved under each of
their candidate cohorts. If none has a year, no cohort assignment has a schedule, with no
caveat about cohorts the engine chose; an assumption core names the rules, in the
resident's own weeks. It is what arithmetic cannot see: segments of three weeks with
night float never next to the ICU, and four weeks of vacation, in an intern's 31 service
weeks.
"""

from __future__ import annotations

import time
from collections import defaultdict

from ortools.sat.python import cp_model

from constraints.phases import OpenRotations
from scheduler.arithmetic.words import MOST, some
from scheduler.calendar import resident_weeks
from scheduler.context import Label
from scheduler.cores import conflicting_rules
from scheduler.edits import Change, Finding
from scheduler.model import Layout, build_year_model
from scheduler.problem import Program

#: No resident's year alone gets more than this many seconds of search per cohort, the
#: first ``QUICK`` of them without presolve.
PER_SOLVE = 5.0
QUICK = 0.5


def personal_conflicts(
    program: Program, candidates: dict[str, list[int]], *, time_limit: float = 20.0, seed: int = 0
) -> list[Finding]:
    """Residents none of whose candidate cohorts leaves a year that keeps their own rules
    (empty if none was found in the time), each with the rules that cannot all hold."""
    deadline = time.perf_counter() + time_limit
    alone = _Alone(program, candidates, seed)
    findings: list[Finding] = []
    for group in _alike(program, candidates):
        cohorts = alone.cohorts(group[0])
        verdicts = []
        for cohort in cohorts:
            if time.perf_counter() >= deadline:
                return findings
            verdicts.append(alone.has_year(group[0], cohort, deadline))
            if verdicts[-1] is not False:
                break
        if verdicts and all(verdict is False for verdict in verdicts):
            findings.append(alone.explain(group, cohorts, deadline))
            if len(findings) == MOST:
                break
    return findings


def _alike(program: Program, candidates: dict[str, list[int]]) -> list[list[int]]:
    """Residents in groups that their own rules treat alike (same year, track, site,
    cohort options and history); anyone with a pin or an approved vacation alone."""
    fixed = {pin.resident for pin in program.pins}
    if program.vacation is not None:
        fixed |= {request.resident for request in program.vacation.approved}
    groups: dict[tuple[object, ...], list[int]] = defaultdict(list)
    for r, resident in enumerate(program.residents):
        key = (
            resident.id if resident.id in fixed else "",
            resident.pgy,
            resident.track,
            resident.clinic_site,
            resident.cohort,
            resident.prior_weeks,
            resident.prior_ambulatory_weeks,
            tuple(candidates.get(resident.id, [])),
        )
        groups[key].append(r)
    return list(groups.values())


class _Alone:
    """Models of one resident's year under one cohort."""

    def __init__(self, program: Program, candidates: dict[str, list[int]], seed: int) -> None:
        self.program = program
        self.candidates = candidates
        self.seed = seed
        self.lookup = OpenRotations(program)
        first = {rid: options[0] for rid, options in candidates.items() if options}
        self.base = Layout.of(program, first)

    def cohorts(self, r: int) -> list[int | None]:
        return [*self.candidates.get(self.program.residents[r].id, [])] or [None]

    def layout(self, r: int, cohort: int | None) -> Layout:
        """The base layout with resident ``r`` in ``cohort`` (nobody else matters here)."""
        resident = self.program.residents[r]
        slots, cells = list(self.base.slots), list(self.base.open_cells)
        slots[r] = resident_weeks(self.program, resident, cohort)
        cells[r] = [self.lookup(resident, slot) for slot in slots[r]]
        cohorts = dict(self.base.cohorts)
        if cohort is not None:
            cohorts[resident.id] = cohort
        return Layout(cohorts, slots, cells)

    def has_year(self, r: int, cohort: int | None, deadline: float) -> bool | None:
        """Whether the resident's own rules can all hold under the cohort (None: unknown).

        A quick search without presolve settles most years (0.02 s against 0.07 s with it
        on a senior of program C); presolve, which proves the hard ones at once, follows
        when it does not."""
        built = build_year_model(self.program, self.layout(r, cohort), [r], personal=True)
        for presolve, seconds in ((False, QUICK), (True, PER_SOLVE)):
            solver = cp_model.CpSolver()
            solver.parameters.num_workers = 1
            solver.parameters.random_seed = self.seed
            solver.parameters.stop_after_first_solution = True
            solver.parameters.cp_model_presolve = presolve
            left = deadline - time.perf_counter()
            solver.parameters.max_time_in_seconds = max(0.05, min(seconds, left))
            code = solver.solve(built.model)
            if code == cp_model.INFEASIBLE:
                return False
            if code in (cp_model.OPTIMAL, cp_model.FEASIBLE):
                return True
        return None

    def explain(self, group: list[int], cohorts: list[int | None], deadline: float) -> Finding:
        program = self.program
        r = group[0]
        resident = program.residents[r]
        built = build_year_model(
            program, self.layout(r, cohorts[0]), [r], personal=True, diagnose=True
        )
        labels = conflicting_rules(built.context, max(deadline, time.perf_counter() + 2), self.seed)
        who = f"{resident.id} (PGY-{resident.pgy}, {resident.track})"
        if len(group) > 1:
            others = [program.residents[i].id for i in group[1:]]
            who += f" and {len(others)} like them ({some(others)})"
        template = program.template_of(resident)
        if template is None or cohorts == [None]:
            where = ""
        elif len(cohorts) == 1:
            where = f" under cohort {cohorts[0]} of {template.id}"
        else:
            listed = ", ".join(str(g) for g in cohorts)
            where = f" under any cohort of {template.id} ({listed}; shown for cohort {cohorts[0]})"
        if labels is None:
            rules = "their own rules (which could not be named in time)"
            changes: tuple[Change, ...] = ()
        else:
            rules = f"these rules: {_grouped(labels)}"
            changes = _changes(labels)
        text = f"one resident's year: {who} has no year{where} that keeps {rules}"
        return Finding(f"alone {resident.id}", text, changes)


def _grouped(labels: list[Label]) -> str:
    """Labels in words, those that say the same thing of many weeks once, with a count."""
    by_rule: dict[tuple[str, str], list[str]] = defaultdict(list)
    for label in labels:
        by_rule[label.family, label.detail].append(label.subject)
    parts = []
    for (family, detail), subjects in by_rule.items():
        if len(subjects) == 1:
            parts.append(f"[{family}] {subjects[0]}" + (f": {detail}" if detail else ""))
        else:
            parts.append(f"[{family}] {detail} ({len(subjects)} places, e.g. {subjects[0]})")
    return "; ".join(parts)


def _changes(labels: list[Label]) -> tuple[Change, ...]:
    """What the conflicting rules let a fix change, each input once."""
    found: dict[tuple[object, ...], Change] = {}
    for label in labels:
        for change in label.changes:
            found.setdefault((type(change), change.path), change)
    return tuple(found.values())
