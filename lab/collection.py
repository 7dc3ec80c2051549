"""Collecting a terugvordering: due 6 weeks after the decision, or in monthly terms.

The standard payment arrangement (betalingsregeling) spreads a debt over at most 24 monthly terms
of at least 20 euro, per toeslag (Awir art. 28 and the agency's policy rules); a personal
arrangement follows the household's ability to pay and may run longer. Amounts in euro; terms are
euro per month.
"""

from __future__ import annotations

import numpy as np


def standard_arrangement(
    amount: np.ndarray, max_terms: int, min_instalment: float
) -> tuple[np.ndarray, np.ndarray]:
    """Monthly instalment (euro per month) and number of terms of the standard arrangement.

    The instalment is the amount over ``max_terms`` months, but at least ``min_instalment`` (or
    the whole amount when that is smaller); the last term pays the remainder.
    """
    amount = np.asarray(amount, dtype=np.float64)
    # Round the instalment up to the cent, so that max_terms terms always cover the amount.
    instalment = np.ceil(np.maximum(amount / max_terms, min_instalment) * 100 - 1e-6) / 100
    instalment = np.minimum(instalment, amount)
    terms = np.where(amount > 0, np.ceil(amount / np.where(instalment > 0, instalment, 1.0)), 0)
    return instalment, terms.astype(np.int64)


def personal_arrangement(
    amount: np.ndarray, ability_to_pay: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Instalment and terms of a personal arrangement at the household's ability to pay.

    ``ability_to_pay`` is euro per month; a household that can pay nothing gets no terms (the
    debt waits), signalled by zero terms while the amount is positive.
    """
    amount = np.asarray(amount, dtype=np.float64)
    instalment = np.minimum(np.maximum(np.asarray(ability_to_pay, dtype=np.float64), 0.0), amount)
    terms = np.where(instalment > 0, np.ceil(amount / np.where(instalment > 0, instalment, 1.0)), 0)
    return np.round(instalment, 2), terms.astype(np.int64)


def schedule(amount: np.ndarray, instalment: np.ndarray, months: int) -> np.ndarray:
    """Payments per month (n, months) paying ``amount`` in terms of ``instalment``."""
    amount = np.asarray(amount, dtype=np.float64).reshape(-1)
    instalment = np.asarray(instalment, dtype=np.float64).reshape(-1)
    paid_before = np.minimum(instalment[:, None] * np.arange(months)[None, :], amount[:, None])
    paid_after = np.minimum(
        instalment[:, None] * np.arange(1, months + 1)[None, :], amount[:, None]
    )
    return np.round(paid_after - paid_before, 2)


def offset_against_voorschot(
    amount: np.ndarray, monthly_voorschot: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Verrekenen: the debt is deducted from a running toeslag's monthly voorschot.

    Each month the whole voorschot term (euro per month) goes to the debt until it is paid; the
    household receives that much less. Without a running voorschot there are no terms.
    """
    return personal_arrangement(amount, monthly_voorschot)
