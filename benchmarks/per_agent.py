"""The per-agent baseline: every household a ``mesa.Agent`` that lives its toeslag year on its own.

The array model (:class:`lab.model.ToeslagenModel`) moves all households at once. Here each
household is an agent holding its own one-household state, and each month it runs the very same
month loop and rule functions (awards, choice, reports, the Awir year, DT, collection) on arrays
of length 1: the same rules, one household at a time, as an agent-based model written agent by
agent would. Nothing in the rules is written again; the baseline only slices the households'
facts and, so that both ways take identical decisions, gives each agent its own row of the run's
named random streams.

``compare(n, seed)`` builds the population once, runs the array model and the per-agent model on
it in this process, and returns the two run times, their ratio and whether the totals agree.
"""

from __future__ import annotations

import copy
import dataclasses
import sys
import time
from typing import Any

import mesa
import numpy as np
import pandas as pd

import lab.households.streams as streams_module
from lab.model import ModelConfig, ToeslagenModel
from lab.model.month import MonthArrays
from lab.model.toeslagen_model import MONTHLY_SERIES

_STREAM = streams_module.stream


class _RowOfStream:
    """A named stream as one household sees it: its own row of the population's draws."""

    def __init__(self, draws: _Draws, name: str) -> None:
        self.draws = draws
        self.name = name

    def random(self, size: int | tuple[int, ...]) -> np.ndarray:
        shape = (size,) if isinstance(size, int) else tuple(size)
        key = (self.name, shape[1:])
        full = self.draws.cache.get(key)
        if full is None:
            full = _STREAM(self.draws.seed, self.name).random((self.draws.n, *shape[1:]))
            self.draws.cache[key] = full
        i = self.draws.current
        return full[i : i + 1]


class _Draws:
    """The run's named streams, drawn once for the population and handed out row by row."""

    def __init__(self, seed: int, n: int) -> None:
        self.seed = seed
        self.n = n
        self.current = 0
        self.cache: dict[tuple[str, tuple[int, ...]], np.ndarray] = {}

    def stream(self, seed: int, name: str) -> _RowOfStream:
        assert seed == self.seed, "one run, one seed"
        return _RowOfStream(self, name)

    def install(self) -> list[tuple[Any, Any]]:
        """Point every model and policy module that draws from a stream at the household rows."""
        patched = []
        for name, module in list(sys.modules.items()):
            if name.startswith("lab.") and getattr(module, "stream", None) is _STREAM:
                patched.append((module, module.stream))
                module.stream = self.stream
        return patched


def _rows(obj: Any, i: int, n: int) -> Any:
    """A copy of ``obj`` with every per-household array cut to household ``i`` (length 1)."""
    new = copy.copy(obj)
    fields = (
        {f.name: getattr(obj, f.name) for f in dataclasses.fields(obj)}
        if dataclasses.is_dataclass(obj)
        else vars(obj)
    )
    for key, value in fields.items():
        if isinstance(value, np.ndarray) and value.ndim >= 1 and value.shape[0] == n:
            object.__setattr__(new, key, value[i : i + 1].copy())
    return new


class _MonthSums:
    """Adds up the households' monthly series (the array model's ``datacollector`` columns)."""

    def __init__(self, months: int) -> None:
        self.sums = np.zeros((months, len(MONTHLY_SERIES)))

    def collect(self, model: Any) -> None:
        for j, name in enumerate(MONTHLY_SERIES):
            self.sums[model.steps - 1, j] += getattr(model, name)

    def get_model_vars_dataframe(self) -> pd.DataFrame:
        return pd.DataFrame()


