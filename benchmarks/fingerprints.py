"""Fingerprints of the engine's models and verdicts: proof that a refactor changed nothing.

    python benchmarks/fingerprints.py OUT.json --schedules SCHEDULES.json
    python benchmarks/fingerprints.py --compare BEFORE.json AFTER.json

For programs A, B and C it records the clinic sites and cohorts chosen, the components,
the SHA-256 of every component's CP-SAT model in each mode (search, diagnosis, relaxed,
alone; the text of the model proto, which lists every variable, constraint and the
objective in order), the models the vacation plan and the checks before the search solve
(hashed as CP-SAT receives them), the checks before the search on the 13 broken versions
of A in ``tests/workflows/test_fixes.py``, and the validator's whole output (every rule,
how many instances, every violation's family, rule, who, weeks and message; every verdict
colour; every request's answer) on A, B and C as solved and on 60 damaged copies of each.
The schedules are solved once and kept in SCHEDULES.json, so that code before and after a
change is judged on the same schedules. Nothing here is timed: a run gives the same file
every time (checked: two runs on one commit compare equal).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
import tempfile
from pathlib import Path
from typing import Any

from ortools.sat.python import cp_model

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scheduler import api  # noqa: E402
from scheduler.explain.before_search import screen  # noqa: E402
from scheduler.stages.cohorts import assign_cohorts  # noqa: E402
from scheduler.stages.components import components  # noqa: E402
from scheduler.stages.search import PLAN_FROM  # noqa: E402
from scheduler.stages.sites import assign_sites  # noqa: E402
from scheduler.stages.vacation_plan import plan_vacation  # noqa: E402
from scheduler.stages.year_model import Layout, Mode, build_year_model  # noqa: E402

PROGRAMS = {k: ROOT / f"examples/program_{k}/program.yaml" for k in "abc"}
#: the year model's modes, by the names the earlier flags gave them
MODES = {
    "normal": Mode.SEARCH,
    "diagnose": Mode.DIAGNOSE,
    "relax": Mode.RELAXED,
    "personal": Mode.ALONE,
}
SOLVED: list[str] = []
_solve = cp_model.CpSolver.solve


def sha(model: cp_model.CpModel) -> str:
    return hashlib.sha256(str(model.proto).encode()).hexdigest()


def _recording(self: cp_model.CpSolver, model: cp_model.CpModel, callback: Any = None) -> Any:
    SOLVED.append(sha(model))
    return _solve(self, model, callback) if callback is not None else _solve(self, model)


def models(path: Path) -> dict[str, Any]:
    params = api.SolveParams(seed=0)
    program = api.load(path)
    sites = assign_sites(program, params)
    program = program.with_sites(sites)
    plan = assign_cohorts(program, params)
    layout = Layout.of(program, plan.cohorts)
    groups = components(program, layout.open_cells)
    found: dict[str, Any] = {"sites": sites, "cohorts": plan.cohorts, "components": groups}
    found["models"] = {
        f"{i}/{name}": sha(
            build_year_model(program, layout, members, owns_orphans=i == 0, mode=mode).model
        )
        for i, members in enumerate(groups)
        for name, mode in MODES.items()
    }
    plans = {}
    for i, members in enumerate(groups):
        built = build_year_model(program, layout, members, owns_orphans=i == 0)
        if len(built.model.proto.variables) < PLAN_FROM:
            continue
        SOLVED.clear()
        plan_vacation(program, layout, members, time_limit=2.0, params=api.SolveParams(seed=0))
        plans[str(i)] = list(SOLVED)
    found["vacation_plans"] = plans
    return found


def before_search(path: Path) -> dict[str, Any]:
    SOLVED.clear()
    found = screen(api.load(path), api.SolveParams(seed=0))
    return {"status": str(found.status), "reasons": found.reasons, "models": list(SOLVED)}


def broken() -> dict[str, Any]:
    from tests.example_files import copy_example, replace_once
    from tests.workflows.test_fixes import CASES

    found = {}
    for name, case in CASES.items():
        with tempfile.TemporaryDirectory() as folder:
            path = copy_example(Path(folder))
            for old, new in case.edits:
                replace_once(path, old, new)
            result = screen(api.load(path), api.SolveParams(seed=0))
            found[name] = {
                "status": str(result.status),
                "reasons": result.reasons,
                "findings": [repr(f.changes) for f in result.findings],
            }
    return found


def verdict(program: api.Program, schedule: api.Schedule) -> dict[str, Any]:
    report = api.check(program, schedule)
    return {
        "checks": [
            [
                c.family,
                c.rule,
                c.checked,
                [[v.family, v.rule, v.who, list(v.weeks), v.message] for v in c.violations],
            ]
            for c in report.checks
        ],
        "outcomes": sorted([[f, list(s), ok] for (f, s), ok in report.outcomes.items()], key=str),
        "requests": [list(map(str, vars(o).values())) for o in report.requests],
    }


def damaged(program: api.Program, schedule: api.Schedule, rng: random.Random) -> api.Schedule:
    rows = {r: list(w) for r, w in schedule.assignments.items()}
    ids = [rot.id for rot in program.rotations]
    for _ in range(rng.randint(1, 40)):
        r = rng.choice(list(rows))
        w = rng.randrange(len(rows[r]))
        rows[r][w] = rng.choice(ids)
    cohorts = dict(schedule.cohorts)
    if cohorts and rng.random() < 0.3:
        r = rng.choice(list(cohorts))
        cohorts[r] = rng.randint(1, 5)
    return api.Schedule({r: tuple(w) for r, w in rows.items()}, cohorts, dict(schedule.sites))


def verdicts(schedules_file: Path) -> dict[str, Any]:
    if not schedules_file.exists():
        saved = {}
        for key, path in PROGRAMS.items():
            params = api.SolveParams(time_limit=120, stop_at_first=True, confirm_time_limit=0)
            schedule = api.solve(api.load(path), params).schedule
            assert schedule is not None, key
            saved[key] = {
                "assignments": schedule.assignments,
                "cohorts": schedule.cohorts,
                "sites": schedule.sites,
            }
        schedules_file.write_text(json.dumps(saved))
    saved = json.loads(schedules_file.read_text())
    found = {}
    for key, path in PROGRAMS.items():
        program = api.load(path)
        data = saved[key]
        assignments = {r: tuple(w) for r, w in data["assignments"].items()}
        schedule = api.Schedule(assignments, data["cohorts"], data["sites"])
        rng = random.Random(key)
        found[key] = [verdict(program, schedule)] + [
            verdict(program, damaged(program, schedule, rng)) for _ in range(60)
        ]
    return found


def compare(before: Path, after: Path) -> int:
    """Print what differs between two fingerprint files (nothing: exit 0)."""
    old, new = json.loads(before.read_text()), json.loads(after.read_text())
    differing = [key for key in sorted(set(old) | set(new)) if old.get(key) != new.get(key)]
    for key in differing:
        for part in sorted(set(old.get(key, {})) | set(new.get(key, {}))):
            if old.get(key, {}).get(part) != new.get(key, {}).get(part):
                print(f"differs: {key}/{part}")
    counts = {
        "year models": sum(len(v["models"]) for v in old["models"].values()),
        "solved models": sum(len(v["models"]) for v in old["prechecks"].values())
        + sum(len(p) for v in old["models"].values() for p in v["vacation_plans"].values()),
        "broken programs": len(old["broken"]),
        "verdicts": sum(len(v) for v in old["verdicts"].values()),
    }
    print("identical" if not differing else f"{len(differing)} sections differ", counts)
    return 1 if differing else 0


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("out", nargs="?", type=Path)
    parser.add_argument("--schedules", type=Path)
    parser.add_argument("--compare", nargs=2, type=Path)
    args = parser.parse_args()
    if args.compare:
        raise SystemExit(compare(*args.compare))
    cp_model.CpSolver.solve = _recording  # type: ignore[method-assign]
    found = {
        "models": {k: models(p) for k, p in PROGRAMS.items()},
        "prechecks": {k: before_search(p) for k, p in PROGRAMS.items()},
        "broken": broken(),
    }
    cp_model.CpSolver.solve = _solve  # type: ignore[method-assign]
    found["verdicts"] = verdicts(args.schedules or args.out.with_suffix(".schedules.json"))
    args.out.write_text(json.dumps(found, indent=1, sort_keys=True, default=str))
    print(f"written: {args.out}")


if __name__ == "__main__":
    main()
