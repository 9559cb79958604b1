"""Suggested fixes for a program proven to have no schedule, each confirmed by a solve.

A conflict found in numbers (:class:`~scheduler.domain.edits.Finding`) names the inputs it is
made of. For each one, the fix search
1. finds the smallest change that removes the conflict in numbers: from the value the
   arithmetic asks for (or one step from the current one), a step at a time, re-running
   the checks before the search (a fraction of a second) after each step;
2. solves the changed program (a first schedule is enough) and has the independent
   checker (:mod:`scheduler.checks`) pass that schedule. Only then is the fix shown.

When a change is not enough (the solve finds no schedule), the next step of the same
number is tried, up to :data:`scheduler.domain.edits.MOST_STEPS`. When a program has several
conflicts that no single number removes together, a change that removes one is confirmed
together with, for each other conflict, the first change that removes it and not this one
(else that change alone would be the better fix), and says so. At most
:data:`MOST_PER_CONFLICT` fixes are shown per conflict.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from scheduler.checks import validate
from scheduler.domain import Program
from scheduler.domain.edits import Change, Finding, Knob, Removal
from scheduler.domain.params import SolveParams
from scheduler.explain.before_search import Screening, screen
from scheduler.stages.solver import stop_requested
from scheduler.workflows.solving import solve

MOST_PER_CONFLICT = 3
#: Seconds for the residents' years alone in each check of a changed program: a step
#: whose check takes longer is left to the confirming solve.
PERSONAL_TIME = 5.0


@dataclass(frozen=True)
class Fix:
    """A change to one input that makes the program schedulable, as confirmed by a solve.

    ``program`` is the program the solve confirmed: the change applied, and, when it is
    not ``alone``, the first fix of each other conflict too (``also``)."""

    change: str
    program: Program
    resolves: tuple[int, ...]  # the conflicts (positions in the findings) it removes
    also: tuple[str, ...] = ()  # the other fixes it was confirmed with

    @property
    def alone(self) -> bool:
        return not self.also

    def __str__(self) -> str:
        which = ", ".join(str(i + 1) for i in self.resolves)
        noun = "conflicts" if len(self.resolves) > 1 else "conflict"
        with_others = f", together with: {'; '.join(self.also)}" if self.also else ""
        return f"({noun} {which}) {self.change}{with_others}"


@dataclass(frozen=True)
class Suggestions:
    """The confirmed fixes, and whether every change the conflicts name was tried."""

    fixes: list[Fix] = field(default_factory=list)
    complete: bool = True
    seconds: float = 0.0
    #: the user stopped the search before every change was tried
    interrupted: bool = False


@dataclass(frozen=True)
class _Candidate:
    """A change that removes its conflicts in numbers: what it is, the changed program, and
    what the checks before the search still find in it."""

    text: str
    edited: Program
    owners: tuple[int, ...]
    after: Screening


def suggest_fixes(
    program: Program,
    findings: Sequence[Finding],
    params: SolveParams,
    *,
    solve_limit: float = 20.0,
) -> Suggestions:
    """Up to three confirmed fixes per conflict, within ``params.fix_time_limit`` seconds."""
    started = time.perf_counter()
    deadline = started + params.fix_time_limit
    search = _Search(program, list(findings), deadline, solve_limit, params)
    fixes = search.run()
    seconds = time.perf_counter() - started
    return Suggestions(fixes, search.complete, seconds, interrupted=stop_requested())


class _Search:
    def __init__(
        self,
        program: Program,
        findings: list[Finding],
        deadline: float,
        solve_limit: float,
        params: SolveParams,
    ) -> None:
        self.program = program
        self.findings = findings
        self.deadline = deadline
        self.solve_limit = solve_limit
        self.params = params
        self.complete = True
        self.keys = {finding.key: i for i, finding in enumerate(findings)}
        self.verdicts: dict[str, Fix | None] = {}

    def run(self) -> list[Fix]:
        pending = self._pending()
        candidates = [candidate for candidate, _ in pending]
        shown: dict[int, int] = {}
        fixes: list[Fix] = []
        for candidate, further in pending:
            if all(shown.get(owner, 0) >= MOST_PER_CONFLICT for owner in candidate.owners):
                continue
            fix = self._confirm(candidate, candidates)
            while fix is None and not self._out_of_time():
                # not enough, or another conflict in its place: a step further, if any
                step = next(further, None)
                if step is None:
                    break
                fix = self._confirm(step, candidates)
            if fix is not None:
                fixes.append(fix)
                for owner in fix.resolves:
                    shown[owner] = shown.get(owner, 0) + 1
        return fixes

    def _pending(self) -> list[tuple[_Candidate, Iterator[_Candidate]]]:
        """For each input the conflicts name (once, however many name it), the smallest
        change that removes those conflicts in numbers, and the further steps after it."""
        merged: dict[tuple[object, ...], tuple[Change, list[int]]] = {}
        for i, finding in enumerate(self.findings):
            for change in finding.changes:
                key = (type(change), change.path)
                if key in merged:
                    known, owners = merged[key]
                    merged[key] = (_stricter(known, change), [*owners, i])
                else:
                    merged[key] = (change, [i])
        pending = []
        for change, owners in merged.values():
            if self._out_of_time():
                break
            steps = self._clearing(change, tuple(owners))
            first = next(steps, None)
            if first is not None:
                pending.append((first, steps))
        return pending

    def _clearing(self, change: Change, owners: tuple[int, ...]) -> Iterator[_Candidate]:
        """Changes of the input, smallest first, that remove the owners' conflicts in
        numbers (a removal has one)."""
        if isinstance(change, Removal):
            candidate = self._removes(change.describe(), change.apply(self.program), owners)
            if candidate is not None:
                yield candidate
            return
        for value in change.values(self.program):
            if self._out_of_time():
                return
            edited = change.apply(self.program, value)
            if edited is None:
                return
            candidate = self._removes(change.describe(self.program, value), edited, owners)
            if candidate is not None:
                yield candidate

    def _removes(
        self, text: str, edited: Program | None, owners: tuple[int, ...]
    ) -> _Candidate | None:
        """The candidate, if the edited program no longer has the owners' conflicts (nor a
        conflict the cohort stage finds in their place)."""
        if edited is None:
            return None
        after = screen(edited, self.params, personal_time=PERSONAL_TIME)
        still = {self.keys.get(finding.key) for finding in after.findings}
        if still & set(owners) or (after.status is not None and not after.findings):
            return None
        return _Candidate(text, edited, owners, after)

    def _confirm(self, candidate: _Candidate, candidates: list[_Candidate]) -> Fix | None:
        """A fix, if a solve of the changed program finds a schedule that the checker
        passes. Where other conflicts remain, each gets its first change that does not
        also remove this one's (else that change alone would be the better fix)."""
        if candidate.text in self.verdicts:
            return self.verdicts[candidate.text]
        edited, also = candidate.edited, []
        remaining = {self.keys.get(finding.key) for finding in candidate.after.findings}
        if None in remaining:
            return None  # the change brings a conflict of its own
        for owner in sorted(i for i in remaining if i is not None):
            other = next(
                (
                    c
                    for c in candidates
                    if owner in c.owners and not set(c.owners) & set(candidate.owners)
                ),
                None,
            )
            if other is None:
                return None
            combined = _combine(edited, self.program, other.edited)
            if combined is None:
                return None
            edited = combined
            also.append(other.text)
        fix = Fix(candidate.text, edited, candidate.owners, tuple(also))
        verdict = fix if self._solves(edited) else None
        self.verdicts[candidate.text] = verdict
        return verdict

    def _solves(self, edited: Program) -> bool:
        remaining = self.deadline - time.perf_counter()
        if remaining < 1 or stop_requested():
            self.complete = False
            return False
        params = SolveParams(
            time_limit=min(self.solve_limit, remaining),
            workers=self.params.workers,
            seed=self.params.seed,
            stop_at_first=True,
            diagnose=False,
        )
        result = solve(edited, params)
        if result.schedule is None:
            return False
        return validate(edited, result.schedule).ok

    def _out_of_time(self) -> bool:
        if time.perf_counter() >= self.deadline or stop_requested():
            self.complete = False
        return not self.complete


