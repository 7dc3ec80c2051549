"""What the experiment page shows, as pure functions: plotly figures of per-arm results.

Inputs follow the contracts: ``summary`` is the experiment runner's ``summary.json`` (``{"arms":
{ARM: {METRIC: {"mean", "ci_low", "ci_high"}}}, "effects": {ARM: {METRIC: {...}}}}``), ``awards``
is the model's award table (``docs/architecture.md``) with an ``arm`` column, and ``monthly`` the
model-level monthly series with ``arm`` and ``month`` columns.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from lab import TOESLAGEN

Summary = Mapping[str, Any]

#: Dutch labels of the metrics the page shows.
METRIC_LABELS: dict[str, str] = {
    "take_up_rate": "gebruik (aandeel aanvragers)",
    "reduced_choice_share": "aandeel dat minder dan 100% koos",
    "chosen_percentage_mean": "gemiddeld gekozen percentage",
    "recovery_share": "aandeel met terugvordering",
    "high_recovery_share": "aandeel met hoge terugvordering (> 500 euro)",
    "recovery_mean_eur": "gemiddelde terugvordering (euro)",
    "nabetaling_share": "aandeel met nabetaling",
    "negative_balance_months": "maanden met negatief saldo",
    "state_cost_eur": "kosten voor de staat (euro)",
}
#: The shares shown side by side per arm.
SHARE_METRICS = ("recovery_share", "high_recovery_share", "nabetaling_share")
#: The metrics whose treatment effects are drawn.
EFFECT_METRICS = (
    "take_up_rate",
    "recovery_share",
    "high_recovery_share",
    "nabetaling_share",
    "chosen_percentage_mean",
)
#: Width of a chosen-percentage bin, percentage points (as the runner's ``chosen_percentage_bins``).
BIN_WIDTH = 5


def metric(summary: Summary, arm: str, name: str, part: str = "arms") -> tuple[float, float, float]:
    """(mean, ci_low, ci_high) of one metric of one arm; NaN where the summary lacks it."""
    value = summary.get(part, {}).get(arm, {}).get(name)
    if not isinstance(value, Mapping):
        return (float("nan"),) * 3
    return tuple(float(value.get(k, np.nan)) for k in ("mean", "ci_low", "ci_high"))  # type: ignore[return-value]


def arms_of(summary: Summary) -> list[str]:
    """The arms in the summary, in its order."""
    return list(summary.get("arms", {}))


def _error_bars(means: list[float], lows: list[float], highs: list[float]) -> dict[str, Any]:
    return {
        "type": "data",
        "symmetric": False,
        "array": [h - m for m, h in zip(means, highs, strict=True)],
        "arrayminus": [m - lo for m, lo in zip(means, lows, strict=True)],
    }


def take_up_figure(summary: Summary) -> go.Figure:
    """Take-up per arm and toeslag, with 95% intervals (grouped bars)."""
    figure = go.Figure()
    for arm in arms_of(summary):
        values = [metric(summary, arm, f"take_up_rate.{t}") for t in TOESLAGEN]
        means, lows, highs = (list(v) for v in zip(*values, strict=True))
        figure.add_bar(
            name=arm, x=list(TOESLAGEN), y=means, error_y=_error_bars(means, lows, highs)
        )
    figure.update_layout(
        title="Gebruik per toeslag en groep", yaxis_title="aandeel", barmode="group"
    )
    return figure


def shares_figure(summary: Summary) -> go.Figure:
    """Shares of awards with a recovery, a high recovery and a nabetaling, per arm, with CIs."""
    figure = go.Figure()
    labels = [METRIC_LABELS[m] for m in SHARE_METRICS]
    for arm in arms_of(summary):
        values = [metric(summary, arm, m) for m in SHARE_METRICS]
        means, lows, highs = (list(v) for v in zip(*values, strict=True))
        figure.add_bar(name=arm, x=labels, y=means, error_y=_error_bars(means, lows, highs))
    figure.update_layout(title="Terugvorderingen en nabetalingen", barmode="group")
    return figure


def effects_figure(summary: Summary) -> go.Figure:
    """Treatment effects against the control with their 95% intervals (points with bars)."""
    figure = go.Figure()
    for arm in summary.get("effects", {}):
        values = [metric(summary, arm, m, part="effects") for m in EFFECT_METRICS]
        means, lows, highs = (list(v) for v in zip(*values, strict=True))
        figure.add_scatter(
            name=arm,
            mode="markers",
            y=[METRIC_LABELS[m] for m in EFFECT_METRICS],
            x=means,
            error_x=_error_bars(means, lows, highs),
        )
    figure.add_vline(x=0.0, line_dash="dot")
    figure.update_layout(title="Effect t.o.v. de controlegroep (95%-interval)")
    return figure


def chosen_percentage_table(awards: pd.DataFrame) -> pd.DataFrame:
    """Share of applied awards per arm in each 5-point bin of the chosen percentage."""
    applied = awards[awards["applied"].astype(bool)]
    percent = np.round(applied["chosen_percentage"].to_numpy(float) * 100, 6)
    low = np.minimum(np.floor(percent / BIN_WIDTH) * BIN_WIDTH, 100 - BIN_WIDTH).astype(int)
    bins = [f"{b}-{b + BIN_WIDTH}" for b in low]
    table = pd.DataFrame({"arm": applied["arm"].to_numpy(), "bin": bins})
    shares = table.groupby("arm")["bin"].value_counts(normalize=True).rename("share")
    return shares.reset_index().sort_values(["arm", "bin"], ignore_index=True)


def chosen_percentage_figure(awards: pd.DataFrame) -> go.Figure:
    """Distribution of the chosen voorschot percentages per arm (5-point bins)."""
    table = chosen_percentage_table(awards)
    figure = go.Figure()
    for arm, rows in table.groupby("arm", sort=False):
        figure.add_bar(name=str(arm), x=rows["bin"], y=rows["share"])
    figure.update_layout(
        title="Gekozen voorschotpercentage", xaxis_title="percentage", yaxis_title="aandeel"
    )
    return figure


def recovery_figure(awards: pd.DataFrame) -> go.Figure:
    """Distribution of the recovery amounts (euro, awards with a terugvordering) per arm."""
    figure = go.Figure()
    recovered = awards[awards["terugvordering"].to_numpy(float) > 0]
    for arm, rows in recovered.groupby("arm", sort=False):
        figure.add_box(name=str(arm), y=rows["terugvordering"], boxpoints=False)
    figure.add_hline(y=500.0, line_dash="dot", annotation_text="hoge terugvordering")
    figure.update_layout(title="Hoogte van de terugvorderingen", yaxis_title="euro")
    return figure


def balance_figure(monthly: pd.DataFrame, column: str) -> go.Figure:
    """A model-level monthly series (for example households with a negative balance) per arm."""
    figure = go.Figure()
    for arm, rows in monthly.groupby("arm", sort=False):
        series = rows.groupby("month")[column].mean()
        figure.add_scatter(name=str(arm), x=series.index, y=series.to_numpy(), mode="lines")
    figure.update_layout(title=f"Huishoudens per maand: {column}", xaxis_title="maand")
    return figure


def summary_table(summary: Summary) -> pd.DataFrame:
    """One row per arm and metric: mean and 95% interval, with the Dutch label."""
    rows = []
    for arm in arms_of(summary):
        for name in METRIC_LABELS:
            mean, low, high = metric(summary, arm, name)
            if np.isfinite(mean):
                rows.append(
                    {
                        "groep": arm,
                        "uitkomst": METRIC_LABELS[name],
                        "gemiddelde": mean,
                        "95% laag": low,
                        "95% hoog": high,
                    }
                )
    return pd.DataFrame(rows)
