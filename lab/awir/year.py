"""One toeslag year under the Awir, for n households at once (one household is n = 1).

:class:`AwirYear` holds the state of a voorschot year for ``n`` households and the four toeslagen
(arrays (n, T)) and moves it on month by month: start (the award on the estimate and the voorschot
percentage), report a change (a new award in force from the next term), pay a term (Awir art. 22),
settle on the definitive award (the DT, art. 19, 24, 26, 27), pay the nabetaling and collect the
terugvordering (art. 28). The model (every household of a population), the ``year`` command and
the household page (one household), and the lab's scenario sheet all run this one year.

Months are counted from the start of the year (docs/architecture.md): month 0 is December of t-1
(term 0), months 1..11 January..November (terms 1..11), month 12 December of t (term 12: no regular
term, only a change settled at once), month ``12 + m`` is calendar month m of t+1. The
:class:`Calendar` puts the DT, the nabetaling (within 4 weeks) and the due date (6 weeks, art. 28)
on these months from the year's Awir parameters. Amounts in euro; terms euro per month.

Every operation is a plain array operation over all households, so the month loop stays simple.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from lab.awir.collection import standard_arrangement
from lab.awir.settlement import settle_under
from lab.awir.voorschot import TERM_SLOTS, pay_term
from lab.law.parameters import Awir

#: Average weeks in a calendar month.
WEEKS_PER_MONTH = 52 / 12


def months_after(weeks: float) -> int:
    """Months from a decision to a payment due ``weeks`` later (at least the next month).

    A decision may be sent at the end of its month; a payment due ``weeks`` later is booked in the
    month in which that period ends (6 weeks: two months later; 4 weeks: the next month).
    """
    return max(1, math.ceil(weeks / WEEKS_PER_MONTH - 1e-9))


def month_label(index: int, year: int) -> str:
    """``YYYY-MM`` label of month ``index`` of toeslag year ``year`` (0 = December of t-1)."""
    if index == 0:
        return f"{year - 1}-12"
    return f"{year + (index - 1) // 12}-{(index - 1) % 12 + 1:02d}"


@dataclass(frozen=True)
class Calendar:
    """When the DT, the nabetaling and the first collection payment fall (months of the year).

    Attributes:
        dt_month: calendar month of the DT in t+1 (6..12).
        nabetaling_delay: months from the DT to the nabetaling (``awir.nabetaling_weeks``).
        due_delay: months from the DT to the first collection payment (``awir.payment_due_weeks``,
            art. 28).
    """

    dt_month: int
    nabetaling_delay: int
    due_delay: int

    @classmethod
    def of(cls, awir: Awir, dt_month: int | None = None) -> Calendar:
        """The calendar of the year's Awir settings; ``dt_month`` overrides the DT month."""
        return cls(
            dt_month=int(awir.dt_month if dt_month is None else dt_month),
            nabetaling_delay=months_after(awir.nabetaling_weeks),
            due_delay=months_after(awir.payment_due_weeks),
        )

    @property
    def dt(self) -> int:
        """Month of the DT, counted from December of t-1 (month 0)."""
        return TERM_SLOTS - 1 + self.dt_month

    @property
    def nabetaling(self) -> int:
        """Month in which a nabetaling is paid."""
        return self.dt + self.nabetaling_delay

    @property
    def due(self) -> int:
        """Month of the first collection payment of a terugvordering."""
        return self.dt + self.due_delay

    def months_needed(self, collection_terms: int) -> int:
        """Months from month 0 up to the last of ``collection_terms`` collection payments."""
        return max(self.due + collection_terms, self.nabetaling + 1)


@dataclass(frozen=True)
class MonthFlows:
    """What one month of the year pays (arrays (n, T), euro; 0 where nothing happens).

    ``voorschot``: the term paid (negative where more is recovered at once than paid);
    ``at_once``: the part paid (+) or recovered (-) at once after a change; ``recovered``: euro
    recovered in the year (always collected); ``nabetaling``: the nabetaling with its interest;
    ``collection``: what the household pays on its terugvordering.
    """

    voorschot: np.ndarray
    at_once: np.ndarray
    recovered: np.ndarray
    nabetaling: np.ndarray
    collection: np.ndarray

    @property
    def net(self) -> np.ndarray:
        """(n, T) money in (+) and out (-) of the household this month, euro."""
        return self.voorschot + self.nabetaling - self.collection


