"""Residents' requests: vacation weeks, weeks without duty, ranked electives, rotations to avoid.

A hard request is a rule: a hard vacation request holds the resident on vacation in every
week of it, like an approved vacation (the cohort stage keeps only cohorts where it fits,
so it is a fixed rule, and the proofs in numbers count it as fixed leave); a hard
unavailability keeps them off its duty rotations. A soft request is a goal: one boolean per request says whether it is granted
(every week vacation; no week on duty), and each one not granted costs
``objective.unmet_requests`` by priority. Elective rankings cost ``objective.preferences``
per choice not given (three times for a first choice, twice for a second), and per rotation
to avoid that is given. The rules are about one resident at a time; only the fairness goal
(``objective.request_fairness``: the most requests denied to one resident of a track and
PGY year) ties the residents with soft requests in a track and PGY year together.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator

from ortools.sat.python import cp_model

from scheduler.domain import Preference, Program, RequestedWeeks, Selector, Unavailable
from scheduler.domain.edits import Removal
from scheduler.stages.families import Family, ModelContext, OpenCells, Penalty, total
from scheduler.stages.labels import Label

NAME = "requests"


def rank_weight(rank: int) -> int:
    """How much a choice of this rank (1 = first) weighs: 3, 2, then 1 for any later one."""
    return max(1, 4 - rank)


def apply(ctx: ModelContext) -> list[Penalty]:
    requests = ctx.program.requests
    index = {res.id: r for r, res in enumerate(ctx.program.residents)}
    members = set(ctx.members)
    unmet: list[cp_model.LinearExprT] = []
    denied: dict[int, list[cp_model.LinearExprT]] = defaultdict(list)
    for section, i, request in requests.weeks_requests:
        r = index[request.resident]
        if r not in members:
            continue
        if section == "vacation":
            granted = _vacation(ctx, r, i, request)
        else:
            assert isinstance(request, Unavailable)
            granted = _unavailable(ctx, r, i, request)
        if granted is not None:
            unmet.append(ctx.program.objective.unmet_requests[request.priority - 1] * (1 - granted))
            denied[r].append(1 - granted)
    missed = [
        term
        for preference in requests.preferences
        if index[preference.resident] in members
        for term in _preference(ctx, index[preference.resident], preference)
    ]
    return [
        *_fairness(ctx, denied),
        Penalty(
            "unmet_requests",
            1,
            cp_model.LinearExpr.sum(unmet),
            "soft vacation and unavailability requests not granted, weighted by priority "
            f"({', '.join(map(str, ctx.program.objective.unmet_requests))} for 1, 2, 3)",
        ),
        Penalty(
            "preferences",
            ctx.program.objective.preferences,
            cp_model.LinearExpr.sum(missed),
            "elective choices not given (3 for a first choice, 2 for a second, 1 later) "
            "and rotations to avoid given",
        ),
    ]


def _fairness(ctx: ModelContext, denied: dict[int, list[cp_model.LinearExprT]]) -> list[Penalty]:
    """The most soft requests denied to one resident, in each track and PGY year: two
    denials to one resident cost more than one each to two."""
    weight = ctx.program.objective.request_fairness
    if weight == 0 or ctx.personal:
        return []
    worst: list[cp_model.IntVar] = []
    for (track, pgy), group in fairness_groups(ctx.program, denied).items():
        most = ctx.model.new_int_var(
            0, max(len(denied[r]) for r in group), f"most denied {track} PGY-{pgy}"
        )
        for r in group:
            ctx.model.add(most >= cp_model.LinearExpr.sum(denied[r]))
        worst.append(most)
    return [
        Penalty(
            "request_fairness",
            weight,
            cp_model.LinearExpr.sum(worst),
            "soft requests denied to the resident with the most denied, summed over tracks and PGY years",
        )
    ]


def fairness_groups(program: Program, residents: Iterable[int]) -> dict[tuple[str, int], list[int]]:
    """Residents (indices) with requests about weeks, by track and PGY year."""
    groups: dict[tuple[str, int], list[int]] = defaultdict(list)
    for r in residents:
        groups[program.residents[r].track, program.residents[r].pgy].append(r)
    return groups


def couples(program: Program, open_cells: OpenCells) -> Iterable[list[int]]:
    """Request fairness ties together the residents with requests in a track and PGY year."""
    if program.objective.request_fairness == 0:
        return []
    index = {resident.id: r for r, resident in enumerate(program.residents)}
    asking = {
        index[request.resident]
        for _, _, request in program.requests.weeks_requests
        if not request.hard
    }
    return [group for group in fairness_groups(program, sorted(asking)).values() if len(group) > 1]


def _subject(section: str, i: int, request: RequestedWeeks, weeks: range) -> str:
    span = (
        f"week {weeks.start + 1}" if len(weeks) == 1 else f"weeks {weeks.start + 1}-{weeks[-1] + 1}"
    )
    what = "vacation" if section == "vacation" else "unavailable"
    return f"requests.{section}[{i}] {request.resident} {what} {span}"


def _vacation(
    ctx: ModelContext, r: int, i: int, request: RequestedWeeks
) -> cp_model.IntVar | int | None:
    """Hard: every week vacation (None). Soft: a boolean that is true only if it is."""
    policy = ctx.program.vacation
    assert policy is not None
    vacation = ctx.rotation_set(Selector(rotations=[policy.rotation]))
    weeks = ctx.program.requested_weeks(request)
    subject = _subject("vacation", i, request, weeks)
    cells = [ctx.variables.on(r, w, vacation) for w in weeks]
    if request.hard:
        # like an approved vacation: the cohort stage keeps only cohorts where it fits, so
        # in a week open to it, it holds whatever the cohort (a fixed rule); in a closed
        # week it is the resident's own conflict
        removal = (Removal(("requests", "vacation", i), subject),)
        for w, granted in zip(weeks, cells, strict=True):
            if granted:
                label = Label.fixed(NAME, subject, f"week {w + 1}", changes=removal)
                ctx.add(ctx.model.add(total(granted) == 1), label)
            else:
                detail = f"week {w + 1} is a week vacation may not fall in"
                ctx.fail(
                    Label.personal(
                        NAME, subject, detail, resident=request.resident, changes=removal
                    )
                )
        return None
    if not all(cells):
        return 0  # a week that cannot be vacation: never granted
    granted_var = ctx.model.new_bool_var(f"granted {subject}")
    for granted in cells:
        ctx.model.add(granted_var <= total(granted))
    return granted_var


def _unavailable(
    ctx: ModelContext, r: int, i: int, request: Unavailable
) -> cp_model.IntVar | int | None:
    """Hard: no week on a duty rotation (None). Soft: a boolean true only if none is."""
    duties = ctx.rotation_set(request.duties)
    weeks = ctx.program.requested_weeks(request)
    subject = _subject("unavailable", i, request, weeks)
    on_duty = [var for w in weeks for var in ctx.variables.on(r, w, duties)]
    if request.hard:
        if on_duty:
            label = Label.personal(
                NAME,
                subject,
                f"off {request.duties.describe()}",
                resident=request.resident,
                changes=(Removal(("requests", "unavailable", i), subject),),
            )
            ctx.add(ctx.model.add(total(on_duty) == 0), label)
        return None
    if not on_duty:
        return 1  # no duty is open in those weeks: granted whatever the schedule
    granted = ctx.model.new_bool_var(f"granted {subject}")
    for var in on_duty:
        ctx.model.add(granted <= 1 - var)
    return granted


def _preference(
    ctx: ModelContext, r: int, preference: Preference
) -> Iterator[cp_model.LinearExprT]:
    """One term per ranked elective not given (weighted by rank), one per avoided rotation
    given."""
    index = ctx.program.rotation_index
    weeks = range(ctx.program.weeks)
    for rank, rotation_id in enumerate(preference.electives, start=1):
        on = [var for w in weeks for var in ctx.variables.on(r, w, frozenset([index[rotation_id]]))]
        if not on:
            yield rank_weight(rank)  # never open to the resident: a choice that cannot be met
            continue
        given = ctx.model.new_bool_var(f"{preference.resident} given {rotation_id}")
        ctx.model.add(given <= total(on))
        yield rank_weight(rank) * (1 - given)
    for rotation_id in preference.avoid:
        on = [var for w in weeks for var in ctx.variables.on(r, w, frozenset([index[rotation_id]]))]
        if not on:
            continue
        given = ctx.model.new_bool_var(f"{preference.resident} given avoided {rotation_id}")
        for var in on:
            ctx.model.add(given >= var)
        yield rank_weight(1) * given


FAMILY = Family[ModelContext](NAME, apply, couples=couples)
