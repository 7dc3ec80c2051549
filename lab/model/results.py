"""The outcome tables of a run (docs/architecture.md, "Model output")."""

from __future__ import annotations

from dataclasses import dataclass

import numba
import numpy as np

from lab import TOESLAGEN
from lab.awir.settlement import settle_one
from lab.households.experience import (
    COMPONENTS,
    experience_components,
    experience_terms,
    score_of,
)
from lab.households.population import INCOME_TYPES
from lab.model.state import ModelState
from lab.rows import in_blocks
from lab.valuefile import ValueFile

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


#: The dtype of household numbers in the outcome tables (up to 6,000,000 households).
HOUSEHOLD_DTYPE = np.int32


@dataclass(frozen=True)
class SettledYear:
    """What the outcome tables read of one toeslag year (:class:`lab.model.model_year.ModelYear`).

    (n, T) ``applied``, ``paid`` (euro), ``percentage``; (n,) ``applicant`` (applied for any
    toeslag) and ``reported``; after the DT the ``definitive`` awards (n, T, euro per year) and
    each household's settled terugvordering and nabetaling ((n,), euro), else None;
    ``settle_args``: the DT's threshold, hoge-terugvordering threshold and interest share.
    """

    year: int
    applied: np.ndarray
    applicant: np.ndarray
    paid: np.ndarray
    percentage: np.ndarray
    reported: np.ndarray
    definitive: np.ndarray | None
    settled_terugvordering: np.ndarray | None
    settled_nabetaling: np.ndarray | None
    settle_args: tuple[float, float, float]


@dataclass(frozen=True)
class TableInputs:
    """What the outcome tables of a run read of its model, and nothing else.

    A run that ends with its tables (:func:`lab.model.simulate`) takes these from the model and
    lets the model go before the tables are made, so the tables take the place of the state
    they do not read.
    """

    weight: np.ndarray
    income_type: np.ndarray
    base_income: np.ndarray
    volatility: np.ndarray
    monthly_income: np.ndarray
    risk_aversion: np.ndarray
    has_buffer: np.ndarray
    negative_months: np.ndarray
    net_ratio: float
    behaviour: ValueFile
    monthly: dict[str, np.ndarray]
    years: tuple[SettledYear, ...]

    @property
    def n(self) -> int:
        """Number of simulated households."""
        return int(self.weight.shape[0])


def table_inputs(model: ModelState) -> TableInputs:
    """What the outcome tables of ``model``'s (finished) run read of it."""
    frame = model.datacollector.get_model_vars_dataframe()
    return TableInputs(
        weight=model.population.weight,
        income_type=model.population.income_type,
        base_income=model.population.base_income,
        volatility=model.income.volatility,
        monthly_income=model.income.monthly,
        risk_aversion=model.traits.risk_aversion,
        has_buffer=model.traits.has_buffer,
        negative_months=model.budget.negative_months,
        net_ratio=model.budget.net_ratio,
        behaviour=model.behaviour,
        monthly={col: frame[col].to_numpy() for col in frame.columns},
        years=tuple(
            SettledYear(
                year=year.params.year,
                applied=year.applied,
                applicant=year.applicant,
                paid=year.paid,
                percentage=year.percentage,
                reported=year.reported,
                definitive=year.definitive,
                settled_terugvordering=year.settled_terugvordering,
                settled_nabetaling=year.settled_nabetaling,
                settle_args=year.settle_args(),
            )
            for year in model.years
        ),
    )


def _tertile(x: np.ndarray) -> np.ndarray:
    """1, 2 or 3: the tertile of each value (int8)."""
    return (np.searchsorted(np.quantile(x, [1 / 3, 2 / 3]), x, side="right") + 1).astype(np.int8)


