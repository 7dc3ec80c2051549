"""summary.json and a self-contained report.html, rebuilt from a results folder's Parquet files.

The report holds plotly figures with the plotly JavaScript inlined (it opens offline): per-arm
means with 95% intervals, effects against the control, the chosen-percentage distribution, model
series per month, a subgroup table and the provenance (spec hash, commit, seeds, versions).
"""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any

import plotly.graph_objects as go
import plotly.io as pio
from plotly.subplots import make_subplots

from lab.errors import InputError
from lab.experiment import store
from lab.experiment.analysis import summarise
from lab.experiment.metrics import BIN_LABELS

#: Colours of the arms, in order (plotly's default sequence).
COLOURS = tuple(pio.templates["plotly"].layout.colorway)
#: Metrics shown in the subgroup table.
SUBGROUP_TABLE_METRICS = ("take_up_rate", "high_recovery_share", "recovery_share")


def build_report(out_dir: str | Path) -> dict[str, Any]:
    """Rebuild summary.json and report.html of ``out_dir`` from its runs; return the summary."""
    out_dir = Path(out_dir)
    manifest = store.read_manifest(out_dir)
    if manifest is None:
        raise InputError(f"{out_dir}: no {store.MANIFEST}; is this an experiment results folder?")
    frame = store.load_runs(out_dir)
    summary = summarise(frame, manifest)
    store.write_json(out_dir / store.SUMMARY, summary)
    (out_dir / store.REPORT).write_text(render_html(summary), encoding="utf-8")
    return summary


def _bars(mean: float | None, low: float | None, high: float | None) -> tuple[float, float]:
    if mean is None or low is None or high is None:
        return 0.0, 0.0
    return high - mean, mean - low


def _value(entry: dict[str, Any], key: str) -> float | None:
    value = entry.get(key)
    return None if value is None or value != value else float(value)


def arms_figure(summary: dict[str, Any]) -> go.Figure:
    """One panel per outcome: each arm's mean with its 95% interval."""
    arms = summary["arms"]
    metrics = [m for m in next(iter(arms.values())) if not m.startswith("chosen_percentage_bins.")]
    cols = 3
    rows = (len(metrics) + cols - 1) // cols
    figure = make_subplots(rows=rows, cols=cols, subplot_titles=metrics)
    for i, metric in enumerate(metrics):
        names, means, plus, minus = [], [], [], []
        for arm, values in arms.items():
            entry = values.get(metric, {})
            mean = _value(entry, "mean")
            up, down = _bars(mean, _value(entry, "ci_low"), _value(entry, "ci_high"))
            names.append(arm)
            means.append(mean)
            plus.append(up)
            minus.append(down)
        figure.add_bar(
            x=names,
            y=means,
            marker_color=[COLOURS[j % len(COLOURS)] for j in range(len(names))],
            error_y={"type": "data", "array": plus, "arrayminus": minus},
            showlegend=False,
            row=i // cols + 1,
            col=i % cols + 1,
        )
    figure.update_layout(
        height=300 * rows, title="Per arm: mean and 95% interval over replications"
    )
    return figure


