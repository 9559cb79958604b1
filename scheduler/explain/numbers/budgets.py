"""Requirement minimums against coverage maximums: each group of residents must fit the
weeks its requirements put on a set of rotations into what those rotations' weekly
maximums let that group take over the year.

The sets are the ones requirements name, each capped rotation alone, and unions of
requirement sets (MICU and CCU under "ICU" beside a night-float requirement). A group is
the residents of one staffing level (interns, seniors, everyone, one PGY year; a level
with the same residents as an earlier one is skipped). Requirements on disjoint sets
inside a set add up; of overlapping ones, the larger counts. Only the smallest failing set
of each group is reported.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from itertools import combinations

import numpy as np

from scheduler.domain import Program, level_includes
from scheduler.domain.edits import Finding, Knob, Path, coverage_path
from scheduler.explain.numbers.required import (
    Need,
    most_required,
    requirement_needs,
    rotations_of_requirements,
)
from scheduler.explain.numbers.words import MOST, count, joined, noun


def requirements_against_coverage(
    program: Program, cells: list[list[frozenset[int]]], floors: dict[str, list[Need]]
) -> list[Finding]:
    """``floors``: weeks each resident's ambulatory targets need on ambulatory rotations
    (:func:`scheduler.explain.numbers.ambulatory.share_floors`), weighed like requirements."""
    budget = _Budget.of(program, cells, floors)
    reasons: list[Finding] = []
    failed: list[tuple[str, frozenset[int]]] = []
    for rotations in _named_sets(program):
        for level in budget.levels:
            if any(level == lv and done <= rotations for lv, done in failed):
                continue
            reason = budget.shortfall(rotations, level)
            if reason is not None:
                failed.append((level, rotations))
                reasons.append(reason)
                if len(reasons) == MOST:
                    return reasons
    return reasons


def _named_sets(program: Program) -> list[frozenset[int]]:
    """Rotation sets to test, smallest first: requirement sets, capped rotations, and
    unions of requirement sets (all of them for up to 10 sets, else of two or three)."""
    named = list(dict.fromkeys(s for s in rotations_of_requirements(program) if s))
    capped = [
        frozenset({k})
        for k, rotation in enumerate(program.rotations)
        if any(bounds.max is not None for _, bounds in rotation.coverage.rules())
    ]
    most = len(named) if len(named) <= 10 else 3
    unions = [
        frozenset().union(*group)
        for size in range(2, most + 1)
        for group in combinations(named, size)
    ]
    found = list(dict.fromkeys([*named, *capped, *unions]))
    return sorted(found, key=lambda s: (len(s), sorted(s)))


@dataclass(frozen=True)
class _Budget:
    """What the checks share, worked out once: who is in each level, each resident's open
    rotations as bits per week, and residents grouped by what requirements apply to them."""

    program: Program
    levels: list[str]
    members: dict[str, np.ndarray]  # level -> resident indices
    open_bits: np.ndarray  # resident x week: bit k set when rotation k is open
    classes: dict[tuple[Need, ...], list[int]]  # what residents need -> those residents

    @classmethod
    def of(
        cls, program: Program, cells: list[list[frozenset[int]]], floors: dict[str, list[Need]]
    ) -> _Budget:
        levels, members = _levels(program)
        bits = np.array(
            [[sum(1 << k for k in cell) for cell in weeks] for weeks in cells],
            dtype=object if len(program.rotations) > 62 else np.int64,
        ).reshape(len(program.residents), program.weeks)
        sets = rotations_of_requirements(program)
        classes: dict[tuple[Need, ...], list[int]] = defaultdict(list)
        for r, resident in enumerate(program.residents):
            needs = (*requirement_needs(program, resident, sets), *floors.get(resident.id, []))
            classes[needs].append(r)
        return cls(program, levels, members, bits, classes)

    def shortfall(self, rotations: frozenset[int], level: str) -> Finding | None:
        """Why the level cannot fit its required weeks on the rotations, or None."""
        program = self.program
        caps = self._weekly_caps(rotations, level)
        if caps is None:
            return None
        demand, parts, takers = self._demand(rotations, level)
        per_week = sum(cap for cap, _, _ in caps.values())
        if demand <= 0:
            return None
        mask = sum(1 << k for k in rotations)
        able = ((self.open_bits[self.members[level]] & mask) != 0).sum(axis=0)
        ceiling = int(np.minimum(able, per_week).sum())
        if demand <= ceiling:
            return None
        names = [program.rotations[k].id for k in sorted(rotations)]
        limits = "; ".join(
            f"{program.rotations[k].id}: {rule}" for k, (_, rule, _) in sorted(caps.items())
        )
        takes = (
            f"{names[0]} takes at most {count(per_week, level)} a week ({limits})"
            if len(names) == 1
            else f"{joined(names)} take at most {count(per_week, level)} a week together ({limits})"
        )
        full = per_week * program.weeks
        fewer = (
            f" (fewer in weeks when fewer {noun(level)}s can be there)" if ceiling < full else ""
        )
        needed = -(-demand // program.weeks)
        targets = any(path[0] == "ambulatory_share" for path in takers)
        fix = "lower those requirements" + (" or ambulatory targets" if targets else "")
        if ceiling == full and needed <= int(able.max()):
            whose = f"{names[0]}'s maximum" if len(names) == 1 else "their maximums"
            fix += f", or raise {whose} to {count(needed, level)} a week"
            fix += "" if len(names) == 1 else " in all"
        text = (
            f"requirements against coverage, {noun(level)}s on {joined(names)}: {'; '.join(parts)}: "
            f"{demand} {noun(level)}-weeks, but {takes}: {ceiling} in the year{fewer}; {fix}"
        )
        excess = demand - ceiling
        extra = -(-excess // program.weeks)
        raise_caps = [
            Knob(
                coverage_path(program.rotations[k].id, rule_level, "max"),
                up=True,
                needed=cap + extra,
            )
            for k, (cap, _, rule_level) in sorted(caps.items())
        ]
        lower_needs = [
            Knob(path, up=False, needed=weeks - -(-excess // residents))
            for path, (weeks, residents) in takers.items()
        ]
        changes = (*raise_caps, *lower_needs) if len(names) == 1 else (*lower_needs, *raise_caps)
        return Finding(f"budget {level} on {' '.join(names)}", text, changes)

    def _weekly_caps(
        self, rotations: frozenset[int], level: str
    ) -> dict[int, tuple[int, str, str]] | None:
        """For each rotation of the set, the most residents of the level it takes a week
        (from any staffing rule whose level holds every one of them who can take it at
        all), that rule in words and its level; None if one of the rotations has no such
        maximum."""
        group = self.open_bits[self.members[level]]
        caps: dict[int, tuple[int, str, str]] = {}
        for k in rotations:
            takers = self.members[level][((group & (1 << k)) != 0).any(axis=1)]
            pgys = {self.program.residents[r].pgy for r in takers.tolist()}
            rules = [
                (bounds.max, f"coverage {lv} {bounds.text()}", lv)
                for lv, bounds in self.program.rotations[k].coverage.rules()
                if bounds.max is not None and all(level_includes(lv, pgy) for pgy in pgys)
            ]
            if not rules:
                return None
            caps[k] = min(rules)
        return caps

    def _demand(
        self, rotations: frozenset[int], level: str
    ) -> tuple[int, list[str], dict[Path, tuple[int, int]]]:
        """Weeks the level's requirements force onto the rotations, how, in words, and for
        each minimum that counted (by its place in the input): its weeks (the fewest, where
        it differs by resident) and how many residents it counted for."""
        in_level = set(self.members[level].tolist())
        demand = 0
        needed: dict[tuple[str, int], int] = defaultdict(int)  # (why, weeks) -> residents
        takers: dict[Path, tuple[int, int]] = {}
        for needs, residents in self.classes.items():
            size = sum(1 for r in residents if r in in_level)
            inside = [need for need in needs if need.rotations <= rotations]
            if not size or not inside:
                continue
            weeks, used = most_required(inside)
            demand += weeks * size
            needed[" + ".join(need.name for need in used), weeks] += size
            for need in used:
                least, counted = takers.get(need.path, (need.weeks, 0))
                takers[need.path] = (min(least, need.weeks), counted + size)
        parts = [
            f"{names} {'need' if ' + ' in names else 'needs'} {weeks} weeks from each of "
            f"{count(size, level)}"
            for (names, weeks), size in needed.items()
        ]
        return demand, parts, takers


def _levels(program: Program) -> tuple[list[str], dict[str, np.ndarray]]:
    """Staffing levels with a distinct, non-empty group of residents, and the groups."""
    levels = ["interns", "seniors", "any", *(f"PGY-{year}" for year in program.pgy_years)]
    groups: dict[tuple[int, ...], str] = {}
    for level in levels:
        group = tuple(
            r for r, res in enumerate(program.residents) if level_includes(level, res.pgy)
        )
        if group:
            groups.setdefault(group, level)
    return list(groups.values()), {
        level: np.array(group, dtype=int) for group, level in groups.items()
    }
