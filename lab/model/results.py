"""The outcome tables of a run (docs/architecture.md, "Model output")."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from lab import TOESLAGEN
from lab.households.experience import experience_score
from lab.households.population import INCOME_TYPES

if TYPE_CHECKING:
    from lab.model.toeslagen_model import ToeslagenModel

#: Columns of the awards table, in order.
AWARD_COLUMNS = (
    "household",
    "year",
    "toeslag",
    "weight",
    "eligible",
    "applied",
    "chosen_percentage",
    "paid_total",
    "definitive",
    "terugvordering",
    "nabetaling",
    "collected",
    "not_collected",
)


@dataclass(frozen=True)
class SimulationResult:
    """Outcome tables of one run (see docs/architecture.md, "Model output")."""

    awards: dict[str, np.ndarray]
    households: dict[str, np.ndarray]
    monthly: dict[str, np.ndarray]


def _tertile(x: np.ndarray) -> np.ndarray:
    return np.searchsorted(np.quantile(x, [1 / 3, 2 / 3]), x, side="right") + 1


def _experience(model: ToeslagenModel) -> dict[str, np.ndarray]:
    """Per household: whether it had a toeslag, and its experience rating (0..10, 10 best)."""
    terug, nabet = np.zeros(model.n), np.zeros(model.n)
    has_toeslag = np.zeros(model.n, dtype=bool)
    recalculated = np.zeros(model.n)
    for year in model.years:
        has_toeslag |= year.applied.any(axis=1)
        recalculated += year.reported
        if year.definitive is not None:
            terug += year.settlement["terugvordering"].sum(axis=1)
            nabet += year.settlement["nabetaling"].sum(axis=1)
    months = 12 * max(model.income.n_years, 1)
    monthly_net = model.budget.net_ratio * model.income.monthly.sum(axis=1) / months
    score = experience_score(
        terug, nabet, monthly_net, model.budget.negative_months, recalculated, model.behaviour
    )
    return {"has_toeslag": has_toeslag, "experience": score}


def result_tables(model: ToeslagenModel) -> SimulationResult:
    """The awards, households and monthly tables of a (finished) run."""
    rows: dict[str, list[np.ndarray]] = {k: [] for k in AWARD_COLUMNS}
    w = model.population.weight
    for year in model.years:
        if year.definitive is None:
            continue
        s = year.settlement
        eligible = year.definitive > 0
        for t, name in enumerate(TOESLAGEN):
            idx = np.flatnonzero(eligible[:, t] | year.applied[:, t])
            rows["household"].append(idx.astype(np.int64))
            rows["year"].append(np.full(idx.size, year.params.year, dtype=np.int16))
            rows["toeslag"].append(np.full(idx.size, name, dtype=object))
            rows["weight"].append(w[idx])
            rows["eligible"].append(eligible[idx, t])
            rows["applied"].append(year.applied[idx, t])
            rows["chosen_percentage"].append(year.percentage[idx, t])
            rows["paid_total"].append(np.where(year.applied[idx, t], year.paid[idx, t], 0.0))
            rows["definitive"].append(year.definitive[idx, t])
            for key in ("terugvordering", "nabetaling", "collected"):
                rows[key].append(s[key][idx, t])
            rows["not_collected"].append(s["terugvordering"][idx, t] - s["collected"][idx, t])
    awards = {k: np.concatenate(v) if v else np.zeros(0) for k, v in rows.items()}
    households = {
        "household": np.arange(model.n, dtype=np.int64),
        "weight": w,
        "income_type": np.asarray(INCOME_TYPES, dtype=object)[model.population.income_type],
        "volatility_tertile": _tertile(
            model.income.volatility + 1e-9 * model.population.base_income / 1e5
        ),
        "risk_aversion_tertile": _tertile(model.traits.risk_aversion),
        "buffer": np.where(model.traits.has_buffer, "some", "none").astype(object),
        "negative_balance_months": model.budget.negative_months.copy(),
        **_experience(model),
    }
    frame = model.datacollector.get_model_vars_dataframe()
    monthly = {col: frame[col].to_numpy() for col in frame.columns}
    return SimulationResult(awards=awards, households=households, monthly=monthly)
