"""The month's bookkeeping: the arrays each month writes per household, and the quiet months.

The model books a month's flows into the same arrays every month (no new arrays per month):
``flow`` the household's money this month (euro), and only when the history is kept the
voorschot received (euro) and the event flags of the month (:mod:`lab.model.history`). After
every year's terms and income a month is *quiet* when no history is kept: then only the few
households with a nabetaling or a debt have a flow, and only their rows are visited and set back.
"""

from __future__ import annotations

from typing import cast

import numpy as np

from lab.model.budget import Budget


def is_quiet(k: int, n_years: int, keep_history: bool) -> bool:
    """Whether month ``k`` is quiet: after the terms and income of all ``n_years`` years."""
    return not keep_history and k > 12 * n_years


class MonthArrays:
    """The per-household arrays of a month, reused every month (``n`` households)."""

    def __init__(self, n: int, keep_history: bool) -> None:
        self.n = n
        self.flow = np.zeros(n)
        self.voorschot = np.zeros(n if keep_history else 0)
        self.events = np.zeros(n if keep_history else 0, dtype=np.uint16)
        #: The rows that are idle in every month (none): passed when the history is kept.
        self.idle_none = np.zeros(0, dtype=np.bool_)
        #: The households with a flow in the last quiet month (None before the first).
        self.quiet_rows: np.ndarray | None = None

    def reset(self, quiet: bool, income: bool) -> None:
        """Set the arrays back for a new month.

        In a quiet month the households with a flow last month were set back after it; in a
        month with income the flow starts from it (:meth:`Budget.income_flow`).
        """
        if self.flow.shape[0] != self.n:  # released at the end of the run
            self.flow, self.quiet_rows = np.zeros(self.n), None
        if quiet:
            return
        if not income:
            self.flow.fill(0.0)
        self.voorschot.fill(0.0)
        self.events.fill(0)

    def release(self, budget: Budget) -> None:
        """Let go of the flow array and the budget's once the run is over (made again if needed)."""
        self.flow, self.quiet_rows = np.zeros(0), None
        budget.release_scratch()

    def start_quiet(self) -> None:
        """Before the flows of a quiet month: the first one starts from zero flows."""
        if self.quiet_rows is None:
            self.flow.fill(0.0)

    def close_quiet(
        self, touched: list[np.ndarray | None], budget: Budget, weight: np.ndarray
    ) -> float:
        """After a quiet month's flows (the rows each year ``touched``): close the month.

        Returns the weighted number of households with a negative balance
        (:meth:`Budget.close_quiet_month`) and sets the touched rows' flows back to 0. In a
        quiet month every year names the households with a flow (never None: any household).
        """
        named = cast(list[np.ndarray], touched)
        rows = named[0] if len(named) == 1 else np.unique(np.concatenate(named))
        negative = float(budget.close_quiet_month(self.flow, weight, rows))
        self.flow[rows] = 0.0
        self.quiet_rows = rows
        return negative
