"""What an experiment measures in one run: every metric's definition, in one place.

All metrics are computed from one :class:`lab.model.SimulationResult` and weighted by ``weight``
(the households each simulated household stands for), so they describe the represented population.
Award-level metrics count awards (household x toeslag x year), as the agency's KPI on hoge
terugvorderingen does. A metric without anything to count (no applied award, no recovery) is NaN.

Names: ``METRIC`` for the whole population, ``METRIC.<toeslag>`` for one toeslag, and
``chosen_percentage_bins.<low>-<high>`` for the share of applied awards in one 5-point bin of the
chosen voorschot percentage (``95-100`` holds 100%).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

import numpy as np

from lab import TOESLAGEN
from lab.households.experience import COMPONENTS
from lab.law.parameters import load_year

Table = Mapping[str, np.ndarray]

#: Width of a chosen-percentage bin, percentage points.
BIN_WIDTH = 5
#: Bin labels of ``chosen_percentage_bins``, lowest first ("0-5" .. "95-100").
BIN_LABELS: tuple[str, ...] = tuple(f"{b}-{b + BIN_WIDTH}" for b in range(0, 100, BIN_WIDTH))
#: Household characteristics that subgroup metrics are split by (columns of the households table).
SUBGROUPS: tuple[str, ...] = (
    "income_type",
    "volatility_tertile",
    "risk_aversion_tertile",
    "buffer",
)


def _share(mask: np.ndarray, weight: np.ndarray, among: np.ndarray) -> float:
    total = float(weight[among].sum())
    return float(weight[among & mask].sum()) / total if total > 0 else float("nan")


def _mean(values: np.ndarray, weight: np.ndarray, among: np.ndarray) -> float:
    total = float(weight[among].sum())
    return float((values[among] * weight[among]).sum()) / total if total > 0 else float("nan")


def take_up_rate(awards: Table, threshold: np.ndarray) -> float:
    """Share of eligible awards that were applied for (1 - niet-gebruik), weighted."""
    return _share(awards["applied"], awards["weight"], awards["eligible"])


def reduced_choice_share(awards: Table, threshold: np.ndarray) -> float:
    """Share of applied awards whose voorschot percentage is below 100% (chose to receive less)."""
    chosen = np.nan_to_num(awards["chosen_percentage"], nan=1.0)
    return _share(chosen < 1.0 - 1e-9, awards["weight"], awards["applied"])


def chosen_percentage_mean(awards: Table, threshold: np.ndarray) -> float:
    """Mean voorschot percentage of applied awards, as a fraction (0.9 = 90%)."""
    chosen = np.nan_to_num(awards["chosen_percentage"], nan=0.0)
    return _mean(chosen, awards["weight"], awards["applied"])


def recovery_share(awards: Table, threshold: np.ndarray) -> float:
    """Share of applied awards whose definitieve toekenning brings a terugvordering (> 0 euro)."""
    return _share(awards["terugvordering"] > 0, awards["weight"], awards["applied"])


def high_recovery_share(awards: Table, threshold: np.ndarray) -> float:
    """Share of applied awards with a hoge terugvordering (above the KPI threshold, 500 euro)."""
    return _share(awards["terugvordering"] > threshold, awards["weight"], awards["applied"])


def recovery_mean_eur(awards: Table, threshold: np.ndarray) -> float:
    """Mean terugvordering among awards with one, euro per award."""
    return _mean(awards["terugvordering"], awards["weight"], awards["terugvordering"] > 0)


def nabetaling_share(awards: Table, threshold: np.ndarray) -> float:
    """Share of applied awards whose definitieve toekenning brings a nabetaling (> 0 euro)."""
    return _share(awards["nabetaling"] > 0, awards["weight"], awards["applied"])


def state_cost_eur(awards: Table, threshold: np.ndarray) -> float:
    """Net cost to the state, euro over the run: voorschot paid plus nabetalingen minus collected.

    Whatever is recovered but not (yet) collected stays a cost. Summed over all simulated years
    and weighted, so it stands for the represented population.
    """
    net = awards["paid_total"] + awards["nabetaling"] - awards["collected"]
    return float((net * awards["weight"]).sum())


def not_collected_eur(awards: Table, threshold: np.ndarray) -> float:
    """Terugvorderingen not collected (below the doelmatigheidsgrens or not yet paid), euro."""
    return float((awards["not_collected"] * awards["weight"]).sum())


def negative_balance_months(households: Table) -> float:
    """Mean number of months a household's bank balance is below zero, over the whole run."""
    weight = households["weight"]
    everyone = np.ones(weight.size, dtype=bool)
    return _mean(households["negative_balance_months"].astype(float), weight, everyone)


