"""An experiment's figures from its ``summary.json``: one renderer for the report and the app.

Every function takes the summary (:func:`lab.experiment.analysis.summarise`) and a language ("en"
or "nl", :mod:`lab.experiment.labels`) and returns a plotly figure with readable titles and units:
shares in percent (effects in percentage points), months, euro or million euro; months on the
calendar (the model's month 0 is December before the first toeslag year). ``report.html``
(:mod:`lab.experiment.report`) and the app's experiment page draw the same figures.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import plotly.graph_objects as go
import plotly.io as pio
from plotly.subplots import make_subplots

from lab import TOESLAGEN
from lab.experiment import labels as lb
from lab.experiment import outcomes as oc
from lab.experiment.metrics import BIN_LABELS

Summary = Mapping[str, Any]
#: Colours of the arms, in order (plotly's default sequence).
COLOURS = tuple(pio.templates["plotly"].layout.colorway)
#: Model-level monthly series drawn, in order.
MONTHLY_SERIES = ("negative_balance", "recipients", "recoveries", "in_arrangement")
#: Monthly series in euro (shown in million euro).
EURO_SERIES = ("recoveries", "voorschot_paid", "nabetalingen")
BINS = "chosen_percentage_bins."


def _value(entry: Any, key: str) -> float:
    if not isinstance(entry, Mapping):
        return math.nan
    value = entry.get(key)
    return math.nan if value is None else float(value)


def _scale(metric: str) -> float:
    outcome = oc.outcome_of(metric)
    return outcome.scale if outcome else 1.0


def _unit(metric: str, lang: str, effect: bool = False) -> str:
    outcome = oc.outcome_of(metric)
    if outcome is None:
        return ""
    if effect and outcome.kind == "share":
        return lb.text("unit.points", lang)
    return lb.text(outcome.unit, lang)


def _bars(means: Sequence[float], lows: Sequence[float], highs: Sequence[float]) -> dict:
    plus = [h - m if math.isfinite(h - m) else 0.0 for m, h in zip(means, highs, strict=True)]
    minus = [m - lo if math.isfinite(m - lo) else 0.0 for m, lo in zip(means, lows, strict=True)]
    return {"type": "data", "symmetric": False, "array": plus, "arrayminus": minus}


def _columns(
    entries: Sequence[Any], scale: float, centre: str = "mean"
) -> tuple[list[float], list[float], list[float]]:
    """(centre, ci_low, ci_high) of summary entries, each in display units (times ``scale``)."""
    return (
        [_value(e, centre) * scale for e in entries],
        [_value(e, "ci_low") * scale for e in entries],
        [_value(e, "ci_high") * scale for e in entries],
    )


def _clean(values: Sequence[float]) -> list[float | None]:
    return [v if math.isfinite(v) else None for v in values]


def _finish(figure: go.Figure, lang: str) -> go.Figure:
    """Numbers as ``lang`` writes them (decimal comma and thousands dot in Dutch)."""
    figure.update_layout(separators=",." if lang == "nl" else ".,")
    figure.update_xaxes(tickformat=",~g")  # 20,000 rather than 20k; ignored on category axes
    figure.update_yaxes(tickformat=",~g")
    return figure


def arm_colour(index: int) -> str:
    """The colour of the arm at ``index`` (the same in every figure)."""
    return COLOURS[index % len(COLOURS)]


def main_metrics(summary: Summary) -> list[str]:
    """The whole-population metrics of the summary (no per-toeslag ones, no bins), in its order."""
    names: dict[str, None] = {}
    for values in summary.get("arms", {}).values():
        names.update((m, None) for m in values if "." not in m)
    return list(names)


def effects_figure(summary: Summary, lang: str = "en") -> go.Figure:
    """One panel per headline outcome: each treatment arm's effect with its 95% interval.

    The point and bar are the effect and its t interval (paired or Welch); the vertical ticks mark
    the BCa bootstrap interval where the summary has one. Units: percentage points for shares.
    """
    effects = summary.get("effects", {})
    metrics = [m for m in oc.HEADLINE if any(m in e for e in effects.values())]
    metrics += [
        m
        for m in main_metrics(summary)
        if m not in metrics and m in oc.OUTCOMES and any(m in e for e in effects.values())
    ]
    cols = 2
    rows = max(1, math.ceil(len(metrics) / cols))
    titles = [
        lb.text("fig.effect_in", lang, outcome=oc.outcome_name(m, lang), unit=_unit(m, lang, True))
        for m in metrics
    ]
    figure = make_subplots(
        rows=rows, cols=cols, subplot_titles=titles or None, horizontal_spacing=0.22
    )
    arms = list(effects)
    for i, metric in enumerate(metrics):
        row, col = i // cols + 1, i % cols + 1
        scale = _scale(metric)
        entries = [effects[a].get(metric, {}) for a in arms]
        diffs, lows, highs = _columns(entries, scale, "diff")
        figure.add_scatter(
            x=_clean(diffs),
            y=arms,
            mode="markers",
            marker={"size": 10, "color": COLOURS[0]},
            error_x=_bars(diffs, lows, highs),
            name=lb.text("fig.t_interval", lang),
            legendgroup="t",
            showlegend=i == 0,
            row=row,
            col=col,
        )
        for key in ("bootstrap_ci_low", "bootstrap_ci_high"):
            figure.add_scatter(
                x=_clean([_value(e, key) * scale for e in entries]),
                y=arms,
                mode="markers",
                marker={"symbol": "line-ns-open", "size": 14, "color": "firebrick"},
                name=lb.text("fig.bca", lang),
                legendgroup="bca",
                showlegend=i == 0 and key == "bootstrap_ci_low",
                row=row,
                col=col,
            )
        figure.add_vline(x=0.0, line_dash="dot", row=row, col=col)
    figure.update_layout(
        title=lb.text("fig.effects", lang),
        height=rows * (150 + 40 * len(arms)) + 150,
        margin={"t": 120},
        legend={"orientation": "h", "y": -0.08},
    )
    return _finish(figure, lang)


def arms_figure(summary: Summary, lang: str = "en", metrics: Sequence[str] = ()) -> go.Figure:
    """One panel per outcome: each arm's mean with its 95% interval, in the outcome's unit."""
    arms = summary.get("arms", {})
    metrics = list(metrics) or [m for m in main_metrics(summary) if m in oc.OUTCOMES]
    cols = 3
    rows = max(1, math.ceil(len(metrics) / cols))
    titles = [f"{oc.outcome_name(m, lang)}<br>({_unit(m, lang)})" for m in metrics]
    figure = make_subplots(rows=rows, cols=cols, subplot_titles=titles or None)
    names = list(arms)
    for i, metric in enumerate(metrics):
        scale = _scale(metric)
        entries = [arms[a].get(metric, {}) for a in names]
        means, lows, highs = _columns(entries, scale)
        figure.add_bar(
            x=names,
            y=_clean(means),
            marker_color=[arm_colour(j) for j in range(len(names))],
            error_y=_bars(means, lows, highs),
            showlegend=False,
            row=i // cols + 1,
            col=i % cols + 1,
        )
    figure.update_layout(title=lb.text("fig.arms", lang), height=300 * rows + 80)
    figure.update_annotations(font_size=11)
    return _finish(figure, lang)


def per_toeslag_figure(summary: Summary, metric: str, lang: str = "en") -> go.Figure:
    """``metric`` per toeslag and arm (grouped bars with 95% intervals), e.g. take-up."""
    figure = go.Figure()
    scale = _scale(metric)
    for i, (arm, values) in enumerate(summary.get("arms", {}).items()):
        entries = [values.get(f"{metric}.{t}", {}) for t in TOESLAGEN]
        means, lows, highs = _columns(entries, scale)
        figure.add_bar(
            name=arm,
            x=[t.replace("_", " ") for t in TOESLAGEN],
            y=_clean(means),
            error_y=_bars(means, lows, highs),
            marker_color=arm_colour(i),
        )
    figure.update_layout(
        title=lb.text("fig.per_toeslag", lang, outcome=oc.outcome_name(metric, lang)),
        yaxis_title=_unit(metric, lang),
        barmode="group",
    )
    return _finish(figure, lang)


def per_toeslag_metrics(summary: Summary) -> list[str]:
    """The metrics that the summary has per toeslag (``take_up_rate`` for ``take_up_rate.*``)."""
    names: dict[str, None] = {}
    for values in summary.get("arms", {}).values():
        for name in values:
            base, _, toeslag = name.partition(".")
            if toeslag in TOESLAGEN:
                names[base] = None
    return list(names)


def chosen_percentage_figure(summary: Summary, lang: str = "en") -> go.Figure:
    """Distribution of the chosen voorschot percentage per arm (5-point bins, % of applied awards).

    Bins below the lowest one any arm uses are left out.
    """
    keys = [f"{BINS}{b}" for b in BIN_LABELS]
    arms = summary.get("arms", {})
    used = [
        i
        for i, key in enumerate(keys)
        if any(_value(v.get(key), "mean") > 0 for v in arms.values())
    ]
    shown = range(min(used), len(BIN_LABELS)) if used else range(0)
    figure = go.Figure()
    for i, (arm, values) in enumerate(arms.items()):
        if not any(k in values for k in keys):
            continue
        figure.add_bar(
            name=arm,
            x=[f"{BIN_LABELS[j]}%" for j in shown],
            y=_clean([100 * _value(values.get(keys[j]), "mean") for j in shown]),
            marker_color=arm_colour(i),
        )
    figure.update_layout(
        title=lb.text("fig.chosen", lang),
        xaxis_title=lb.text("fig.chosen_x", lang),
        yaxis_title=lb.text("fig.chosen_y", lang),
        barmode="group",
    )
    return _finish(figure, lang)


def monthly_figure(
    summary: Summary, lang: str = "en", series: Sequence[str] = MONTHLY_SERIES
) -> go.Figure:
    """Model series per calendar month (mean over replications), one panel per series."""
    first_year = summary.get("provenance", {}).get("year")
    cols = 2 if len(series) > 1 else 1
    rows = math.ceil(len(series) / cols)
    figure = make_subplots(
        rows=rows, cols=cols, subplot_titles=[lb.text(f"series.{s}", lang) for s in series]
    )
    for a, (arm, values) in enumerate(summary.get("monthly", {}).items()):
        for i, name in enumerate(series):
            if name not in values:
                continue
            y = np.asarray(values[name], dtype=float)
            if name in EURO_SERIES:
                y = y / 1e6
            figure.add_scatter(
                x=[lb.month_label(k, first_year, lang) for k in range(y.size)],
                y=y,
                name=arm,
                mode="lines",
                legendgroup=arm,
                showlegend=i == 0,
                line={"color": arm_colour(a)},
                row=i // cols + 1,
                col=i % cols + 1,
            )
    figure.update_xaxes(type="category", nticks=12, tickangle=-45)
    figure.update_layout(title=lb.text("fig.monthly", lang), height=330 * rows + 80)
    return _finish(figure, lang)


def recovery_figure(
    recoveries: Mapping[str, np.ndarray], lang: str = "en", high_threshold: float | None = None
) -> go.Figure:
    """Distribution of the recovery amounts (euro, awards with a terugvordering) per arm.

    A dotted line marks ``high_threshold`` (euro, the run's ``awir.high_recovery_threshold``:
    :func:`lab.experiment.metrics.shared_high_recovery_threshold`); None draws no line.
    """
    figure = go.Figure()
    for i, (arm, amounts) in enumerate(recoveries.items()):
        figure.add_box(
            name=str(arm), y=np.asarray(amounts, float), boxpoints=False, marker_color=arm_colour(i)
        )
    if high_threshold is not None:
        figure.add_hline(
            y=high_threshold, line_dash="dot", annotation_text=lb.text("fig.high_line", lang)
        )
    figure.update_layout(title=lb.text("fig.recoveries_amounts", lang))
    figure.update_yaxes(title=lb.text("unit.eur_word", lang))
    return _finish(figure, lang)


def sobol_figure(summary: Summary, lang: str = "en", arm: str | None = None) -> go.Figure:
    """Total Sobol index per swept parameter and outcome, for one arm (bars with their interval)."""
    sobol = summary.get("sobol", {})
    arm = arm or next(iter(sobol), None)
    figure = go.Figure()
    for metric, indices in (sobol.get(arm) or {}).items():
        names = list(indices["ST"])
        values = [indices["ST"][n] for n in names]
        conf = [indices["ST_conf"][n] for n in names]
        figure.add_bar(
            name=oc.outcome_name(metric, lang),
            x=names,
            y=values,
            error_y={"type": "data", "array": conf},
        )
    figure.update_layout(title=lb.text("fig.sobol", lang, arm=arm or "-"), barmode="group")
    return _finish(figure, lang)


def report_figures(summary: Summary, lang: str = "en") -> list[go.Figure]:
    """The report's figures, in order: effects, per-arm means, per toeslag, choices, months."""
    figures = []
    if summary.get("effects"):
        figures.append(effects_figure(summary, lang))
    figures.append(arms_figure(summary, lang))
    figures += [per_toeslag_figure(summary, m, lang) for m in per_toeslag_metrics(summary)]
    if any(k.startswith(BINS) for v in summary.get("arms", {}).values() for k in v):
        figures.append(chosen_percentage_figure(summary, lang))
    if summary.get("monthly"):
        figures.append(monthly_figure(summary, lang))
    if summary.get("sobol"):
        figures += [sobol_figure(summary, lang, arm) for arm in summary["sobol"]]
    return figures
