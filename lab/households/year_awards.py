"""A household's four awards in a toeslag year, from its facts of that year.

The population is drawn once, at the start of the first toeslag year. In year ``y`` the children
are ``y`` years older: they count up to the kindgebonden budget's ``max_child_age`` (17; Wet op
het kindgebonden budget art. 1 and 2, a child under 18), and get childcare up to the
kinderopvangtoeslag's ``max_child_age``. The rent has grown by the year's rent rise and rises
once more from the month of the yearly rise (:mod:`lab.households.rent`). An adult child at home
is one more person and brings its income into the huurtoeslag
(:mod:`lab.households.coresidents`). The model asks :func:`year_awards` at the start of a year,
on a reported change and at its end.
"""

from __future__ import annotations

from collections.abc import Sequence

import numba
import numpy as np

from lab import TOESLAGEN
from lab.households.coresidents import facts_of_rows
from lab.households.population import Population
from lab.households.rent import rent_in_year
from lab.households.state import Households
from lab.law.awards import YearRules, household_awards, year_rules
from lab.law.parameters import YearParams
from lab.law.situation import household_size_compiled
from lab.rows import in_parts

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

    An (n, 4) array in the order of :data:`lab.TOESLAGEN`, from a compiled pass over the
    households, in parts on the cores (:func:`lab.rows.in_parts`): each household's facts of
    the year (:func:`children_in_year`, the rent of :func:`lab.households.rent.rent_in_year`)
    and its awards (:func:`lab.law.awards.household_awards`).

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
    rules = year_rules(params)
    income = np.asarray(income, dtype=np.float64)
    partner = np.asarray(partner, dtype=bool)
    rent = rent_in_year(pop.rent[sel], rent_growth, y, after_rise)
    if coresident is None:
        at, c_income, c_age = _NO_ROWS, _NONE, _NO_ROWS
    else:
        at = np.asarray(coresident[0], dtype=np.int64)
        c_income = np.asarray(coresident[1], dtype=np.float64)
        c_age = np.asarray(coresident[2], dtype=np.int64)

    def part(r: slice) -> None:
        """The awards of the asked rows ``r`` (each part its own adult children at home)."""
        first, last = np.searchsorted(at, [r.start, r.stop])
        _awards_of_rows(
            rules,
            params.kindgebonden_budget.max_child_age,
            params.kinderopvangtoeslag.max_child_age,
            y,
            rows[r],
            income[r],
            partner[r],
            rent[r],
            pop.assets,
            pop.service_costs,
            pop.parents_work,
            pop.child_ages,
            pop.childcare_hours,
            pop.childcare_type,
            pop.childcare_price,
            at[first:last] - r.start,
            c_income[first:last],
            c_age[first:last],
            out[r],
        )

    in_parts(rows.shape[0], part)
    return out


@numba.njit(cache=True, nogil=True, inline="always")
def children_in_year(
    child_ages: np.ndarray,
    childcare_hours: np.ndarray,
    childcare_type: np.ndarray,
    childcare_price: np.ndarray,
    y: int,
    max_child_age: int,
    max_care_age: int,
    ages: np.ndarray,
    hours: np.ndarray,
    care_type: np.ndarray,
    price: np.ndarray,
) -> int:
    """The children of one household in toeslag year ``y``, into ``ages`` .. ``price``.

    A child is ``y`` years older than at the start and counts up to ``max_child_age`` (older:
    age -1); childcare (hours per month, type, euro per hour) only up to ``max_care_age``.
    Returns the number of children.
    """
    count = 0
    for j in range(child_ages.shape[0]):
        age = -1
        if child_ages[j] >= 0 and child_ages[j] + y <= max_child_age:
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
    max_child_age: int,
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
            max_child_age,
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
        n_persons = household_size_compiled(
            1 if partner[r] else 0, n_children, 1 if age >= 0 else 0
        )
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


def year_awards(
    households: Households,
    params: YearParams,
    y: int,
    income: np.ndarray,
    partner: np.ndarray,
    idx: np.ndarray | None = None,
    new_rent_share: float | np.ndarray = 0.0,
    coresident: tuple[np.ndarray, np.ndarray] | None = None,
) -> np.ndarray:
    """The four yearly awards (euro per year) of households (all, or ``idx``) in toeslag year ``y``.

    An (n, 4) array in the order of :data:`lab.TOESLAGEN`, on ``income`` (toetsingsinkomen, euro
    per year) and ``partner`` (one per household asked for) under ``params``, the law of year
    ``y``. ``new_rent_share`` (scalar or per household): share of the year at the rent after the
    yearly rise (:mod:`lab.households.rent`); 0 gives the award on the January rent.
    ``coresident``: the adult children at home as ``(income, months at home)``, one per
    household (default: the agency's view, :attr:`Coresidents.agency_income`). The huurtoeslag
    is a right per month (Wet op de huurtoeslag art. 7), so the year is the sum of its months:
    the first months at the January rent, the last ``new_rent_share`` after the rise; the
    child's income counts in the months it lives at home (the first ones), not after it leaves.
    """
    c = households.coresidents
    view = (c.agency_income, c.agency_months) if coresident is None else coresident
    at, c_income, c_age, c_months = facts_of_rows(c, y, idx, view)
    population, rises = households.population, households.rent_rises
    income, partner = np.asarray(income), np.asarray(partner)

    def on(after_rise: bool, gone: np.ndarray | None = None) -> np.ndarray:
        """The awards at the rent before or after the rise; ``gone``: those rows, no child."""
        if gone is None:
            child = (at, c_income, c_age)
            return awards_in_year(
                population, params, rises, y, income, partner, idx, after_rise, child
            )
        rows = gone if idx is None else np.asarray(idx)[gone]
        return awards_in_year(
            population, params, rises, y, income[gone], partner[gone], rows, after_rise
        )

    share = np.asarray(new_rent_share, dtype=np.float64)
    award = on(False)
    after = on(True) if share.any() else award
    part = c_months < 12
    leaves = at[part]
    if leaves.size:
        # A month's award is on the month's facts: the child lives at home the first
        # ``c_months`` months, the new rent runs the last ``share`` of the year.
        home = c_months[part] / 12.0
        new = np.broadcast_to(share, (len(award),))[leaves]
        with_before = np.minimum(home, 1.0 - new)
        with_after = home - with_before
        without_before = (1.0 - new) - with_before
        without_after = new - with_after
        gone_before = on(False, leaves)
        gone_after = on(True, leaves) if new.any() else gone_before
        mixed = (
            with_before[:, None] * award[leaves]
            + with_after[:, None] * after[leaves]
            + without_before[:, None] * gone_before
            + without_after[:, None] * gone_after
        )
    if share.any():
        # award + share * (after - award), in place in the two fresh arrays (the same bits).
        after -= award
        after *= np.reshape(share, (-1, 1))
        award += after
    if leaves.size:
        award[leaves] = mixed
    return award
