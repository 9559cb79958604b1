"""Longitudinal second sites: residents there per week, within the site's capacity.

A resident with a second site is there for its half-days in each week whose rotation
carries clinic half-days; the count per week is read off the schedule.
"""

from __future__ import annotations

from scheduler.checks.judging import CheckContext, CheckFamily
from scheduler.checks.report import Subject

NAME = "longitudinal"


def subject(site_id: str, week: int) -> Subject:
    """What a second-site verdict is about: a site in a 1-based week."""
    return (site_id, week)


def check(ctx: CheckContext) -> None:
    for site in ctx.program.longitudinal_sites:
        members = [r for r in ctx.complete if r.second_site == site.id]
        for week in range(ctx.program.weeks):
            there = [
                r.id
                for r in members
                if ctx.rotations[ctx.schedule.assignments[r.id][week]].clinic_half_days > 0
            ]
            ctx.verdict(
                NAME,
                f"{site.id} at most {site.capacity} at the second site per week",
                len(there) <= site.capacity,
                site.id,
                [week + 1],
                f"{site.name} {ctx.week_text(week)}: {len(there)} residents there "
                f"({', '.join(there)}), capacity {site.capacity} "
                f"(over by {len(there) - site.capacity})",
                subject=subject(site.id, week + 1),
            )


FAMILY = CheckFamily(NAME, check)
