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
            f"and 100; choose one from {floor * 100:g} up to 100"
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
def yearly_voorschot(award: float, percentage: float, applied: bool) -> float:
    """The yearly voorschot: percentage x award (euro per year) where applied, else 0.

    Awir art. 16(1): a voorschot up to the amount the award will probably be; the percentage is
    the household's choice (a fraction; NaN, no choice, counts as 0). The one rule of the terms
    (:func:`pay_one_term`) and of :attr:`lab.awir.year.AwirYear.target`.
    """
    if not applied:
        return 0.0
    return (0.0 if percentage != percentage else percentage) * award


@numba.njit(cache=True, nogil=True)
def yearly_targets(award, percentage, applied, target):  # pragma: no cover
    """:func:`yearly_voorschot` of every award (euro per year)."""
    for j in range(award.size):
        target[j] = yearly_voorschot(award[j], percentage[j], applied[j])


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
    0 written before; empty: none) are left as they are: nothing changes for them. An
    ``at_once`` of one column gets each household's sum over the toeslagen (from 0.0, in
    toeslag order, as :func:`lab.model.accounts.book_month` adds them up).
    """
    regular_term = term < REGULAR_TERMS
    n, n_toeslagen = award.shape
    skip = idle.size > 0
    summed = at_once.shape[1] != n_toeslagen
    for h in range(n):
        if skip and idle[h]:
            continue
        if summed:
            at_once[h, 0] = 0.0
        for t in range(n_toeslagen):
            target = yearly_voorschot(award[h, t], percentage[h, t], applied[h, t])
            extra = 0.0
            if target != last_target[h, t]:
                per_term[h, t], extra = recompute_term(paid[h, t], target, term)
                last_target[h, t] = target
            regular = per_term[h, t] if regular_term else 0.0
            pay = regular + extra
            payment[h, t] = pay
            if summed:
                at_once[h, 0] += extra
            else:
                at_once[h, t] = extra
            paid[h, t] += pay


def effective_term(report_month: np.ndarray | int) -> np.ndarray:
    """The first term a change reported in calendar month m (1..12) holds for: min(m + 1, 12).

    The agency needs the month of the report to process it (docs/awir_year.md); a change
    reported in November or December is settled at once in December (term 12).
    """
    return np.minimum(np.asarray(report_month) + 1, REGULAR_TERMS)