def _experience(model: TableInputs) -> dict[str, np.ndarray]:
    """Per household: whether it had a toeslag, its experience rating and the rating's components.

    The rating is 0..10 (10 best); the components are in rating points lost, one column
    ``experience_<component>`` each (:data:`lab.households.experience.COMPONENTS`).
    """
    has_toeslag = np.zeros(model.n, dtype=bool)
    for year in model.years:
        has_toeslag |= year.applicant
    # Set together with year.definitive by the DT.
    settled = [
        (year.settled_terugvordering, year.settled_nabetaling)
        for year in model.years
        if year.settled_terugvordering is not None and year.settled_nabetaling is not None
    ]
    months = 12 * max(model.monthly_income.shape[1] // 12, 1)
    negative_months = model.negative_months
    score = np.empty(model.n)
    components = {name: np.empty(model.n) for name in COMPONENTS}

    def block(r: slice) -> None:
        """The rating of households ``r`` (element by element)."""
        size = r.stop - r.start
        terug, nabet, recalculated = np.zeros(size), np.zeros(size), np.zeros(size)
        for year in model.years:
            recalculated += year.reported[r]
        for year_terug, year_nabet in settled:
            terug += year_terug[r]
            nabet += year_nabet[r]
        monthly_net = model.net_ratio * model.monthly_income[r].sum(axis=1) / months
        terms = experience_terms(
            terug, nabet, monthly_net, negative_months[r], recalculated, model.behaviour
        )
        score[r] = score_of(terms)
        for name, value in experience_components(terms).items():
            components[name][r] = value

    in_blocks(model.n, block)
    return {
        "has_toeslag": has_toeslag,
        "experience": score,
        **{f"experience_{name}": value for name, value in components.items()},
    }


@numba.njit(cache=True, nogil=True)
def _award_counts(applied: np.ndarray, definitive: np.ndarray) -> np.ndarray:  # pragma: no cover
    """Per toeslag: the households eligible for it or that applied for it."""
    n, n_toeslagen = applied.shape
    counts = np.zeros(n_toeslagen, dtype=np.int64)
    for h in range(n):
        for t in range(n_toeslagen):
            if definitive[h, t] > 0 or applied[h, t]:
                counts[t] += 1
    return counts


@numba.njit(cache=True, nogil=True)
def _award_rows(
    applied,
    paid,
    definitive,
    percentage,
    weight,
    threshold,
    high,
    share,
    start,
    household,
    columns,
    flags,
):  # pragma: no cover
    """Fill one year's rows (from ``start[t]`` for toeslag t, households in order).

    ``household`` (rows,); ``columns`` (8, rows): weight, chosen percentage, paid, definitive,
    terugvordering, nabetaling, collected, not collected; ``flags`` (2, rows): eligible, applied.
    The DT of each award is :func:`lab.awir.settlement.settle_one`, as at the DT itself.
    """
    n, n_toeslagen = applied.shape
    position = start.copy()
    for h in range(n):
        for t in range(n_toeslagen):
            eligible = definitive[h, t] > 0
            applies = applied[h, t]
            if not (eligible or applies):
                continue
            i = position[t]
            position[t] += 1
            paid_total = paid[h, t] if applies else 0.0
            values = settle_one(
                paid_total, definitive[h, t] if applies else 0.0, threshold, high, share
            )
            household[i] = h
            columns[0, i] = weight[h]
            columns[1, i] = percentage[h, t]
            columns[2, i] = paid_total
            columns[3, i] = definitive[h, t]
            columns[4, i] = values[0]
            columns[5, i] = values[1]
            columns[6, i] = values[2]
            columns[7, i] = values[0] - values[2]
            flags[0, i] = eligible
            flags[1, i] = applies


#: Columns of the awards table filled by :func:`_award_rows`, in its order.
_FLOAT_COLUMNS = ("weight", *AWARD_COLUMNS[6:])


def _award_table(model: TableInputs) -> dict[str, np.ndarray]:
    """One row per household, settled year and toeslag it was eligible for or applied for.

    Rows by year, then toeslag, then household; one compiled pass per year fills them.
    """
    settled = [(year, year.definitive) for year in model.years if year.definitive is not None]
    years = [year for year, _ in settled]
    counts = [_award_counts(year.applied, definitive) for year, definitive in settled]
    total = int(sum(c.sum() for c in counts))
    if not years:
        return {k: np.zeros(0) for k in AWARD_COLUMNS}
    columns = np.empty((len(_FLOAT_COLUMNS), total))
    flags = np.empty((2, total), dtype=np.bool_)
    start = 0
    awards: dict[str, np.ndarray] = {
        "year": np.empty(total, dtype=np.int16),
        "toeslag": np.empty(total, dtype=object),
        "household": np.empty(total, dtype=HOUSEHOLD_DTYPE),
    }
    for year, count in zip(years, counts, strict=True):
        first = start + np.concatenate([[0], np.cumsum(count)[:-1]])
        _award_rows(
            year.applied,
            year.paid,
            year.definitive,
            year.percentage,
            model.weight,
            *year.settle_args,
            first,
            awards["household"],
            columns,
            flags,
        )
        awards["year"][start : start + count.sum()] = year.year
        for t, name in enumerate(TOESLAGEN):
            awards["toeslag"][first[t] : first[t] + count[t]] = name
        start += int(count.sum())
    awards.update({k: columns[j] for j, k in enumerate(_FLOAT_COLUMNS)})
    awards["eligible"], awards["applied"] = flags[0], flags[1]
    return {k: awards[k] for k in AWARD_COLUMNS}


def result_tables(model: ModelState) -> SimulationResult:
    """The awards, households and monthly tables of a (finished) run."""
    return tables_of(table_inputs(model))


def tables_of(model: TableInputs) -> SimulationResult:
    """The awards, households and monthly tables of a run, from what they read of it."""
    w = model.weight
    awards = _award_table(model)
    households = {
        "household": np.arange(model.n, dtype=HOUSEHOLD_DTYPE),
        "weight": w,
        "income_type": np.asarray(INCOME_TYPES, dtype=object)[model.income_type],
        "volatility_tertile": _tertile(model.volatility + 1e-9 * model.base_income / 1e5),
        "risk_aversion_tertile": _tertile(model.risk_aversion),
        "buffer": np.asarray(("none", "some"), dtype=object)[model.has_buffer.view(np.int8)],
        "negative_balance_months": model.negative_months.copy(),
        **_experience(model),
    }
    return SimulationResult(awards=awards, households=households, monthly=dict(model.monthly))