class AwirYear:
    """The voorschot, DT and collection of one toeslag year for ``n`` households (arrays (n, T)).

    Args:
        awir: the year's Awir parameters (calendar, threshold, interest, arrangement).
        award: (n, T) the yearly award on the estimate at the start, euro per year.
        percentage: (n, T) or (n,) voorschot percentage (fraction); ignored where not applied.
        applied: (n, T) whether the household applied; None = all.
        dt_month, dt_threshold, interest_enabled, arrangement_max_terms: policy levers; None keeps
            the year's parameter.
    """

    def __init__(
        self,
        awir: Awir,
        award: np.ndarray,
        percentage: np.ndarray | float,
        applied: np.ndarray | None = None,
        *,
        dt_month: int | None = None,
        dt_threshold: float | None = None,
        interest_enabled: bool | None = None,
        arrangement_max_terms: int | None = None,
    ) -> None:
        self.awir = awir
        self.calendar = Calendar.of(awir, dt_month)
        self.dt_threshold = dt_threshold
        self.interest_enabled = interest_enabled
        self.max_terms = int(arrangement_max_terms or awir.arrangement_max_terms)
        award = np.atleast_2d(np.asarray(award, dtype=np.float64))
        pct = np.asarray(percentage, dtype=np.float64)
        pct = np.broadcast_to(pct.reshape(-1, 1) if pct.ndim == 1 else pct, award.shape)
        self.applied = (
            np.ones(award.shape, dtype=bool) if applied is None else np.asarray(applied, bool)
        )
        self.percentage = np.where(self.applied, pct, np.nan)
        self.award = award.copy()
        self.target = np.where(self.applied, np.nan_to_num(self.percentage) * award, 0.0)
        self.last_target = np.full_like(self.target, np.nan)
        self.per_term = np.zeros_like(self.target)
        self.paid = np.zeros_like(self.target)
        self.recovered_in_year = np.zeros_like(self.target)
        self.definitive: np.ndarray | None = None
        self.settlement: dict[str, np.ndarray] = {}
        self.remaining: np.ndarray | None = None
        self.instalment: np.ndarray | None = None
        self.household_instalment: np.ndarray | None = None
        self.nabetaling_paid = np.zeros_like(self.target)
        self.collected_paid = np.zeros_like(self.target)
        self._debtors = np.zeros(0, dtype=np.int64)
        self._recovered = np.zeros_like(self.target)
        #: The flows of a month in which nothing happens (shared, read-only).
        self._zero = np.zeros_like(self.target)
        self._zero.flags.writeable = False

    @property
    def shape(self) -> tuple[int, int]:
        """(households, toeslagen)."""
        return self.target.shape  # type: ignore[return-value]

    # ------------------------------------------------------------------ the voorschot
    def report_change(self, idx: np.ndarray, new_award: np.ndarray) -> None:
        """Households ``idx`` report a change: ``new_award`` (euro/yr) holds from the next term.

        The year is recomputed at that term (art. 16(1), 22; docs/awir_year.md).
        """
        self.award[idx] = new_award
        pct = np.nan_to_num(self.percentage[idx])
        self.target[idx] = np.where(self.applied[idx], pct * new_award, 0.0)

    def pay_term(self, term: int) -> tuple[np.ndarray, np.ndarray]:
        """Pay voorschot term ``term`` (0..12), recomputing where the award in force changed.

        Returns:
            ``(payment, at_once)`` (n, T): the term paid (regular plus at once; negative when more
            is recovered at once than paid), and the part paid or recovered at once.
        """
        payment, at_once = pay_term(term, self.target, self.paid, self.per_term, self.last_target)
        self.paid += payment
        self._recovered = np.maximum(-payment, 0.0)
        self.recovered_in_year += self._recovered
        return payment, at_once

    # ------------------------------------------------------------------ the DT
    def settle(self, definitive: np.ndarray) -> dict[str, np.ndarray]:
        """The DT on the definitive award (n, T, euro/yr), art. 19, 24, 26, 27.

        Terugvordering or nabetaling, the doelmatigheidsgrens and interest
        (:func:`lab.awir.settlement.settle_under`).
        """
        self.definitive = np.asarray(definitive, dtype=np.float64).reshape(self.shape)
        result = settle_under(
            self.awir,
            np.where(self.applied, self.paid, 0.0),
            np.where(self.applied, self.definitive, 0.0),
            dt_month=self.calendar.dt_month,
            dt_threshold=self.dt_threshold,
            interest_enabled=self.interest_enabled,
        )
        self.settlement = {k: np.asarray(v, dtype=np.float64) for k, v in result.items()}
        return self.settlement

    @property
    def nabetaling(self) -> np.ndarray:
        """(n, T) the nabetaling with its interest, euro (after :meth:`settle`)."""
        s = self.settlement
        return s["nabetaling"] + s["interest_nabetaling"]

    @property
    def due(self) -> np.ndarray:
        """(n, T) the terugvordering to collect with its interest, euro (after :meth:`settle`)."""
        s = self.settlement
        return s["collected"] + s["interest_terugvordering"]

    # ------------------------------------------------------------------ collection
    def standard_instalment(self) -> np.ndarray:
        """(n, T) the standard arrangement's instalment of :attr:`due` (euro per month)."""
        instalment, _ = standard_arrangement(
            self.due, self.max_terms, self.awir.arrangement_min_instalment
        )
        return instalment

    def start_collection(
        self, instalment: np.ndarray, household_instalment: np.ndarray | None = None
    ) -> None:
        """Set how the terugvordering is paid from the due date on.

        Args:
            instalment: (n, T) euro per month per toeslag (the whole amount: paid at once).
            household_instalment: (n,) a personal arrangement: euro per month the household can
                pay for all its toeslag debts together, paid on them in the order of TOESLAGEN;
                None = per toeslag.
        """
        self.remaining = self.due.copy()
        # Only households with a debt are visited each month (a few percent of them).
        self._debtors = np.flatnonzero((self.remaining > 0).any(axis=1))
        self.instalment = np.asarray(instalment, dtype=np.float64).reshape(self.shape)
        self.household_instalment = (
            None
            if household_instalment is None
            else np.asarray(household_instalment, dtype=np.float64).reshape(-1)
        )

    def collect_month(self) -> np.ndarray:
        """One month of collection: (n, T) euro paid on each toeslag's debt."""
        pay = np.zeros(self.shape)
        if self.remaining is None or self.instalment is None:
            return pay
        debtors = self._debtors
        remaining = self.remaining[debtors]
        if self.household_instalment is None:
            paid = np.minimum(self.instalment[debtors], remaining)
        else:
            paid = np.zeros(remaining.shape)
            budget = self.household_instalment[debtors]
            for t in range(self.shape[1]):
                paid[:, t] = np.minimum(remaining[:, t], budget)
                budget = budget - paid[:, t]
        self.remaining[debtors] = np.round(remaining - paid, 2)
        self.collected_paid[debtors] += paid
        pay[debtors] = paid
        self._debtors = debtors[(self.remaining[debtors] > 0).any(axis=1)]
        return pay

    # ------------------------------------------------------------------ the calendar
    def month(
        self,
        i: int,
        *,
        definitive: np.ndarray | None = None,
        instalment: np.ndarray | None = None,
        household_instalment: np.ndarray | None = None,
    ) -> MonthFlows:
        """Month ``i`` of the year (0 = December of t-1), as the calendar says.

        Terms 0..12 are paid in months 0..12; at month 12 the year is settled on ``definitive``
        (required then); at the DT month the collection plan starts (``instalment`` per toeslag,
        or a personal ``household_instalment``; default the standard arrangement); the
        nabetaling is paid ``nabetaling_delay`` months after the DT and the terugvordering is
        collected from ``due_delay`` months after it.
        """
        zero = self._zero
        payment = at_once = recovered = zero
        if i < TERM_SLOTS:
            payment, at_once = self.pay_term(i)
            recovered = self._recovered
        if i == TERM_SLOTS - 1:
            if definitive is None:
                raise ValueError("month 12 settles the year: give the definitive award")
            self.settle(definitive)
        calendar = self.calendar
        if i == calendar.dt:
            self.start_collection(
                self.standard_instalment() if instalment is None else instalment,
                household_instalment,
            )
        nabetaling = self.nabetaling if i == calendar.nabetaling else zero
        if nabetaling is not zero:
            self.nabetaling_paid += nabetaling
        collection = self.collect_month() if i >= calendar.due else zero
        return MonthFlows(payment, at_once, recovered, nabetaling, collection)
