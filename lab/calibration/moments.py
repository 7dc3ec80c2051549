"""The moments over replications: which runs each year needs, and the runs made and averaged.

The moments come from runs of the model at the shipped (or trial) parameters, with the same seeds
at every evaluation (common random numbers) and several replications; each target's moment is
simulated in the toeslag year it was measured in (:func:`run_plan`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from lab.calibration.replication import replication_moments
from lab.calibration.targets import Design, Target, moment_key


#: The runs a moment needs besides the control arm of its year (``income``: two years of income
#: paths, no model run).
def _run_of(moment: str) -> str:
    if moment.startswith("outreach."):
        return "outreach"
    if moment.startswith(("voorzichtig.", "experience_effect.")):
        return "voorzichtig"
    if moment.startswith("instelbaar."):
        return "instelbaar"
    if moment.startswith(("income_spread.", "income_fell.")):
        return "income"
    return "control"


#: The order in which a year's runs are made (control first: the arms are compared with it).
RUNS = ("control", "voorzichtig", "outreach", "instelbaar", "income")


def run_plan(targets: list[Target], fitted_only: bool = False) -> dict[int, tuple[str, ...]]:
    """Per toeslag year, the runs its targets need (:data:`RUNS`), years ascending.

    A year with an arm's moment runs the control arm too. With ``fitted_only`` only the fitted
    targets count (what :func:`calibrate` simulates at every evaluation).
    """
    needed: dict[int, set[str]] = {}
    for target in targets:
        if fitted_only and not target.fitted:
            continue
        runs = needed.setdefault(target.year, set())
        run = _run_of(target.moment)
        runs.add(run)
        if run != "income":
            runs.add("control")
    return {year: tuple(r for r in RUNS if r in needed[year]) for year in sorted(needed)}


def _with_year(moments: Mapping[str, float], year: int) -> dict[str, float]:
    return {moment_key(name, year): value for name, value in moments.items()}


def _task(args: tuple[Mapping[str, Mapping[str, Any]], Design, int, int, tuple[str, ...]]) -> dict:
    overrides, design, seed, year, runs = args
    return _with_year(replication_moments(overrides, design, seed, year, runs), year)


_POOLS: dict[int, Any] = {}


def _pool(workers: int) -> Any:
    """A process pool of ``workers`` processes, kept for the next evaluation (spawned once)."""
    if workers not in _POOLS:
        import atexit
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        from lab.rows import set_threads

        # The worker processes fill the cores already: each runs on one thread (lab.rows).
        pool = ProcessPoolExecutor(
            workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=set_threads,
            initargs=(1,),
        )
        atexit.register(pool.shutdown, cancel_futures=True)
        _POOLS[workers] = pool
    return _POOLS[workers]


@dataclass
class Moments:
    """Moments over replications: per name (``moment@year``) the values of each seed."""

    values: dict[str, list[float]] = field(default_factory=dict)

    def add(self, moments: Mapping[str, float]) -> None:
        """Add one replication."""
        for key, value in moments.items():
            self.values.setdefault(key, []).append(float(value))

    def mean(self, name: str) -> float:
        """Mean over replications (NaN if the moment was not computed)."""
        values = [v for v in self.values.get(name, []) if math.isfinite(v)]
        return float(np.mean(values)) if values else float("nan")

    def count(self, name: str) -> float:
        """Simulated units behind a moment, summed over replications (0 if not recorded)."""
        return float(sum(self.values.get(f"n:{name}", [])))

    def sampling_se(self, name: str) -> float:
        """Standard error of a moment from population sampling alone (same seeds, same shocks).

        A share ``p`` over ``m`` units: ``sqrt(p (1 - p) / m)``; any other moment (euro totals,
        means, spreads, differences): ``1.5 |value| / sqrt(m)``, a coefficient of variation of
        1.5 per unit. NaN when no count was recorded.
        """
        m = self.count(name)
        value = self.mean(name)
        if m <= 0 or not math.isfinite(value):
            return float("nan")
        if 0.0 <= value <= 1.0 and not name.startswith(
            ("income_spread", "experience", "estimate_error")
        ):
            return math.sqrt(max(value * (1.0 - value), 1e-6) / m)
        return 1.5 * abs(value) / math.sqrt(m)

    def interval(self, name: str) -> tuple[float, float]:
        """95% interval of the mean over replications (t distribution)."""
        from scipy.stats import t as student

        values = np.array([v for v in self.values.get(name, []) if math.isfinite(v)])
        if values.size < 2:
            mean = self.mean(name)
            return mean, mean
        half = student.ppf(0.975, values.size - 1) * values.std(ddof=1) / math.sqrt(values.size)
        return float(values.mean() - half), float(values.mean() + half)


def simulate_moments(
    overrides: Mapping[str, Mapping[str, Any]],
    design: Design,
    plan: Mapping[int, tuple[str, ...]],
    workers: int = 1,
) -> Moments:
    """The moments at ``overrides`` over the design's replication seeds (common random numbers).

    ``plan``: per toeslag year the runs to make (:func:`run_plan`). With ``workers`` > 1 the
    (seed, year) replications run in that many processes; each is the same computation as in
    one process and they are added in the same order, so the moments are the same bit for bit.
    """
    tasks = [
        (overrides, design, seed, year, runs)
        for seed in design.seeds
        for year, runs in plan.items()
    ]
    if workers > 1 and len(tasks) > 1:
        results = list(_pool(workers).map(_task, tasks))
    else:
        results = [_task(task) for task in tasks]
    moments = Moments()
    for seed_index in range(len(design.seeds)):
        replication: dict[str, float] = {}
        for result in results[seed_index * len(plan) : (seed_index + 1) * len(plan)]:
            replication |= result
        moments.add(replication)
    return moments


def moment_value(moments: Moments, name: str) -> float:
    """A moment's mean; a family (``instelbaar.chosen_percentage_bins``) has no single value."""
    return moments.mean(name)