def one_household(full: ToeslagenModel, i: int, collector: _MonthSums) -> ToeslagenModel:
    """Household ``i`` of ``full`` (before its first step) as a model of one household."""
    n = full.n
    one = object.__new__(type(full))
    one.__dict__.update(full.__dict__)
    h = full.households
    one.households = dataclasses.replace(
        h,
        population=_rows(h.population, i, n),
        income=_rows(h.income, i, n),
        traits=_rows(h.traits, i, n),
        coresidents=_rows(h.coresidents, i, n),
        fear_start=h.fear_start[i : i + 1].copy(),
    )
    one.budget = _rows(full.budget, i, n)
    one.n = 1
    one.applied_before = full.applied_before[i : i + 1].copy()
    one.household_estimate = full.household_estimate[i : i + 1].copy()
    one.income_before = full.income_before[i : i + 1].copy()
    one.history = None
    one.keep_history = False
    one.years = []
    one.datacollector = collector
    one.month_arrays = MonthArrays(1, False)
    one._reset_series()
    return one


class HouseholdOnItsOwn(mesa.Agent):
    """One household that steps its own toeslag year through the model's month loop."""

    def __init__(self, model: PerAgentModel, index: int, state: ToeslagenModel) -> None:
        super().__init__(model)
        self.index = index
        self.state = state

    def step(self) -> None:
        self.model.draws.current = self.index
        self.state.steps += 1  # what Mesa's wrapped step does before the model's own step
        ToeslagenModel.step(self.state)


class PerAgentModel(mesa.Model):
    """The households of ``full`` as agents, each stepped on its own, month by month."""

    def __init__(self, full: ToeslagenModel) -> None:
        super().__init__(seed=full.run_seed)
        self.draws = _Draws(full.run_seed, full.n)
        self.horizon = full.horizon
        self.month_sums = _MonthSums(full.horizon)
        for i in range(full.n):
            HouseholdOnItsOwn(self, i, one_household(full, i, self.month_sums))

    def run(self) -> None:
        patched = self.draws.install()
        try:
            for _ in range(self.horizon):
                self.agents.do("step")
        finally:
            for module, original in patched:
                module.stream = original

    def close(self) -> None:
        mesa.Agent._ids.pop(self, None)
        for agent in list(self.agents):
            agent.remove()


#: Award-table columns whose weighted totals must agree between the two ways.
TOTALS = (
    "applied",
    "eligible",
    "paid_total",
    "definitive",
    "terugvordering",
    "nabetaling",
    "collected",
)


def _totals(awards_tables: list[dict[str, np.ndarray]]) -> dict[str, float]:
    out = dict.fromkeys(TOTALS, 0.0)
    for awards in awards_tables:
        for key in TOTALS:
            out[key] += float((awards[key].astype(float) * awards["weight"]).sum())
    return out


def compare(n: int, seed: int = 1, config: ModelConfig | None = None) -> dict[str, Any]:
    """Run one toeslag year of ``n`` households both ways in this process and compare."""
    config = config or ModelConfig(n_households=n)
    warm = ToeslagenModel(config.with_overrides({"n_households": 50}), seed=seed)
    warm.run()  # imports, compiled kernels and caches loaded before either way is timed
    warm.close()
    full = ToeslagenModel(config, seed=seed, keep_history=False)
    agents = PerAgentModel(full)
    start = time.perf_counter()
    full.run()
    array_s = time.perf_counter() - start
    start = time.perf_counter()
    agents.run()
    agents_s = time.perf_counter() - start
    array_totals = _totals([full.result().awards])
    agent_totals = _totals([a.state.result().awards for a in agents.agents])
    same = all(np.isclose(array_totals[k], agent_totals[k], rtol=1e-9, atol=1e-6) for k in TOTALS)
    monthly = full.datacollector.get_model_vars_dataframe()[list(MONTHLY_SERIES)].to_numpy()
    same_monthly = bool(np.allclose(monthly, agents.month_sums.sums, rtol=1e-9, atol=1e-6))
    full.close()
    agents.close()
    return {
        "households": n,
        "months": full.horizon,
        "array_s": array_s,
        "agents_s": agents_s,
        "ratio": agents_s / array_s,
        "same_totals": bool(same and same_monthly),
        "same_award_totals": bool(same),
        "same_monthly_series": same_monthly,
        "array_totals": array_totals,
        "agent_totals": agent_totals,
    }


if __name__ == "__main__":
    import json

    print(json.dumps(compare(int(sys.argv[1]) if len(sys.argv) > 1 else 500), indent=1))
