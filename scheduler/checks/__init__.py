"""The independent checker: recompute every rule from (program, schedule) alone.

One module per rule family, each named like the model's family in :mod:`constraints`
(``cohort_balance`` checks ``"cohort balance"``), in one ordered list, :data:`FAMILIES`.
Nothing here imports the solver, the model, the constraint families or the calendar
helpers the model uses: phases, segments and units are derived again from the cohort
numbers, so a bug in the model's structure cannot hide in both places. Every solve runs it
before writing a workbook, every test asserts on its verdict, ``residency-scheduler
check`` runs it on any workbook, and the workbook's colours are read from its report.
"""

from __future__ import annotations

from scheduler.checks import (
    ambulatory,
    clinic,
    cohort_balance,
    continuity,
    coverage,
    eligibility,
    events,
    longitudinal,
    phases,
    pins,
    requests,
    requirements,
    schedule,
    sequencing,
    sites,
    units,
    vacation,
)
from scheduler.checks.judging import CheckContext, CheckFamily
from scheduler.checks.report import Report, RuleCheck, Subject, Violation
from scheduler.domain import Program, Schedule

__all__ = ["FAMILIES", "Report", "RuleCheck", "Subject", "Violation", "validate"]

#: The checker's families, in the order they run and are listed in the Checks sheet.
FAMILIES: tuple[CheckFamily, ...] = (
    schedule.FAMILY,
    sites.FAMILY,
    phases.FAMILY,
    eligibility.FAMILY,
    cohort_balance.FAMILY,
    units.FAMILY,
    coverage.FAMILY,
    requirements.FAMILY,
    ambulatory.FAMILY,
    vacation.FAMILY,
    clinic.FAMILY,
    longitudinal.FAMILY,
    continuity.FAMILY,
    events.FAMILY,
    pins.FAMILY,
    requests.FAMILY,
    sequencing.FAMILY,
)


def validate(program: Program, schedule: Schedule) -> Report:
    """Check every rule of ``program`` against ``schedule`` (with the clinic sites the
    schedule chose for residents the roster leaves without one)."""
    ctx = CheckContext(sites.effective(program, schedule), schedule, roster=program)
    for family in FAMILIES:
        family.check(ctx)
    return ctx.report()
