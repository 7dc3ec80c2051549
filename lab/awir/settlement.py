"""The definitieve toekenning (DT): terugvordering or nabetaling, threshold and interest.

After the year the award is computed on the actual income (Awir art. 19). The difference with the
voorschot paid (net of in-year recoveries) is a terugvordering (art. 26) or a nabetaling (art. 24).
A terugvordering at or below the doelmatigheidsgrens is not collected (per toeslag). Interest
(art. 27) runs on both from 1 July of the year after the toeslag year to the DT month, when the
switch is on. A hoge terugvordering is one above 500 euro (the agency's KPI, per award).
:func:`settle_one` is the rule of one award; :func:`settle_at_share` and
:func:`settle_households` apply it to many. Amounts in euro.
"""

from __future__ import annotations

import numba
import numpy as np


def interest_months(dt_month: int, interest_start_month: int) -> int:
    """Whole months of art. 27 interest between its start month and the DT month (year t+1)."""
    return max(0, int(dt_month) - int(interest_start_month))


def interest_share(
    interest_rate: float, interest_enabled: bool, interest_start_month: int, dt_month: int
) -> float:
    """The part of an amount charged or paid as art. 27 interest at the DT (fraction)."""
    if not interest_enabled:
        return 0.0
    return interest_rate * interest_months(dt_month, interest_start_month) / 12.0


@numba.njit(cache=True, nogil=True)
def cents(euro: float) -> float:
    """An amount rounded to whole cents (half to even, as numpy's ``round(x, 2)``)."""
    return np.rint(euro * 100.0) / 100.0


@numba.njit(cache=True, nogil=True)
def settle_one(
    paid_total: float,
    definitive: float,
    dt_threshold: float,
    high_recovery_threshold: float,
    share: float,
) -> tuple[float, float, float, float, float, float]:
    """The DT of one award (art. 19, 24, 26, 27): the rule :func:`settle_at_share` applies to all.

    Returns ``(terugvordering, nabetaling, collected, interest_terugvordering,
    interest_nabetaling, high_recovery)`` in euro (``high_recovery`` 1.0 or 0.0); ``share`` is
    the interest as a fraction of the amount (:func:`interest_share`).
    """
    difference = paid_total - definitive
    # x > 0 ? x : 0, as numpy's maximum(x, 0) (a zero is +0).
    terugvordering = cents(difference if difference > 0.0 else 0.0)
    nabetaling = cents(-difference if -difference > 0.0 else 0.0)
    collected = terugvordering if terugvordering > dt_threshold else 0.0
    high = 1.0 if terugvordering > high_recovery_threshold else 0.0
    return (
        terugvordering,
        nabetaling,
        collected,
        cents(collected * share),
        cents(nabetaling * share),
        high,
    )


#: The keys of a settlement, in the order :func:`settle_one` returns them.
SETTLEMENT_KEYS = (
    "terugvordering",
    "nabetaling",
    "collected",
    "interest_terugvordering",
    "interest_nabetaling",
    "high_recovery",
)


@numba.njit(cache=True, nogil=True)
def _settle_all(paid_total, definitive, dt_threshold, high, share, out):  # pragma: no cover
    for j in range(paid_total.size):
        values = settle_one(paid_total[j], definitive[j], dt_threshold, high, share)
        for k in range(6):
            out[k, j] = values[k]


def settle_at_share(
    paid_total: np.ndarray,
    definitive: np.ndarray,
    dt_threshold: float,
    high_recovery_threshold: float,
    share: float,
) -> dict[str, np.ndarray]:
    """Settle toeslag years at the DT: :func:`settle_one` for every award.

    Args:
        paid_total: voorschot paid over the year net of in-year recoveries (euro).
        definitive: the definitive award on the actual income (euro per year).
        dt_threshold: doelmatigheidsgrens; a terugvordering at or below it is not collected.
        high_recovery_threshold: a terugvordering above it counts as hoog (500 euro).
        share: the art. 27 interest as a share of the amount (:func:`interest_share`).

    Returns:
        Arrays of euro, keyed by :data:`SETTLEMENT_KEYS`: ``terugvordering``, ``nabetaling``,
        ``collected`` (the part of the terugvordering that is collected),
        ``interest_terugvordering``, ``interest_nabetaling``, and ``high_recovery`` (1.0 where
        the terugvordering is hoog, else 0.0).
    """
    paid, final = np.broadcast_arrays(
        np.asarray(paid_total, dtype=np.float64), np.asarray(definitive, dtype=np.float64)
    )
    paid, final = np.ascontiguousarray(paid), np.ascontiguousarray(final)
    out = np.empty((len(SETTLEMENT_KEYS), paid.size))
    _settle_all(
        paid.ravel(), final.ravel(), float(dt_threshold), float(high_recovery_threshold), share, out
    )
    return {key: out[k].reshape(paid.shape) for k, key in enumerate(SETTLEMENT_KEYS)}


#: Bits of :attr:`lab.awir.year.AwirYear.settled_flags`: what the DT of a household gave.
HAD_TERUGVORDERING, HAD_NABETALING, HAD_HIGH_RECOVERY = 1, 2, 4


@numba.njit(cache=True, nogil=True)
def settle_households(
    applied, paid, definitive, dt_threshold, high, share, rows
):  # pragma: no cover
    """The DT of every household (the pass of :meth:`lab.awir.year.AwirYear.settle`).

    Per household the euro of terugvordering and of nabetaling over its toeslagen and flags
    (HAD_*), from :func:`settle_one` of each award it applied for. The households (in order) with
    a debt to collect are written to ``rows``; returns their number.
    """
    n, n_toeslagen = paid.shape
    terug = np.zeros(n)
    nabet = np.zeros(n)
    flags = np.zeros(n, dtype=np.uint8)
    d = 0
    for h in range(n):
        collects = False
        for t in range(n_toeslagen):
            p = paid[h, t] if applied[h, t] else 0.0
            a = definitive[h, t] if applied[h, t] else 0.0
            values = settle_one(p, a, dt_threshold, high, share)
            terug[h] += values[0]
            nabet[h] += values[1]
            if values[0] > 0.0:
                flags[h] |= HAD_TERUGVORDERING
            if values[1] > 0.0:
                flags[h] |= HAD_NABETALING
            if values[5] > 0.0:
                flags[h] |= HAD_HIGH_RECOVERY
            if values[2] > 0.0:
                collects = True
        if collects:
            rows[d] = h
            d += 1
    return terug, nabet, flags, d
