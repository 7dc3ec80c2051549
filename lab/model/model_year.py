"""A toeslag year of the model's population: the Awir year with what the model keeps beside it."""

from __future__ import annotations

from typing import Any

import numpy as np

from lab.awir.year import AwirYear
from lab.law.parameters import YearParams


class ModelYear(AwirYear):
    """An :class:`AwirYear` of the model's population, with what the model keeps beside it.

    ``index``: years since the first simulated year; ``params``: that year's parameters;
    ``estimate``: (n,) the estimate at the start, euro per year; ``reported``: (n,) households
    that reported a change; ``rent_known``: (n,) the agency knows the rent after the year's rent
    rise; ``arrangement``: (n, T) debts collected in terms (not at once). The model books a
    month's flows at once, so they are written into the same arrays each month, and what is paid
    at once only as each household's total.
    """

    reuse_flows = True
    household_at_once = True

    def __init__(self, index: int, params: YearParams, estimate: np.ndarray, **kwargs: Any) -> None:
        super().__init__(params.awir, **kwargs)
        self.index = index
        self.params = params
        self.estimate = estimate
        self.reported = np.zeros(estimate.shape[0], dtype=bool)
        #: (n,) the agency knows the rent after the year's rent rise (lab.households.rent).
        self.rent_known = np.zeros(estimate.shape[0], dtype=bool)
        self.arrangement = np.zeros(self.shape, dtype=bool)
