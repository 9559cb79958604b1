"""Necessary conditions in numbers: what every schedule must meet under every cohort
assignment, checked before any search.

Each check is sound whatever cohorts the engine picks: a rotation counts as open to a
resident in a week if it is open under any cohort the resident could have, and a
resident's ambulatory reach is worked out for each of their candidate cohorts. So a
shortfall proves that no schedule exists, and it is said in the program's own terms:
which rules, which weeks, how many, and what would have to change.

- :mod:`.supply`: vacation against away caps, weekly staffing against who can be there,
  coverage minimums against requirement maximums, requirements against open weeks,
  clinic capacity and minimums;
- :mod:`.fixed`: pins and approved vacations against phases, each other, and caps;
- :mod:`.ambulatory`: ambulatory-share targets against what each cohort allows;
- :mod:`.runs`: run limits against unit lengths;
- :mod:`.budgets`: requirement minimums (and the weeks ambulatory targets need beyond
  clinic weeks) against coverage maximums, per level and rotation set.
"""

from __future__ import annotations

from scheduler.domain import Program
from scheduler.domain.edits import Finding
from scheduler.explain.numbers import ambulatory, budgets, fixed, runs, supply
from scheduler.stages.year_model import optimistic_open_cells


def supply_shortfalls(program: Program, candidates: dict[str, list[int]]) -> list[Finding]:
    """Plain-arithmetic reasons the program cannot be scheduled (empty if none found), each
    with the inputs a fix may change (:mod:`scheduler.domain.edits`).

    ``candidates`` are the cohorts each resident on a template could have (every cohort
    not already ruled out for them); residents without a template have none.
    """
    cells = optimistic_open_cells(program, candidates)
    open_weeks = supply.open_weeks(program, cells)
    reaches = ambulatory.Reaches(program, candidates)
    return [
        *supply.vacation_capacity(program),
        *fixed.fixed_weeks_conflicts(program),
        *supply.weekly_supply(program, open_weeks),
        *supply.coverage_against_requirements(program, open_weeks),
        *supply.requirements_against_open_weeks(program, open_weeks),
        *supply.requirements_against_each_other(program),
        *runs.runs_against_units(program, candidates),
        *supply.room_in_no_cohort(program),
        *ambulatory.ambulatory_reach(program, reaches),
        *budgets.requirements_against_coverage(
            program, cells, ambulatory.share_floors(program, reaches)
        ),
        *supply.clinic_over_the_year(program, candidates),
        *supply.forced_clinic(program, open_weeks),
        *supply.clinic_minimums(program),
    ]
