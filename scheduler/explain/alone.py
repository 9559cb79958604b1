"""Each resident's year alone: proofs that hold whatever cohorts the others get.

Most rules are about one resident at a time: requirements, units, sequencing, their own
vacation, their ambulatory share, their pins. They must all hold for each resident under
some cohort that resident could have. So for each resident (once for every group of
residents the rules treat alike), a small model of their year alone, with only those rules
(:func:`scheduler.stages.year_model.build_year_model` with ``personal=True``), is solved under each of
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
from scheduler.domain import Program
from scheduler.domain.edits import Change, Finding
from scheduler.domain.params import SolveParams
from scheduler.explain.cores import conflicting_rules
from scheduler.explain.numbers.words import MOST, some
from scheduler.stages.calendar import resident_weeks
from scheduler.stages.labels import Label, Personal
from scheduler.stages.solver import new_solver, searching, stop_requested
from scheduler.stages.year_model import Layout, Mode, build_year_model

#: No resident's year alone gets more than this many seconds of search per cohort, the
#: first ``QUICK`` of them with one worker and no presolve.
PER_SOLVE = 5.0
QUICK = 0.2
#: Seconds to name the rules of a year proven impossible (by shrinking them to the fewest).
NAMING = 5.0


def personal_conflicts(
    program: Program,
    candidates: dict[str, list[int]],
    params: SolveParams,
    *,
    time_limit: float = 20.0,
) -> list[Finding]:
    """Residents none of whose candidate cohorts leaves a year that keeps their own rules
    (empty if none was found in the time), each with the rules that cannot all hold."""
    deadline = time.perf_counter() + time_limit
    alone = _Alone(program, candidates, params)
    findings: list[Finding] = []
    for group in _alike(program, candidates):
        cohorts = alone.cohorts(group[0])
        verdicts = []
        for cohort in cohorts:
            if time.perf_counter() >= deadline or stop_requested():
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
    """Residents in groups that their own rules treat alike: same year, track, cohort
    options, history figures, hard requests (their weeks), weeks over training on each
    cumulative requirement, and rotations and events naming them (the clinic site is a
    rule on the group only); anyone with a pin or an approved vacation alone."""
    fixed = {pin.resident for pin in program.pins}
    if program.vacation is not None:
        fixed |= {request.resident for request in program.vacation.approved}
    hard: dict[str, list[tuple[str, int, int]]] = defaultdict(list)
    for section, _, request in program.requests.weeks_requests:
        if request.hard:
            weeks = program.requested_weeks(request)
            hard[request.resident].append((section, weeks.start, weeks.stop))
    cumulative = [q for q in program.requirements if q.cumulative]
    named = [r.residents for r in program.rotations] + [e.residents for e in program.events]
    groups: dict[tuple[object, ...], list[int]] = defaultdict(list)
    for r, resident in enumerate(program.residents):
        key = (
            resident.id if resident.id in fixed else "",
            resident.pgy,
            resident.track,
            resident.cohort,
            resident.prior_weeks,
            resident.prior_ambulatory_weeks,
            resident.prior_clinic_half_days,
            resident.withdrawn_from,
            tuple(candidates.get(resident.id, [])),
            tuple(sorted(hard[resident.id])),
            tuple(program.prior_weeks(resident.id, q) for q in cumulative),
            tuple(bool(names and resident.id in names) for names in named),
        )
        groups[key].append(r)
    return list(groups.values())


class _Alone:
    """Models of one resident's year under one cohort."""

    def __init__(
        self, program: Program, candidates: dict[str, list[int]], params: SolveParams
    ) -> None:
        self.program = program
        self.candidates = candidates
        self.params = params
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
        on a senior of program C). When it does not, CP-SAT's full portfolio of 8 workers
        follows: on a PGY-3 of a 6+2 version of A, one of its first-solution workers proves
        the year impossible in 0.2-0.4 s, where one or two workers take 1-3 s."""
        built = build_year_model(self.program, self.layout(r, cohort), [r], mode=Mode.ALONE)
        for workers, seconds in ((1, QUICK), (8, PER_SOLVE)):
            left = deadline - time.perf_counter()
            solver = new_solver(
                max(0.05, min(seconds, left)),
                self.params,
                num_workers=workers,
                stop_after_first_solution=True,
                cp_model_presolve=workers > 1,
            )
            with searching(solver):
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
        built = build_year_model(program, self.layout(r, cohorts[0]), [r], mode=Mode.ALONE_DIAGNOSE)
        # the proof is in hand; naming its rules gets a few seconds (a cut-short search
        # still names rules that cannot all hold, only perhaps more than needed)
        now = time.perf_counter()
        naming = min(max(deadline, now + 2), now + NAMING)
        labels = conflicting_rules(built.context, naming, self.params)
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
    """Labels in words; a rule of the same words on three or more rotations (each fills
    whole segments) once, with the rotations."""
    by_rule: dict[tuple[str, str], list[Label]] = defaultdict(list)
    for label in labels:
        by_rule[label.family, label.detail].append(label)
    parts = []
    for (family, detail), same in by_rule.items():
        if len(same) >= 3 and isinstance(same[0].depends, Personal):
            who = same[0].depends.resident
            names = ", ".join(label.subject.removeprefix(f"{who} ") for label in same)
            parts.append(f"[{family}] {who} {names}: {detail}")
        else:
            parts.extend(str(label) for label in same)
    return "; ".join(parts)


def _changes(labels: list[Label]) -> tuple[Change, ...]:
    """What the conflicting rules let a fix change, each input once."""
    found: dict[tuple[object, ...], Change] = {}
    for label in labels:
        for change in label.changes:
            found.setdefault((type(change), change.path), change)
    return tuple(found.values())
