"""The facts of the simulated households in a toeslag year, and their four awards.

The population is drawn once, at the start of the first toeslag year; in year ``y`` the children
are ``y`` years older (from 18 they no longer count) and the rent has grown by
``housing.rent_growth`` a year, rising once more from the month of the yearly rise
(:mod:`lab.households.rent`). Children above the kinderopvangtoeslag's ``max_child_age`` get no
childcare.
"""

from __future__ import annotations

from collections.abc import Sequence

import numba
import numpy as np

from lab import TOESLAGEN
from lab.households.population import Population
from lab.households.rent import rent_in_year
from lab.law.awards import YearRules, household_awards, year_rules
from lab.law.parameters import YearParams

#: Age from which a child no longer counts for the toeslagen (children under 18).
ADULT_AGE = 18
_NO_ROWS = np.zeros(0, dtype=np.int64)
_NONE = np.zeros(0)


def awards_in_year(
    population: Population,
    params: YearParams,
    rent_growth: float | Sequence[float],
    y: int,
    income: np.ndarray,
    partner: np.ndarray,
    idx: np.ndarray | None = None,
    after_rise: bool = False,
    coresident: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None,
) -> np.ndarray:
    """The four yearly awards (euro per year) of households (all, or ``idx``) in toeslag year ``y``.

    An (n, 4) array in the order of :data:`lab.TOESLAGEN`, from one compiled pass over the
    households: each household's facts of the year (:func:`children_in_year`, the rent of
    :func:`lab.households.rent.rent_in_year`) and its awards
    (:func:`lab.law.awards.household_awards`).

    Args:
        population: the households at the start of the first year.
        params: the parameters of toeslag year ``y``.
        rent_growth: the rent rise of every year, or of each simulated year (fraction;
            :func:`lab.households.rent.rent_in_year`).
        y: years since the first simulated toeslag year.
        income: toetsingsinkomen, euro per year (one per household asked for).
        partner: has a toeslagpartner (one per household asked for).
        idx: the households (default: all).
        after_rise: the rent after the year's rent rise (default: before it, the January rent).
        coresident: the adult children living at home as ``(at, income, age)``: the positions
            (ascending, among the households asked for) of those with a child at home, the
            child's yearly income the award counts (euro per year; huurtoeslag only,
            :func:`lab.law.huurtoeslag.rekeninkomen`) and its age on 1 January of year ``y``.
            A child at home is one more person in the household. Default: none anywhere.
    """
    pop = population
    sel = slice(None) if idx is None else idx
    rows = np.arange(pop.n) if idx is None else np.asarray(idx, dtype=np.int64)
    out = np.empty((rows.shape[0], len(TOESLAGEN)))
    _awards_of_rows(
        year_rules(params),
        params.kinderopvangtoeslag.max_child_age,
        y,
        rows,
        np.asarray(income, dtype=np.float64),
        np.asarray(partner, dtype=bool),
        rent_in_year(pop.rent[sel], rent_growth, y, after_rise),
        pop.assets,
        pop.service_costs,
        pop.parents_work,
        pop.child_ages,
        pop.childcare_hours,
        pop.childcare_type,
        pop.childcare_price,
        *(
            (_NO_ROWS, _NONE, _NO_ROWS)
            if coresident is None
            else (
                np.asarray(coresident[0], dtype=np.int64),
                np.asarray(coresident[1], dtype=np.float64),
                np.asarray(coresident[2], dtype=np.int64),
            )
        ),
        out,
    )
    return out


@numba.njit(cache=True, nogil=True, inline="always")
def children_in_year(
    child_ages: np.ndarray,
    childcare_hours: np.ndarray,
    childcare_type: np.ndarray,
    childcare_price: np.ndarray,
    y: int,
    max_care_age: int,
    ages: np.ndarray,
    hours: np.ndarray,
    care_type: np.ndarray,
    price: np.ndarray,
) -> int:
    """The children of one household in toeslag year ``y``, into ``ages`` .. ``price``.

    A child is ``y`` years older than at the start and no longer counts from ``ADULT_AGE`` (age
    -1); childcare (hours per month, type, euro per hour) only up to ``max_care_age``. Returns
    the number of children.
    """
    count = 0
    for j in range(child_ages.shape[0]):
        age = -1
        if child_ages[j] >= 0 and child_ages[j] + y < ADULT_AGE:
            age = child_ages[j] + y
        ages[j] = age
        count += age >= 0
        if 0 <= age <= max_care_age:
            hours[j] = childcare_hours[j]
            care_type[j] = childcare_type[j]
            price[j] = childcare_price[j]
        else:
            hours[j] = 0.0
            care_type[j] = 0
            price[j] = 0.0
    return count


@numba.njit(cache=True, nogil=True)
def _awards_of_rows(
    rules: YearRules,
    max_care_age: int,
    y: int,
    rows: np.ndarray,
    income: np.ndarray,
    partner: np.ndarray,
    rent: np.ndarray,
    assets: np.ndarray,
    service_costs: np.ndarray,
    parents_work: np.ndarray,
    child_ages: np.ndarray,
    childcare_hours: np.ndarray,
    childcare_type: np.ndarray,
    childcare_price: np.ndarray,
    coresident_at: np.ndarray,
    coresident_income: np.ndarray,
    coresident_age: np.ndarray,
    out: np.ndarray,
) -> None:
    """The awards of households ``rows`` (income, partner, rent: one per row) into ``out``.

    ``coresident_at`` (ascending rows), ``coresident_income`` and ``coresident_age``: the rows
    with an adult child at home and the child's facts (length 0: none anywhere).
    """
    n_coresident = coresident_at.shape[0]
    p = 0
    k = child_ages.shape[1]
    ages = np.empty(k, dtype=np.int64)
    hours = np.empty(k)
    care_type = np.empty(k, dtype=np.int8)
    price = np.empty(k)
    for r in range(rows.shape[0]):
        h = rows[r]
        n_children = children_in_year(
            child_ages[h],
            childcare_hours[h],
            childcare_type[h],
            childcare_price[h],
            y,
            max_care_age,
            ages,
            hours,
            care_type,
            price,
        )
        # The household: the applicant, a toeslagpartner, the children and an adult child at home.
        age, child_income = -1, 0.0
        if p < n_coresident and coresident_at[p] == r:
            age, child_income = coresident_age[p], coresident_income[p]
            p += 1
        n_persons = 1 + (1 if partner[r] else 0) + n_children + (1 if age >= 0 else 0)
        out[r, 0], out[r, 1], out[r, 2], out[r, 3] = household_awards(
            rules,
            income[r],
            partner[r],
            assets[h],
            rent[r],
            service_costs[h],
            n_persons,
            ages,
            hours,
            care_type,
            price,
            -1,
            parents_work[h],
            child_income,
            age,
        )
