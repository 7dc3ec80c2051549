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
        has_toeslag |= year.applicant
        recalculated += year.reported
        if year.definitive is not None:
            terug += year.settled_terugvordering
            nabet += year.settled_nabetaling
    months = 12 * max(model.income.n_years, 1)
    monthly_net = model.budget.net_ratio * model.income.monthly.sum(axis=1) / months
    score = experience_score(
        terug, nabet, monthly_net, model.budget.negative_months, recalculated, model.behaviour
    )
    return {"has_toeslag": has_toeslag, "experience": score}


#: dtypes of the awards table's columns (the toeslag is its name, an object column).
AWARD_DTYPES = {
    "household": np.int64,
    "year": np.int16,
    "toeslag": object,
    "eligible": np.bool_,
    "applied": np.bool_,
}


def _award_table(model: ToeslagenModel) -> dict[str, np.ndarray]:
    """One row per household, settled year and toeslag it was eligible for or applied for.

    Every column is allocated once at its full length and filled per year and toeslag.
    """
    w = model.population.weight
    parts = []
    for year in model.years:
        if year.definitive is None:
            continue
        eligible = year.definitive > 0
        for t in range(len(TOESLAGEN)):
            parts.append((year, t, np.flatnonzero(eligible[:, t] | year.applied[:, t])))
    if not parts:
        return {k: np.zeros(0) for k in AWARD_COLUMNS}
    total = sum(idx.size for _, _, idx in parts)
    awards = {k: np.empty(total, dtype=AWARD_DTYPES.get(k, np.float64)) for k in AWARD_COLUMNS}
    start = 0
    for year, t, idx in parts:
        rows = slice(start, start + idx.size)
        start += idx.size
        applied = year.applied[idx, t]
        definitive = year.definitive[idx, t]
        s = year.settlement_of(idx, t)
        awards["household"][rows] = idx
        awards["year"][rows] = year.params.year
        awards["toeslag"][rows] = TOESLAGEN[t]
        awards["weight"][rows] = w[idx]
        awards["eligible"][rows] = definitive > 0
        awards["applied"][rows] = applied
        awards["chosen_percentage"][rows] = year.percentage[idx, t]
        awards["paid_total"][rows] = np.where(applied, year.paid[idx, t], 0.0)
        awards["definitive"][rows] = definitive
        for key in ("terugvordering", "nabetaling", "collected"):
            awards[key][rows] = s[key]
        np.subtract(s["terugvordering"], s["collected"], out=awards["not_collected"][rows])
    return awards


def result_tables(model: ToeslagenModel) -> SimulationResult:
    """The awards, households and monthly tables of a (finished) run."""
    w = model.population.weight
    awards = _award_table(model)
    households = {
        "household": np.arange(model.n, dtype=np.int64),
        "weight": w,
        "income_type": np.asarray(INCOME_TYPES, dtype=object)[model.population.income_type],
        "volatility_tertile": _tertile(
            model.income.volatility + 1e-9 * model.population.base_income / 1e5
        ),
        "risk_aversion_tertile": _tertile(model.traits.risk_aversion),
        "buffer": np.asarray(("none", "some"), dtype=object)[model.traits.has_buffer.view(np.int8)],
        "negative_balance_months": model.budget.negative_months.copy(),
        **_experience(model),
    }
    frame = model.datacollector.get_model_vars_dataframe()
    monthly = {col: frame[col].to_numpy() for col in frame.columns}
    return SimulationResult(awards=awards, households=households, monthly=monthly)
