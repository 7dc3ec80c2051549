"""Compare a run's totals with the published facts in ``lab/params/calibration.toml``."""

from __future__ import annotations

import numpy as np

from lab import TOESLAGEN
from lab.model import ToeslagenModel
from lab.valuefile import load_named


def calibration_table(model: ToeslagenModel) -> dict[str, dict[str, float]]:
    """Per toeslag: simulated and published recipients, amounts paid (euro/yr) and non-take-up.

    Recipients are weighted households that applied and have a definitive award above zero; paid is
    the weighted sum of their definitive awards; non-take-up is the weighted share of eligible
    households (definitive award above zero) that did not apply.
    """
    targets = load_named("calibration")
    k = len(TOESLAGEN)
    households = targets.floats("targets.households", k)
    paid = targets.floats("targets.paid_eur", k)
    non_take_up = targets.floats("targets.non_take_up", k)
    year = model.years[0]
    w = model.population.weight[:, None]
    receiving = year.applied & (year.definitive > 0)
    table = {}
    for t, name in enumerate(TOESLAGEN):
        eligible = year.definitive[:, t] > 0
        table[name] = {
            "households": float((w[:, 0] * receiving[:, t]).sum()),
            "households_target": float(households[t]),
            "paid_eur": float(
                (w[:, 0] * np.where(receiving[:, t], year.definitive[:, t], 0)).sum()
            ),
            "paid_eur_target": float(paid[t]),
            "non_take_up": float(
                (w[:, 0] * (eligible & ~year.applied[:, t])).sum() / (w[:, 0] * eligible).sum()
            ),
            "non_take_up_target": float(non_take_up[t]),
        }
    return table
