"""The definitieve toekenning (DT): terugvordering or nabetaling, threshold and interest.

After the year the award is computed on the actual income (Awir art. 19). The difference with the
voorschot paid (net of in-year recoveries) is a terugvordering (art. 26) or a nabetaling (art. 24).
A terugvordering at or below the doelmatigheidsgrens is not collected (per toeslag). Interest
(art. 27) runs on both from 1 July of the year after the toeslag year to the DT month, when the
switch is on. A hoge terugvordering is one above 500 euro (the agency's KPI, per award).
Amounts in euro.
"""

from __future__ import annotations

import numpy as np

from lab.law.parameters import Awir


def interest_months(dt_month: int, interest_start_month: int) -> int:
    """Whole months of art. 27 interest between its start month and the DT month (year t+1)."""
    return max(0, int(dt_month) - int(interest_start_month))


def settle(
    paid_total: np.ndarray,
    definitive: np.ndarray,
    *,
    dt_threshold: float,
    high_recovery_threshold: float,
    interest_rate: float,
    interest_enabled: bool,
    interest_start_month: int,
    dt_month: int,
) -> dict[str, np.ndarray]:
    """Settle toeslag years at the DT.

    Args:
        paid_total: voorschot paid over the year net of in-year recoveries (euro).
        definitive: the definitive award on the actual income (euro per year).
        dt_threshold: doelmatigheidsgrens; a terugvordering at or below it is not collected.
        high_recovery_threshold: a terugvordering above it counts as hoog (500 euro).
        interest_rate: art. 27 interest per year (fraction).
        interest_enabled: whether interest is charged and paid.
        interest_start_month: first month of interest in year t+1 (7 = July).
        dt_month: month of the DT in year t+1 (6..12).

    Returns:
        Arrays of euro: ``terugvordering``, ``nabetaling``, ``collected`` (the part of the
        terugvordering that is collected), ``interest_terugvordering``, ``interest_nabetaling``,
        and ``high_recovery`` (1.0 where the terugvordering is hoog, else 0.0).
    """
    difference = np.asarray(paid_total, dtype=np.float64) - np.asarray(definitive, dtype=np.float64)
    terugvordering = np.round(np.maximum(difference, 0.0), 2)
    nabetaling = np.round(np.maximum(-difference, 0.0), 2)
    collected = np.where(terugvordering > dt_threshold, terugvordering, 0.0)
    share = interest_rate * interest_months(dt_month, interest_start_month) / 12.0
    share = share if interest_enabled else 0.0
    return {
        "terugvordering": terugvordering,
        "nabetaling": nabetaling,
        "collected": collected,
        "interest_terugvordering": np.round(collected * share, 2),
        "interest_nabetaling": np.round(nabetaling * share, 2),
        "high_recovery": (terugvordering > high_recovery_threshold).astype(np.float64),
    }


def settle_under(
    awir: Awir,
    paid_total: np.ndarray,
    definitive: np.ndarray,
    *,
    dt_month: int | None = None,
    dt_threshold: float | None = None,
    interest_enabled: bool | None = None,
) -> dict[str, np.ndarray]:
    """:func:`settle` with the year's Awir settings; ``None`` keeps the parameter file's value.

    The keyword arguments are the policy levers an experiment or a case may change.
    """
    return settle(
        paid_total,
        definitive,
        dt_threshold=awir.dt_threshold if dt_threshold is None else dt_threshold,
        high_recovery_threshold=awir.high_recovery_threshold,
        interest_rate=awir.interest_rate,
        interest_enabled=awir.interest_enabled if interest_enabled is None else interest_enabled,
        interest_start_month=awir.interest_start_month,
        dt_month=awir.dt_month if dt_month is None else dt_month,
    )
