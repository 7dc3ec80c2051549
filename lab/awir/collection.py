"""Collecting a terugvordering: due 6 weeks after the decision, or in monthly terms.

The standard payment arrangement (betalingsregeling) spreads a debt over at most 24 monthly terms
of at least 20 euro, per toeslag (Awir art. 28 and the agency's policy rules); a personal
arrangement follows the household's ability to pay and may run longer; verrekenen deducts the debt
from a running toeslag's voorschot. :class:`lab.awir.year.AwirYear` collects each month with
:func:`collect_month`; :func:`lab.awir.case.year_case` sets the instalments of the four modes.
Amounts in euro; terms are euro per month.
"""

from __future__ import annotations

import numba
import numpy as np

from lab.awir.settlement import cents


def standard_instalment(amount: np.ndarray, max_terms: int, min_instalment: float) -> np.ndarray:
    """The monthly instalment (euro per month) of the standard arrangement of a debt (euro).

    The betalingsregeling (Awir art. 28 and the agency's policy rules): the amount over
    ``max_terms`` months, but at least ``min_instalment`` (or the whole amount when that is
    smaller); the last term pays the remainder, so the debt is paid in at most ``max_terms``.
    """
    amount = np.asarray(amount, dtype=np.float64)
    # Round the instalment up to the cent, so that max_terms terms always cover the amount.
    instalment = np.ceil(np.maximum(amount / max_terms, min_instalment) * 100 - 1e-6) / 100
    return np.minimum(instalment, amount)


@numba.njit(cache=True, nogil=True)
def collect_month(
    active: np.ndarray,
    remaining: np.ndarray,
    instalment: np.ndarray,
    household_instalment: np.ndarray,
    collected: np.ndarray,
    pay: np.ndarray,
) -> int:
    """One month of collection on the debts still open (the compiled pass over the debtors).

    ``remaining``, ``instalment`` and ``collected`` are (d, T) over the debtors, euro and euro per
    month; ``active`` lists the debtors (rows) still owing, in order. Each pays its instalment per
    toeslag, or, when ``household_instalment`` (d,) is not empty, a personal arrangement: that
    many euro a month on all its debts together, in the order of the toeslagen. The last term
    pays the remainder; what is left is kept in whole cents.

    Writes ``pay[k]`` (euro per toeslag) for ``active[k]``, updates ``remaining`` and
    ``collected``, and moves the debtors still owing to the front of ``active``; returns their
    number.
    """
    personal = household_instalment.size > 0
    n_toeslagen = remaining.shape[1]
    still = 0
    for k in range(active.size):
        j = active[k]
        budget = household_instalment[j] if personal else 0.0
        owing = False
        for t in range(n_toeslagen):
            rest = remaining[j, t]
            if personal:
                paid = rest if rest < budget else budget  # numpy's minimum(rest, budget)
                budget = budget - paid
            else:
                due = instalment[j, t]
                paid = due if due < rest else rest  # numpy's minimum(due, rest)
            pay[k, t] = paid
            collected[j, t] += paid
            rest = cents(rest - paid)
            remaining[j, t] = rest
            if rest > 0.0:
                owing = True
        if owing:
            active[still] = j
            still += 1
    return still


def whole_cents_down(euro_per_month: np.ndarray) -> np.ndarray:
    """An ability to pay in whole cents, rounded down (never more than the household can pay)."""
    cents = np.floor(np.maximum(np.asarray(euro_per_month, dtype=np.float64), 0.0) * 100 + 1e-6)
    return cents / 100


#: The ways a terugvordering can be collected (see :func:`lab.awir.case.year_case`).
COLLECTION_MODES = ("lump", "arrangement", "personal", "offset")
