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
from lab.valuefile import ValueFile


class Budget:
    """Balance (euro) and negative-balance months of ``n`` households."""

    def __init__(self, traits: Traits, behaviour: ValueFile, net_ratio: float) -> None:
        self.balance = traits.buffer.copy()
        self.negative_months = np.zeros(traits.buffer.shape[0], dtype=np.int32)
        self.net_ratio = float(net_ratio)
        self.has_buffer = traits.has_buffer
        self.spend_share = np.where(
            traits.has_buffer,
            behaviour.float("budget.spend_share_buffer"),
            behaviour.float("budget.spend_share_no_buffer"),
        )
        self.lump_share = behaviour.float("budget.lump_payment_share")
        self._below: np.ndarray | None = None

    def income_flow(self, income_month: np.ndarray, estimate: np.ndarray, flow: np.ndarray) -> None:
        """Add to ``flow`` (n,) the net income left after spending this month, euro.

        ``income_month`` euro per month, ``estimate`` euro per year.
        """
        _income_flow(
            income_month, estimate, self.has_buffer, self.spend_share, self.net_ratio, flow
        )

    def pays_at_once(self, due: np.ndarray, rows: np.ndarray | slice = slice(None)) -> np.ndarray:
        """(r, T) whether households ``rows`` pay a terugvordering ``due`` (r, T) at once.

        They do when ``budget.lump_payment_share`` of the balance covers that toeslag's debt.
        """
        return self.balance[rows, None] * self.lump_share >= due

    def close_month(self, flow: np.ndarray, weight: np.ndarray) -> float:
        """Book the month's flow (euro); returns the households below zero, weighted.

        The weights are summed as numpy sums ``weight[balance < 0]`` (pairwise, in order).
        """
        if self._below is None:
            self._below = np.empty(self.balance.shape)
        return _close_month(self.balance, flow, self.negative_months, weight, self._below)


@numba.njit(cache=True, nogil=True)
def _income_flow(income, estimate, has_buffer, spend_share, net_ratio, flow):  # pragma: no cover
    """Net income left after spending: all of a surprise with a buffer, none without one."""
    for h in range(income.size):
        planned = estimate[h] / 12.0 if has_buffer[h] else income[h]
        flow[h] += net_ratio * (income[h] - spend_share[h] * planned)


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
