"""The calendar of a toeslag year: the months of the terms, the DT, the nabetaling and collection.

Months are counted from the start of the year (docs/architecture.md): month 0 is December of t-1
(term 0), months 1..11 January..November (terms 1..11), month 12 December of t (term 12: no regular
term, only a change settled at once), month ``12 + m`` is calendar month m of t+1. The
:class:`Calendar` puts the DT, the nabetaling (within 4 weeks) and the due date (6 weeks, Awir
art. 28) on these months from the year's Awir parameters.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from lab.awir.voorschot import TERM_SLOTS
from lab.law.sections import Awir

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
        """Months from month 0 up to the last of ``collection_terms`` collection payments.

        Counted from a DT as late as the law allows (December of t+1, Awir art. 19(1)), so a
        run's horizon does not move with ``dt_month``.
        """
        latest_due = TERM_SLOTS - 1 + 12 + self.due_delay
        return max(latest_due + collection_terms, self.nabetaling + 1)
