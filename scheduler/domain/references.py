"""Cross-references of a program: every id that refers to something names something that
exists, in the right place, once. Each problem is raised at the exact place it is about
(``pins[2].rotation``), with a fix."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

from pydantic_core import PydanticCustomError

from scheduler.domain.basics import reference_error, suggest
from scheduler.domain.curriculum import Applicability, Selector
from scheduler.domain.requests import Preference, Unavailable

if TYPE_CHECKING:
    from scheduler.domain.program import Program
    from scheduler.domain.residents import Resident


def reference_problems(program: Program) -> Iterable[PydanticCustomError]:
    """Every id that refers to something must name something that exists."""
    yield from _no_residents(program)
    yield from _withdrawals_in_year(program)
    yield from _duplicates(program)
    yield from _track_and_rotation_problems(program)
    yield from _rule_problems(program)
    yield from _vacation_problems(program)
    for i, resident in enumerate(program.residents):
        yield from _resident_problems(program, resident, ("residents", i))
    yield from _pin_problems(program)
    yield from _request_problems(program)


def _no_residents(program: Program) -> Iterable[PydanticCustomError]:
    """A program without residents is a mistake (a roster key left out, an empty list), not a
    program to prove infeasible, or to solve into an empty workbook when nothing needs staff."""
    if not program.residents:
        yield reference_error(
            ("residents",),
            "the program has no residents",
            "name a roster file (roster: roster.csv), or list the residents under 'residents'",
        )


def _withdrawals_in_year(program: Program) -> Iterable[PydanticCustomError]:
    """A resident withdraws in a week of the year, and not in its first (then they are not
    in the program at all: leave them off the roster)."""
    for i, resident in enumerate(program.residents):
        week = resident.withdrawn_from
        if week is not None and not 2 <= week <= program.weeks:
            yield reference_error(
                ("residents", i, "withdrawn_from"),
                f"{resident.id} withdraws in week {week}, outside weeks 2-{program.weeks}",
                "give the first week they are gone, between 2 and the year's last week (or "
                "take them off the roster)",
            )


def _unknown(
    kind: str, name: str, known: list[str], loc: tuple[str | int, ...]
) -> PydanticCustomError:
    return reference_error(loc, f"unknown {kind} '{name}'", suggest(name, known))


def _track_and_rotation_problems(program: Program) -> Iterable[PydanticCustomError]:
    templates = [t.id for t in program.templates]
    tracks = [t.id for t in program.tracks]
    years = program.pgy_years
    for i, track in enumerate(program.tracks):
        if track.template is not None and track.template not in templates:
            yield _unknown("template", track.template, templates, ("tracks", i, "template"))
    for i, rotation in enumerate(program.rotations):
        for j, track_id in enumerate(rotation.tracks or []):
            if track_id not in tracks:
                yield _unknown("track", track_id, tracks, ("rotations", i, "tracks", j))
        for j, year in enumerate(rotation.pgy or []):
            if year not in years:
                yield reference_error(
                    ("rotations", i, "pgy", j),
                    f"PGY {year} is not a program year",
                    f"use one of {years}",
                )
        residents = [r.id for r in program.residents]
        for j, resident_id in enumerate(rotation.residents or []):
            if resident_id not in residents:
                yield _unknown("resident", resident_id, residents, ("rotations", i, "residents", j))
        for year in rotation.coverage.by_pgy:
            # a staffing rule for a year the program does not have reads as a proof that no
            # schedule exists, rather than as the typo it is
            if year not in years:
                yield reference_error(
                    ("rotations", i, "coverage", "by_pgy", year),
                    f"PGY {year} is not a program year",
                    f"use one of {years} as the key",
                )


def _rule_problems(program: Program) -> Iterable[PydanticCustomError]:
    """Requirements, ambulatory shares and sequencing rules name known tracks, years and
    rotations."""
    rotations = [r.id for r in program.rotations]
    tracks = [t.id for t in program.tracks]
    years = program.pgy_years
    for field in ("requirements", "ambulatory_share"):
        for i, rule in enumerate(getattr(program, field)):
            yield from _applicability_problems(rule, (field, i), tracks, years)
    for i, requirement in enumerate(program.requirements):
        yield from _selector_problems(requirement, ("requirements", i), rotations)
    for i, rule in enumerate(program.sequencing.max_consecutive):
        yield from _selector_problems(rule, ("sequencing", "max_consecutive", i), rotations)
        yield from _applicability_problems(
            rule, ("sequencing", "max_consecutive", i), tracks, years
        )
    for i, pair in enumerate(program.sequencing.not_adjacent):
        for side in ("first", "second"):
            yield from _selector_problems(
                getattr(pair, side), ("sequencing", "not_adjacent", i, side), rotations
            )
    for field in ("max_weeks_without_clinic", "clinic_half_days"):
        for i, rule in enumerate(getattr(program.continuity, field)):
            yield from _applicability_problems(rule, ("continuity", field, i), tracks, years)
    residents = [r.id for r in program.residents]
    for i, entry in enumerate(program.history):
        if entry.resident not in residents:
            yield _unknown("resident", entry.resident, residents, ("history", i, "resident"))
        if entry.rotation is not None and entry.rotation not in rotations:
            yield _unknown("rotation", entry.rotation, rotations, ("history", i, "rotation"))
    for i, site in enumerate(program.longitudinal_sites):
        yield from _applicability_problems(site, ("longitudinal_sites", i), tracks, years)
    for i, event in enumerate(program.events):
        yield from _applicability_problems(event, ("events", i), tracks, years)
        yield from _selector_problems(event.free_of, ("events", i, "free_of"), rotations)
        for j, resident_id in enumerate(event.residents or []):
            if resident_id not in residents:
                yield _unknown("resident", resident_id, residents, ("events", i, "residents", j))
        if event.weeks.last > program.weeks:
            yield reference_error(
                ("events", i, "weeks"),
                f"week {event.weeks.last} is past the year's {program.weeks} weeks",
                "shorten the span",
            )


def _resident_problems(
    program: Program, resident: Resident, loc: tuple[str | int, ...]
) -> Iterable[PydanticCustomError]:
    years = program.pgy_years
    tracks = [t.id for t in program.tracks]
    sites = [s.id for s in program.clinic_sites]
    if resident.pgy not in years:
        yield reference_error(
            (*loc, "pgy"),
            f"PGY {resident.pgy} is not one of the program's years {years}",
            "correct the PGY or add the year to pgy_years",
        )
    if resident.track not in tracks:
        yield _unknown("track", resident.track, tracks, (*loc, "track"))
        return
    if resident.clinic_site is not None and resident.clinic_site not in sites:
        yield _unknown("clinic site", resident.clinic_site, sites, (*loc, "clinic_site"))
    yield from _second_site_problems(program, resident, loc)
    template = program.template_of(resident)
    ranks_sites = any(p.resident == resident.id and p.sites for p in program.requests.preferences)
    if template is not None and sites and resident.clinic_site is None and not ranks_sites:
        yield reference_error(
            (*loc, "clinic_site"),
            f"resident '{resident.id}' is on a template with clinic weeks but has no clinic site",
            suggest("", sites)
            + " (or rank sites in the requests' preferences: sites: [...], to have one chosen)",
        )
    if resident.cohort is None:
        return
    if template is None:
        yield reference_error(
            (*loc, "cohort"),
            f"track '{resident.track}' has no template, so a cohort means nothing",
            "leave the cohort empty",
        )
    elif resident.cohort > template.cohorts:
        yield reference_error(
            (*loc, "cohort"),
            f"cohort {resident.cohort} does not exist; template '{template.id}' has {template.cohorts}",
            f"use a cohort from 1 to {template.cohorts}",
        )


def _second_site_problems(
    program: Program, resident: Resident, loc: tuple[str | int, ...]
) -> Iterable[PydanticCustomError]:
    if resident.second_site is None:
        return
    sites = {site.id: site for site in program.longitudinal_sites}
    site = sites.get(resident.second_site)
    if site is None:
        yield _unknown(
            "longitudinal site", resident.second_site, list(sites), (*loc, "second_site")
        )
    elif not site.applies_to(resident):
        yield reference_error(
            (*loc, "second_site"),
            f"longitudinal site '{site.id}' is not open to {resident.id} "
            f"({resident.track}, PGY-{resident.pgy})",
            "leave second_site empty, or add the track and year to the site's tracks and pgy",
        )
    elif resident.clinic_site is None and not any(
        p.resident == resident.id and p.sites for p in program.requests.preferences
    ):
        yield reference_error(
            (*loc, "second_site"),
            f"{resident.id} has a second site but no continuity clinic, so no clinic weeks",
            "give the resident a clinic_site, or leave second_site empty",
        )


def _pin_problems(program: Program) -> Iterable[PydanticCustomError]:
    rotations = [r.id for r in program.rotations]
    residents = [r.id for r in program.residents]
    for i, pin in enumerate(program.pins):
        if pin.resident not in residents:
            yield _unknown("resident", pin.resident, residents, ("pins", i, "resident"))
        if pin.rotation not in rotations:
            yield _unknown("rotation", pin.rotation, rotations, ("pins", i, "rotation"))
        if pin.weeks.last > program.weeks:
            yield reference_error(
                ("pins", i, "weeks"),
                f"week {pin.weeks.last} is past the year's {program.weeks} weeks",
                "shorten the span",
            )


def _duplicates(program: Program) -> Iterable[PydanticCustomError]:
    for field in (
        "templates",
        "tracks",
        "rotations",
        "clinic_sites",
        "longitudinal_sites",
        "residents",
    ):
        seen: dict[str, int] = {}
        for i, item in enumerate(getattr(program, field)):
            if item.id in seen:
                kind = field.rstrip("s").replace("_", " ")
                yield reference_error(
                    (field, i, "id"),
                    f"duplicate {kind} id '{item.id}' (also at {field}[{seen[item.id]}])",
                    "give every entry its own id",
                )
            seen.setdefault(item.id, i)
    labels: dict[str, int] = {}
    for i, rotation in enumerate(program.rotations):
        label = rotation.short.casefold()
        if label in labels:
            other = program.rotations[labels[label]]
            yield reference_error(
                ("rotations", i, "abbreviation"),
                f"'{rotation.id}' shows as '{rotation.short}' in the schedule grid, like "
                f"'{other.id}' (rotations[{labels[label]}])",
                "give one of them its own abbreviation, so the grid can be read back",
            )
        labels.setdefault(label, i)


def _selector_problems(
    selector: Selector, loc: tuple[str | int, ...], rotations: list[str]
) -> Iterable[PydanticCustomError]:
    for j, rotation_id in enumerate(selector.rotations):
        if rotation_id not in rotations:
            yield reference_error(
                (*loc, "rotations", j),
                f"unknown rotation '{rotation_id}'",
                suggest(rotation_id, rotations),
            )


def _applicability_problems(
    rule: Applicability, loc: tuple[str | int, ...], tracks: list[str], years: list[int]
) -> Iterable[PydanticCustomError]:
    for j, track_id in enumerate(rule.tracks or []):
        if track_id not in tracks:
            yield reference_error(
                (*loc, "tracks", j), f"unknown track '{track_id}'", suggest(track_id, tracks)
            )
    for j, year in enumerate(rule.pgy or []):
        if year not in years:
            yield reference_error(
                (*loc, "pgy", j), f"PGY {year} is not a program year", f"use one of {years}"
            )


def _vacation_problems(program: Program) -> Iterable[PydanticCustomError]:
    policy = program.vacation
    if policy is None:
        return
    rotations = [r.id for r in program.rotations]
    residents = [r.id for r in program.residents]
    rotation = program.rotation_by_id.get(policy.rotation)
    if rotation is None:
        yield reference_error(
            ("vacation", "rotation"),
            f"unknown rotation '{policy.rotation}'",
            suggest(policy.rotation, rotations),
        )
        return
    if rotation.category != "leave":
        yield reference_error(
            ("vacation", "rotation"),
            f"rotation '{rotation.id}' is not in category leave",
            "set its category: leave",
        )
    if rotation.phase != "either":
        yield reference_error(
            ("vacation", "rotation"),
            f"rotation '{rotation.id}' has phase {rotation.phase}; the vacation policy's allowed_phases decide",
            "set its phase: either",
        )
    for i, approved in enumerate(policy.approved):
        if approved.resident not in residents:
            yield reference_error(
                ("vacation", "approved", i, "resident"),
                f"unknown resident '{approved.resident}'",
                suggest(approved.resident, residents),
            )
        if approved.weeks.last > program.weeks:
            yield reference_error(
                ("vacation", "approved", i, "weeks"),
                f"week {approved.weeks.last} is past the year's {program.weeks} weeks",
                "shorten the span",
            )


def _request_problems(program: Program) -> Iterable[PydanticCustomError]:
    yield from _weeks_request_problems(program)
    yield from _preference_problems(program)


def _weeks_request_problems(program: Program) -> Iterable[PydanticCustomError]:
    """Requests about weeks: a resident on the roster, weeks within the year, duties that
    name rotations, and a vacation policy for a vacation request."""
    residents = [r.id for r in program.residents]
    rotations = [r.id for r in program.rotations]
    for section, i, request in program.requests.weeks_requests:
        loc: tuple[str | int, ...] = ("requests", section, i)
        if request.resident not in residents:
            yield _unknown("resident", request.resident, residents, (*loc, "resident"))
        weeks = program.requested_weeks(request)
        if request.weeks is None and (weeks.start < 0 or weeks.stop > program.weeks):
            last = program.week_start(program.weeks - 1) + dt.timedelta(days=6)
            yield reference_error(
                (*loc, "start" if weeks.start < 0 else "end"),
                f"dates {request.start} to {request.end or request.start} are not all in the "
                f"academic year ({program.start_date} to {last})",
                "give dates within the year",
            )
        elif weeks.stop > program.weeks:
            yield reference_error(
                (*loc, "weeks"),
                f"week {weeks.stop} is past the year's {program.weeks} weeks",
                "shorten the span",
            )
        if section == "unavailable":
            assert isinstance(request, Unavailable)
            yield from _selector_problems(request.duties, (*loc, "duties"), rotations)
        if section == "vacation" and program.vacation is None:
            yield reference_error(
                (*loc,),
                "a vacation request, but the program has no vacation policy",
                "add a 'vacation:' section, or remove the request",
            )


def _preference_problems(program: Program) -> Iterable[PydanticCustomError]:
    """One entry per resident on the roster, naming rotations and sites that exist, each
    once, none both ranked and to avoid."""
    residents = [r.id for r in program.residents]
    seen: dict[str, int] = {}
    for i, preference in enumerate(program.requests.preferences):
        loc: tuple[str | int, ...] = ("requests", "preferences", i)
        if preference.resident not in residents:
            yield _unknown("resident", preference.resident, residents, (*loc, "resident"))
        elif preference.resident in seen:
            yield reference_error(
                (*loc, "resident"),
                f"a second preference entry for '{preference.resident}' (also at "
                f"requests.preferences[{seen[preference.resident]}])",
                "list all of a resident's choices in one entry",
            )
        seen.setdefault(preference.resident, i)
        yield from _ranked_problems(program, preference, loc)
        both = set(preference.electives) & set(preference.avoid)
        if both:
            yield reference_error(
                (*loc, "avoid"),
                f"'{sorted(both)[0]}' is both ranked and to avoid",
                "keep it in one of the two lists",
            )


def _ranked_problems(
    program: Program, preference: Preference, loc: tuple[str | int, ...]
) -> Iterable[PydanticCustomError]:
    rotations = [r.id for r in program.rotations]
    for field in ("electives", "avoid"):
        listed: list[str] = getattr(preference, field)
        for j, rotation_id in enumerate(listed):
            if rotation_id not in rotations:
                yield _unknown("rotation", rotation_id, rotations, (*loc, field, j))
            elif rotation_id in listed[:j]:
                yield reference_error(
                    (*loc, field, j), f"'{rotation_id}' is listed twice", "list it once"
                )
    sites = [site.id for site in program.clinic_sites]
    for j, site_id in enumerate(preference.sites):
        if site_id not in sites:
            yield _unknown("clinic site", site_id, sites, (*loc, "sites", j))
        elif site_id in preference.sites[:j]:
            yield reference_error(
                (*loc, "sites", j), f"'{site_id}' is listed twice", "list it once"
            )
