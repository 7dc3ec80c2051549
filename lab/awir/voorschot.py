"""The voorschot year: twelve monthly terms, recomputed when the estimate changes.

Terms are indexed as in docs/architecture.md: ``k = 0`` is December of the year before the toeslag
year, ``k = 1..11`` are January..November (the 12 regular terms, Awir art. 22(1)), and ``k = 12`` is
December of the toeslag year, when no regular term is left and a change can only be settled at once.

When the award in force changes at term ``k`` (a reported change takes effect from the term after
the month of the report), the whole year is recomputed (art. 16(1): the voorschot is the amount the
award will probably be): the new yearly voorschot minus what was paid so far is spread over the
regular terms left (``k..11``); if it is negative, the overpayment so far is offset against the
remaining months (they become 0) and the rest is recovered at once; an in-year voorschot recovery
is always collected, however small (art. 26). At term 12 a difference is paid or recovered at once.
Amounts are euro; yearly amounts euro per year, terms euro per month.
"""

from __future__ import annotations

from dataclasses import dataclass

import numba
import numpy as np

from lab.errors import InputError

#: Regular terms in a voorschot year (December t-1 .. November t).
REGULAR_TERMS = 12
#: Number of term slots, including December of the toeslag year (settlement at once only).
TERM_SLOTS = 13


def check_percentage(percentage: np.ndarray | float, floor: float) -> np.ndarray:
    """Validate voorschot percentages (fractions) against the floor and 100%."""
    pct = np.asarray(percentage, dtype=np.float64)
    bad = ~((pct >= floor - 1e-12) & (pct <= 1.0 + 1e-12))
    if np.any(bad):
        first = float(pct[bad].flat[0])
        raise InputError(
            f"voorschot percentage {first * 100:g} is not a percentage between {floor * 100:g} "
            "and 100; choose one from the floor up to 100"
        )
    return pct


@numba.njit(cache=True, nogil=True)
def recompute_term(paid_so_far: float, yearly_voorschot: float, term: int) -> tuple[float, float]:
    """Recompute one year at term ``term`` (0..12): the rule of art. 16(1) and 22.

    Args:
        paid_so_far: voorschot paid before this term, net of in-year recoveries (euro).
        yearly_voorschot: the new yearly voorschot (percentage x award in force, euro per year).
        term: the term from which the new amount holds.

    Returns:
        ``(per_term, at_once)``: the amount of each remaining regular term (euro per month) and an
        amount paid (positive) or recovered (negative) at once in this term (euro).
    """
    remaining = yearly_voorschot - paid_so_far
    terms_left = REGULAR_TERMS - term
    if terms_left <= 0:
        return 0.0, remaining
    if remaining >= 0:
        return remaining / terms_left, 0.0
    return 0.0, remaining


@numba.njit(cache=True, nogil=True)
def _recompute_all(paid_so_far, yearly_voorschot, term, per_term, at_once):  # pragma: no cover
    for j in range(paid_so_far.size):
        per_term[j], at_once[j] = recompute_term(paid_so_far[j], yearly_voorschot[j], term)


def recompute_terms(
    paid_so_far: np.ndarray, yearly_voorschot: np.ndarray, term: int
) -> tuple[np.ndarray, np.ndarray]:
    """:func:`recompute_term` for arrays of households (same shapes; euro, euro per year)."""
    if not 0 <= term < TERM_SLOTS:
        raise ValueError(f"term must be 0..12, got {term}")
    paid = np.ascontiguousarray(paid_so_far, dtype=np.float64)
    yearly = np.ascontiguousarray(np.broadcast_to(yearly_voorschot, paid.shape), dtype=np.float64)
    per_term, at_once = np.empty_like(paid), np.empty_like(paid)
    _recompute_all(paid.ravel(), yearly.ravel(), term, per_term.ravel(), at_once.ravel())
    return per_term, at_once


@numba.njit(cache=True, nogil=True)
def yearly_voorschot(award: float, percentage: float, applied: bool) -> float:
    """The yearly voorschot: percentage x award (euro per year) where applied, else 0."""
    if not applied:
        return 0.0
    return (0.0 if percentage != percentage else percentage) * award


@numba.njit(cache=True, nogil=True)
def pay_one_term(
    term, award, percentage, applied, paid, per_term, last_target, payment, at_once, idle
):  # pragma: no cover
    """Pay term ``term`` (0..12) for every household (row) and toeslag (the compiled pass).

    The yearly voorschot in force is :func:`yearly_voorschot` of ``award`` (euro per year),
    ``percentage`` and ``applied``. Where it differs from ``last_target`` (the one the terms were
    last computed on; NaN: never) the year is recomputed (:func:`recompute_term`); the regular
    term in force (none at term 12) plus what is settled at once is paid. ``payment`` and
    ``at_once`` are written; ``per_term``, ``last_target`` and ``paid`` (net of in-year
    recoveries) are updated. Rows marked ``idle`` (no toeslag applied for, terms computed and
    0 written before; empty: none) are left as they are: nothing changes for them.
    """
    regular_term = term < REGULAR_TERMS
    n, n_toeslagen = award.shape
    skip = idle.size > 0
    for h in range(n):
        if skip and idle[h]:
            continue
        for t in range(n_toeslagen):
            target = yearly_voorschot(award[h, t], percentage[h, t], applied[h, t])
            extra = 0.0
            if target != last_target[h, t]:
                per_term[h, t], extra = recompute_term(paid[h, t], target, term)
                last_target[h, t] = target
            regular = per_term[h, t] if regular_term else 0.0
            pay = regular + extra
            payment[h, t] = pay
            at_once[h, t] = extra
            paid[h, t] += pay


