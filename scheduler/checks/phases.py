"""X+Y phases: a valid cohort for everyone on a template, and every week's rotation allowed
in that week's phase (vacation only in the phases the policy allows).

Phases are derived from the cohort number alone (:meth:`CheckContext.phase_of`), not from
the model's calendar. Which rotations a resident may take at all is the ``eligibility``
family's.
"""

from __future__ import annotations

from scheduler.checks.judging import CheckContext, CheckFamily

NAME = "phases"


def check(ctx: CheckContext) -> None:
    for resident in ctx.complete:
        problem = ctx.cohort_problem(resident)
        ctx.verdict(NAME, "valid cohort", problem is None, resident.id, [], problem or "")
    vacation = ctx.program.vacation
    for resident in ctx.with_cohorts:
        for week, rotation_id in enumerate(ctx.schedule.assignments[resident.id]):
            phase = ctx.phase_of(resident, week)
            rotation = ctx.rotations[rotation_id]
            if vacation is not None and rotation_id == vacation.rotation:
                service = "X" if phase == "-" else phase
                ok = service in vacation.allowed_phases
                rule = "vacation only in allowed phases"
                reason = f"vacation in a {service} week; the policy allows {'/'.join(vacation.allowed_phases)} only"
            else:
                ok = rotation.phase == "either" or rotation.phase == (
                    phase if phase != "-" else "X"
                )
                rule = "rotation matches the week's phase"
                where = "a resident without a template" if phase == "-" else f"their {phase} phase"
                reason = f"{rotation_id} is a {rotation.phase}-phase rotation, but this is {where}"
            ctx.verdict(
                NAME,
                rule,
                ok,
                resident.id,
                [week + 1],
                f"{resident.id} {ctx.week_text(week)}: {reason}",
            )


FAMILY = CheckFamily(NAME, check)
