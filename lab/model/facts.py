"""The facts of the simulated households in a toeslag year, and their four awards.

The population is drawn once, at the start of the first toeslag year; in year ``y`` the children
are ``y`` years older (from 18 they no longer count) and the rent has grown by
``housing.rent_growth`` a year, rising once more from the month of the yearly rise
(:mod:`lab.households.rent`). Children above the kinderopvangtoeslag's ``max_child_age`` get no
childcare.
"""

from __future__ import annotations

import numba
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
    rows = np.arange(pop.n) if idx is None else np.asarray(idx, dtype=np.int64)
    partner = np.asarray(partner, dtype=bool)
    shape = (rows.shape[0], pop.child_ages.shape[1])
    ages = np.empty(shape, dtype=np.int64)
    hours = np.empty(shape)
    care_type = np.empty(shape, dtype=np.int8)
    price = np.empty(shape)
    n_persons = np.empty(rows.shape[0], dtype=np.int64)
    _children_in_year(
        pop.child_ages,
        pop.childcare_hours,
        pop.childcare_type,
        pop.childcare_price,
        rows,
        partner,
        y,
        params.kinderopvangtoeslag.max_child_age,
        ages,
        hours,
        care_type,
        price,
        n_persons,
    )
    return Situation(
        income=np.asarray(income, dtype=np.float64),
        has_partner=partner,
        assets=pop.assets[sel],
        rent=rent_in_year(pop.rent[sel], rent_growth, y, after_rise),
        service_costs=pop.service_costs[sel],
        n_persons=n_persons,
        child_ages=ages,
        childcare_hours=hours,
        childcare_type=care_type,
        childcare_price=price,
        parents_work=pop.parents_work[sel],
    )


@numba.njit(cache=True, nogil=True)
def _children_in_year(
    child_ages: np.ndarray,
    childcare_hours: np.ndarray,
    childcare_type: np.ndarray,
    childcare_price: np.ndarray,
    rows: np.ndarray,
    partner: np.ndarray,
    y: int,
    max_care_age: int,
    ages: np.ndarray,
    hours: np.ndarray,
    care_type: np.ndarray,
    price: np.ndarray,
    n_persons: np.ndarray,
) -> None:
    """The children of households ``rows`` in toeslag year ``y``, in place.

    A child is ``y`` years older than at the start and no longer counts from ``ADULT_AGE`` (age
    -1); childcare (hours per month, type, euro per hour) only up to ``max_care_age``. The
    household counts the applicant, a partner and its children (``n_persons``).
    """
    for r in range(rows.shape[0]):
        h = rows[r]
        count = 0
        for j in range(child_ages.shape[1]):
            age = -1
            if child_ages[h, j] >= 0 and child_ages[h, j] + y < ADULT_AGE:
                age = child_ages[h, j] + y
            ages[r, j] = age
            count += age >= 0
            if 0 <= age <= max_care_age:
                hours[r, j] = childcare_hours[h, j]
                care_type[r, j] = childcare_type[h, j]
                price[r, j] = childcare_price[h, j]
            else:
                hours[r, j] = 0.0
                care_type[r, j] = 0
                price[r, j] = 0.0
        n_persons[r] = 1 + (1 if partner[r] else 0) + count


def award_matrix(params: YearParams, facts: Situation) -> np.ndarray:
    """The four yearly awards (euro per year) as an (n, 4) array, in the order of TOESLAGEN."""
    return award_table(params, facts)
