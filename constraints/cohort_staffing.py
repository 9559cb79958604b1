"""Cohorts that can staff the year: the stage-1 shadow of coverage and clinic minimums.

A staffing minimum ("at least 2 interns on wards in week 9") can only be met by residents
whose template phase that week lets them take the rotation, and a clinic minimum only by
residents whose phase lets them be in clinic. Cohorts decide those phases, so the cohort
stage requires, for every week, that enough residents *could* be there: for each minimum,
and for a level's minimums on several rotations together (different people, each in a phase
that allows the rotation they are on). It ignores pins,
vacation and everything else the year model adds, which makes each rule a necessary
condition of any schedule: it never excludes a cohort assignment the year model could
use, and a cohort stage it makes infeasible is a proof that no schedule exists.

Without it, the cohort stage could pick cohorts that leave some week short of staff, and
the year model, which cannot revisit cohorts, would fail on a program that has schedules.

Open rotations depend only on a resident's track, PGY year and week phase
(:class:`constraints.phases.OpenRotations`), so residents are counted per class (track,
PGY year, clinic site) and cohort, which keeps each rule a handful of terms.
"""

from __future__ import annotations

from collections import defaultdict

from ortools.sat.python import cp_model

from constraints.phases import OpenRotations
from scheduler.domain import Program, Resident, level_includes, people
from scheduler.stages.calendar import resident_weeks
from scheduler.stages.families import CohortContext, Family, Penalty, total
from scheduler.stages.labels import Label

NAME = "cohort staffing"
Class = tuple[str, int, str | None]  # track, PGY year, clinic site


def apply(ctx: CohortContext) -> list[Penalty]:
    program = ctx.program
    lookup = OpenRotations(program)
    counts = _class_counts(ctx)
    open_by_week = _open_rotations(program, lookup, ctx, counts)
    fixed = _without_template(program, lookup, ctx)
    for k, rotation in enumerate(program.rotations):
        for level, bounds in rotation.coverage.rules():
            if bounds.min == 0:
                continue
            for w in range(program.weeks):
                present = _able(counts, open_by_week, fixed, w, frozenset({k}), level=level)
                label = Label.at_least(
                    "coverage",
                    f"{rotation.id} week {w + 1}",
                    f"at least {people(bounds.min, level)} in a phase that allows it",
                )
                _at_least(ctx, present, bounds.min, label)
    _together(ctx, counts, open_by_week, fixed)
    with_clinic = frozenset(k for k, rot in enumerate(program.rotations) if rot.clinic_half_days)
    for site in program.clinic_sites:
        if not site.min_residents:
            continue
        for w in range(program.weeks):
            present = _able(counts, open_by_week, fixed, w, with_clinic, site=site.id)
            label = Label.at_least(
                "clinic",
                f"{site.id} clinic week {w + 1}",
                f"at least {site.min_residents} in a phase with clinic",
            )
            _at_least(ctx, present, site.min_residents, label)
    return []


def _class_of(resident: Resident) -> Class:
    return resident.track, resident.pgy, resident.clinic_site


def _class_counts(ctx: CohortContext) -> dict[Class, dict[int, cp_model.IntVar]]:
    """Residents of each class in each cohort, as integer variables."""
    choices: dict[Class, dict[int, list[cp_model.IntVar]]] = defaultdict(lambda: defaultdict(list))
    for r, options in ctx.choice.items():
        for g, var in options.items():
            choices[_class_of(ctx.program.residents[r])][g].append(var)
    counts: dict[Class, dict[int, cp_model.IntVar]] = {}
    for key, by_cohort in choices.items():
        counts[key] = {}
        for g, members in by_cohort.items():
            count = ctx.model.new_int_var(0, len(members), f"in cohort {g}: {key}")
            ctx.model.add(count == total(members))
            counts[key][g] = count
    return counts


def _open_rotations(
    program: Program,
    lookup: OpenRotations,
    ctx: CohortContext,
    counts: dict[Class, dict[int, cp_model.IntVar]],
) -> dict[tuple[Class, int], list[frozenset[int]]]:
    """Rotations open each week to a resident of the class in the cohort."""
    example = {_class_of(program.residents[r]): program.residents[r] for r in ctx.choice}
    return {
        (key, g): [lookup(example[key], slot) for slot in resident_weeks(program, example[key], g)]
        for key, by_cohort in counts.items()
        for g in by_cohort
    }


def _without_template(
    program: Program, lookup: OpenRotations, ctx: CohortContext
) -> list[tuple[Resident, list[frozenset[int]]]]:
    """Residents outside the cohort stage, with the rotations open to them each week."""
    return [
        (resident, [lookup(resident, slot) for slot in resident_weeks(program, resident, None)])
        for r, resident in enumerate(program.residents)
        if r not in ctx.choice
    ]


def _able(
    counts: dict[Class, dict[int, cp_model.IntVar]],
    open_by_week: dict[tuple[Class, int], list[frozenset[int]]],
    fixed: list[tuple[Resident, list[frozenset[int]]]],
    week: int,
    rotations: frozenset[int],
    *,
    level: str | None = None,
    site: str | None = None,
) -> tuple[list[cp_model.IntVar], int]:
    """(cohort counts, constant) of residents who could be on ``rotations`` in ``week``."""

    def counted(resident_class: Class) -> bool:
        _, pgy, resident_site = resident_class
        return (level is None or level_includes(level, pgy)) and (
            site is None or resident_site == site
        )

    variables = [
        count
        for key, by_cohort in counts.items()
        if counted(key)
        for g, count in by_cohort.items()
        if open_by_week[key, g][week] & rotations
    ]
    constant = sum(
        1 for resident, weeks in fixed if counted(_class_of(resident)) and weeks[week] & rotations
    )
    return variables, constant


def _at_least(
    ctx: CohortContext, present: tuple[list[cp_model.IntVar], int], need: int, label: Label
) -> None:
    variables, constant = present
    if constant >= need:
        return
    if not variables:
        ctx.fail(label)
        return
    ctx.add(ctx.model.add(total(variables) + constant >= need), label)


FAMILY = Family[CohortContext](NAME, apply)


def _together(
    ctx: CohortContext,
    counts: dict[Class, dict[int, cp_model.IntVar]],
    open_by_week: dict[tuple[Class, int], list[frozenset[int]]],
    fixed: list[tuple[Resident, list[frozenset[int]]]],
) -> None:
    """The minimums of one level on several rotations in a week add up: those staff are
    different residents, each in a phase that allows the rotation they are on."""
    program = ctx.program
    by_level: dict[str, dict[int, int]] = defaultdict(dict)
    for k, rotation in enumerate(program.rotations):
        for level, bounds in rotation.coverage.rules():
            if bounds.min:
                by_level[level][k] = bounds.min
    for level, minimums in by_level.items():
        if len(minimums) < 2:
            continue
        rotations = frozenset(minimums)
        need = sum(minimums.values())
        names = ", ".join(program.rotations[k].id for k in sorted(rotations))
        for w in range(program.weeks):
            present = _able(counts, open_by_week, fixed, w, rotations, level=level)
            label = Label.at_least(
                "coverage",
                f"week {w + 1} {names}",
                f"at least {people(need, level)} in all, in a phase that allows them",
            )
            _at_least(ctx, present, need, label)
