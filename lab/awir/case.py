"""A household's toeslag year followed month by month through :class:`lab.awir.year.AwirYear`.

:func:`follow_year` runs the one Awir year for households whose awards are known (on the estimate,
after each reported change, definitive) and records every month: the terms, the DT, the nabetaling
and the collection. :func:`year_case` is the researcher's case of one household described by its
situation on the estimate and on the actual income: the ``year`` command and the app's household
page. The model runs the same AwirYear over a whole population; a test checks they agree.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

from lab import TOESLAGEN
from lab.awir.collection import COLLECTION_MODES, whole_cents_down
from lab.awir.voorschot import REGULAR_TERMS, TERM_SLOTS, check_percentage, effective_term
from lab.awir.year import AwirYear
from lab.errors import InputError
from lab.law.awards import compute_awards
from lab.law.parameters import YearParams
from lab.law.sections import Awir
from lab.law.situation import Situation

Collection = Literal["lump", "arrangement", "personal", "offset"]
#: Months a case follows at most (a personal arrangement at a few euro a month can run for years).
MAX_MONTHS = 12 * 50


@dataclass(frozen=True)
class Change:
    """A change reported in calendar ``month`` (1..12) of the toeslag year.

    From term min(month + 1, 12) the award in force is ``award`` (n, T, euro per year).
    """

    month: int
    award: np.ndarray

    @property
    def term(self) -> int:
        """The first term the new award holds for (the agency needs the month to process it)."""
        return int(effective_term(self.month))


@dataclass(frozen=True)
class YearRecord:
    """Every month of a followed year, arrays (n, T, months), euro; month 0 = December t-1.

    ``voorschot``: the terms paid (negative where recovered at once); ``nabetaling``: paid after
    the DT; ``collection``: paid on the terugvordering; ``settlement``: the DT (n, T) arrays of
    :func:`lab.awir.settlement.settle_at_share`; ``due``: the terugvordering to collect with
    interest.
    """

    voorschot: np.ndarray
    nabetaling: np.ndarray
    collection: np.ndarray
    settlement: dict[str, np.ndarray]
    due: np.ndarray
    instalment: np.ndarray

    @property
    def cash_flow(self) -> np.ndarray:
        """(n, T, months) money in (+) and out (-) of the household from each toeslag."""
        return self.voorschot + self.nabetaling - self.collection

    @property
    def paid_total(self) -> np.ndarray:
        """(n, T) voorschot paid over the year net of in-year recoveries."""
        return self.voorschot.sum(axis=2)


def follow_year(
    awir: Awir,
    award: np.ndarray,
    percentage: np.ndarray | float,
    definitive: np.ndarray,
    *,
    applied: np.ndarray | None = None,
    changes: Sequence[Change] = (),
    lump: np.ndarray | bool = False,
    household_instalment: np.ndarray | None = None,
    instalment: np.ndarray | None = None,
    dt_month: int | None = None,
    dt_threshold: float | None = None,
    interest_enabled: bool | None = None,
    arrangement_max_terms: int | None = None,
    months: int | None = None,
) -> YearRecord:
    """Follow households through one Awir year, month by month.

    Args:
        awir: the year's Awir parameters.
        award: (n, T) yearly award on the estimate at the start, euro per year.
        percentage: voorschot percentage (fraction), (n, T), (n,) or scalar.
        definitive: (n, T) the award on the actual income, euro per year.
        applied: (n, T) whether the household applied (None = all).
        changes: reported changes, in the order reported.
        lump: (n, T) debts paid at once when due; the rest in the standard arrangement, or as
            ``instalment`` / ``household_instalment`` say.
        household_instalment: (n,) a personal arrangement on the household's ability to pay.
        instalment: (n, T) euro per month per toeslag instead of the standard arrangement (NaN:
            the standard arrangement).
        dt_month: DT month in t+1 (None: the parameter).
        dt_threshold: doelmatigheidsgrens, euro (None: the parameter).
        interest_enabled: art. 27 interest switch (None: the parameter).
        arrangement_max_terms: most terms of the standard arrangement (None: the parameter).
        months: months to follow (default: until the last payment).
    """
    year = AwirYear(
        awir,
        award,
        percentage,
        applied,
        dt_month=dt_month,
        dt_threshold=dt_threshold,
        interest_enabled=interest_enabled,
        arrangement_max_terms=arrangement_max_terms,
    )
    calendar = year.calendar
    last = MAX_MONTHS if months is None else months
    flows = []
    i = 0
    while i < last:
        for change in changes:
            if change.term == i:
                year.report_change(np.arange(year.shape[0]), change.award)
        plan = None
        if i == calendar.dt:
            plan = year.standard_instalment()
            if instalment is not None:  # NaN: the standard arrangement
                plan = np.where(np.isnan(instalment), plan, instalment)
            plan = np.where(lump, year.due, plan)
        flow = year.month(
            i,
            definitive=definitive if i == TERM_SLOTS - 1 else None,
            instalment=plan,
            household_instalment=household_instalment,
        )
        flows.append(flow)
        i += 1
        settled = i > max(calendar.due, calendar.nabetaling)
        if months is None and settled:
            remaining = year.remaining
            assert remaining is not None  # settled: the DT has been made
            if not (remaining > 0.005).any():
                break
        if months is None and settled and not flow.collection.any():
            break  # nothing can be paid (a personal arrangement without ability): the debt waits
    stack = lambda name: np.stack([getattr(f, name) for f in flows], axis=2)  # noqa: E731
    return YearRecord(
        voorschot=stack("voorschot"),
        nabetaling=stack("nabetaling"),
        collection=stack("collection"),
        settlement=year.settlement,
        due=year.due,
        instalment=year.instalment if year.instalment is not None else np.zeros(year.shape),
    )


@dataclass(frozen=True)
class CaseResult:
    """One toeslag of one household-year, in euro.

    ``voorschot_monthly``: the 12 regular terms (December t-1 .. November t);
    ``december_settlement``: what was paid (+) or recovered (-) at once in December t after a
    change reported in November or December. ``collected``: what the household paid on the
    terugvordering (before interest); ``outstanding``: what it still owes (with interest) at the
    end, e.g. in a personal arrangement without ability to pay. ``arrangement_months`` and
    ``monthly_instalment``: the months with a collection payment and the largest one (0 when the
    debt is paid at once).
    """

    voorschot_monthly: list[float]
    december_settlement: float
    paid_total: float
    definitive: int
    terugvordering: float
    nabetaling: float
    collected: float
    outstanding: float
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
        percentage: voorschot percentage (fraction, 0 up to 1; the floor an arm offers is policy,
            checked where the percentage is chosen: :mod:`lab.policy.arms`).
        dt_month: month of the DT in t+1 (default: the year's parameter).
        collection: ``lump`` (pay at once when due), ``arrangement`` (standard arrangement per
            toeslag), ``personal`` (a personal arrangement: the household pays ``ability_to_pay``
            a month on all its toeslag debts together, one toeslag after the other) or
            ``offset`` (verrekenen against next year's voorschot, assumed to continue on the
            actual income at the same percentage; the standard arrangement when there is none).
        ability_to_pay: euro per month the household can pay (``personal`` only).
    """
    awir = params.awir
    if not 0 <= report_month <= 12:
        raise InputError(f"report month must be 1..12 (or 0 for no report), got {report_month}")
    dt_month = awir.dt_month if dt_month is None else dt_month
    if not 6 <= dt_month <= 12:
        raise InputError(f"DT month must be 6..12 (June-December of the next year), got {dt_month}")
    check_percentage(percentage, 0.0)
    if collection not in COLLECTION_MODES:
        raise InputError(
            f"unknown collection mode {collection!r}; use one of {', '.join(COLLECTION_MODES)}"
        )
    if collection == "personal" and (ability_to_pay is None or not ability_to_pay >= 0):
        raise InputError(
            "a personal arrangement needs the ability to pay: give --ability-to-pay EUR (>= 0)"
        )
    as_row = lambda awards: np.stack([awards[n] for n in TOESLAGEN], axis=1).astype(float)  # noqa: E731
    estimate = as_row(compute_awards(params, on_estimate))
    actual = as_row(compute_awards(params, on_actual))
    instalment = None
    if collection == "offset":
        # Next year's toeslag assumed to run on the actual income at the same percentage; the
        # whole monthly term goes to the debt; without one, the standard arrangement.
        running = np.round(percentage * actual / 12.0, 2)
        instalment = np.where(running > 0, whole_cents_down(running), np.nan)
    record = follow_year(
        awir,
        estimate,
        percentage,
        actual,
        changes=[Change(report_month, actual)] if report_month else (),
        lump=collection == "lump",
        household_instalment=(
            np.array([float(ability_to_pay)])
            if collection == "personal" and ability_to_pay is not None  # (checked above)
            else None
        ),
        instalment=instalment,
        dt_month=dt_month,
    )
    s = record.settlement
    results = {}
    for t, name in enumerate(TOESLAGEN):
        terms = record.voorschot[0, t, :TERM_SLOTS]
        paid_on_debt = float(record.collection[0, t].sum())
        paying = record.collection[0, t] > 0
        collected = min(paid_on_debt, float(s["collected"][0, t]))
        results[name] = CaseResult(
            voorschot_monthly=[round(float(v), 2) for v in terms[:REGULAR_TERMS]],
            december_settlement=round(float(terms[REGULAR_TERMS]), 2),
            paid_total=round(float(record.paid_total[0, t]), 2),
            definitive=int(actual[0, t]),
            terugvordering=float(s["terugvordering"][0, t]),
            nabetaling=float(s["nabetaling"][0, t]),
            collected=round(collected, 2),
            outstanding=round(max(float(record.due[0, t]) - paid_on_debt, 0.0), 2) + 0.0,
            interest=float(s["interest_terugvordering"][0, t] + s["interest_nabetaling"][0, t]),
            high_recovery=bool(s["high_recovery"][0, t]),
            arrangement_months=int(paying.sum()) if collection != "lump" else 0,
            monthly_instalment=(
                round(float(record.collection[0, t].max(initial=0.0)), 2)
                if collection != "lump"
                else 0.0
            ),
            cash_flow=[round(float(v), 2) for v in record.cash_flow[0, t]],
        )
    return results
