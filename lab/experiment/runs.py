"""The runs of an experiment: what one run is, the plan of them all, and one run done.

A run is one arm at one design point in one replication, with its seed and its full ModelConfig
(:class:`RunTask`). :func:`plan_runs` lays out every run of an experiment; :func:`execute_run`
simulates one and returns its metric rows. It does no IO, so any ``concurrent.futures`` executor
can run it (:mod:`lab.experiment.backends`) and the same seed gives the same numbers on every
backend; a failing run gives back its error as data.
"""

from __future__ import annotations

import time
import traceback
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from lab.experiment.metrics import compute_metrics, high_recovery_thresholds, subgroup_metrics
from lab.experiment.seeds import assign_arms, assignment_seeds, run_seeds
from lab.experiment.spec import ExperimentSpec
from lab.model import SimulationResult, simulate
from lab.model.config import ModelConfig


@dataclass(frozen=True)
class Assignment:
    """The lab design's random assignment of one population: this arm keeps its own participants.

    ``seed`` draws the split (the same in every arm of a replication), ``arm_index`` is this arm's
    position among ``n_arms``.
    """

    seed: int
    arm_index: int
    n_arms: int


@dataclass(frozen=True)
class RunTask:
    """Everything one run needs: where it sits in the experiment, its seed and its ModelConfig.

    ``assignment`` is set in the lab design with common random numbers: the run simulates the
    shared population and measures only the households assigned to its arm.
    """

    experiment: str
    arm: str
    point: int
    point_label: str
    replication: int
    seed: int
    config: dict[str, Any]
    assignment: Assignment | None = None

    @property
    def run_id(self) -> str:
        """File-name key of the run: ``<arm>--p<point>--r<replication>``."""
        return f"{self.arm}--p{self.point:03d}--r{self.replication:04d}"


@dataclass(frozen=True)
class RunOutcome:
    """What a run gives back: its rows, or the error that stopped it."""

    run_id: str
    rows: pd.DataFrame | None
    error: str | None
    seconds: float


def run_rows(task: RunTask, result: Any) -> pd.DataFrame:
    """The long-format rows of one run (:data:`lab.experiment.store.COLUMNS`) from its result."""
    threshold = high_recovery_thresholds(result.awards)
    rows: list[tuple[str, str, str, str, int, float]] = []
    for name, metric_value in compute_metrics(result.awards, result.households, threshold).items():
        rows.append(("metric", name, "", "", -1, metric_value))
    for column, label, metrics in subgroup_metrics(result.awards, result.households, threshold):
        rows += [("subgroup", n, column, label, -1, v) for n, v in metrics.items()]
    for name, series in result.monthly.items():
        if name == "month":
            continue
        rows += [("monthly", name, "", "", m, float(v)) for m, v in enumerate(series)]
    kind, metric, subgroup, group, month, value = zip(*rows, strict=True)
    n = len(rows)
    return pd.DataFrame(
        {
            "experiment": [task.experiment] * n,
            "arm": [task.arm] * n,
            "point": np.full(n, task.point, dtype=np.int32),
            "point_label": [task.point_label] * n,
            "replication": np.full(n, task.replication, dtype=np.int32),
            "seed": np.full(n, task.seed, dtype=np.int64),
            "kind": kind,
            "metric": metric,
            "subgroup": subgroup,
            "group": group,
            "month": np.asarray(month, dtype=np.int32),
            "value": np.asarray(value, dtype=np.float64),
        }
    )


def participants(result: SimulationResult, assignment: Assignment) -> SimulationResult:
    """The part of a run's result that belongs to the households assigned to its arm.

    Their weights are scaled up by (all households / participants), so totals such as
    ``state_cost_eur`` still stand for the whole represented population. The monthly series stay
    those of the whole simulated population under the arm's policy.
    """
    n = result.households["household"].size
    mine = assign_arms(assignment.seed, n, assignment.n_arms) == assignment.arm_index
    scale = n / max(int(mine.sum()), 1)
    households = {k: v[mine] for k, v in result.households.items()}
    households["weight"] = households["weight"] * scale
    keep = mine[result.awards["household"]]
    awards = {k: v[keep] for k, v in result.awards.items()}
    awards["weight"] = awards["weight"] * scale
    return SimulationResult(awards=awards, households=households, monthly=result.monthly)


def execute_run(task: RunTask) -> RunOutcome:
    """Simulate one run and compute its metrics; never raises (the error is returned as text)."""
    start = time.perf_counter()
    try:
        result = simulate(ModelConfig(**task.config), task.seed)
        if task.assignment is not None:
            result = participants(result, task.assignment)
        rows = run_rows(task, result)
    except Exception:  # a failing run is data, not the end of the experiment
        return RunOutcome(task.run_id, None, traceback.format_exc(), time.perf_counter() - start)
    return RunOutcome(task.run_id, rows, None, time.perf_counter() - start)


def plan_runs(spec: ExperimentSpec) -> list[RunTask]:
    """Every run of the experiment, replication-major so early results cover every arm."""
    points = spec.design_points()
    labels = spec.point_labels()
    arms = list(spec.arms)
    seeds = run_seeds(spec.seed, len(arms), len(points), spec.replications, spec.crn)
    split = spec.design == "lab" and spec.crn
    assignment = assignment_seeds(spec.seed, len(points), spec.replications)
    tasks = []
    for r in range(spec.replications):
        for p, point in enumerate(points):
            for a, arm in enumerate(arms):
                config = spec.config(arm, point, where=f"arm '{arm}'")
                tasks.append(
                    RunTask(
                        experiment=spec.name,
                        arm=arm,
                        point=p,
                        point_label=labels[p],
                        replication=r,
                        seed=int(seeds[a, p, r]),
                        config=config.model_dump(mode="json"),
                        assignment=Assignment(int(assignment[p, r]), a, len(arms))
                        if split
                        else None,
                    )
                )
    return tasks
