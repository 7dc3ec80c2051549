"""Running a small experiment for the app, on the model's contract (``docs/architecture.md``).

Every arm runs ``simulate(config.with_overrides(arm), seed)`` for the same replication seeds
(common random numbers), and the page gets plain tables back: the award table with ``arm`` and
``replication`` columns, the monthly series, per-replication metrics, and a ``summary`` in the
experiment runner's ``summary.json`` shape (per arm: mean and 95% t interval across replications;
effects: paired differences with the control). Nothing here keeps a model alive: ``simulate``
closes its model before it returns.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from lab import TOESLAGEN
from lab.config import ModelConfig, build_config
from lab.errors import InputError
from lab.parameters import load_year

#: Award columns the page keeps (the rest of the model's table is dropped at once).
AWARD_COLUMNS = (
    "toeslag",
    "weight",
    "eligible",
    "applied",
    "chosen_percentage",
    "terugvordering",
    "nabetaling",
)
#: Largest population the page runs (a demo, not a cluster).
MAX_HOUSEHOLDS = 50_000
#: Largest number of replications the page runs.
MAX_REPLICATIONS = 20
Progress = Callable[[float, str], None]


@dataclass(frozen=True)
class ExperimentSettings:
    """An experiment as the page runs it; hashable, so it is the cache key.

    Attributes:
        arms: (arm name, overrides as (field, value) pairs) per arm; the first is the control.
        n_households: households per run.
        replications: runs per arm, with seeds shared across arms.
        seed: root seed of the replication seeds.
        base: overrides of the default ModelConfig shared by all arms.
    """

    arms: tuple[tuple[str, tuple[tuple[str, Any], ...]], ...]
    n_households: int = 2_000
    replications: int = 3
    seed: int = 1
    base: tuple[tuple[str, Any], ...] = field(default_factory=tuple)

    def configs(self) -> dict[str, ModelConfig]:
        """The validated ModelConfig of every arm (InputError names the bad field)."""
        if not self.arms:
            raise InputError("kies minstens één groep")
        if not 1 <= self.n_households <= MAX_HOUSEHOLDS:
            raise InputError(
                f"de populatie moet 1 tot {MAX_HOUSEHOLDS:,} huishoudens zijn, "
                f"niet {self.n_households:,}"
            )
        if not 1 <= self.replications <= MAX_REPLICATIONS:
            raise InputError(f"kies 1 tot {MAX_REPLICATIONS} herhalingen")
        base = build_config({"n_households": self.n_households, **dict(self.base)}, where="basis")
        return {name: base.with_overrides(dict(o), where=f"groep {name}") for name, o in self.arms}


@dataclass(frozen=True)
class ExperimentOutcome:
    """Plain results of an experiment run (no model objects)."""

    settings: ExperimentSettings
    awards: pd.DataFrame
    monthly: pd.DataFrame
    metrics: pd.DataFrame
    summary: dict[str, Any]

    def summary_json(self) -> bytes:
        """``summary.json`` as bytes (UTF-8)."""
        return json.dumps(self.summary, indent=2).encode("utf-8")

    def metrics_csv(self) -> bytes:
        """The per-replication metrics as CSV bytes (long table: arm, replication, metric)."""
        return self.metrics.to_csv(index=False).encode("utf-8")


def replication_seeds(seed: int, replications: int) -> list[int]:
    """The replication seeds, the same for every arm (common random numbers)."""
    children = np.random.SeedSequence(seed).spawn(replications)
    return [int(child.generate_state(1, dtype=np.uint32)[0]) for child in children]


def _share(mask: np.ndarray, weight: np.ndarray, among: np.ndarray) -> float:
    total = float(weight[among].sum())
    return float(weight[among & mask].sum() / total) if total > 0 else float("nan")


def run_metrics(awards: pd.DataFrame, households: dict[str, np.ndarray], high: float) -> dict:
    """One run's outcome metrics (the experiment runner's names), weighted by households.

    Args:
        awards: the run's award table (model contract columns).
        households: the run's household table.
        high: the hoge-terugvordering threshold, euro.
    """
    w = awards["weight"].to_numpy(float)
    applied = awards["applied"].to_numpy(bool)
    eligible = awards["eligible"].to_numpy(bool)
    chosen = awards["chosen_percentage"].to_numpy(float)
    recovery = awards["terugvordering"].to_numpy(float)
    out = {
        "take_up_rate": _share(applied, w, eligible),
        "reduced_choice_share": _share(chosen < 1.0 - 1e-9, w, applied),
        "chosen_percentage_mean": float(np.average(chosen[applied], weights=w[applied]))
        if applied.any()
        else float("nan"),
        "recovery_share": _share(recovery > 0, w, applied),
        "high_recovery_share": _share(recovery > high, w, applied),
        "nabetaling_share": _share(awards["nabetaling"].to_numpy(float) > 0, w, applied),
        "negative_balance_months": float(
            np.average(households["negative_balance_months"], weights=households["weight"])
        ),
    }
    toeslag = awards["toeslag"].to_numpy()
    for name in TOESLAGEN:
        mine = toeslag == name
        out[f"take_up_rate.{name}"] = _share(applied, w, eligible & mine)
        out[f"recovery_share.{name}"] = _share(recovery > 0, w, applied & mine)
        out[f"high_recovery_share.{name}"] = _share(recovery > high, w, applied & mine)
    return out


def _interval(values: np.ndarray) -> dict[str, float]:
    values = values[np.isfinite(values)]
    if values.size == 0:
        return {"mean": float("nan"), "ci_low": float("nan"), "ci_high": float("nan")}
    mean = float(values.mean())
    if values.size < 2:
        return {"mean": mean, "ci_low": mean, "ci_high": mean}
    half = float(stats.t.ppf(0.975, values.size - 1) * values.std(ddof=1) / np.sqrt(values.size))
    return {"mean": mean, "ci_low": mean - half, "ci_high": mean + half}


def summarise(metrics: pd.DataFrame, control: str) -> dict[str, Any]:
    """The ``summary.json`` of the runs.

    Per arm and metric: the mean and 95% t interval across replications; per treatment arm: the
    paired effect against ``control`` (same replication seed) with its 95% t interval.
    """
    wide = metrics.pivot_table(index=["arm", "replication"], columns="metric", values="value")
    summary: dict[str, Any] = {"arms": {}, "effects": {}}
    for arm in metrics["arm"].unique():
        rows = wide.loc[arm]
        summary["arms"][arm] = {m: _interval(rows[m].to_numpy(float)) for m in rows.columns}
        if arm != control:
            base = wide.loc[control]
            diff = rows - base.loc[rows.index]
            summary["effects"][arm] = {m: _interval(diff[m].to_numpy(float)) for m in diff}
    return summary


def run_experiment_settings(
    settings: ExperimentSettings,
    progress: Progress | None = None,
    simulate: Callable[[ModelConfig, int], Any] | None = None,
) -> ExperimentOutcome:
    """Run every arm for every replication seed and summarise.

    Args:
        settings: the experiment.
        progress: called after each run with (fraction done, Dutch text).
        simulate: the model's ``simulate`` (default :func:`lab.model.simulate`).
    """
    if simulate is None:
        from lab.model import simulate
    configs = settings.configs()
    seeds = replication_seeds(settings.seed, settings.replications)
    high = load_year(next(iter(configs.values())).year).awir.high_recovery_threshold
    awards, monthly, metrics = [], [], []
    total, done = len(configs) * len(seeds), 0
    for arm, config in configs.items():
        for replication, seed in enumerate(seeds):
            result = simulate(config, seed)
            table = pd.DataFrame({c: result.awards[c] for c in AWARD_COLUMNS})
            for name, value in run_metrics(table, result.households, high).items():
                metrics.append((arm, replication, name, value))
            table = table.assign(arm=arm, replication=replication)
            awards.append(table)
            monthly.append(pd.DataFrame(result.monthly).assign(arm=arm, replication=replication))
            del result
            done += 1
            if progress is not None:
                progress(done / total, f"groep {arm}, herhaling {replication + 1} klaar")
    metric_table = pd.DataFrame(metrics, columns=["arm", "replication", "metric", "value"])
    return ExperimentOutcome(
        settings=settings,
        awards=pd.concat(awards, ignore_index=True),
        monthly=pd.concat(monthly, ignore_index=True),
        metrics=metric_table,
        summary=summarise(metric_table, control=settings.arms[0][0]),
    )
