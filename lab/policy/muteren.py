"""Muteren: the agency raises the estimate itself for households that did not react to a letter.

Runs after :mod:`lab.policy.letters` and only for the households written to that month. Households
with a fluctuating income (flex work, self-employed) are left out unless ``muteren_fluctuating``
(config); a household may refuse or reverse the change
(:func:`lab.households.reporting.keeps_mutation`).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from lab.households.population import FLEX, SELF_EMPLOYED
from lab.households.reporting import keeps_mutation
from lab.policy.intervention import Intervention, MonthReports

#: Income types whose income fluctuates too much for the agency to change the estimate itself.
FLUCTUATING = (FLEX, SELF_EMPLOYED)


class Muteren(Intervention):
    """The agency's own change of the estimate after a letter without reaction."""

    fields = ("muteren", "muteren_fluctuating")

    def __init__(self, fluctuating_too: bool) -> None:
        self.fluctuating_too = bool(fluctuating_too)

    @classmethod
    def from_config(cls, config: Any) -> Muteren | None:
        """Muteren when ``config.muteren`` (it needs the letters to be on)."""
        return cls(config.muteren_fluctuating) if config.muteren else None

    def in_month(self, reports: MonthReports) -> None:
        """Change the estimate of the households written to that did not react themselves."""
        if reports.letter_draws is None:
            return
        mutate = reports.written & ~reports.reacted
        mutate &= mutable(reports.income_type, self.fluctuating_too)
        mutate &= keeps_mutation(reports.letter_draws[:, 1], reports.behaviour)
        reports.report |= mutate


def mutable(income_type: np.ndarray, fluctuating_too: bool) -> np.ndarray:
    """Households whose estimate the agency may change itself (bool, n).

    Not a fluctuating income (flex, self-employed) unless ``fluctuating_too``.
    """
    return (
        np.ones(income_type.shape, dtype=bool)
        if fluctuating_too
        else ~np.isin(income_type, FLUCTUATING)
    )
