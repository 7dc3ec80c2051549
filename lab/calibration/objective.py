"""The objective of the fit: weighted residuals of the fitted targets, and their soft-L1 sum."""

from __future__ import annotations

import math

import numpy as np

from lab.calibration.moments import Moments
from lab.calibration.targets import Target

#: Weight of the pull towards the published value inside the band (the band itself dominates).
CENTRE_WEIGHT = 0.2
#: The fit aims at the band narrowed by this many half-bands on each side, so that a target it
#: lands at the edge of its band at the calibration's seeds is not out of it at other seeds, and
#: so that a small miss weighs in the soft-L1 loss (whose slope is near zero for small residuals).
#: Only the fit's aim: every report and test holds the simulated values against the published band.
AIM_MARGIN = 0.25


def residuals(targets: list[Target], moments: Moments) -> np.ndarray:
    """Weighted residuals of the fitted targets: outside-the-aim distance and a pull inside.

    Per target, in half-bands: ``distance outside the aim / half-band`` (the aim is the band
    narrowed by ``AIM_MARGIN`` half-bands on each side) and
    ``CENTRE_WEIGHT x (simulated - published) / half-band`` (the second only with a value).
    """
    out = []
    for target in targets:
        if not target.fitted or target.band is None:
            continue
        simulated = moments.mean(target.key)
        half = max((target.band[1] - target.band[0]) / 2.0, 1e-9)
        if not math.isfinite(simulated):
            out += [10.0, 0.0]
            continue
        low, high = target.band
        margin = AIM_MARGIN * half
        out.append(max(low + margin - simulated, simulated - high + margin, 0.0) / half)
        centre = target.centre
        out.append(0.0 if centre is None else CENTRE_WEIGHT * (simulated - centre) / half)
    return np.asarray(out)


def robust_objective(r: np.ndarray) -> float:
    """The soft-L1 objective the fit minimises: sum of 2 (sqrt(1 + r^2) - 1) over residuals."""
    return float((2.0 * (np.sqrt(1.0 + r * r) - 1.0)).sum())


def objective_shares(targets: list[Target], moments: Moments) -> dict[str, float]:
    """Each fitted target's share of the sum of squared residuals, largest first.

    What the fit gave up where targets pull against each other (``objective_share`` in
    ``fit.json``).
    """
    fitted = [t for t in targets if t.fitted and t.band is not None]
    r = residuals(fitted, moments).reshape(-1, 2)
    per = (r**2).sum(axis=1)
    total = float(per.sum()) or 1.0
    order = sorted(zip(fitted, per, strict=True), key=lambda x: -x[1])
    return {t.name: float(v) / total for t, v in order}