def experience_mean(households: Table) -> float:
    """Mean experience rating (0..10, 10 best) of households with a toeslag.

    The rating (lab.households.experience) sums the surprise at the DT relative to income, a
    terugvordering, months with a negative balance and recalculations of the voorschot.
    """
    if "experience" not in households:
        return float("nan")
    return _mean(households["experience"], households["weight"], households["has_toeslag"])


def experience_component_means(households: Table) -> dict[str, float]:
    """Mean of each component of the experience rating, in rating points lost, per component.

    Over households with a toeslag, weighted as :func:`experience_mean`, from the columns
    ``experience_<component>`` (:data:`lab.households.experience.COMPONENTS`): 10 minus their sum
    is ``experience_mean`` up to rounding. NaN for a component the table does not hold.
    """
    out = {}
    for name in COMPONENTS:
        column = f"experience_{name}"
        out[name] = (
            _mean(households[column], households["weight"], households["has_toeslag"])
            if column in households
            else float("nan")
        )
    return out


def experience_effects(arm: str, control: Table, treated: Table) -> dict[str, float]:
    """The effect of an arm on each component of the experience rating, against control.

    Moments ``experience_effect.<arm>.<component>``: the control arm's mean rating points lost to
    the component minus the arm's (:func:`experience_component_means`), so positive means the arm
    makes the year feel better, as in ``experience_effect.<arm>`` (arm minus control of
    :func:`experience_mean`), which the components sum to up to rounding. With the counts
    ``n:experience_effect.<arm>.<component>``: the arm's households with a toeslag.
    """
    before = experience_component_means(control)
    after = experience_component_means(treated)
    n = float(np.asarray(treated["has_toeslag"]).sum())
    out = {}
    for name in COMPONENTS:
        key = f"experience_effect.{arm}.{name}"
        out[key] = before[name] - after[name]
        out[f"n:{key}"] = n
    return out


AwardMetric = Callable[[Table, np.ndarray], float]

#: Award-level metrics, by name.
AWARD_METRICS: dict[str, AwardMetric] = {
    "take_up_rate": take_up_rate,
    "reduced_choice_share": reduced_choice_share,
    "chosen_percentage_mean": chosen_percentage_mean,
    "recovery_share": recovery_share,
    "high_recovery_share": high_recovery_share,
    "recovery_mean_eur": recovery_mean_eur,
    "nabetaling_share": nabetaling_share,
    "state_cost_eur": state_cost_eur,
    "not_collected_eur": not_collected_eur,
}
#: Award-level metrics that also come per toeslag (``METRIC.<toeslag>``).
PER_TOESLAG: tuple[str, ...] = (
    "take_up_rate",
    "recovery_share",
    "high_recovery_share",
    "recovery_mean_eur",
    "nabetaling_share",
)
#: Household-level metrics, by name.
HOUSEHOLD_METRICS = {
    "negative_balance_months": negative_balance_months,
    "experience_mean": experience_mean,
}


def metric_names() -> list[str]:
    """Every metric name a run reports, in a stable order."""
    names = list(AWARD_METRICS) + list(HOUSEHOLD_METRICS)
    names += [f"{m}.{t}" for m in PER_TOESLAG for t in TOESLAGEN]
    names += [f"chosen_percentage_bins.{label}" for label in BIN_LABELS]
    return names


def known_outcome(name: str) -> bool:
    """Whether ``name`` is a metric or a metric family (``chosen_percentage_bins``)."""
    return name == "chosen_percentage_bins" or name in metric_names()


def expand_outcomes(outcomes: list[str]) -> list[str]:
    """The metric names of ``outcomes`` with families expanded (``chosen_percentage_bins``)."""
    names = []
    for name in outcomes:
        if name == "chosen_percentage_bins":
            names += [f"chosen_percentage_bins.{label}" for label in BIN_LABELS]
        else:
            names.append(name)
    return names


