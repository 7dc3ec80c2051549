"""Trade-offs between targets: profiles along one parameter, and fits that leave targets out."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from lab.calibration.fit import free_parameters
from lab.calibration.moments import Moments, simulate_moments
from lab.calibration.targets import Design, Target
from lab.errors import InputError


@dataclass
class Profile:
    """The fitted targets along one parameter, the others at the calibrated values.

    ``parameter``: ``file:section.key``; ``grid``: its values (euro, share, ... in its unit);
    ``calibrated``: the calibrated value (one of the grid points); ``moments``: per grid point.
    """

    parameter: str
    grid: list[float]
    calibrated: float
    moments: list[Moments]


def profile(
    name: str,
    values: Mapping[str, Mapping[str, float]],
    design: Design,
    plan: Mapping[int, tuple[str, ...]],
    workers: int = 1,
) -> Profile:
    """Simulate the moments over ``design.profile_points`` points of one parameter's domain.

    The other parameters stay at ``values`` (the calibrated ones, per file); the grid includes
    the calibrated value. This shows which targets a parameter moves, and in which directions:
    where one target comes into its band only as another leaves its own, the targets pull against
    each other through that parameter.
    """
    [free] = free_parameters((name,))
    calibrated = float(values.get(free.file, {}).get(free.key, free.start))
    grid = np.linspace(free.low, free.high, max(design.profile_points, 2)).tolist()
    grid = sorted({round(v, 10) for v in grid} | {calibrated})
    moments = []
    for value in grid:
        overrides = {file: dict(entries) for file, entries in values.items()}
        overrides.setdefault(free.file, {})[free.key] = value
        moments.append(simulate_moments(overrides, design, plan, workers))
    return Profile(f"{free.file}:{free.key}", grid, calibrated, moments)


def profile_rows(targets: list[Target], prof: Profile) -> list[dict[str, Any]]:
    """The fitted targets a profile moves: per target its band and value at each grid point.

    A target is listed when it lies outside its band at some point of the grid and its value
    moves over the grid by more than a tenth of its half-band.
    """
    rows = []
    for target in targets:
        if not target.fitted or target.band is None:
            continue
        simulated = [m.mean(target.key) for m in prof.moments]
        half = (target.band[1] - target.band[0]) / 2.0
        finite = [v for v in simulated if math.isfinite(v)]
        if not finite or max(finite) - min(finite) <= 0.1 * half:
            continue
        if all(target.distance(v) == 0.0 for v in finite):
            continue
        rows.append(
            {
                "target": target.name,
                "band": list(target.band),
                "simulated": simulated,
                "inside": [target.distance(v) == 0.0 for v in simulated],
            }
        )
    return rows


def leave_out(targets: list[Target], names: str | None) -> list[Target]:
    """The targets with those named in ``names`` (comma-separated) no longer fitted.

    A fit that leaves targets out shows where they land when nothing pulls them, and so what
    reaching the others costs them (the trade-off); it is never shipped. A name that is not a
    fitted target is an :class:`~lab.errors.InputError`.
    """
    if not names:
        return targets
    wanted = [n.strip() for n in names.split(",") if n.strip()]
    fitted = {t.name for t in targets if t.fitted}
    unknown = [n for n in wanted if n not in fitted]
    if unknown:
        raise InputError(
            f"--leave-out {','.join(unknown)}: not a fitted target of the targets file; "
            f"give names from its fitted targets, e.g. {sorted(fitted)[0]}"
        )
    return [dataclasses.replace(t, fitted=False) if t.name in wanted else t for t in targets]
