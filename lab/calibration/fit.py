"""The fit: the calibrated parameters and their domains, and the search of :func:`calibrate`.

:func:`calibrate` minimises the weighted distance of the fitted moments to their bands
(:mod:`lab.calibration.objective`) by bounded least squares (``scipy.optimize.least_squares``,
trust-region reflective) over the calibrated parameters, each searched within its typed domain
(``lab/valuefile.py``).
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from lab.calibration.moments import Moments, run_plan, simulate_moments
from lab.calibration.objective import residuals, robust_objective
from lab.calibration.targets import Design, Stage, Target
from lab.errors import ParameterError
from lab.valuefile import load_named

#: Parameter files a calibrated parameter may live in.
FILES = ("behaviour", "population")


@dataclass(frozen=True)
class FreeParameter:
    """A calibrated parameter: file, key (``section.key`` or ``section.key[i]``) and domain."""

    file: str
    key: str
    start: float
    low: float
    high: float


def free_parameters(names: tuple[str, ...]) -> list[FreeParameter]:
    """The calibrated parameters (``file:section.key[i]``) with their start values and domains."""
    files = {name: load_named(name) for name in FILES}
    out = []
    for full in names:
        file, _, key = full.partition(":")
        if file not in files or not key:
            raise ParameterError(
                f"calibrated parameter '{full}' should be 'behaviour:section.key' or "
                "'population:section.key[i]'"
            )
        values = files[file]
        resolved = values.resolve(key)
        low, high = values.domain(resolved)
        base, _, index = resolved.partition("[")
        value = values.values[base]
        start = float(value[int(index.rstrip("]"))]) if index else float(value)
        out.append(FreeParameter(file, resolved, start, low, high))
    return out


def overrides_of(free: list[FreeParameter], x: np.ndarray) -> dict[str, dict[str, float]]:
    """ModelConfig overrides (per file) for the values ``x`` of the free parameters."""
    out: dict[str, dict[str, float]] = {name: {} for name in FILES}
    for p, value in zip(free, x, strict=True):
        out[p.file][p.key] = float(value)
    return out


#: Restarts of the local search from the best point so far (the simulated objective is noisy, so a
#: converged trust region can stop short); a restart that gains less than RESTART_GAIN ends it.
RESTARTS = 3
RESTART_GAIN = 0.01


#: :attr:`Fit.stopped` of a search stopped by Ctrl-C: its best point is the result, its moments
#: those of the search's last best evaluation (fitted targets only).
INTERRUPTED = "interrupted"


class BudgetSpent(Exception):
    """The calibration's time budget is used up; the best point so far is kept."""


@dataclass
class Fit:
    """Result of :func:`calibrate`: the best parameters, their moments and the search record."""

    free: list[FreeParameter]
    x: np.ndarray
    objective: float
    moments: Moments
    evaluations: int
    seconds: float
    stopped: str
    history: list[tuple[float, float]] = field(default_factory=list)
    #: The values fitted first (:func:`fit_stage`), per file and key, held in the search.
    fixed: dict[str, dict[str, float]] = field(default_factory=dict)

    def values(self) -> dict[str, dict[str, float]]:
        """The calibrated values, per file and key (the first stages' and the search's)."""
        return merge_overrides(self.fixed, overrides_of(self.free, self.x))


def merge_overrides(
    *parts: Mapping[str, Mapping[str, float]],
) -> dict[str, dict[str, float]]:
    """ModelConfig overrides per file, later parts over earlier ones."""
    out: dict[str, dict[str, float]] = {name: {} for name in FILES}
    for part in parts:
        for file, entries in part.items():
            out.setdefault(file, {}).update(entries)
    return out


def fit_stage(
    stage: Stage, targets: list[Target], design: Design, workers: int = 1
) -> tuple[dict[str, dict[str, float]], float]:
    """The common value of ``stage.parameters`` at which its target's mean hits the value.

    Brent's method on the intersection of the parameters' domains, over the design's seeds
    (common random numbers, so the moment is a smooth function of the value). Where the
    published value lies outside what the domain reaches, the nearer end of the domain. Returns
    the overrides and the value.
    """
    from scipy.optimize import brentq

    target = next(t for t in targets if t.name == stage.target)
    free = free_parameters(stage.parameters)
    low, high = max(p.low for p in free), min(p.high for p in free)
    if target.value is None:
        raise ParameterError(f"[calibrate] first: target '{target.name}' has no value to hit")
    published = target.value
    plan = run_plan([target])

    def gap(value: float) -> float:
        x = np.full(len(free), value)
        moments = simulate_moments(overrides_of(free, x), design, plan, workers)
        return moments.mean(target.key) - published

    at_low, at_high = gap(low), gap(high)
    if at_low * at_high > 0:
        value = low if abs(at_low) <= abs(at_high) else high
    else:
        value = float(brentq(gap, low, high, xtol=1e-5 * (high - low), rtol=1e-6))
    return overrides_of(free, np.full(len(free), value)), value


