"""Ambulatory-share targets against what each of a resident's cohorts allows."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from fractions import Fraction

from constraints.phases import OpenRotations
from scheduler.domain import Program, Resident, as_fraction
from scheduler.domain.edits import Finding, Knob
from scheduler.explain.numbers.required import (
    Need,
    most_required,
    requirement_needs,
    rotations_of_requirements,
)
from scheduler.explain.numbers.words import MOST, joined, some
from scheduler.stages.calendar import resident_weeks


def ambulatory_reach(program: Program, reaches: Reaches) -> list[Finding]:
    """Each ambulatory-share rule must be reachable for each resident under some cohort.

    Under a cohort, a resident's scheduled weeks are the year less their vacation (when
    vacation is the only leave open to them); at most the weeks an ambulatory rotation is
    open, and no more than the scheduled weeks left after requirements on non-ambulatory
    rotations, can be ambulatory; at least the weeks where every open rotation is
    ambulatory, and the weeks requirements put on ambulatory rotations, must be.
    """
    groups: dict[tuple[int, str, Fraction, str], list[str]] = defaultdict(list)
    for i, rule in enumerate(program.ambulatory_share):
        low, high = as_fraction(rule.min), as_fraction(rule.max)
        for resident in program.residents:
            if not rule.applies_to(resident):
                continue
            prior = (
                (resident.prior_ambulatory_weeks, resident.prior_weeks)
                if rule.cumulative
                else (0, 0)
            )
            known = reaches.of(resident)
            if known is None:
                continue
            verdict = _share_verdict(known, prior, low, high)
            if verdict is not None:
                groups[i, *verdict].append(resident.id)
    return [
        _share_reason(program, i, kind, bound, because, ids)
        for (i, kind, bound, because), ids in list(groups.items())[:MOST]
    ]


@dataclass(frozen=True)
class Reach:
    """A resident's ambulatory weeks under one cohort: the fewest and the most possible,
    out of their scheduled weeks, and what sets each limit, in words; and the weeks that
    offer only ambulatory rotations (clinic weeks), and the ambulatory rotations open in the
    other weeks."""

    fewest: int
    most: int
    scheduled: int
    why_most: str
    why_fewest: str
    only_ambulatory: int
    beyond_clinic: frozenset[int]


class Reaches:
    """Each resident's :class:`Reach` under each of their candidate cohorts, worked out once
    for the checks that need it (the share targets here, the weekly places in
    :mod:`.budgets`)."""

    def __init__(self, program: Program, candidates: dict[str, list[int]]) -> None:
        self.program = program
        self.candidates = candidates
        self.lookup = OpenRotations(program)
        rotations = program.rotations
        self.ambulatory = frozenset(k for k, rot in enumerate(rotations) if rot.ambulatory)
        self.leave = frozenset(k for k, rot in enumerate(rotations) if rot.category == "leave")
        self.other_leave = frozenset(
            k for k in self.leave if rotations[k].id != program.vacation_rotation
        )
        self.sets = rotations_of_requirements(program)
        self.known: dict[str, list[Reach] | None] = {}

    def of(self, resident: Resident) -> list[Reach] | None:
        """The resident's reach under every candidate cohort; None if one cannot be
        bounded."""
        if resident.id not in self.known:
            cohorts: list[int | None] = [*self.candidates.get(resident.id, [])] or [None]
            found = [_reach(self, resident, g) for g in cohorts]
            known = [reach for reach in found if reach is not None]
            self.known[resident.id] = known if len(known) == len(found) else None
        return self.known[resident.id]


def _reach(reaches: Reaches, resident: Resident, cohort: int | None) -> Reach | None:
    """None where the weeks cannot be bounded: leave other than vacation is open, or the
    resident's own requirements do not fit (which other checks report)."""
    program = reaches.program
    ambulatory, leave = reaches.ambulatory, reaches.leave
    policy = program.vacation
    slots = resident_weeks(program, resident, cohort)
    cells = [reaches.lookup(resident, slot) for slot in slots]
    if any(cell & reaches.other_leave for cell in cells):
        return None
    vacation = policy.weeks_per_resident if policy else 0
    scheduled = program.weeks - vacation
    required = requirement_needs(program, resident, reaches.sets)
    elsewhere, kept_off = most_required(
        [need for need in required if not need.rotations & (ambulatory | leave)]
    )
    on_ambulatory, kept_on = most_required(
        [need for need in required if need.rotations <= ambulatory]
    )
    open_weeks = sum(1 for cell in cells if cell & ambulatory)
    only_ambulatory = sum(1 for cell in cells if cell and cell <= ambulatory)
    most = min(open_weeks, scheduled - elsewhere)
    # required ambulatory weeks that the weeks offering only ambulatory rotations cannot
    # hold (an ambulatory elective of the service phase) come on top of those weeks
    needed_rotations = frozenset().union(*(need.rotations for need in kept_on))
    room_inside = sum(
        1 for cell in cells if cell and cell <= ambulatory and cell & needed_rotations
    )
    fewest = only_ambulatory + max(0, on_ambulatory - room_inside)
    if fewest > most or scheduled <= 0:
        return None
    year = f"{scheduled} scheduled weeks" + (f" after {vacation} of vacation" if vacation else "")
    if open_weeks <= scheduled - elsewhere:
        why_most = f"an ambulatory rotation is open to them in only {open_weeks} weeks"
    elif elsewhere:
        why_most = f"{year}, less {elsewhere} that {_weeks_of(kept_off)} require elsewhere"
    else:
        why_most = year
    why_fewest = f"{only_ambulatory} of their weeks offer only ambulatory rotations"
    if fewest > only_ambulatory:
        why_fewest += f", and {_weeks_of(kept_on)} require {fewest - only_ambulatory} more"
    beyond_clinic = frozenset(
        k for cell in cells if not cell <= ambulatory for k in cell & ambulatory
    )
    return Reach(fewest, most, scheduled, why_most, why_fewest, only_ambulatory, beyond_clinic)


