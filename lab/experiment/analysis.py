"""From finished runs to per-arm means and treatment effects with 95% intervals.

Per arm (and design point), each outcome's mean over the replications with a t interval. Effects
are against the control arm at the same design point: with common random numbers the runs are
paired by replication (paired t interval, one-sample bootstrap of the differences); with
independent seeds the arms are independent samples (Welch interval, two-sample bootstrap). The
bootstrap interval is BCa (``scipy.stats.bootstrap``) with a fixed seed, so a summary is
reproducible. Subgroups get the same means and t / Welch intervals (no bootstrap).
"""

from __future__ import annotations

import warnings
from typing import Any, cast

import numpy as np
import pandas as pd
from scipy import stats

from lab.experiment.metrics import SUBGROUPS
from lab.policy.arms import lowest_floor

LEVEL = 0.95
BOOTSTRAP_RESAMPLES = 2000
BOOTSTRAP_SEED = 20260101
NAN = float("nan")


def arm_key(arm: str, label: str) -> str:
    """The summary key of an arm at a design point (``arm`` without a sweep)."""
    return f"{arm} [{label}]" if label else arm


def mean_interval(values: np.ndarray) -> dict[str, float]:
    """Mean and 95% t interval of replication values (NaN values left out)."""
    x = values[np.isfinite(values)]
    if x.size == 0:
        return {"mean": NAN, "ci_low": NAN, "ci_high": NAN}
    mean = float(x.mean())
    if x.size < 2:
        return {"mean": mean, "ci_low": NAN, "ci_high": NAN}
    half = stats.t.ppf(0.5 + LEVEL / 2, x.size - 1) * x.std(ddof=1) / np.sqrt(x.size)
    return {"mean": mean, "ci_low": float(mean - half), "ci_high": float(mean + half)}


def _mean_diff(a: np.ndarray, b: np.ndarray, axis: int = -1) -> np.ndarray:
    return np.mean(a, axis=axis) - np.mean(b, axis=axis)


def _bootstrap(samples: tuple[np.ndarray, ...], statistic: Any) -> tuple[float, float]:
    if any(s.size < 3 for s in samples) or all(np.ptp(s) == 0 for s in samples):
        return NAN, NAN
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        result = stats.bootstrap(
            samples,
            statistic,
            n_resamples=BOOTSTRAP_RESAMPLES,
            confidence_level=LEVEL,
            method="BCa",
            vectorized=True,
            rng=np.random.default_rng(BOOTSTRAP_SEED),
        )
    ci = result.confidence_interval
    return float(ci.low), float(ci.high)


def effect(
    treated: np.ndarray, control: np.ndarray, paired: bool, bootstrap: bool = True
) -> dict[str, float]:
    """Treatment effect (treated minus control) with its 95% intervals and p-value.

    Args:
        treated: replication values of the treated arm (index = replication).
        control: replication values of the control arm.
        paired: the runs share seeds (common random numbers): pair them by replication.
        bootstrap: also compute the BCa bootstrap interval.

    Returns:
        ``diff`` (also as ``mean``), ``ci_low``/``ci_high`` (paired t or Welch),
        ``bootstrap_ci_low``/``bootstrap_ci_high`` (BCa), ``p_value`` (t test), ``n``.
    """
    out = dict.fromkeys(
        ("diff", "mean", "ci_low", "ci_high", "bootstrap_ci_low", "bootstrap_ci_high", "p_value"),
        NAN,
    )
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        if paired:
            keep = np.isfinite(treated) & np.isfinite(control)
            d = treated[keep] - control[keep]
            out["n"] = int(d.size)
            if d.size == 0:
                return out
            diff = float(d.mean())
            if d.size >= 2:
                se = d.std(ddof=1) / np.sqrt(d.size)
                half = stats.t.ppf(0.5 + LEVEL / 2, d.size - 1) * se
                out |= {"ci_low": diff - half, "ci_high": diff + half}
                if se > 0:
                    out["p_value"] = float(stats.ttest_1samp(d, 0.0).pvalue)
            if bootstrap:
                low, high = _bootstrap((d,), np.mean)
                out |= {"bootstrap_ci_low": low, "bootstrap_ci_high": high}
        else:
            t = treated[np.isfinite(treated)]
            c = control[np.isfinite(control)]
            out["n"] = int(min(t.size, c.size))
            if t.size == 0 or c.size == 0:
                return out
            diff = float(t.mean() - c.mean())
            if t.size >= 2 and c.size >= 2:
                vt, vc = t.var(ddof=1) / t.size, c.var(ddof=1) / c.size
                se = np.sqrt(vt + vc)
                if se > 0:
                    dof = (vt + vc) ** 2 / (vt**2 / (t.size - 1) + vc**2 / (c.size - 1))
                    half = stats.t.ppf(0.5 + LEVEL / 2, dof) * se
                    out |= {"ci_low": diff - half, "ci_high": diff + half}
                    out["p_value"] = float(stats.ttest_ind(t, c, equal_var=False).pvalue)
                else:
                    out |= {"ci_low": diff, "ci_high": diff}
            if bootstrap:
                low, high = _bootstrap((t, c), _mean_diff)
                out |= {"bootstrap_ci_low": low, "bootstrap_ci_high": high}
    out["diff"] = out["mean"] = diff
    return {k: (float(v) if k != "n" else v) for k, v in out.items()}


