"""Month-by-month history of every household (income, voorschot, balance, events).

Events are bit flags: the income events of :mod:`lab.households.income` and the Awir events below,
one definition each, so a month can hold several.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from lab.awir.calendar import month_label
from lab.households.income import EVENT_NAMES as INCOME_EVENT_NAMES

#: Awir events, on the bits after the income events.
EVENT_REPORTED, EVENT_NABETALING, EVENT_TERUGVORDERING_DUE = (
    max(INCOME_EVENT_NAMES) << shift for shift in (1, 2, 3)
)
#: Every event flag and its name.
EVENT_NAMES: dict[int, str] = {
    **INCOME_EVENT_NAMES,
    EVENT_REPORTED: "reported change",
    EVENT_NABETALING: "nabetaling",
    EVENT_TERUGVORDERING_DUE: "terugvordering due",
}


def event_flag(mask: np.ndarray, flag: int) -> np.ndarray:
    """``flag`` where ``mask`` holds, else 0 (uint16)."""
    return np.where(mask, flag, 0).astype(np.uint16)


class History:
    """Per household and month (arrays (n, months), float32 euro / uint16 flags)."""

    def __init__(self, n: int, months: int) -> None:
        self.income = np.zeros((n, months), dtype=np.float32)
        self.voorschot = np.zeros((n, months), dtype=np.float32)
        self.balance = np.zeros((n, months), dtype=np.float32)
        self.events = np.zeros((n, months), dtype=np.uint16)

    def record(
        self, k: int, income: np.ndarray | None, voorschot: np.ndarray, balance: np.ndarray
    ) -> None:
        """Book month ``k``'s income (None outside the income years), voorschot and balance."""
        if income is not None:
            self.income[:, k] = income
        self.voorschot[:, k] = voorschot
        self.balance[:, k] = balance

    def rows(self, index: int, months: int, first_year: int) -> list[dict[str, Any]]:
        """The history of household ``index`` over the first ``months`` months, one dict each."""
        rows = []
        for k in range(months):
            flags = int(self.events[index, k])
            rows.append(
                {
                    "month": month_label(k, first_year),
                    "income": float(self.income[index, k]),
                    "voorschot": float(self.voorschot[index, k]),
                    "balance": float(self.balance[index, k]),
                    "events": [name for bit, name in EVENT_NAMES.items() if flags & bit],
                }
            )
        return rows