def effects_figure(summary: dict[str, Any]) -> go.Figure:
    """One panel per outcome: effect against the control, t interval (bar) and BCa (marker)."""
    effects = summary["effects"]
    first = next(iter(effects.values()))
    metrics = [m for m in first if not m.startswith("chosen_percentage_bins.")]
    cols = 2
    rows = (len(metrics) + cols - 1) // cols
    figure = make_subplots(
        rows=rows, cols=cols, subplot_titles=metrics, horizontal_spacing=0.25, shared_yaxes=False
    )
    for i, metric in enumerate(metrics):
        row, col = i // cols + 1, i % cols + 1
        arms = list(effects)
        entries = [effects[a].get(metric, {}) for a in arms]
        diffs = [_value(e, "diff") for e in entries]
        bars = [
            _bars(d, _value(e, "ci_low"), _value(e, "ci_high"))
            for d, e in zip(diffs, entries, strict=True)
        ]
        figure.add_scatter(
            x=diffs,
            y=arms,
            mode="markers",
            marker={"size": 9, "color": COLOURS[0]},
            error_x={
                "type": "data",
                "array": [b[0] for b in bars],
                "arrayminus": [b[1] for b in bars],
            },
            name="t interval",
            showlegend=i == 0,
            legendgroup="t",
            row=row,
            col=col,
        )
        for key, symbol in (
            ("bootstrap_ci_low", "line-ns-open"),
            ("bootstrap_ci_high", "line-ns-open"),
        ):
            figure.add_scatter(
                x=[_value(e, key) for e in entries],
                y=arms,
                mode="markers",
                marker={"symbol": symbol, "size": 14, "color": "firebrick", "line": {"width": 2}},
                name="BCa bootstrap",
                showlegend=i == 0 and key == "bootstrap_ci_low",
                legendgroup="bca",
                row=row,
                col=col,
            )
        figure.add_vline(x=0.0, line_dash="dot", row=row, col=col)
    figure.update_layout(height=260 * rows, title="Effect against the control (95% intervals)")
    return figure


def bins_figure(summary: dict[str, Any]) -> go.Figure:
    """Distribution of the chosen voorschot percentage per arm (share of applied awards)."""
    keys = [f"chosen_percentage_bins.{b}" for b in BIN_LABELS]
    used = [
        i
        for i, key in enumerate(keys)
        if any((_value(v.get(key, {}), "mean") or 0) > 0 for v in summary["arms"].values())
    ]
    shown = range(min(used), len(BIN_LABELS)) if used else range(0)
    figure = go.Figure()
    for arm, values in summary["arms"].items():
        if not any(k in values for k in keys):
            continue
        figure.add_bar(
            name=arm,
            x=[BIN_LABELS[i] for i in shown],
            y=[_value(values.get(keys[i], {}), "mean") for i in shown],
        )
    figure.update_layout(
        title="Chosen voorschot percentage (share of applied awards, 5-point bins)",
        xaxis={"title": "percentage", "categoryorder": "array", "categoryarray": list(BIN_LABELS)},
        yaxis_title="share",
        barmode="group",
    )
    return figure


def monthly_figure(summary: dict[str, Any]) -> go.Figure:
    """Model series per month (mean over replications): negative balances and recipients."""
    names = ("negative_balance", "recipients", "recoveries", "in_arrangement")
    figure = make_subplots(rows=2, cols=2, subplot_titles=names)
    for a, (arm, series) in enumerate(summary.get("monthly", {}).items()):
        for i, name in enumerate(names):
            if name in series:
                figure.add_scatter(
                    y=series[name],
                    name=arm,
                    mode="lines",
                    legendgroup=arm,
                    showlegend=i == 0,
                    line={"color": COLOURS[a % len(COLOURS)]},
                    row=i // 2 + 1,
                    col=i % 2 + 1,
                )
    figure.update_layout(height=600, title="Per month (index 0 = December before the first year)")
    return figure


def _fmt(value: Any, metric: str = "") -> str:
    if value is None or value != value:
        return "–"
    if metric.endswith("_eur"):
        return f"{value:,.0f}"
    return f"{value:.4f}"


def subgroup_table(summary: dict[str, Any]) -> str:
    """HTML table: per subgroup, control mean and each arm's effect with its interval."""
    control = summary["provenance"]["control"]
    head = "<tr><th>characteristic</th><th>group</th><th>metric</th><th>control mean</th>"
    effect_arms = list(summary["effects"])
    head += "".join(f"<th>{html.escape(a)}: effect [95%]</th>" for a in effect_arms) + "</tr>"
    lines = [head]
    for characteristic, groups in summary.get("subgroups", {}).items():
        for group, parts in groups.items():
            for metric in SUBGROUP_TABLE_METRICS:
                base = next(
                    (
                        v[metric]
                        for k, v in parts["arms"].items()
                        if k.split(" [")[0] == control and metric in v
                    ),
                    None,
                )
                if base is None:
                    continue
                cells = [characteristic, group, metric, _fmt(base.get("mean"), metric)]
                for arm in effect_arms:
                    e = parts["effects"].get(arm, {}).get(metric)
                    cells.append(
                        "–"
                        if e is None
                        else f"{_fmt(e.get('diff'), metric)} [{_fmt(e.get('ci_low'), metric)}, "
                        f"{_fmt(e.get('ci_high'), metric)}]"
                    )
                lines.append(
                    "<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in cells) + "</tr>"
                )
    return "<table>" + "\n".join(lines) + "</table>"


