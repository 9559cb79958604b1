"""Clinic sites the engine chose: each for a resident the roster leaves without one, and a
site that exists. The other families then check the schedule with those sites, as if the
roster had them (:func:`effective`)."""

from __future__ import annotations

from scheduler.checks.judging import CheckContext, CheckFamily
from scheduler.domain import Program, Schedule

NAME = "sites"


def effective(program: Program, schedule: Schedule) -> Program:
    """The program with the schedule's valid site choices written into the roster."""
    choices = _valid(program, schedule)
    if not choices:
        return program
    data = program.model_dump()
    for resident in data["residents"]:
        if resident["id"] in choices:
            resident["clinic_site"] = choices[resident["id"]]
    return Program.model_validate(data)


def _valid(program: Program, schedule: Schedule) -> dict[str, str]:
    sites = {site.id for site in program.clinic_sites}
    open_on_roster = {r.id for r in program.residents if r.clinic_site is None}
    return {
        rid: site for rid, site in schedule.sites.items() if rid in open_on_roster and site in sites
    }


def check(ctx: CheckContext) -> None:
    roster = ctx.roster or ctx.program
    by_id = {resident.id: resident for resident in roster.residents}
    sites = {site.id for site in roster.clinic_sites}
    for rid, site in ctx.schedule.sites.items():
        resident = by_id.get(rid)
        if resident is None:
            problem = f"a clinic site is chosen for '{rid}', who is not on the roster"
        elif site not in sites:
            problem = f"{rid}: clinic site '{site}' does not exist"
        elif resident.clinic_site is not None and resident.clinic_site != site:
            problem = (
                f"{rid}: the roster gives clinic site {resident.clinic_site}, the schedule {site}"
            )
        else:
            problem = ""
        ctx.verdict(
            NAME, "chosen clinic sites exist and fit the roster", not problem, rid, [], problem
        )


FAMILY = CheckFamily(NAME, check)