def calibrate(
    targets: list[Target],
    design: Design,
    budget_minutes: float = 25.0,
    progress: Callable[[int, float, float], None] | None = None,
    from_midpoints: bool = False,
    workers: int = 1,
) -> Fit:
    """Fit the free parameters to the fitted targets by simulated method of moments.

    Bounded least squares (trust-region reflective) in coordinates scaled to each parameter's
    domain, finite differences of 3% of the domain, the same seeds at every evaluation, restarted
    from the best point while that still gains (``RESTARTS``, ``RESTART_GAIN``). The search starts
    from the values in the parameter files (the shipped ones), or with ``from_midpoints`` from the
    middle of every parameter's domain (a start that knows nothing of earlier fits). The loss
    is robust (soft L1, :func:`robust_objective`: linear beyond one half-band outside a band), so
    that a target the model cannot reach does not drag every other target out of its band. Stops at
    convergence, when ``budget_minutes`` are spent or at a Ctrl-C (``stopped``:
    :data:`INTERRUPTED`; a Ctrl-C before the first evaluation is raised); the best evaluation is
    returned in each case.
    Every fitted target runs in its own toeslag year (:func:`run_plan`); ``workers`` processes
    share an evaluation's replications, with the same result as one.
    """
    from scipy.optimize import least_squares

    free = free_parameters(design.parameters)
    plan = run_plan(targets, fitted_only=True)
    if not free:
        raise ParameterError("the targets file names no parameters to calibrate ([calibrate])")
    began = time.monotonic()
    fixed: dict[str, dict[str, float]] = {}
    for stage in design.first:
        fixed = merge_overrides(fixed, fit_stage(stage, targets, design, workers)[0])
    low = np.array([p.low for p in free])
    width = np.array([p.high - p.low for p in free])
    width = np.where(width > 0, width, 1.0)
    start = np.clip((np.array([p.start for p in free]) - low) / width, 0.0, 1.0)
    if from_midpoints:
        start = np.full_like(start, 0.5)
    deadline = began + 60.0 * budget_minutes
    best: dict[str, Any] = {"objective": math.inf}
    history: list[tuple[float, float]] = []
    cache: dict[bytes, np.ndarray] = {}

    def evaluate(z: np.ndarray) -> np.ndarray:
        key = np.round(z, 10).tobytes()
        if key in cache:
            return cache[key]
        if time.monotonic() > deadline and history:
            raise BudgetSpent
        x = low + width * np.clip(z, 0.0, 1.0)
        overrides = merge_overrides(fixed, overrides_of(free, x))
        moments = simulate_moments(overrides, design, plan, workers)
        r = residuals(targets, moments)
        objective = robust_objective(r)
        cache[key] = r
        history.append((time.monotonic() - began, objective))
        if objective < best["objective"]:
            best.update(objective=objective, x=x, moments=moments)
        if progress is not None:
            progress(len(history), objective, best["objective"])
        return r

    stopped = "converged"
    try:
        for _ in range(RESTARTS + 1):
            before = best["objective"]
            z0 = start if "x" not in best else np.clip((best["x"] - low) / width, 0.0, 1.0)
            least_squares(
                evaluate,
                z0,
                bounds=(np.zeros_like(start), np.ones_like(start)),
                method="trf",
                loss="soft_l1",
                f_scale=1.0,
                diff_step=0.03,
                x_scale=1.0,
                xtol=1e-3,
                ftol=1e-3,
            )
            if best["objective"] > (1.0 - RESTART_GAIN) * before:
                break
    except BudgetSpent:
        stopped = "time budget spent"
    except KeyboardInterrupt:  # Ctrl-C: the best point so far is the result (none yet: stop)
        if "x" not in best:
            raise
        stopped = INTERRUPTED
    return Fit(
        free=free,
        x=best["x"],
        objective=best["objective"],
        moments=best["moments"],
        evaluations=len(history),
        seconds=time.monotonic() - began,
        stopped=stopped,
        history=history,
        fixed=fixed,
    )
