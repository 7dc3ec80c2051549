"""Attenderingen: the agency writes to households whose income has risen well above the estimate.

In ``letter_month`` (config) the agency writes to every household receiving a toeslag that has not
reported this month and whose projected yearly income is more than ``reporting.letter_margin``
above its estimate. A household that reacts (:func:`lab.households.reporting.reacts_to_letter`)
reports its change; its voorschot is recomputed from the next term. With muteren the letter
announces the agency's own change (for the households muteren may change), and fewer react
themselves.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from lab.households.reporting import reacts_to_letter
from lab.households.streams import stream
from lab.policy.intervention import Intervention, MonthReports
from lab.policy.muteren import mutable


class Letters(Intervention):
    """Letters (attenderingen) in calendar month ``month`` (1..11) of every toeslag year."""

    fields = ("letters", "letter_month", "muteren", "muteren_fluctuating")

    def __init__(self, month: int, muteren: bool = False, fluctuating_too: bool = False) -> None:
        self.month = int(month)
        self.muteren = bool(muteren)
        self.fluctuating_too = bool(fluctuating_too)

    @classmethod
    def from_config(cls, config: Any) -> Letters | None:
        """Letters when ``config.letters``, in ``config.letter_month``; with muteren they say so."""
        if not config.letters:
            return None
        return cls(config.letter_month, config.muteren, config.muteren_fluctuating)

    def in_month(self, reports: MonthReports) -> None:
        """Write to the households with a large unreported rise; those who react report."""
        if reports.month != self.month:
            return
        b = reports.behaviour
        reports.written = written_to(reports)
        draws = stream(reports.seed, f"letters/{reports.year}").random((reports.report.size, 2))
        reports.letter_draws = draws
        announces = self.muteren & mutable(reports.income_type, self.fluctuating_too)
        reports.reacted = reports.written & reacts_to_letter(
            reports.traits.attention, draws[:, 0], b, announces
        )
        reports.report |= reports.reacted


def written_to(reports: MonthReports) -> np.ndarray:
    """Who the agency writes to (bool, n).

    A toeslag, no report this month, and a projected yearly income more than
    ``reporting.letter_margin`` above the estimate.
    """
    margin = 1.0 + reports.behaviour.float("reporting.letter_margin")
    return reports.applied & ~reports.report & (reports.projection > reports.estimate * margin)