def design_text(design: str, common: bool) -> str:
    """How the arms were formed and compared, in one line (for the report's provenance)."""
    if design == "lab" and common:
        return (
            "lab: one population per replication, households randomly assigned to the arms; "
            "effects paired by replication"
        )
    if design == "lab":
        return "lab: independent seeds per arm (independent populations); effects Welch"
    if common:
        return "policy: the same households under every arm (common random numbers); paired"
    return "policy with independent seeds per arm; effects Welch"


def provenance_html(summary: dict[str, Any]) -> str:
    """The provenance block: spec hash, commit, versions, seeds and failed runs."""
    p = summary["provenance"]
    git = p.get("git") or {}
    items = [
        ("experiment", p["experiment"]),
        ("design", design_text(p["design"], p["common_random_numbers"])),
        ("control arm", p["control"]),
        ("households per run", f"{p['households']:,}"),
        ("replications", p["replications"]),
        ("runs", f"{p['runs_done']} done of {p['runs_total']}, {len(p['runs_failed'])} failed"),
        ("spec hash", p["spec_hash"]),
        (
            "git commit",
            f"{git.get('commit')}" + (" (with local changes)" if git.get("dirty") else ""),
        ),
        ("root seed", p["root_seed"]),
        ("started / finished", f"{p.get('started')} / {p.get('finished')}"),
        ("versions", ", ".join(f"{k} {v}" for k, v in (p.get("versions") or {}).items())),
        ("intervals", p["interval"]),
    ]
    rows = "".join(
        f"<tr><th>{html.escape(k)}</th><td>{html.escape(str(v))}</td></tr>" for k, v in items
    )
    failed = "".join(
        f"<li>{html.escape(k)}: {html.escape(' '.join(v))}</li>"
        for k, v in p["runs_failed"].items()
    )
    seeds = json.dumps(p.get("seeds") or {}, indent=0)
    return (
        f"<table>{rows}</table>"
        + (f"<h3>Failed runs</h3><ul>{failed}</ul>" if failed else "")
        + f"<details><summary>run seeds</summary><pre>{html.escape(seeds)}</pre></details>"
    )


def render_html(summary: dict[str, Any]) -> str:
    """The whole report as one HTML page with the plotly JavaScript inlined."""
    p = summary["provenance"]
    figures = [arms_figure(summary)]
    if summary["effects"]:
        figures.append(effects_figure(summary))
    figures += [bins_figure(summary), monthly_figure(summary)]
    parts = []
    for i, figure in enumerate(figures):
        parts.append(
            pio.to_html(
                figure, full_html=False, include_plotlyjs=i == 0, config={"displaylogo": False}
            )
        )
    style = (
        "body{font-family:system-ui,sans-serif;max-width:1200px;margin:auto;padding:1em}"
        "table{border-collapse:collapse;font-size:0.85em}td,th{border:1px solid #ccc;"
        "padding:2px 6px;text-align:left}"
    )
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'>"
        f"<title>{html.escape(p['experiment'])}: toeslagenlab experiment</title>"
        f"<style>{style}</style></head><body>"
        f"<h1>{html.escape(p['experiment'])}</h1><p>{html.escape(p['description'])}</p>"
        + "\n".join(parts)
        + "<h2>Subgroups (effect against the control)</h2>"
        + subgroup_table(summary)
        + "<h2>Provenance</h2>"
        + provenance_html(summary)
        + "</body></html>"
    )