def _values(table: pd.DataFrame) -> dict[tuple[str, int, str], pd.Series]:
    """Replication values per (arm, point, metric), indexed by replication."""
    out: dict[tuple[str, int, str], pd.Series] = {}
    for key, rows in table.groupby(["arm", "point", "metric"], sort=False):
        arm, point, metric = cast(tuple[str, int, str], key)
        out[(arm, int(point), metric)] = rows.set_index("replication")["value"].sort_index()
    return out


def _arms_and_effects(
    table: pd.DataFrame,
    metrics: list[str],
    arms: list[str],
    control: str,
    labels: dict[int, str],
    paired: bool,
    bootstrap: bool,
) -> tuple[dict[str, Any], dict[str, Any]]:
    values = _values(table[table["metric"].isin(metrics)])
    arm_part: dict[str, Any] = {}
    effect_part: dict[str, Any] = {}
    for point, label in labels.items():
        for arm in arms:
            key = arm_key(arm, label)
            per_metric = {}
            effects = {}
            for metric in metrics:
                series = values.get((arm, point, metric))
                if series is None:
                    continue
                per_metric[metric] = mean_interval(series.to_numpy(float))
                base = values.get((control, point, metric))
                if arm != control and base is not None:
                    if paired:
                        joined = pd.concat([series, base], axis=1, join="inner").to_numpy(float)
                        t, c = joined[:, 0], joined[:, 1]
                    else:
                        t, c = series.to_numpy(float), base.to_numpy(float)
                    effects[metric] = effect(t, c, paired, bootstrap)
            if per_metric:
                arm_part[key] = per_metric
            if effects:
                effect_part[key] = effects
    return arm_part, effect_part


def summarise_metrics(
    table: pd.DataFrame,
    control: str,
    paired: bool,
    *,
    arms: list[str] | None = None,
    metrics: list[str] | None = None,
    bootstrap: bool = True,
) -> dict[str, Any]:
    """Per-arm means and effects against ``control`` from a long table of replication values.

    For callers that ran the model themselves (notebooks, other front ends): ``table`` has
    columns ``arm``, ``replication``, ``metric``, ``value`` (and optionally ``point``,
    ``point_label`` for a sweep).

    Args:
        table: one row per arm, replication and metric.
        control: the control arm.
        paired: the arms share seeds per replication (common random numbers).
        arms: arm order (default: order of appearance).
        metrics: metrics to report (default: all in the table).
        bootstrap: also compute BCa bootstrap intervals for the effects.

    Returns:
        ``{"arms": ..., "effects": ...}`` in the shape of summary.json.
    """
    table = table.copy()
    if "point" not in table:
        table["point"] = 0
    labels = {0: ""}
    if "point_label" in table:
        labels = dict(table.groupby("point")["point_label"].first())
    arms = arms or list(dict.fromkeys(table["arm"]))
    metrics = metrics or list(dict.fromkeys(table["metric"]))
    arm_part, effect_part = _arms_and_effects(
        table, metrics, arms, control, labels, paired, bootstrap
    )
    return {"arms": arm_part, "effects": effect_part}


def sobol_indices(table: pd.DataFrame, spec: Any, arms: list[str]) -> dict[str, Any]:
    """First-order and total Sobol indices per arm and outcome, over a Sobol sweep.

    The response of a design point is the outcome's mean over its replications; indices come from
    ``SALib.analyze.sobol`` (no second order). An arm with a missing design point is left out.

    Returns:
        ``{ARM: {METRIC: {"S1": {PARAMETER: value}, "ST": {...}, "S1_conf": ..., "ST_conf":
        ...}}}``.
    """
    from SALib.analyze import sobol

    names = list(spec.sweep.parameters)
    problem = {
        "num_vars": len(names),
        "names": names,
        "bounds": [spec.sweep.parameters[n] for n in names],
    }
    n_points = len(spec.design_points())
    means = table.groupby(["arm", "metric", "point"])["value"].mean()
    out: dict[str, Any] = {}
    for arm in arms:
        per_metric = {}
        for metric in spec.metrics:
            if (arm, metric) not in means.index.droplevel("point"):
                continue
            y = means.loc[(arm, metric)].reindex(range(n_points)).to_numpy(float)
            if not np.isfinite(y).all() or np.ptp(y) == 0:
                continue
            with warnings.catch_warnings(), np.errstate(all="ignore"):
                warnings.simplefilter("ignore")
                result = sobol.analyze(
                    problem, y, calc_second_order=False, seed=BOOTSTRAP_SEED, print_to_console=False
                )
            per_metric[metric] = {
                key: dict(zip(names, (float(v) for v in result[key]), strict=True))
                for key in ("S1", "S1_conf", "ST", "ST_conf")
            }
        if per_metric:
            out[arm] = per_metric
    return out


