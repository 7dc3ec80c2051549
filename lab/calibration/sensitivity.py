"""Sobol sensitivity of the main effects to the calibrated parameters.

The three effects the experiments exist for, each the difference with the control arm for the
same households and shocks (common random numbers):

- ``voorzichtig_high_recovery``: the 80% option on the share of awards with a hoge terugvordering;
- ``voorzichtig_take_up``: the 80% option on take-up;
- ``instelbaar_recovery``: the instelbaar voorschot on the share of awards with a terugvordering.

Each calibrated parameter (the ``[calibrate]`` list of the targets file) varies around its shipped
value by ``spread`` of its domain's width on either side, clipped to the domain. Saltelli samples
and first-order and total indices with bootstrap 95% intervals come from SALib.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from lab.calibration.fit import FreeParameter, free_parameters, overrides_of
from lab.calibration.targets import Design
from lab.experiment.metrics import compute_metrics, high_recovery_thresholds
from lab.model import simulate
from lab.model.config import ModelConfig

#: The effects: (name, treated arm overrides, metric).
EFFECTS: tuple[tuple[str, dict[str, Any], str], ...] = (
    ("voorzichtig_high_recovery", {"voorschot_option": "voorzichtig"}, "high_recovery_share"),
    ("voorzichtig_take_up", {"voorschot_option": "voorzichtig"}, "take_up_rate"),
    ("instelbaar_recovery", {"voorschot_option": "instelbaar"}, "recovery_share"),
)
#: Seed of SALib's bootstrap of the intervals (the intervals are reproducible).
BOOTSTRAP_SEED = 20260413


@dataclass(frozen=True)
class Sensitivity:
    """Sobol indices per effect: ``{effect: {"S1"|"ST"|"S1_conf"|"ST_conf": {param: value}}}``."""

    parameters: list[FreeParameter]
    bounds: list[tuple[float, float]]
    indices: dict[str, dict[str, dict[str, float]]]
    effect_mean: dict[str, float]
    points: int


def parameter_bounds(free: list[FreeParameter], spread: float) -> list[tuple[float, float]]:
    """Shipped value plus and minus ``spread`` of the domain width, within the domain."""
    out = []
    for p in free:
        half = spread * (p.high - p.low)
        low, high = max(p.low, p.start - half), min(p.high, p.start + half)
        if not high > low:
            high = min(p.high, low + max(half, 1e-6))
        out.append((low, high))
    return out


def effects_at(
    overrides: dict[str, dict[str, float]], design: Design, seed: int
) -> dict[str, float]:
    """The three effects at one parameter point (same seed in every arm)."""
    base = ModelConfig(
        n_households=design.households,
        year=design.year,
        behaviour=overrides.get("behaviour", {}),
        population=overrides.get("population", {}),
    )
    results = {"control": simulate(base, seed)}
    out = {}
    for name, arm, metric in EFFECTS:
        key = arm["voorschot_option"]
        if key not in results:
            results[key] = simulate(base.with_overrides(arm), seed)
        treated, control = (
            compute_metrics(r.awards, r.households, high_recovery_thresholds(r.awards))
            for r in (results[key], results["control"])
        )
        out[name] = treated[metric] - control[metric]
    return out


def sobol_sensitivity(
    design: Design,
    samples: int = 16,
    spread: float = 0.1,
    seed: int = 1,
    progress: Callable[[int, int], None] | None = None,
) -> Sensitivity:
    """First-order and total Sobol indices of the three effects over the calibrated parameters."""
    from SALib.analyze import sobol as analyze
    from SALib.sample import sobol as sample

    free = free_parameters(design.parameters)
    bounds = parameter_bounds(free, spread)
    names = [f"{p.file}:{p.key}" for p in free]
    problem = {"num_vars": len(free), "names": names, "bounds": [list(b) for b in bounds]}
    points = sample.sample(problem, samples, calc_second_order=False, scramble=True, seed=seed)
    y = {name: np.empty(len(points)) for name, _, _ in EFFECTS}
    for i, x in enumerate(points):
        effects = effects_at(overrides_of(free, x), design, seed)
        for name, value in effects.items():
            y[name][i] = value
        if progress is not None:
            progress(i + 1, len(points))
    indices: dict[str, dict[str, dict[str, float]]] = {}
    for name, values in y.items():
        finite = np.isfinite(values)
        if not finite.all() or np.ptp(values) == 0:
            values = np.where(finite, values, np.nanmean(values))
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            result = analyze.analyze(problem, values, calc_second_order=False, seed=BOOTSTRAP_SEED)
        indices[name] = {
            key: {n: float(v) for n, v in zip(names, result[key], strict=True)}
            for key in ("S1", "S1_conf", "ST", "ST_conf")
        }
    return Sensitivity(
        parameters=free,
        bounds=bounds,
        indices=indices,
        effect_mean={k: float(np.nanmean(v)) for k, v in y.items()},
        points=len(points),
    )


def table_rows(result: Sensitivity) -> list[dict[str, Any]]:
    """One row per effect and parameter: S1 and ST with their 95% intervals."""
    rows = []
    for effect, idx in result.indices.items():
        for p, (low, high) in zip(result.parameters, result.bounds, strict=True):
            name = f"{p.file}:{p.key}"
            rows.append(
                {
                    "effect": effect,
                    "parameter": name,
                    "range": [low, high],
                    "S1": idx["S1"][name],
                    "S1_ci": [
                        idx["S1"][name] - idx["S1_conf"][name],
                        idx["S1"][name] + idx["S1_conf"][name],
                    ],
                    "ST": idx["ST"][name],
                    "ST_ci": [
                        idx["ST"][name] - idx["ST_conf"][name],
                        idx["ST"][name] + idx["ST_conf"][name],
                    ],
                }
            )
    return rows


def figure_html(result: Sensitivity) -> str:
    """A plotly figure (one panel per effect) of total and first-order indices with intervals."""
    import plotly.graph_objects as go
    from plotly.subplots import make_subplots

    effects = list(result.indices)
    fig = make_subplots(rows=1, cols=len(effects), subplot_titles=effects, shared_yaxes=True)
    names = [f"{p.file}:{p.key}" for p in result.parameters]
    for col, effect in enumerate(effects, start=1):
        idx = result.indices[effect]
        for key, colour in (("ST", "#1f77b4"), ("S1", "#ff7f0e")):
            fig.add_trace(
                go.Bar(
                    y=names,
                    x=[idx[key][n] for n in names],
                    error_x={"type": "data", "array": [idx[f"{key}_conf"][n] for n in names]},
                    orientation="h",
                    name=key,
                    marker_color=colour,
                    showlegend=col == 1,
                ),
                row=1,
                col=col,
            )
    fig.update_layout(barmode="group", height=40 * len(names) + 200, title="Sobol indices")
    return fig.to_html(full_html=False, include_plotlyjs=True)


def fmt_ci(low: float, high: float) -> str:
    """An interval as text."""
    if not (math.isfinite(low) and math.isfinite(high)):
        return ""
    return f"[{low:.2f}, {high:.2f}]"
