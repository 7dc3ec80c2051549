"""What the experiment page shows, as pure functions: plotly figures of per-arm results.

Inputs follow the contracts: ``summary`` is the experiment runner's ``summary.json`` (``{"arms":
{ARM: {METRIC: {"mean", "ci_low", "ci_high"}}}, "effects": {ARM: {METRIC: {...}}}, "monthly":
{ARM: {SERIES: [...]}}}``); recovery amounts come per arm as arrays (euro).
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


def chosen_percentage_table(summary: Summary) -> pd.DataFrame:
    """Per arm and 5-point bin of the chosen percentage: the mean share of applied awards."""
    rows = []
    prefix = "chosen_percentage_bins."
    for arm in arms_of(summary):
        for name, value in summary["arms"][arm].items():
            if name.startswith(prefix) and isinstance(value, Mapping):
                rows.append({"arm": arm, "bin": name[len(prefix) :], "share": value.get("mean")})
    table = pd.DataFrame(rows, columns=["arm", "bin", "share"])
    low = table["bin"].str.split("-").str[0].astype(float) if not table.empty else []
    return table.assign(low=low).sort_values(["arm", "low"], kind="stable").drop(columns="low")


def chosen_percentage_figure(summary: Summary) -> go.Figure:
    """Distribution of the chosen voorschot percentages per arm (5-point bins, from 50%)."""
    table = chosen_percentage_table(summary)
    table = table[table["bin"].str.split("-").str[0].astype(float) >= 50]
    figure = go.Figure()
    for arm in arms_of(summary):
        rows = table[table["arm"] == arm]
        figure.add_bar(name=arm, x=rows["bin"], y=rows["share"])
    figure.update_layout(
        title="Gekozen voorschotpercentage",
        xaxis_title="percentage",
        yaxis_title="aandeel van de aanvragen",
        barmode="group",
    )
    return figure


def recovery_figure(recoveries: Mapping[str, np.ndarray]) -> go.Figure:
    """Distribution of the recovery amounts (euro, awards with a terugvordering) per arm."""
    figure = go.Figure()
    for arm, amounts in recoveries.items():
        figure.add_box(name=str(arm), y=np.asarray(amounts, float), boxpoints=False)
    figure.add_hline(y=500.0, line_dash="dot", annotation_text="hoge terugvordering")
    figure.update_layout(title="Hoogte van de terugvorderingen (eerste run per groep)")
    figure.update_yaxes(title="euro")
    return figure


def balance_figure(summary: Summary, series: str = "negative_balance") -> go.Figure:
    """A model-level monthly series per arm (mean over runs), e.g. households below zero."""
    figure = go.Figure()
    for arm, values in summary.get("monthly", {}).items():
        if series in values:
            figure.add_scatter(name=str(arm), y=values[series], mode="lines")
    figure.update_layout(
        title="Huishoudens met een negatief saldo, per maand (gewogen aantal)",
        xaxis_title="maand (0 = december voor het toeslagjaar)",
    )
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
