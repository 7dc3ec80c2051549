"""One toeslag year under the Awir, for n households at once (one household is n = 1).

:class:`AwirYear` holds the state of a voorschot year for ``n`` households and the four toeslagen
(arrays (n, T)) and moves it on month by month: start (the award on the estimate and the voorschot
percentage), report a change (a new award in force from the next term), pay a term (Awir art. 22),
settle on the definitive award (the DT, art. 19, 24, 26, 27), pay the nabetaling and collect the
terugvordering (art. 28). The model (every household of a population), the ``year`` command and
the household page (one household), and the lab's scenario sheet all run this one year.

Months are counted from the start of the year, month 0 being December of t-1; the
:class:`~lab.awir.calendar.Calendar` puts the DT, the nabetaling and the due date on them, and each
month gives back its :class:`~lab.awir.month_flows.MonthFlows`. Amounts in euro; terms euro per
month.

Every operation is one compiled pass (:mod:`lab.awir.voorschot`, :mod:`lab.awir.settlement`,
:mod:`lab.awir.collection`) over all households, or after the DT over the few with a flow.
"""

from __future__ import annotations

from typing import cast, overload

import numpy as np

from lab.awir.calendar import Calendar
from lab.awir.collection import collect_month, standard_instalment
from lab.awir.month_flows import MonthFlows
from lab.awir.settlement import (
    HAD_NABETALING,
    interest_share,
    settle_at_share,
    settle_households,
)
from lab.awir.voorschot import TERM_SLOTS, pay_one_term, yearly_targets
from lab.awir.year_arrays import year_arrays
from lab.law.sections import Awir
from lab.rows import in_parts