def chosen_percentage_bins(awards: Table) -> dict[str, float]:
    """Share of applied awards per 5-point bin of the chosen voorschot percentage (sums to 1)."""
    applied = awards["applied"]
    percent = np.round(np.nan_to_num(awards["chosen_percentage"][applied]) * 100, 6)
    index = np.minimum(np.floor(percent / BIN_WIDTH), len(BIN_LABELS) - 1).astype(int)
    weight = awards["weight"][applied]
    total = float(weight.sum())
    sums = np.bincount(index, weights=weight, minlength=len(BIN_LABELS))
    shares = sums / total if total > 0 else np.full(len(BIN_LABELS), np.nan)
    return {
        f"chosen_percentage_bins.{lab}": float(s) for lab, s in zip(BIN_LABELS, shares, strict=True)
    }


def _rows(table: Table, keep: np.ndarray) -> dict[str, np.ndarray]:
    return {k: v[keep] for k, v in table.items()}


def high_recovery_thresholds(awards: Table) -> np.ndarray:
    """The hoge-terugvordering threshold of each award row, euro: its year's law parameter.

    ``awir.high_recovery_threshold`` of the award's toeslag year (500 euro, the agency's KPI), the
    one definition of "hoog" for :func:`high_recovery_share` and the model's own flag.
    """
    years = awards["year"].astype(int)
    values = {y: float(load_year(y).awir.high_recovery_threshold) for y in np.unique(years)}
    return np.array([values[y] for y in years], dtype=float)


def shared_high_recovery_threshold(years: Iterable[int]) -> float | None:
    """The hoge-terugvordering threshold (euro) that toeslag years ``years`` share; None if not.

    ``awir.high_recovery_threshold`` of each year; what a label or a figure line shows for a run
    of those years.
    """
    values = {float(load_year(y).awir.high_recovery_threshold) for y in years}
    return values.pop() if len(values) == 1 else None


def compute_metrics(
    awards: Table, households: Table, high_threshold: float | np.ndarray
) -> dict[str, float]:
    """All metrics of one run (or of one subgroup of it).

    Args:
        awards: the model's award table (docs/architecture.md, "Model output").
        households: the model's household table.
        high_threshold: the hoge-terugvordering threshold, euro per award (a number, or one value
            per award row when the years differ; :func:`high_recovery_thresholds` gives the law's).

    Returns:
        Metric name to value, in the order of :func:`metric_names`.
    """
    threshold = np.broadcast_to(np.asarray(high_threshold, dtype=float), awards["weight"].shape)
    out = {name: f(awards, threshold) for name, f in AWARD_METRICS.items()}
    out |= {name: f(households) for name, f in HOUSEHOLD_METRICS.items()}
    per_toeslag = {}
    for toeslag in TOESLAGEN:
        keep = awards["toeslag"] == toeslag
        rows, rows_threshold = _rows(awards, keep), threshold[keep]
        for name in PER_TOESLAG:
            per_toeslag[f"{name}.{toeslag}"] = AWARD_METRICS[name](rows, rows_threshold)
    # In the order of metric_names: each metric for every toeslag in turn.
    out |= {f"{name}.{t}": per_toeslag[f"{name}.{t}"] for name in PER_TOESLAG for t in TOESLAGEN}
    out |= chosen_percentage_bins(awards)
    return out


def subgroup_metrics(
    awards: Table, households: Table, high_threshold: float | np.ndarray
) -> list[tuple[str, str, dict[str, float]]]:
    """Metrics per subgroup: ``(characteristic, group, metrics)`` for each group of SUBGROUPS."""
    threshold = np.broadcast_to(np.asarray(high_threshold, dtype=float), awards["weight"].shape)
    out = []
    for column in SUBGROUPS:
        values = households[column]
        per_award = values[np.searchsorted(households["household"], awards["household"])]
        for group in sorted(set(values.tolist())):
            in_group = per_award == group
            metrics = compute_metrics(
                _rows(awards, in_group), _rows(households, values == group), threshold[in_group]
            )
            out.append((column, str(group), metrics))
    return out
