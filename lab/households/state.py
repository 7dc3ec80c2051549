"""The simulated households of a run: who they are, their traits and their lives, in one place.

One owner for the population of a run (:class:`Households`): the households at the start of the
first toeslag year (:mod:`lab.households.population`), their traits with the fear of the agency
as it stands (:mod:`lab.households.behaviour`; changed after every settlement), the income paths
of the simulated years (:mod:`lab.households.income`), the adult children at home
(:mod:`lab.households.coresidents`) and the yearly rent rises (:mod:`lab.households.rent`).
Every array is over households (column-wise state).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lab.households.behaviour import Traits
from lab.households.coresidents import Coresidents
from lab.households.income import IncomePaths
from lab.households.population import Population


@dataclass
class Households:
    """The households of one run.

    ``traits.fear`` is the fear now (0..1); ``fear_start`` the fear at the start of the first
    toeslag year (whether a running toeslag is continued depends on its rise). ``rent_rises``:
    the rent rise of each simulated year (fraction).
    """

    population: Population
    traits: Traits
    income: IncomePaths
    coresidents: Coresidents
    rent_rises: tuple[float, ...]
    fear_start: np.ndarray

    @property
    def n(self) -> int:
        """Number of households."""
        return self.population.n

    def partner_now(self, k: int) -> np.ndarray:
        """Whether each household has a toeslagpartner in month ``k`` (0: the start)."""
        return self.income.partner[:, k - 1] if k >= 1 else self.population.has_partner