class AwirYear:
    """The voorschot, DT and collection of one toeslag year for ``n`` households (arrays (n, T)).

    Args:
        awir: the year's Awir parameters (calendar, threshold, interest, arrangement).
        award: (n, T) the yearly award on the estimate at the start, euro per year.
        percentage: (n, T) or (n,) voorschot percentage (fraction); ignored where not applied.
        applied: (n, T) whether the household applied; None = all.
        dt_month, dt_threshold, interest_enabled, arrangement_max_terms: policy levers; None keeps
            the year's parameter.
        hand_over: the caller hands ``award`` and ``percentage`` over (it does not use them
            again): the year keeps them, when they are (n, T) C-ordered float64 arrays it may
            write, instead of copies (the award changes in place when a change is reported).
    """

    #: Whether a month's (n, T) flows may be written into the same arrays every month (the
    #: model books them at once); the one-household path keeps every month's flows.
    reuse_flows = False
    #: Whether what is paid at once is kept per household (its sum over the toeslagen, (n, 1))
    #: instead of per toeslag: the model books only the household's total.
    household_at_once = False

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
        hand_over: bool = False,
    ) -> None:
        self.awir = awir
        self.calendar = Calendar.of(awir, dt_month)
        self.dt_threshold = dt_threshold
        self.interest_enabled = interest_enabled
        self.max_terms = int(arrangement_max_terms or awir.arrangement_max_terms)
        self.award, self.percentage, self.applied = year_arrays(
            award, percentage, applied, hand_over
        )
        #: (n,) households that applied for at least one toeslag, and those that did not.
        # (numpy's stubs type a reduction over an axis as possibly a scalar: here it is (n,).)
        self.applicant = cast(np.ndarray, self.applied.any(axis=1))
        self.idle = ~self.applicant
        award = self.award
        self.last_target = np.full(award.shape, np.nan)
        self.per_term = np.zeros(award.shape)
        self.paid = np.zeros(award.shape)
        self.definitive: np.ndarray | None = None
        self.debtors = np.zeros(0, dtype=np.int64)
        self._debtor_due: np.ndarray | None = None
        #: Per household after the DT: bits HAD_TERUGVORDERING, HAD_NABETALING, HAD_HIGH_RECOVERY.
        self.settled_flags: np.ndarray | None = None
        #: Per household after the DT: euro of terugvordering and of nabetaling (all toeslagen).
        self.settled_terugvordering: np.ndarray | None = None
        self.settled_nabetaling: np.ndarray | None = None
        self.household_instalment: np.ndarray | None = None
        # Collection, over the debtors only (rows of self.debtors): what is left, the instalment,
        # what was paid, and the debtors (positions) still owing.
        self._remaining: np.ndarray | None = None
        self._instalment: np.ndarray | None = None
        self._collected = np.zeros((0, award.shape[1]))
        self._owing = np.zeros(0, dtype=np.int64)
        self._flows: tuple[np.ndarray, np.ndarray] | None = None

    @property
    def shape(self) -> tuple[int, int]:
        """(households, toeslagen)."""
        return self.award.shape

    @property
    def target(self) -> np.ndarray:
        """(n, T) the yearly voorschot in force: percentage x award where applied (euro/yr).

        The rule the terms are paid on (Awir art. 16(1)),
        :func:`lab.awir.voorschot.yearly_voorschot`.
        """
        target = np.empty(self.shape)
        yearly_targets(
            self.award.ravel(), self.percentage.ravel(), self.applied.ravel(), target.ravel()
        )
        return target

    # ------------------------------------------------------------------ the voorschot
    def report_change(self, idx: np.ndarray, new_award: np.ndarray) -> None:
        """Households ``idx`` report a change: ``new_award`` (euro/yr) holds from the next term.

        The year is recomputed at that term (art. 16(1), 22; docs/awir_year.md).
        """
        self.award[idx] = new_award

    def pay_term(self, term: int) -> tuple[np.ndarray, np.ndarray]:
        """Pay voorschot term ``term`` (0..12), recomputing where the award in force changed.

        Returns:
            ``(payment, at_once)`` (n, T): the term paid (regular plus at once; negative when more
            is recovered at once than paid), and the part paid or recovered at once ((n, 1), the
            household's sum over the toeslagen, with :attr:`household_at_once`).

        Raises:
            ValueError: a term outside the year (0..12).
        """
        if not 0 <= term < TERM_SLOTS:
            raise ValueError(f"term must be 0..12, got {term}")
        flows = self._flows
        fresh = flows is None or not self.reuse_flows
        if flows is None or fresh:
            at_once_shape = (self.shape[0], 1) if self.household_at_once else self.shape
            flows = self._flows = (np.empty(self.shape), np.empty(at_once_shape))
        payment, at_once = flows
        # Households without a toeslag: from term 1 on nothing changes (their 0 terms are in the
        # arrays already), so they are not visited.
        idle = self.idle if not fresh and term > 0 else np.zeros(0, dtype=np.bool_)

        def part(r: slice) -> None:
            pay_one_term(
                term,
                self.award[r],
                self.percentage[r],
                self.applied[r],
                self.paid[r],
                self.per_term[r],
                self.last_target[r],
                payment[r],
                at_once[r],
                idle[r] if idle.size else idle,
            )

        in_parts(self.shape[0], part)
        return payment, at_once

    # ------------------------------------------------------------------ the DT
    def settle_args(self) -> tuple[float, float, float]:
        """The doelmatigheidsgrens, the hoge-terugvordering threshold and the interest share."""
        awir = self.awir
        threshold = awir.dt_threshold if self.dt_threshold is None else self.dt_threshold
        enabled = awir.interest_enabled if self.interest_enabled is None else self.interest_enabled
        share = interest_share(
            awir.interest_rate, enabled, awir.interest_start_month, self.calendar.dt_month
        )
        return float(threshold), float(awir.high_recovery_threshold), share

    def settle(self, definitive: np.ndarray) -> None:
        """The DT on the definitive award (n, T, euro/yr), art. 19, 24, 26, 27.

        Terugvordering or nabetaling, the doelmatigheidsgrens and interest
        (:func:`lab.awir.settlement.settle_one`, per award); :attr:`settlement` gives them all.
        """
        # No term is paid or recomputed any more: the terms' state goes before the DT's arrays.
        self.last_target = np.zeros((0, self.shape[1]))
        self.per_term = np.zeros((0, self.shape[1]))
        self.definitive = np.array(definitive, dtype=np.float64, order="C").reshape(self.shape)
        rows = np.empty(self.shape[0], dtype=np.int64)
        terug, nabet, flags, d = settle_households(
            self.applied, self.paid, self.definitive, *self.settle_args(), rows
        )
        self.settled_terugvordering, self.settled_nabetaling, self.settled_flags = (
            terug,
            nabet,
            flags,
        )
        self.debtors = rows[:d].copy()
        self._debtor_due = None
        self.release_flows()  # the terms are paid

    def release_flows(self) -> None:
        """Let go of the arrays a month's term flows are written into (they are booked)."""
        self._flows = None

    def settlement_of(self, rows: np.ndarray | slice, t: int | slice) -> dict[str, np.ndarray]:
        """The DT of households ``rows`` and toeslag(en) ``t`` (euro).

        The arrays of :func:`lab.awir.settlement.settle_at_share` (``high_recovery`` 1.0 or 0.0).
        """
        if self.definitive is None:
            return {}
        applied = self.applied[rows, t]
        threshold, high, share = self.settle_args()
        return settle_at_share(
            np.where(applied, self.paid[rows, t], 0.0),
            np.where(applied, self.definitive[rows, t], 0.0),
            threshold,
            high,
            share,
        )

    @property
    def settlement(self) -> dict[str, np.ndarray]:
        """(n, T) the DT of every award (after :meth:`settle`; empty before)."""
        return self.settlement_of(slice(None), slice(None))

    @property
    def nabetaling(self) -> np.ndarray:
        """(n, T) the nabetaling with its interest, euro (after :meth:`settle`)."""
        s = self.settlement
        return s["nabetaling"] + s["interest_nabetaling"]

    @property
    def debtor_due(self) -> np.ndarray:
        """(len(debtors), T) what :attr:`debtors` owe with interest, euro (after the DT)."""
        if self._debtor_due is None or self._debtor_due.shape[0] != self.debtors.size:
            self._debtor_due = self.due_of(self.debtors)
        return self._debtor_due

    def due_of(self, rows: np.ndarray | slice) -> np.ndarray:
        """(len(rows), T) the terugvordering to collect with its interest, euro."""
        s = self.settlement_of(rows, slice(None))
        return s["collected"] + s["interest_terugvordering"]

    @property
    def due(self) -> np.ndarray:
        """(n, T) the terugvordering to collect with its interest, euro (after :meth:`settle`)."""
        return self.due_of(slice(None))

    # ------------------------------------------------------------------ collection
    def standard_instalment(self, due: np.ndarray | None = None) -> np.ndarray:
        """The standard arrangement's instalment of ``due`` (default :attr:`due`), euro/month."""
        return standard_instalment(
            self.due if due is None else due, self.max_terms, self.awir.arrangement_min_instalment
        )

    def start_collection(
        self,
        instalment: np.ndarray | None = None,
        household_instalment: np.ndarray | None = None,
        *,
        debtor_instalment: np.ndarray | None = None,
    ) -> None:
        """Set how the terugvordering is paid from the due date on.

        Args:
            instalment: (n, T) euro per month per toeslag (the whole amount: paid at once);
                None = the standard arrangement.
            household_instalment: (n,) a personal arrangement: euro per month the household can
                pay for all its toeslag debts together, paid on them in the order of TOESLAGEN;
                None = per toeslag.
            debtor_instalment: (len(debtors), T) the instalments of the households in
                :attr:`debtors` only (instead of ``instalment``).
        """
        # Only households with a debt are visited each month (a few percent of them).
        debtors = self.debtors
        due = self.debtor_due
        if debtor_instalment is not None:
            plan = np.asarray(debtor_instalment, dtype=np.float64).reshape(due.shape)
        elif instalment is not None:
            plan = np.asarray(instalment, dtype=np.float64).reshape(self.shape)[debtors]
        else:
            plan = self.standard_instalment(due)
        self._remaining = due.copy()  # paid off month by month
        self._instalment = np.ascontiguousarray(plan)
        self._collected = np.zeros(due.shape)
        self._owing = np.flatnonzero((due > 0).any(axis=1))
        self.household_instalment = (
            None
            if household_instalment is None
            else np.asarray(household_instalment, dtype=np.float64).reshape(-1)
        )

    @overload
    def _dense_debts(self, part: np.ndarray) -> np.ndarray: ...
    @overload
    def _dense_debts(self, part: None) -> None: ...
    @overload
    def _dense_debts(self, part: np.ndarray | None) -> np.ndarray | None: ...
    def _dense_debts(self, part: np.ndarray | None) -> np.ndarray | None:
        if part is None:
            return None
        out = np.zeros(self.shape)
        out[self.debtors] = part
        return out

    @property
    def remaining(self) -> np.ndarray | None:
        """(n, T) what is still owed on the terugvordering, euro (None before the DT)."""
        return self._dense_debts(self._remaining)

    @property
    def instalment(self) -> np.ndarray | None:
        """(n, T) the instalment of each debt, euro per month (None before the DT)."""
        return self._dense_debts(self._instalment)

    @property
    def collected_paid(self) -> np.ndarray:
        """(n, T) paid on the terugvordering so far, euro."""
        return self._dense_debts(self._collected)

    def collect_month(self) -> tuple[np.ndarray, np.ndarray]:
        """One month of collection: the households that paid and (rows, T) what they paid (euro)."""
        n_toeslagen = self.shape[1]
        remaining, instalment = self._remaining, self._instalment
        if remaining is None or instalment is None or self._owing.size == 0:
            return np.zeros(0, dtype=np.int64), np.zeros((0, n_toeslagen))
        owing = self._owing
        rows = self.debtors[owing]
        pay = np.empty((owing.size, n_toeslagen))
        personal = (
            np.zeros(0)
            if self.household_instalment is None
            else self.household_instalment[self.debtors]
        )
        still = collect_month(owing, remaining, instalment, personal, self._collected, pay)
        self._owing = owing[:still]
        return rows, pay

    # ------------------------------------------------------------------ the calendar
    def month(
        self,
        i: int,
        *,
        definitive: np.ndarray | None = None,
        instalment: np.ndarray | None = None,
        household_instalment: np.ndarray | None = None,
        debtor_instalment: np.ndarray | None = None,
    ) -> MonthFlows:
        """Month ``i`` of the year (0 = December of t-1), as the calendar says.

        Terms 0..12 are paid in months 0..12; at month 12 the year is settled on ``definitive``
        (required then); at the DT month the collection plan starts (``instalment`` per toeslag,
        ``debtor_instalment`` for the :attr:`debtors` only, or a personal
        ``household_instalment``; default the standard arrangement); the nabetaling is paid
        ``nabetaling_delay`` months after the DT and the terugvordering is collected from
        ``due_delay`` months after it.
        """
        n, n_toeslagen = self.shape
        if i < TERM_SLOTS:
            payment, at_once = self.pay_term(i)
            if i == TERM_SLOTS - 1:
                if definitive is None:
                    raise ValueError("month 12 settles the year: give the definitive award")
                self.settle(definitive)
            return MonthFlows(n, n_toeslagen, None, payment, at_once)
        calendar = self.calendar
        if i == calendar.dt:
            self.start_collection(
                instalment, household_instalment, debtor_instalment=debtor_instalment
            )
        parts: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        if i == calendar.nabetaling and self.settled_flags is not None:
            rows = np.flatnonzero(self.settled_flags & HAD_NABETALING)
            s = self.settlement_of(rows, slice(None))
            parts["nabetaling_rows"] = (rows, s["nabetaling"] + s["interest_nabetaling"])
        if i >= calendar.due:
            rows, pay = self.collect_month()
            if rows.size:
                parts["collection_rows"] = (rows, pay)
        if not parts:
            return MonthFlows(n, n_toeslagen, np.zeros(0, dtype=np.int64))
        if len(parts) == 1:
            ((key, (rows, values)),) = parts.items()
            return MonthFlows(n, n_toeslagen, rows, **{key: values})
        rows = np.union1d(*(r for r, _ in parts.values()))
        spread = {}
        for key, (r, values) in parts.items():
            full = np.zeros((rows.size, n_toeslagen))
            full[np.searchsorted(rows, r)] = values
            spread[key] = full
        return MonthFlows(n, n_toeslagen, rows, **spread)
