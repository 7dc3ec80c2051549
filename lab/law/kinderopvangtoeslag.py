"""Kinderopvangtoeslag: a percentage of the childcare costs per child, from the income table.

Per child per month: ``pct(Y, rank) * min(hourly price, max hourly price) * min(hours, 230)``
(Wet kinderopvang, BWBR0017017, art. 1.7; Besluit kinderopvangtoeslag, BWBR0017321, art. 4 and
8a(1)(a)). Since 2023 the hours are no longer capped by the hours worked: only the 230 hours per
month remain. Only a household in which every parent works, studies or follows a trajectory has a
claim (Wet kinderopvang art. 1.6). The child with the most hours uses the "first child" column;
on equal hours the child with the lowest costs of childcare is the first child (Besluit
kinderopvangtoeslag art. 3(2),(3)); every other child uses the "next children" column. There is
no vermogenstoets.
"""

from __future__ import annotations

import numpy as np

from lab.law.parameters import YearParams
from lab.law.situation import Situation

MONTHS = 12


def max_hourly_price(params: YearParams, childcare_type: np.ndarray) -> np.ndarray:
    """The maximum hourly price for each care type (0 for type 0, no care), euro per hour."""
    kot = params.kinderopvangtoeslag
    by_type = np.array(
        [0.0, kot.max_uurprijs_dagopvang, kot.max_uurprijs_bso, kot.max_uurprijs_gastouder]
    )
    return by_type[childcare_type]


def award(params: YearParams, situation: Situation) -> np.ndarray:
    """Kinderopvangtoeslag before the common Awir rules, euro per year (float, >= 0).

    A year is 12 equal months of the given hours. Children older than ``max_child_age`` (12) or
    without a care type get nothing, and so does a household in which not every parent works,
    studies or follows a trajectory (``Situation.parents_work``, Wet kinderopvang art. 1.6).
    First child: the most hours; on equal hours the lowest monthly costs counted (capped hours
    times capped price, Besluit kinderopvangtoeslag art. 1(e) and 3(3)); on equal hours and costs
    the first such child listed (art. 3(4) leaves that choice to the agency: a modelling choice).

    Args:
        params: the year's parameters (section ``kinderopvangtoeslag`` and its income table).
        situation: households; reads ``income``, ``parents_work`` and the per-child childcare
            columns.
    """
    kot = params.kinderopvangtoeslag
    ages = situation.child_ages
    hours = np.minimum(situation.childcare_hours, kot.max_hours_per_month)
    in_care = (ages >= 0) & (ages <= kot.max_child_age) & (situation.childcare_type > 0)
    in_care &= hours > 0
    if ages.shape[1] == 0:
        return np.zeros(situation.n)
    price = np.minimum(
        situation.childcare_price, max_hourly_price(params, situation.childcare_type)
    )
    monthly_cost = np.where(in_care, price * hours, 0.0)

    care_hours = np.where(in_care, situation.childcare_hours, -1.0)
    most_hours = in_care & (care_hours == care_hours.max(axis=1)[:, None])
    tie_cost = np.where(most_hours, monthly_cost, np.inf)
    lowest_cost = most_hours & (tie_cost == tie_cost.min(axis=1)[:, None])
    first = np.argmax(lowest_cost, axis=1)
    is_first = np.zeros(ages.shape, dtype=bool)
    is_first[np.arange(situation.n), first] = True

    band = params.kot_table.band(situation.income)
    pct_first = params.kot_table.pct_first_child[band][:, None]
    pct_next = params.kot_table.pct_next_children[band][:, None]
    pct = np.where(is_first, pct_first, pct_next)
    yearly = MONTHS * (pct * monthly_cost).sum(axis=1)
    return np.where(situation.parents_work, yearly, 0.0)
