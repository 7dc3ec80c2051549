"""One household's toeslag year, from the voorschot to the last instalment (a researcher's case).

Pure composition of the engine: awards on the estimate and on the actual income, the voorschot
year with an optional reported change, the DT, collection and the monthly cash flow. Used by the
``year`` command and by the app's household page.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

from lab import TOESLAGEN
from lab.awir.cashflow import months_after, toeslag_cash_flow
from lab.awir.collection import collect
from lab.awir.settlement import settle_under
from lab.awir.voorschot import award_in_force_with_change, check_percentage, voorschot_year
from lab.errors import InputError
from lab.law.awards import compute_awards
from lab.law.parameters import YearParams
from lab.law.situation import Situation

Collection = Literal["lump", "arrangement", "personal", "offset"]


@dataclass(frozen=True)
class CaseResult:
    """One toeslag of one household-year, in euro.

    ``voorschot_monthly``: the 12 regular terms (December t-1 .. November t);
    ``december_settlement``: what was paid (+) or recovered (-) at once in December t after a
    change reported in November or December. ``arrangement_months`` and ``monthly_instalment``
    describe the standard arrangement, or the offset against next year's voorschot.
    """

    voorschot_monthly: list[float]
    december_settlement: float
    paid_total: float
    definitive: int
    terugvordering: float
    nabetaling: float
    collected: float
    interest: float
    high_recovery: bool
    arrangement_months: int
    monthly_instalment: float
    cash_flow: list[float]


def year_case(
    params: YearParams,
    on_estimate: Situation,
    on_actual: Situation,
    *,
    report_month: int = 0,
    percentage: float = 1.0,
    dt_month: int | None = None,
    collection: Collection = "arrangement",
    ability_to_pay: float | None = None,
) -> dict[str, CaseResult]:
    """Run one household's toeslag year for each of the four toeslagen.

    Args:
        params: the year's parameters.
        on_estimate: the household on its estimated income (the voorschot is computed on it).
        on_actual: the household on its actual income (the DT, and the new voorschot after a
            report).
        report_month: calendar month (1..12) in which the actual income is reported; 0 = never.
        percentage: voorschot percentage (fraction, from the floor up to 1).
        dt_month: month of the DT in t+1 (default: the year's parameter).
        collection: ``lump`` (pay at once when due), ``arrangement`` (standard arrangement) or
            ``offset`` (verrekenen against next year's voorschot, assumed to continue on the
            actual income at the same percentage; the standard arrangement when there is none)
            or ``personal`` (a personal arrangement at ``ability_to_pay``).
        ability_to_pay: euro per month the household can pay (``personal`` only).
    """
    awir = params.awir
    if not 0 <= report_month <= 12:
        raise InputError(f"report month must be 1..12 (or 0 for no report), got {report_month}")
    dt_month = awir.dt_month if dt_month is None else dt_month
    if not 6 <= dt_month <= 12:
        raise InputError(f"DT month must be 6..12 (June-December of the next year), got {dt_month}")
    check_percentage(percentage, awir.voorschot_floor)
    if collection == "personal" and (ability_to_pay is None or not ability_to_pay >= 0):
        raise InputError(
            "a personal arrangement needs the ability to pay: give --ability-to-pay EUR (>= 0)"
        )
    estimate = compute_awards(params, on_estimate)
    actual = compute_awards(params, on_actual)
    results = {}
    for name in TOESLAGEN:
        in_force = award_in_force_with_change(estimate[name], actual[name], report_month)
        year = voorschot_year(in_force, percentage)
        s = settle_under(awir, year.paid_total, actual[name], dt_month=dt_month)
        to_collect = s["collected"] + s["interest_terugvordering"]
        plan = collect(
            to_collect,
            collection,
            max_terms=awir.arrangement_max_terms,
            min_instalment=awir.arrangement_min_instalment,
            ability_to_pay=None if ability_to_pay is None else np.array([ability_to_pay]),
            # Offset: next year's toeslag assumed to run on the actual income, same percentage.
            running_voorschot=np.round(percentage * actual[name] / 12.0, 2),
            horizon=0,
        )
        flow = toeslag_cash_flow(
            year.payments,
            s["nabetaling"] + s["interest_nabetaling"],
            to_collect,
            plan.instalment,
            dt_month,
            collection_delay=months_after(awir.payment_due_weeks),
        )
        results[name] = CaseResult(
            voorschot_monthly=[round(float(v), 2) for v in year.payments[0, :12]],
            december_settlement=round(float(year.payments[0, 12]), 2),
            paid_total=round(float(year.paid_total[0]), 2),
            definitive=int(actual[name][0]),
            terugvordering=float(s["terugvordering"][0]),
            nabetaling=float(s["nabetaling"][0]),
            collected=float(s["collected"][0]),
            interest=float(s["interest_terugvordering"][0] + s["interest_nabetaling"][0]),
            high_recovery=bool(s["high_recovery"][0]),
            arrangement_months=int(plan.months[0]) if collection != "lump" else 0,
            monthly_instalment=float(plan.instalment[0]) if collection != "lump" else 0.0,
            cash_flow=[round(float(v), 2) for v in flow[0]],
        )
    return results
