"""Attenderingen: the agency writes to households whose income has risen well above the estimate.

In ``letter_month`` (config) the agency writes to every household receiving a toeslag that has not
reported this month and whose projected yearly income is more than ``reporting.letter_margin``
above its estimate. A household that reacts (:func:`lab.households.behaviour.reacts_to_letter`)
reports its change; its voorschot is recomputed from the next term.
"""

from __future__ import annotations

from typing import Any

from lab.households.behaviour import reacts_to_letter
from lab.households.streams import stream
from lab.policy.intervention import Intervention, MonthReports


class Letters(Intervention):
    """Letters (attenderingen) in calendar month ``month`` (1..11) of every toeslag year."""

    fields = ("letters", "letter_month")

    def __init__(self, month: int) -> None:
        self.month = int(month)

    @classmethod
    def from_config(cls, config: Any) -> Letters | None:
        """Letters when ``config.letters``, in ``config.letter_month``."""
        return cls(config.letter_month) if config.letters else None

    def in_month(self, reports: MonthReports) -> None:
        """Write to the households with a large unreported rise; those who react report."""
        if reports.month != self.month:
            return
        b = reports.behaviour
        margin = 1.0 + b.float("reporting.letter_margin")
        reports.written = (
            reports.applied & ~reports.report & (reports.projection > reports.estimate * margin)
        )
        draws = stream(reports.seed, f"letters/{reports.year}").random((reports.report.size, 2))
        reports.letter_draws = draws
        reports.reacted = reports.written & reacts_to_letter(
            reports.traits.attention, draws[:, 0], b
        )
        reports.report |= reports.reacted
