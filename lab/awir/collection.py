"""Collecting a terugvordering: due 6 weeks after the decision, or in monthly terms.

The standard payment arrangement (betalingsregeling) spreads a debt over at most 24 monthly terms
of at least 20 euro, per toeslag (Awir art. 28 and the agency's policy rules); a personal
arrangement follows the household's ability to pay and may run longer; verrekenen deducts the debt
from a running toeslag's voorschot. :func:`collect` plans any of these for n households at once.
Amounts in euro; terms are euro per month.
"""

from __future__ import annotations

from dataclasses import dataclass

import numba
import numpy as np

from lab.awir.settlement import cents
from lab.errors import InputError


def instalment_terms(amount: np.ndarray, instalment: np.ndarray) -> np.ndarray:
    """Number of monthly terms (int) that pay ``amount`` (euro) at ``instalment`` (euro per month).

    The last term pays the remainder; no terms without an instalment or without an amount. A
    remainder of floating-point noise (a billionth of the ratio) is no extra term.
    """
    amount = np.asarray(amount, dtype=np.float64)
    instalment = np.asarray(instalment, dtype=np.float64)
    safe = np.where(instalment > 0, instalment, 1.0)
    terms = np.ceil(amount / safe * (1 - 1e-9))
    return np.where((instalment > 0) & (amount > 0), np.maximum(terms, 1), 0).astype(np.int64)


def standard_arrangement(
    amount: np.ndarray, max_terms: int, min_instalment: float
) -> tuple[np.ndarray, np.ndarray]:
    """Monthly instalment (euro per month) and number of terms of the standard arrangement.

    The instalment is the amount over ``max_terms`` months, but at least ``min_instalment`` (or
    the whole amount when that is smaller); the last term pays the remainder.
    """
    amount = np.asarray(amount, dtype=np.float64)
    # Round the instalment up to the cent, so that max_terms terms always cover the amount.
    instalment = np.ceil(np.maximum(amount / max_terms, min_instalment) * 100 - 1e-6) / 100
    instalment = np.minimum(instalment, amount)
    return instalment, instalment_terms(amount, instalment)


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


def personal_arrangement(
    amount: np.ndarray, ability_to_pay: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Instalment and terms of a personal arrangement at the household's ability to pay.

    ``ability_to_pay`` is euro per month; a household that can pay nothing gets no terms (the
    debt waits), signalled by zero terms while the amount is positive.
    """
    amount = np.asarray(amount, dtype=np.float64)
    instalment = np.minimum(whole_cents_down(ability_to_pay), amount)
    return instalment, instalment_terms(amount, instalment)


def schedule(amount: np.ndarray, instalment: np.ndarray, months: int) -> np.ndarray:
    """Payments per month (n, months) paying ``amount`` in terms of ``instalment``."""
    amount = np.asarray(amount, dtype=np.float64).reshape(-1)
    instalment = np.asarray(instalment, dtype=np.float64).reshape(-1)
    paid_before = np.minimum(instalment[:, None] * np.arange(months)[None, :], amount[:, None])
    paid_after = np.minimum(
        instalment[:, None] * np.arange(1, months + 1)[None, :], amount[:, None]
    )
    return np.round(paid_after - paid_before, 2)


def offset_against_voorschot(
    amount: np.ndarray, monthly_voorschot: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Verrekenen: the debt is deducted from a running toeslag's monthly voorschot.

    Each month the whole voorschot term (euro per month) goes to the debt until it is paid; the
    household receives that much less. Without a running voorschot there are no terms.
    """
    return personal_arrangement(amount, monthly_voorschot)


#: The ways a terugvordering can be collected (see :func:`collect`).
COLLECTION_MODES = ("lump", "arrangement", "personal", "offset")


@dataclass(frozen=True)
class CollectionPlan:
    """How a terugvordering is paid, per household.

    ``instalment`` (n,): euro per month (the whole amount for ``lump``); ``months`` (n,): the
    number of monthly payments (0 when nothing is owed, or when a personal arrangement finds no
    ability to pay: the debt then waits); ``schedule`` (n, horizon): euro paid in each month,
    month 0 being the month the debt falls due (6 weeks after the DT).
    """

    instalment: np.ndarray
    months: np.ndarray
    schedule: np.ndarray


def collect(
    amount: np.ndarray,
    mode: str,
    *,
    max_terms: int,
    min_instalment: float,
    ability_to_pay: np.ndarray | None = None,
    running_voorschot: np.ndarray | None = None,
    horizon: int | None = None,
) -> CollectionPlan:
    """Plan the collection of terugvorderingen (euro) in one of the four modes.

    Args:
        amount: (n,) the debt to collect, euro (already net of the doelmatigheidsgrens).
        mode: ``lump`` (paid at once when due), ``arrangement`` (the standard arrangement: at
            most ``max_terms`` terms of at least ``min_instalment``), ``personal`` (instalment
            = ``ability_to_pay``, any number of terms) or ``offset`` (verrekenen: deducted from
            ``running_voorschot``; households without a running voorschot get the standard
            arrangement).
        max_terms: most terms of the standard arrangement (24).
        min_instalment: least instalment of the standard arrangement (20 euro per month).
        ability_to_pay: (n,) euro per month, required for ``personal``.
        running_voorschot: (n,) the monthly voorschot term of a running toeslag, euro per month,
            required for ``offset``.
        horizon: months in the schedule (default: just long enough for every plan).

    Raises:
        InputError: an unknown mode, or a mode without the amounts it needs.
    """
    amount = np.asarray(amount, dtype=np.float64).reshape(-1)
    if mode not in COLLECTION_MODES:
        raise InputError(
            f"unknown collection mode {mode!r}; use one of {', '.join(COLLECTION_MODES)}"
        )
    instalment, months = standard_arrangement(amount, max_terms, min_instalment)
    if mode == "lump":
        instalment, months = amount.copy(), (amount > 0).astype(np.int64)
    elif mode == "personal":
        if ability_to_pay is None:
            raise InputError("a personal arrangement needs the ability to pay (euro per month)")
        instalment, months = personal_arrangement(amount, ability_to_pay)
    elif mode == "offset":
        if running_voorschot is None:
            raise InputError("offsetting needs the running monthly voorschot (euro per month)")
        running = np.broadcast_to(np.asarray(running_voorschot, dtype=np.float64), amount.shape)
        off_instalment, off_months = offset_against_voorschot(amount, running)
        instalment = np.where(running > 0, off_instalment, instalment)
        months = np.where(running > 0, off_months, months)
    horizon = int(months.max(initial=0)) if horizon is None else int(horizon)
    return CollectionPlan(
        instalment=instalment, months=months, schedule=schedule(amount, instalment, horizon)
    )
