"""The household's money: its bank balance month by month and the months it is below zero.

With a buffer, spending follows the planned (estimated) net income and income surprises go to the
balance; without one, spending follows the income actually received. The voorschot's regular terms
are spent as they come; what is paid or recovered at once, a nabetaling and the collection of a
terugvordering move the balance. Euro per month.
"""

from __future__ import annotations

import numpy as np

from lab.households.behaviour import Traits
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

    def income_flow(self, income_month: np.ndarray, estimate: np.ndarray) -> np.ndarray:
        """(n,) net income left after spending this month, euro (``estimate`` euro per year)."""
        planned = np.where(self.has_buffer, estimate / 12.0, income_month)
        return self.net_ratio * (income_month - self.spend_share * planned)

    def pays_at_once(self, due: np.ndarray) -> np.ndarray:
        """(n, T) whether the household pays a terugvordering at once rather than in terms.

        It does when ``budget.lump_payment_share`` of its balance covers that toeslag's debt.
        """
        return self.balance[:, None] * self.lump_share >= due

    def close_month(self, flow: np.ndarray) -> np.ndarray:
        """Book the month's flow (euro); returns the households below zero."""
        self.balance = self.balance + flow
        negative = self.balance < 0
        self.negative_months += negative
        return negative