def _weeks_of(needs: list[Need]) -> str:
    """'Wards 12, MICU 6 and Night float 3': requirements and their minimum weeks."""
    return joined([f"{need.name} {need.weeks}" for need in needs])


def _share_verdict(
    reaches: list[Reach], prior: tuple[int, int], low: Fraction, high: Fraction
) -> tuple[str, Fraction, str] | None:
    """None if some cohort lets the share land in [low, high]. Otherwise (kind, share,
    why): 'high' with the best share reachable when the minimum is out of reach, 'low' with
    the least share possible when the maximum is, 'narrow' when the range falls between
    what the cohorts allow."""
    prior_amb, prior_weeks = prior

    def share(weeks: int, reach: Reach) -> Fraction:
        return Fraction(weeks + prior_amb, reach.scheduled + prior_weeks)

    too_high = too_low = 0
    for reach in reaches:
        total = reach.scheduled + prior_weeks
        need = math.ceil(low * total) - prior_amb
        allow = math.floor(high * total) - prior_amb
        if max(reach.fewest, need) <= min(reach.most, allow):
            return None
        too_high += need > reach.most
        too_low += allow < reach.fewest
    if too_high == len(reaches):
        best = max(reaches, key=lambda r: share(r.most, r))
        return "high", share(best.most, best), best.why_most
    if too_low == len(reaches):
        least = min(reaches, key=lambda r: share(r.fewest, r))
        return "low", share(least.fewest, least), least.why_fewest
    return "narrow", Fraction(0), ""


def _percent_down(share: Fraction) -> str:
    """A share as a percentage rounded down to one decimal, so that it can be reached."""
    return f"{math.floor(share * 1000) / 10:g}%"


def _percent_up(share: Fraction) -> str:
    return f"{math.ceil(share * 1000) / 10:g}%"


def _share_reason(
    program: Program, i: int, kind: str, reach: Fraction, why: str, ids: list[str]
) -> Finding:
    """In words, with the one number to change: the minimum down to the best share some
    resident can reach (the lowest of them, since all must reach it), or the maximum up."""
    rule = program.ambulatory_share[i]
    key = f"ambulatory share {i} {kind}"
    lowest = Knob(("ambulatory_share", i, "min"), up=False, needed=float(reach))
    highest = Knob(("ambulatory_share", i, "max"), up=True, needed=float(reach))
    who = f"{len(ids)} resident{'s' if len(ids) > 1 else ''} ({some(ids)})"
    scope = " over training" if rule.cumulative else ""
    low, high = as_fraction(rule.min), as_fraction(rule.max)
    name = f"ambulatory_share[{i}]"
    if kind == "high":
        bound = _percent_down(reach)
        fix = (
            "open an ambulatory rotation to them, or leave them out of the rule"
            if bound == "0%"
            else f"lower the minimum to {bound} or less, or the requirements elsewhere"
        )
        text = (
            f"ambulatory share: {name} needs at least {float(low):.0%}{scope}, but {who} can "
            f"reach at most {bound} under any cohort ({why}); {fix}"
        )
        return Finding(key, text, (lowest,) if reach > 0 else ())
    if kind == "low":
        bound = _percent_up(reach)
        text = (
            f"ambulatory share: {name} allows at most {float(high):.0%}{scope}, but {who} have "
            f"at least {bound} under any cohort ({why}); raise the maximum to {bound} or more"
        )
        return Finding(key, text, (highest,))
    text = (
        f"ambulatory share: no cohort lets {who} land in {name}'s "
        f"{float(low):.0%}-{float(high):.0%}{scope}; widen the range"
    )
    widen = (
        Knob(("ambulatory_share", i, "min"), up=False),
        Knob(("ambulatory_share", i, "max"), up=True),
    )
    return Finding(key, text, widen)


def share_floors(program: Program, reaches: Reaches) -> dict[str, list[Need]]:
    """Weeks each resident's ambulatory-share minimums force onto ambulatory rotations
    outside the weeks that offer only ambulatory rotations (clinic weeks), whatever their
    cohort: the share's minimum less those weeks, at the cohort where that is least.

    Such weeks compete with everyone else's for the ambulatory rotations' weekly places,
    which :mod:`.budgets` weighs like any requirement's."""
    floors: dict[str, list[Need]] = {}
    for resident in program.residents:
        known = reaches.of(resident)
        if known is None:
            continue
        needs = [
            need
            for i, rule in enumerate(program.ambulatory_share)
            if rule.applies_to(resident) and rule.min > 0
            for need in [_floor(program, resident, i, known)]
            if need is not None
        ]
        if needs:
            floors[resident.id] = needs
    return floors


def _floor(program: Program, resident: Resident, i: int, known: list[Reach]) -> Need | None:
    rule = program.ambulatory_share[i]
    low = as_fraction(rule.min)
    prior_amb, prior_weeks = (
        (resident.prior_ambulatory_weeks, resident.prior_weeks) if rule.cumulative else (0, 0)
    )
    fewest = min(
        math.ceil(low * (reach.scheduled + prior_weeks)) - prior_amb - reach.only_ambulatory
        for reach in known
    )
    where = frozenset().union(*(reach.beyond_clinic for reach in known))
    if fewest <= 0 or not where:
        return None
    return Need(
        where, fewest, f"ambulatory_share[{i}] beyond clinic weeks", ("ambulatory_share", i, "min")
    )
