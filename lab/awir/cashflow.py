"""What one toeslag year does to a household's money, month by month.

Cash-flow months are indexed as in docs/architecture.md: index 0 is December of the year before
the toeslag year, index ``i >= 1`` is month ``(i - 1) % 12 + 1`` of year ``t + (i - 1) // 12``.
Voorschot term ``k`` is paid in month index ``k``; the DT comes in month ``dt_month`` of t+1 (index
``12 + dt_month``); a nabetaling is paid within 4 weeks (the month after the DT); a terugvordering
is due 6 weeks after the DT (two months later), at once or in monthly terms. Euro per month.
"""

from __future__ import annotations

import math

import numpy as np

from lab.awir.collection import instalment_terms, schedule

#: Weeks within which a nabetaling is paid after the DT.
NABETALING_WEEKS = 4
#: Average weeks in a calendar month.
WEEKS_PER_MONTH = 52 / 12


def months_after(weeks: float) -> int:
    """Cash-flow months from a decision to a payment due ``weeks`` later.

    The decision is sent during its month; a payment due ``weeks`` later is booked in the month
    in which the period ends for a decision at the end of its month (6 weeks: two months later;
    4 weeks: the next month).
    """
    return max(1, math.ceil(weeks / WEEKS_PER_MONTH - 1e-9))


#: Months from the DT to the first collection payment (due 6 weeks after the decision, art. 28).
COLLECTION_DELAY = months_after(6)
#: Months from the DT to the nabetaling (paid within 4 weeks).
NABETALING_DELAY = months_after(NABETALING_WEEKS)


def dt_index(dt_month: int) -> int:
    """Cash-flow month index of a DT sent in month ``dt_month`` (6..12) of t+1."""
    return 12 + int(dt_month)


def month_label(index: int, year: int) -> str:
    """``YYYY-MM`` label of cash-flow month ``index`` for toeslag year ``year``."""
    if index == 0:
        return f"{year - 1}-12"
    return f"{year + (index - 1) // 12}-{(index - 1) % 12 + 1:02d}"


def toeslag_cash_flow(
    payments: np.ndarray,
    nabetaling: np.ndarray,
    collected: np.ndarray,
    instalment: np.ndarray,
    dt_month: int,
    horizon: int | None = None,
    collection_delay: int = COLLECTION_DELAY,
) -> np.ndarray:
    """Monthly money in (+) and out (-) of one toeslag year per household.

    Args:
        payments: (n, 13) voorschot per term (negative where recovered at once), euro.
        nabetaling: (n,) nabetaling at the DT (with any interest), euro.
        collected: (n,) terugvordering to be paid (with any interest), euro.
        instalment: (n,) euro per month (equal to ``collected`` for payment at once).
        dt_month: month of the DT in t+1 (6..12).
        horizon: number of months (default: long enough for every instalment).
        collection_delay: months from the DT to the first collection payment
            (``months_after(payment_due_weeks)``).

    Returns:
        (n, horizon) euro per month: voorschot terms in (+), in-year recoveries out (-), the
        nabetaling in, the collection of the terugvordering out.
    """
    payments = np.atleast_2d(np.asarray(payments, dtype=np.float64))
    n = payments.shape[0]
    collected = np.asarray(collected, dtype=np.float64).reshape(n)
    instalment = np.asarray(instalment, dtype=np.float64).reshape(n)
    start = dt_index(dt_month) + collection_delay
    terms = instalment_terms(collected, instalment)
    needed = start + int(terms.max(initial=0)) + 1
    horizon = max(horizon or 0, needed, dt_index(dt_month) + NABETALING_DELAY + 1)
    flow = np.zeros((n, horizon))
    flow[:, : payments.shape[1]] += payments
    flow[:, dt_index(dt_month) + NABETALING_DELAY] += np.asarray(nabetaling).reshape(n)
    flow[:, start:] -= schedule(collected, instalment, horizon - start)
    return flow
