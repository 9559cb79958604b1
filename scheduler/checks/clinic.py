"""Continuity clinic: residents in clinic per site per week, within capacity and minimum.

A resident is in clinic when their week's rotation carries clinic half-days; residents
without a site are at no site.
"""

from __future__ import annotations

from scheduler.checks.judging import CheckContext, CheckFamily
from scheduler.checks.report import Subject

NAME = "clinic"


def subject(site_id: str, week: int) -> Subject:
    """What a clinic verdict is about: a site in a 1-based week (capacity and minimum)."""
    return (site_id, week)


def check(ctx: CheckContext) -> None:
    for site in ctx.program.clinic_sites:
        members = [r for r in ctx.complete if r.clinic_site == site.id]
        for week in range(ctx.program.weeks):
            present = sum(
                1
                for r in members
                if ctx.rotations[ctx.schedule.assignments[r.id][week]].clinic_half_days > 0
            )
            ctx.verdict(
                NAME,
                f"{site.id} at most {site.capacity} in clinic per week",
                present <= site.capacity,
                site.id,
                [week + 1],
                f"{site.name} {ctx.week_text(week)}: {present} residents in clinic, capacity "
                f"{site.capacity} (over by {present - site.capacity})",
                subject=subject(site.id, week + 1),
            )
            if site.min_residents:
                ctx.verdict(
                    NAME,
                    f"{site.id} at least {site.min_residents} in clinic per week",
                    present >= site.min_residents,
                    site.id,
                    [week + 1],
                    f"{site.name} {ctx.week_text(week)}: {present} residents in clinic, needs at "
                    f"least {site.min_residents}",
                    subject=subject(site.id, week + 1),
                )


FAMILY = CheckFamily(NAME, check)
