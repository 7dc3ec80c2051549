"""The four toeslag awards at once, with the Awir rules common to all of them in one place.

Common rules: the vermogenstoets on 1 January is a cliff (one euro above the limit, nothing for the
whole year); amounts are whole euros (Awir art. 14(4)); an award below the minimum (24 euro a year,
art. 14(5)) is not granted.
"""

from __future__ import annotations

import numpy as np

from lab import TOESLAGEN
from lab.law import huurtoeslag, kinderopvangtoeslag, kindgebonden_budget, zorgtoeslag
from lab.law.parameters import YearParams
from lab.law.situation import Situation


def within_vermogensgrens(assets: np.ndarray, limit: np.ndarray) -> np.ndarray:
    """True where the vermogen on 1 January is at most the limit (the cliff), per household."""
    return np.asarray(assets) <= np.asarray(limit)


def whole_euros(amount: np.ndarray, minimum: float) -> np.ndarray:
    """Round yearly amounts to whole euros (half up); amounts below ``minimum`` become 0 (int64)."""
    rounded = np.floor(np.asarray(amount, dtype=float) + 0.5).astype(np.int64)
    return np.where(rounded >= minimum, rounded, 0)


def apply_awir_rules(
    params: YearParams,
    amount: np.ndarray,
    assets: np.ndarray | None = None,
    limit: np.ndarray | None = None,
) -> np.ndarray:
    """Apply the vermogen cliff (when a limit is given), whole-euro rounding and the minimum award.

    Args:
        params: the year's parameters (``awir.minimum_award``).
        amount: award before the common rules, euro per year.
        assets: vermogen on 1 January, euro (with ``limit``).
        limit: vermogen limit per household, euro; ``None`` for a toeslag without vermogenstoets.

    Returns:
        int64 array, euro per year.
    """
    if limit is not None:
        amount = np.where(within_vermogensgrens(assets, limit), amount, 0.0)
    return whole_euros(amount, params.awir.minimum_award)


def compute_awards(params: YearParams, situation: Situation) -> dict[str, np.ndarray]:
    """The four yearly awards of every household, after the common Awir rules.

    Args:
        params: the parameters of the toeslag year.
        situation: the households.

    Returns:
        ``{toeslag: int64 array of euro per year}`` keyed and ordered by :data:`lab.TOESLAGEN`.
    """
    assets = situation.assets
    result = {
        "zorgtoeslag": apply_awir_rules(
            params,
            zorgtoeslag.award(params, situation),
            assets,
            zorgtoeslag.vermogensgrens(params, situation),
        ),
        "huurtoeslag": apply_awir_rules(
            params,
            huurtoeslag.award(params, situation),
            assets,
            huurtoeslag.vermogensgrens(params, situation),
        ),
        "kindgebonden_budget": apply_awir_rules(
            params,
            kindgebonden_budget.award(params, situation),
            assets,
            kindgebonden_budget.vermogensgrens(params, situation),
        ),
        "kinderopvangtoeslag": apply_awir_rules(
            params, kinderopvangtoeslag.award(params, situation)
        ),
    }
    return {name: result[name] for name in TOESLAGEN}
