"""Compare: a base program and scenarios of it solved side by side, each checked.

A program director's question ("3+2 or 4+1? 50 or 55% ambulatory?") is a handful of
independent solves, so they run in parallel: in local processes by default
(:class:`concurrent.futures.ProcessPoolExecutor`), or as Ray tasks where one machine is not
enough (``executor="ray"``: ``ray.init(address=...)`` joins a cluster, none starts a local
instance). Each task is a plain function of plain data (:func:`solve_task`), the same
solve-and-check that ``solve`` runs (:func:`scheduler.workflows.pipeline.solve_and_check`),
so both ways run the same code and give the same schedules for the same seeds.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path
from typing import Any

from reports.comparison import Compared, Figure, side_by_side
from scheduler.domain import InputError, Program
from scheduler.domain.params import SolveParams
from scheduler.inputs.scenarios import Scenario, load_base, load_scenario
from scheduler.workflows.pipeline import Outcome, solve_and_check


class Executor(StrEnum):
    """Where a sweep's solves run."""

    PROCESS = "process"  # local processes (the default)
    RAY = "ray"  # Ray tasks on a cluster, or on a local Ray instance


@dataclass(frozen=True)
class Task:
    """One solve of a sweep: a scenario's program with one seed."""

    name: str
    program: Program
    params: SolveParams


@dataclass(frozen=True)
class Solved:
    """A task and what its solve-and-check gave."""

    task: Task
    outcome: Outcome


def solve_task(task: Task) -> Solved:
    """Solve one task and check its schedule (run in a worker process or a Ray task)."""
    return Solved(task, solve_and_check(task.program, task.params))


@dataclass(frozen=True)
class Sweep:
    """What a sweep gave, in the order the tasks were given, and how long it took."""

    solved: tuple[Solved, ...]
    seconds: float
    executor: Executor
    parallel: int


def run_sweep(
    tasks: Sequence[Task],
    executor: Executor = Executor.PROCESS,
    parallel: int | None = None,
    address: str | None = None,
) -> Sweep:
    """Every task solved, ``parallel`` at a time (default: as many as the machine's cores
    allow at each task's worker count)."""
    started = time.perf_counter()
    if not tasks:
        return Sweep((), 0.0, executor, 0)
    workers = max(task.params.workers for task in tasks)
    parallel = parallel or max(1, (os.cpu_count() or 1) // workers)
    if executor == Executor.RAY:
        solved = _on_ray(tasks, workers, address)
    elif parallel == 1 or len(tasks) == 1:
        solved = [solve_task(task) for task in tasks]
    else:
        solved = _in_processes(tasks, min(parallel, len(tasks)))
    return Sweep(tuple(solved), time.perf_counter() - started, executor, parallel)


def _in_processes(tasks: Sequence[Task], parallel: int) -> list[Solved]:
    # spawn, not fork: a forked copy of a process whose solver threads have run can hang
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=parallel, mp_context=context) as pool:
        return list(pool.map(solve_task, tasks))


def _on_ray(tasks: Sequence[Task], workers: int, address: str | None) -> list[Solved]:
    """The tasks as Ray tasks, each asking for as many CPUs as it has solver threads (at
    most the cluster's), on the cluster at ``address`` or on a local instance."""
    ray = _import_ray()
    started_here = not ray.is_initialized()
    if started_here:
        ray.init(
            address=address,
            include_dashboard=False,
            log_to_driver=False,
            logging_level=logging.WARNING,
        )
    try:
        cpus = int(ray.cluster_resources().get("CPU", 1))
        remote: Any = ray.remote(num_cpus=min(workers, cpus))(solve_task)
        return list(ray.get([remote.remote(task) for task in tasks]))
    finally:
        if started_here:
            ray.shutdown()


def _import_ray() -> Any:
    try:
        import ray
    except ImportError:
        raise InputError(
            "--executor ray",
            "",
            "Ray is not installed",
            "pip install 'residency-scheduler[ray]' (or choose --executor process)",
        ) from None
    return ray


def best_of(solved: Sequence[Solved]) -> Solved:
    """A scenario's best solve over its seeds: a schedule the validator passes first,
    then the lowest objective, then the earliest seed."""

    def rank(one: Solved) -> tuple[int, float, int]:
        outcome = one.outcome
        objective = outcome.result.objective
        has = 0 if outcome.ok else 1 if outcome.schedule is not None else 2
        return (has, objective if objective is not None else float("inf"), one.task.params.seed)

    return min(solved, key=rank)


def load_comparison(base_file: Path, scenario_files: Sequence[Path]) -> list[Scenario]:
    """The base program (named 'base') and each scenario laid over it, names made unique."""
    base = load_base(base_file)
    loaded = [replace(base, name="base")]
    loaded += [load_scenario(path, base=base_file) for path in scenario_files]
    return unique_names(loaded)


def unique_names(loaded: list[Scenario]) -> list[Scenario]:
    """Scenarios renamed where two share a name ('4+1', '4+1 (2)'), so columns differ (and
    the solves of one are never taken for another's: a renamed one skips the names taken)."""
    taken = {scenario.name for scenario in loaded}
    seen: set[str] = set()
    named = []
    for scenario in loaded:
        name, count = scenario.name, 1
        while name in seen or (name != scenario.name and name in taken):
            count += 1
            name = f"{scenario.name} ({count})"
        seen.add(name)
        named.append(scenario if name == scenario.name else replace(scenario, name=name))
    return named


def sweep_tasks(scenarios: Sequence[Scenario], params: SolveParams, seeds: int) -> list[Task]:
    """One task per scenario and seed (``params.seed`` on); a sweep solves without fixes,
    confirmations or alternatives (``solve SCENARIO.yaml`` gives those)."""
    quick = replace(params, fix_time_limit=0, confirm_time_limit=0, alternatives=1)
    return [
        Task(scenario.name, scenario.program, replace(quick, seed=params.seed + n))
        for scenario in scenarios
        for n in range(seeds)
    ]


def compared(scenarios: Sequence[Scenario], sweep: Sweep) -> list[Compared]:
    """Each scenario's best solve, with every seed's objective, for the comparison."""
    found = []
    for scenario in scenarios:
        mine = [one for one in sweep.solved if one.task.name == scenario.name]
        best = best_of(mine).outcome
        found.append(
            Compared(
                scenario.name,
                scenario.program,
                best.result,
                best.report,
                {one.task.params.seed: one.outcome.result.objective for one in mine},
                file=str(scenario.path),
                base=str(scenario.base or ""),
                description=scenario.description,
                overrides=scenario.overrides,
            )
        )
    return found


@dataclass(frozen=True)
class Comparison:
    """What ``compare`` found: each scenario's best solve, and the sweep that solved them."""

    compared: list[Compared]
    sweep: Sweep

    def side_by_side(self) -> tuple[list[tuple[str, str]], list[dict[tuple[str, str], Figure]]]:
        """The figures in order (section, figure) and each scenario's values."""
        return side_by_side(self.compared)

    @property
    def broken(self) -> list[str]:
        """Scenarios whose schedule the independent check failed (an engine bug)."""
        return [c.name for c in self.compared if c.report is not None and not c.report.ok]
