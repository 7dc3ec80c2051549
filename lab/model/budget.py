"""The household's money: its bank balance month by month and the months it is below zero.

With a buffer, spending follows the planned (estimated) net income and income surprises go to the
balance; without one, spending follows the income actually received. The voorschot's regular terms
are spent as they come; what is paid or recovered at once, a nabetaling and the collection of a
terugvordering move the balance. Euro per month.
"""

from __future__ import annotations

import numba
import numpy as np

from lab.households.behaviour import Traits
from lab.model.accounts import pairwise_sum
from lab.rows import in_parts
from lab.valuefile import ValueFile


class Budget:
    """Balance (euro) and negative-balance months of ``n`` households."""

    def __init__(self, traits: Traits, behaviour: ValueFile, net_ratio: float) -> None:
        n = traits.buffer.shape[0]
        self.balance = traits.buffer.copy()
        self._negative_months = np.zeros(n, dtype=np.int32)
        # Quiet months (only a few households have a flow): whether each household is below
        # zero, the quiet months passed, and up to which of them its negative months are counted.
        self._negative = np.zeros(n, dtype=np.bool_)
        self._counted_to = np.zeros(n, dtype=np.int32)
        self._quiet_months = 0
        self._negative_total = 0.0
        self._negative_count = 0
        self._uniform_weight: float | None = None
        self.net_ratio = float(net_ratio)
        self.has_buffer = traits.has_buffer
        #: The share of the planned income spent, with and without a buffer.
        self.spend_shares = (
            behaviour.float("budget.spend_share_buffer"),
            behaviour.float("budget.spend_share_no_buffer"),
        )
        self.lump_share = behaviour.float("budget.lump_payment_share")
        self._below: np.ndarray | None = None

    def income_flow(self, income_month: np.ndarray, estimate: np.ndarray, flow: np.ndarray) -> None:
        """Start the month's ``flow`` (n,) with the net income left after spending, euro.

        ``income_month`` euro per month, ``estimate`` euro per year.
        """

        def part(r: slice) -> None:
            _income_flow(
                income_month[r],
                estimate[r],
                self.has_buffer[r],
                *self.spend_shares,
                self.net_ratio,
                flow[r],
            )

        in_parts(flow.shape[0], part)

    def pays_at_once(self, due: np.ndarray, rows: np.ndarray | slice = slice(None)) -> np.ndarray:
        """(r, T) whether households ``rows`` pay a terugvordering ``due`` (r, T) at once.

        They do when ``budget.lump_payment_share`` of the balance covers that toeslag's debt.
        """
        return self.balance[rows, None] * self.lump_share >= due

    @property
    def negative_months(self) -> np.ndarray:
        """(n,) months each household's balance was below zero (int)."""
        if self._quiet_months:
            _count_quiet(
                self._negative, self._counted_to, self._quiet_months, self._negative_months
            )
        return self._negative_months

    def release_scratch(self) -> None:
        """Let go of the month's working array once the run is over (made again when needed)."""
        self._below = None

    def _below_buffer(self) -> np.ndarray:
        if self._below is None:
            self._below = np.empty(self.balance.shape)
        return self._below

    def close_month(self, flow: np.ndarray, weight: np.ndarray) -> float:
        """Book the month's flow (euro); returns the households below zero, weighted.

        The weights are summed as numpy sums ``weight[balance < 0]`` (pairwise, in order).
        """
        if self._quiet_months:
            raise ValueError("a month of every household after the quiet months began")
        self._negative_total = _close_month(
            self.balance, flow, self._negative_months, weight, self._below_buffer()
        )
        return self._negative_total

    def close_quiet_month(self, flow: np.ndarray, weight: np.ndarray, rows: np.ndarray) -> float:
        """:meth:`close_month` of a month in which only households ``rows`` have a flow.

        Only they are visited; the others' balance stays as it is, and their months below zero
        are counted when asked for (:attr:`negative_months`). Same result as :meth:`close_month`.
        """
        if not self._quiet_months:
            np.less(self.balance, 0.0, out=self._negative)
            self._negative_count = int(np.count_nonzero(self._negative))
            if weight.size and np.all(weight == weight[0]):
                self._uniform_weight = float(weight[0])
        self._quiet_months += 1
        changed, count = _close_rows(
            self.balance,
            flow,
            rows,
            self._negative,
            self._counted_to,
            self._quiet_months,
            self._negative_months,
        )
        count += self._negative_count
        if self._uniform_weight is not None:
            # Equal weights: the sum depends only on how many are below zero.
            if count != self._negative_count:
                below = self._below_buffer()
                self._negative_total = _equal_weights(self._uniform_weight, count, below)
        elif changed:
            self._negative_total = _weighted_negative(self._negative, weight, self._below_buffer())
        self._negative_count = count
        return self._negative_total


@numba.njit(cache=True, nogil=True)
def _income_flow(
    income, estimate, has_buffer, share_buffer, share_no_buffer, net_ratio, flow
):  # pragma: no cover
    """Net income left after spending: all of a surprise with a buffer, none without one.

    A household with a buffer spends ``share_buffer`` of its estimate's month, one without
    ``share_no_buffer`` of its income (euro per month).
    """
    for h in range(income.size):
        if has_buffer[h]:
            planned, share = estimate[h] / 12.0, share_buffer
        else:
            planned, share = income[h], share_no_buffer
        flow[h] = 0.0 + net_ratio * (income[h] - share * planned)


@numba.njit(cache=True, nogil=True)
def _close_rows(
    balance, flow, rows, negative, counted_to, month, negative_months
):  # pragma: no cover
    """Quiet month ``month`` (1, 2, ...) for households ``rows``.

    Each first gets the quiet months since it was last counted in which it was below zero.
    Returns whether any crossed zero, and how many more are below zero than before.
    """
    changed = False
    more = 0
    for h in rows:
        below = negative[h]
        if below:
            negative_months[h] += month - 1 - counted_to[h]
        b = balance[h] + flow[h]
        balance[h] = b
        now = b < 0
        if now:
            negative_months[h] += 1
        counted_to[h] = month
        if now != below:
            negative[h] = now
            changed = True
            more += 1 if now else -1
    return changed, more


@numba.njit(cache=True, nogil=True)
def _count_quiet(negative, counted_to, month, negative_months):  # pragma: no cover
    """Count the quiet months up to ``month`` of every household below zero in them."""
    for h in range(negative.size):
        if negative[h]:
            negative_months[h] += month - counted_to[h]
        counted_to[h] = month


@numba.njit(cache=True, nogil=True)
def _equal_weights(weight, count, below):  # pragma: no cover
    """``count`` equal weights summed as numpy sums them (pairwise)."""
    below[:count] = weight
    return pairwise_sum(below, 0, count)


@numba.njit(cache=True, nogil=True)
def _weighted_negative(negative, weight, below):  # pragma: no cover
    """The weights of the households below zero, summed as numpy sums ``weight[negative]``."""
    k = 0
    for h in range(negative.size):
        if negative[h]:
            below[k] = weight[h]
            k += 1
    return pairwise_sum(below, 0, k)


@numba.njit(cache=True, nogil=True)
def _close_month(balance, flow, negative_months, weight, below):  # pragma: no cover
    """The balance after the month's flow; households below zero counted and weighted."""
    k = 0
    for h in range(balance.size):
        b = balance[h] + flow[h]
        balance[h] = b
        if b < 0:
            negative_months[h] += 1
            below[k] = weight[h]
            k += 1
    return pairwise_sum(below, 0, k)