def summarise(frame: pd.DataFrame, manifest: dict[str, Any]) -> dict[str, Any]:
    """The experiment's summary (the content of summary.json) from its finished runs.

    Args:
        frame: all finished runs (:func:`lab.experiment.store.load_runs`).
        manifest: the results folder's manifest (spec, control arm, seeds, provenance).

    Returns:
        ``{"arms": {ARM: {METRIC: {mean, ci_low, ci_high}}}, "effects": {ARM: {METRIC: {diff,
        mean, ci_low, ci_high, bootstrap_ci_low, bootstrap_ci_high, p_value, n}}}, "subgroups":
        {CHARACTERISTIC: {GROUP: {"arms": ..., "effects": ...}}}, "monthly": ..., "provenance":
        ...}``. ARM is the arm's name, or ``"arm [setting=value]"`` per design point of a sweep.
    """
    from lab.experiment.spec import validate_spec

    spec = validate_spec(manifest["spec"], where="manifest spec")
    arms = list(spec.arms)
    control = spec.control_arm
    labels = {int(p["point"]): p["label"] for p in manifest["design_points"]}
    paired = spec.crn
    metrics = spec.metrics
    main = frame[frame["kind"] == "metric"]
    arm_part, effect_part = _arms_and_effects(main, metrics, arms, control, labels, paired, True)

    subgroups: dict[str, Any] = {}
    sub = frame[frame["kind"] == "subgroup"]
    sub_metrics = [m for m in metrics if not m.startswith("chosen_percentage_bins.")]
    for characteristic in SUBGROUPS:
        rows = sub[sub["subgroup"] == characteristic]
        groups = {}
        for group, group_rows in rows.groupby("group", sort=True):
            a, e = _arms_and_effects(group_rows, sub_metrics, arms, control, labels, paired, False)
            groups[str(group)] = {"arms": a, "effects": e}
        subgroups[characteristic] = groups

    sensitivity = (
        sobol_indices(main, spec, arms) if spec.sweep and spec.sweep.method == "sobol" else {}
    )
    monthly = frame[frame["kind"] == "monthly"]
    series: dict[str, Any] = {}
    means = monthly.groupby(["point", "arm", "metric", "month"])["value"].mean()
    for point, label in labels.items():
        for arm in arms:  # in the file's order, as "arms"
            if (point, arm) not in means.droplevel(["metric", "month"]).index:
                continue
            per_metric = means.loc[(point, arm)]
            series[arm_key(arm, label)] = {
                str(m): [float(v) for v in per_metric.loc[m].to_numpy()]
                for m in per_metric.index.get_level_values("metric").unique()
            }

    runs = manifest["runs"]
    parameters = manifest.get("parameters")
    if parameters is None:  # a folder from before parameter files were recorded: read them now
        from lab.experiment.provenance import parameter_files

        parameters = parameter_files(spec.year, spec.n_years)
    return {
        "arms": arm_part,
        "effects": effect_part,
        "subgroups": subgroups,
        "monthly": series,
        **({"sobol": sensitivity} if sensitivity else {}),
        "provenance": {
            "experiment": spec.name,
            "description": spec.description,
            "design": spec.design,
            "common_random_numbers": paired,
            "control": control,
            "households": spec.households,
            "replications": spec.replications,
            "year": spec.year,
            "n_years": spec.n_years,
            "arms": {arm: dict(overrides) for arm, overrides in spec.arms.items()},
            "voorschot_floor": lowest_floor(),
            "parameters": parameters,
            "spec_hash": manifest["spec_hash"],
            "git": manifest.get("git"),
            "versions": manifest.get("versions"),
            "root_seed": spec.seed,
            "seeds": manifest.get("seeds"),
            "runs_done": sum(1 for r in runs.values() if r["status"] == "done"),
            "runs_failed": {
                k: (r.get("error") or "").strip().splitlines()[-1:]
                for k, r in runs.items()
                if r["status"] == "failed"
            },
            "runs_total": len(runs),
            "started": manifest.get("started"),
            "finished": manifest.get("finished"),
            "interval": "95%: t over replications; effects paired t (common random numbers) "
            "or Welch, and BCa bootstrap",
        },
    }