def pay_term(
    term: int,
    target: np.ndarray,
    paid: np.ndarray,
    per_term: np.ndarray,
    last_target: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Pay term ``term`` (0..12) of the year: recompute where the yearly voorschot changed.

    Args:
        term: the term paid.
        target: the yearly voorschot in force (percentage x award, euro per year).
        paid: voorschot paid before this term, net of in-year recoveries (euro); the payment is
            added to it.
        per_term: the regular term in force (euro per month); updated where recomputed.
        last_target: the yearly voorschot the terms were last computed on (NaN: never); updated.

    Returns:
        ``(payment, at_once)``: the term paid (regular plus at once; negative when more is
        recovered at once than paid) and the part paid (+) or recovered (-) at once.
    """
    for state in (paid, per_term, last_target):
        if not state.flags.c_contiguous:
            raise ValueError(
                "paid, per_term and last_target are updated in place: pass contiguous arrays"
            )
    payment, at_once = np.empty_like(paid), np.empty_like(paid)
    target = np.ascontiguousarray(target, dtype=np.float64).reshape(-1, 1)
    column = lambda a: a.reshape(-1, 1)  # noqa: E731
    pay_one_term(
        term,
        target,
        np.ones(target.shape),
        np.ones(target.shape, dtype=np.bool_),
        column(paid),
        column(per_term),
        column(last_target),
        column(payment),
        column(at_once),
        np.zeros(0, dtype=np.bool_),
    )
    return payment, at_once


@dataclass(frozen=True)
class VoorschotYear:
    """The voorschot payments of one toeslag year per household.

    ``payments`` (n, 13): euro paid in each term (negative where a recovery at once exceeds the
    term); ``recovered_in_year`` (n, 13): euro recovered at once in each term; ``paid_total`` (n,):
    all voorschot money of the year net of in-year recoveries (euro).
    """

    payments: np.ndarray
    recovered_in_year: np.ndarray
    paid_total: np.ndarray

    @property
    def recovered_total(self) -> np.ndarray:
        """(n,) euro recovered at once during the year (always collected, however small)."""
        return self.recovered_in_year.sum(axis=1)

    @property
    def gross_paid(self) -> np.ndarray:
        """(n,) euro paid out during the year before in-year recoveries."""
        return self.paid_total + self.recovered_total


def voorschot_year(award_in_force: np.ndarray, percentage: np.ndarray | float) -> VoorschotYear:
    """Pay a whole voorschot year.

    Args:
        award_in_force: (n, 13) the yearly award (euro per year) on the estimate known at each term.
        percentage: (n,) or scalar voorschot percentage (fraction; already validated).
    """
    award = np.atleast_2d(np.asarray(award_in_force, dtype=np.float64))
    if award.shape[1] != TERM_SLOTS:
        raise ValueError(f"award_in_force needs {TERM_SLOTS} term columns, got {award.shape[1]}")
    target = award * np.asarray(percentage, dtype=np.float64).reshape(-1, 1)
    n = award.shape[0]
    payments = np.zeros((n, TERM_SLOTS))
    paid = np.zeros(n)
    per_term = np.zeros(n)
    last_target = np.full(n, np.nan)
    for term in range(TERM_SLOTS):
        payments[:, term], _ = pay_term(term, target[:, term], paid, per_term, last_target)
    recovered = np.maximum(-payments, 0.0)
    return VoorschotYear(payments=payments, recovered_in_year=recovered, paid_total=paid)


def effective_term(report_month: np.ndarray | int) -> np.ndarray:
    """The first term a change reported in calendar month m (1..12) holds for: min(m + 1, 12).

    The agency needs the month of the report to process it (docs/awir_year.md); a change
    reported in November or December is settled at once in December (term 12).
    """
    return np.minimum(np.asarray(report_month) + 1, REGULAR_TERMS)


def award_in_force_with_change(
    award_on_estimate: np.ndarray, award_after_change: np.ndarray, report_month: np.ndarray | int
) -> np.ndarray:
    """The (n, 13) award in force when a change is reported in calendar month ``report_month``.

    A change reported in month m (1..12) holds from term min(m + 1, 12); 0 means no report.
    """
    before = np.asarray(award_on_estimate, dtype=np.float64).reshape(-1, 1)
    after = np.asarray(award_after_change, dtype=np.float64).reshape(-1, 1)
    month = np.asarray(report_month).reshape(-1, 1)
    terms = np.arange(TERM_SLOTS)[None, :]
    effective = np.where(month > 0, effective_term(month), TERM_SLOTS + 1)
    return np.where(terms >= effective, after, before)
