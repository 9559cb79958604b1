"""Sweeps: many scenarios (and seeds) solved side by side, each checked by the validator.

A program director's question ("3+2 or 4+1? 50 or 55% ambulatory?") is a handful of
independent solves, so they run in parallel: in local processes by default
(:class:`concurrent.futures.ProcessPoolExecutor`), or as Ray tasks where one machine is not
enough (``executor="ray"``: ``ray.init(address=...)`` joins a cluster, none starts a local
instance). Each task is a plain function of plain data (:func:`solve_task`), so both ways
run the same code and give the same schedules for the same seeds.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from scheduler.checks import Report, validate
from scheduler.domain import InputError, Program
from scheduler.domain.result import Result
from scheduler.workflows.solving import SolveParams, solve


class Executor(StrEnum):
    """Where a sweep's solves run."""

    PROCESS = "process"  # local processes (the default)
    RAY = "ray"  # Ray tasks on a cluster, or on a local Ray instance


@dataclass(frozen=True)
class Task:
    """One solve of a sweep: a scenario's program with one seed."""

    name: str
    program: Program
    time_limit: float
    workers: int
    seed: int
    #: stop at the first valid schedule (a quick draft of each scenario)
    stop_at_first: bool = False


@dataclass(frozen=True)
class Outcome:
    """A task's result and the validator's report on its schedule (None without one)."""

    task: Task
    result: Result
    report: Report | None


def solve_task(task: Task) -> Outcome:
    """Solve one task and check its schedule (run in a worker process or a Ray task)."""
    params = SolveParams(
        time_limit=task.time_limit,
        workers=task.workers,
        seed=task.seed,
        stop_at_first=task.stop_at_first,
    )
    result = solve(task.program, params)
    report = validate(task.program, result.schedule) if result.schedule is not None else None
    return Outcome(task, result, report)


@dataclass(frozen=True)
class Sweep:
    """What a sweep gave, in the order the tasks were given, and how long it took."""

    outcomes: tuple[Outcome, ...]
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
    workers = max(task.workers for task in tasks)
    parallel = parallel or max(1, (os.cpu_count() or 1) // workers)
    if executor == Executor.RAY:
        outcomes = _on_ray(tasks, workers, address)
    elif parallel == 1 or len(tasks) == 1:
        outcomes = [solve_task(task) for task in tasks]
    else:
        outcomes = _in_processes(tasks, min(parallel, len(tasks)))
    return Sweep(tuple(outcomes), time.perf_counter() - started, executor, parallel)


def _in_processes(tasks: Sequence[Task], parallel: int) -> list[Outcome]:
    # spawn, not fork: a forked copy of a process whose solver threads have run can hang
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=parallel, mp_context=context) as pool:
        return list(pool.map(solve_task, tasks))


def _on_ray(tasks: Sequence[Task], workers: int, address: str | None) -> list[Outcome]:
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


def best_of(outcomes: Sequence[Outcome]) -> Outcome:
    """A scenario's best outcome over its seeds: a schedule the validator passes first,
    then the lowest objective, then the earliest seed."""

    def rank(outcome: Outcome) -> tuple[int, float, int]:
        result = outcome.result
        passes = outcome.report is not None and outcome.report.ok
        objective = result.objective if result.objective is not None else float("inf")
        return (0 if passes else 1 if result.schedule else 2, objective, outcome.task.seed)

    return min(outcomes, key=rank)
