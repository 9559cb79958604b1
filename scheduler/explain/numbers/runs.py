"""Run limits against unit lengths: a rotation that fills whole 3-week segments, under a
rule of at most 2 weeks in a row, fits only where a segment is shorter than the limit or
where leave splits it; requirements on it must fit in what that leaves."""

from __future__ import annotations

import math
from collections import defaultdict

from constraints.phases import OpenRotations
from scheduler.domain import MaxConsecutive, Program, Resident
from scheduler.domain.edits import Finding, Knob
from scheduler.explain.numbers.words import MOST, joined, some
from scheduler.stages.calendar import resident_weeks, unit_blocks


def runs_against_units(program: Program, candidates: dict[str, list[int]]) -> list[Finding]:
    """Requirements inside a run-limited set of unit rotations, against the most weeks the
    units let a resident spend there under any of their cohorts."""
    policy = program.vacation
    leave = [rot for rot in program.rotations if rot.category == "leave"]
    if any(policy is None or rot.id != policy.rotation for rot in leave):
        return []  # leave with no yearly cap could split any unit: no bound
    lookup = OpenRotations(program)
    index = {rot.id: k for k, rot in enumerate(program.rotations)}
    found: dict[tuple[int, int, int], list[str]] = defaultdict(list)
    for i, rule in enumerate(program.sequencing.max_consecutive):
        limited = frozenset(index[rid] for rid in program.select(rule))
        units = {program.rotations[k].unit for k in limited}
        if len(units) != 1 or 1 in units:
            continue  # rotations of one unit each, or none to reason about
        (unit,) = units
        for j, requirement in enumerate(program.requirements):
            inside = frozenset(index[rid] for rid in program.select(requirement))
            if not inside or not inside <= limited or requirement.weeks.min == 0:
                continue
            if requirement.cumulative:
                continue  # what this year needs depends on history: left to the year models
            for resident in program.residents:
                if not (requirement.applies_to(resident) and rule.applies_to(resident)):
                    continue
                cohorts: list[int | None] = [*candidates.get(resident.id, [])] or [None]
                most = max(
                    _most_weeks(program, lookup, resident, cohort, limited, unit, rule)
                    for cohort in cohorts
                )
                if most < requirement.weeks.min:
                    found[i, j, math.floor(most)].append(resident.id)
    return [_finding(program, i, j, most, ids) for (i, j, most), ids in list(found.items())[:MOST]]


def _most_weeks(
    program: Program,
    lookup: OpenRotations,
    resident: Resident,
    cohort: int | None,
    limited: frozenset[int],
    unit: int | str,
    rule: MaxConsecutive,
) -> float:
    """An upper bound on the resident's weeks on the limited rotations under the cohort.

    A unit longer than the limit holds the rotations only with leave inside it, at least
    one week of leave for each (limit + 1) weeks beyond the limit; leave is the yearly
    vacation, spent where it buys the most weeks (fractions allowed, so the bound holds)."""
    slots = resident_weeks(program, resident, cohort)
    cells = [lookup(resident, slot) for slot in slots]
    blocked: set[int] = set()
    most = 0.0
    buys: list[tuple[float, int]] = []  # (weeks gained per leave week, leave weeks)
    for weeks in unit_blocks(slots, unit):
        blocked.update(weeks)
        length = sum(1 for w in weeks if cells[w] & limited)
        if length <= rule.weeks:
            most += length
        elif length:
            leave = math.ceil((length - rule.weeks) / (rule.weeks + 1))
            buys.append(((length - leave) / leave, leave))
    most += sum(1 for w, cell in enumerate(cells) if w not in blocked and cell & limited)
    budget = program.vacation.weeks_per_resident if program.vacation else 0
    for gain, leave in sorted(buys, reverse=True):
        spent = min(budget, leave)
        most += gain * spent
        budget -= spent
        if budget <= 0:
            break
    return most


def _finding(program: Program, i: int, j: int, whole: int, ids: list[str]) -> Finding:
    rule = program.sequencing.max_consecutive[i]
    requirement = program.requirements[j]
    rotations = program.select(rule)
    unit = program.rotation_by_id[rotations[0]].unit
    unit_name = "segments" if unit == "segment" else f"{unit}-week units"
    name = rule.label or rule.describe()
    who = f"{len(ids)} resident{'s' if len(ids) > 1 else ''} ({some(ids)})"
    text = (
        f"run limit against unit length: {name} allows at most {rule.weeks} weeks in a row "
        f"on {joined(rotations)}, which fill whole {unit_name} (only leave may split one), so "
        f"{who} can spend at most {whole} weeks there under any cohort; {requirement.name} "
        f"needs {requirement.weeks.min}; raise the run limit, lower {requirement.name}, or give "
        f"{joined(rotations)} a shorter unit"
    )
    changes = (
        Knob(("sequencing", "max_consecutive", i, "weeks"), up=True),
        Knob(("requirements", j, "weeks", "min"), up=False, needed=whole),
    )
    return Finding(f"runs {i} against units for requirement {j}", text, changes)
