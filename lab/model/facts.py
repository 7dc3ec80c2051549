"""The facts of the simulated households in a toeslag year, and their four awards.

The population is drawn once, at the start of the first toeslag year; in year ``y`` the children
are ``y`` years older (from 18 they no longer count) and the rent has grown by
``housing.rent_growth`` a year, rising once more from the month of the yearly rise
(:mod:`lab.households.rent`). Children above the kinderopvangtoeslag's ``max_child_age`` get no
childcare.
"""

from __future__ import annotations

import numpy as np

from lab.households.population import Population
from lab.households.rent import rent_in_year
from lab.law.awards import award_table
from lab.law.parameters import YearParams
from lab.law.situation import Situation

#: Age from which a child no longer counts for the toeslagen (children under 18).
ADULT_AGE = 18


def situation(
    population: Population,
    params: YearParams,
    rent_growth: float,
    y: int,
    income: np.ndarray,
    partner: np.ndarray,
    idx: np.ndarray | None = None,
    after_rise: bool = False,
) -> Situation:
    """The facts of households (all, or ``idx``) in toeslag year ``y`` with the given income.

    Args:
        population: the households at the start of the first year.
        params: the parameters of toeslag year ``y``.
        rent_growth: yearly growth of the rent (fraction).
        y: years since the first simulated toeslag year.
        income: toetsingsinkomen, euro per year.
        partner: has a toeslagpartner.
        idx: the households (default: all).
        after_rise: the rent after the year's rent rise (default: before it, the January rent).
    """
    pop = population
    sel = slice(None) if idx is None else idx
    ages = pop.child_ages[sel].astype(np.int16)
    ages = np.where(ages >= 0, ages + y, -1)
    ages = np.where(ages >= ADULT_AGE, -1, ages)
    care = (ages >= 0) & (ages <= params.kinderopvangtoeslag.max_child_age)
    n_children = (ages >= 0).sum(axis=1)
    return Situation(
        income=np.asarray(income, dtype=np.float64),
        has_partner=np.asarray(partner, dtype=bool),
        assets=pop.assets[sel],
        rent=rent_in_year(pop.rent[sel], rent_growth, y, after_rise),
        service_costs=pop.service_costs[sel],
        n_persons=1 + np.asarray(partner, dtype=np.int64) + n_children,
        child_ages=ages,
        childcare_hours=np.where(care, pop.childcare_hours[sel], 0.0),
        childcare_type=np.where(care, pop.childcare_type[sel], 0).astype(np.int8),
        childcare_price=np.where(care, pop.childcare_price[sel], 0.0),
        parents_work=pop.parents_work[sel],
    )


def award_matrix(params: YearParams, facts: Situation) -> np.ndarray:
    """The four yearly awards (euro per year) as an (n, 4) array, in the order of TOESLAGEN."""
    return award_table(params, facts)