def _stricter(known: Change, other: Change) -> Change:
    """Of two changes to the same number, the one asking for more."""
    if not isinstance(known, Knob) or not isinstance(other, Knob):
        return known
    if known.needed is None or other.needed is None:
        return known if other.needed is None else other
    pick = max if known.up else min
    return known if pick(known.needed, other.needed) == known.needed else other


def _combine(edited: Program, original: Program, other: Program) -> Program | None:
    """``edited`` with what ``other`` changed in ``original`` applied on top (None when
    both change the same list, where positions would no longer match)."""
    base, theirs, mine = original.model_dump(), other.model_dump(), edited.model_dump()
    for name, value in theirs.items():
        if value != base[name]:
            if mine[name] != base[name] and isinstance(value, list):
                return None
            mine[name] = _merged(base[name], mine[name], value)
    try:
        return Program.model_validate(mine)
    except ValueError:
        return None


def _merged(base: object, mine: object, theirs: object) -> object:
    """Three-way merge of plain data: where only one side changed, that side wins."""
    if isinstance(base, dict) and isinstance(mine, dict) and isinstance(theirs, dict):
        return {key: _merged(base.get(key), mine.get(key), theirs.get(key)) for key in base}
    if (
        isinstance(base, list)
        and isinstance(mine, list)
        and isinstance(theirs, list)
        and len(base) == len(mine) == len(theirs)
    ):
        return [_merged(b, m, t) for b, m, t in zip(base, mine, theirs, strict=True)]
    return theirs if mine == base else mine
