"""Kinderopvangtoeslag: a percentage of the childcare costs per child, from the income table.

Per child per month: ``pct(Y, rank) * min(hourly price, max hourly price) * min(hours, 230)``
(Wet kinderopvang, BWBR0017017, art. 1.7; Besluit kinderopvangtoeslag, BWBR0017321, art. 4 and
8a(1)(a)). Since 2023 the hours are no longer capped by the hours worked: only the 230 hours per
month remain. Only a household in which every parent works, studies or follows a trajectory has a
claim (Wet kinderopvang art. 1.6). The child with the most hours uses the "first child" column;
on equal hours the child with the lowest costs of childcare is the first child (Besluit
kinderopvangtoeslag art. 3(2),(3)); every other child uses the "next children" column. There is
no vermogenstoets.

The rule is one compiled scalar function of one household (:func:`award`), called for every
household by :func:`lab.law.awards.award_table`.
"""

from __future__ import annotations

from typing import NamedTuple

import numba
import numpy as np

from lab.law.parameters import YearParams

MONTHS = 12
#: Care type codes as in :data:`lab.law.situation.CHILDCARE_TYPES`.
DAGOPVANG, BSO, GASTOUDER = 1, 2, 3


class Parameters(NamedTuple):
    """The kinderopvangtoeslag parameters of one year as the compiled rule reads them.

    ``max_uurprijs_*``: the maximum hourly price of each care type, euro per hour;
    ``max_hours_per_month``: hours per child per month.
    """

    max_uurprijs_dagopvang: float
    max_uurprijs_bso: float
    max_uurprijs_gastouder: float
    max_hours_per_month: float
    max_child_age: int


class IncomeTable(NamedTuple):
    """The year's income table (:class:`lab.law.kot_table.KotTable`) as the compiled rule reads it.

    ``income_from[i]``: the lowest yearly income (euro) of band ``i``; percentages are fractions.
    """

    income_from: np.ndarray
    pct_first_child: np.ndarray
    pct_next_children: np.ndarray


def parameters(params: YearParams) -> Parameters:
    """The year's parameters (section ``kinderopvangtoeslag``)."""
    kot = params.kinderopvangtoeslag
    return Parameters(
        max_uurprijs_dagopvang=float(kot.max_uurprijs_dagopvang),
        max_uurprijs_bso=float(kot.max_uurprijs_bso),
        max_uurprijs_gastouder=float(kot.max_uurprijs_gastouder),
        max_hours_per_month=float(kot.max_hours_per_month),
        max_child_age=int(kot.max_child_age),
    )


def income_table(params: YearParams) -> IncomeTable:
    """The year's income table of percentages (the Besluit kinderopvangtoeslag's bijlage)."""
    table = params.kot_table
    return IncomeTable(
        income_from=np.asarray(table.income_from, dtype=np.float64),
        pct_first_child=np.asarray(table.pct_first_child, dtype=np.float64),
        pct_next_children=np.asarray(table.pct_next_children, dtype=np.float64),
    )


@numba.njit(cache=True, nogil=True)
def max_price_of(kot: Parameters, care_type: int) -> float:
    """The maximum hourly price of one care type (0 for type 0, no care), euro per hour."""
    if care_type == DAGOPVANG:
        return kot.max_uurprijs_dagopvang
    if care_type == BSO:
        return kot.max_uurprijs_bso
    if care_type == GASTOUDER:
        return kot.max_uurprijs_gastouder
    return 0.0


def max_hourly_price(params: YearParams, childcare_type: np.ndarray) -> np.ndarray:
    """The maximum hourly price for each care type (0 for type 0, no care), euro per hour."""
    kot = parameters(params)
    by_type = np.array([max_price_of(kot, care_type) for care_type in range(4)])
    return by_type[childcare_type]


@numba.njit(cache=True, nogil=True)
def monthly_cost(
    kot: Parameters, age: int, hours: float, care_type: int, price: float
) -> tuple[bool, float]:
    """Whether one child counts for the toeslag, and its childcare costs counted, euro per month.

    A child counts from 0 up to ``max_child_age`` with a care type and hours; the costs counted
    are the hours up to ``max_hours_per_month`` times the hourly price up to the maximum hourly
    price of its care type (Besluit kinderopvangtoeslag art. 1(e)).
    """
    counted_hours = min(hours, kot.max_hours_per_month)
    if 0 <= age <= kot.max_child_age and care_type > 0 and counted_hours > 0:
        return True, min(price, max_price_of(kot, care_type)) * counted_hours
    return False, 0.0


@numba.njit(cache=True, nogil=True, inline="always")
def award(
    kot: Parameters,
    table: IncomeTable,
    income: float,
    parents_work: bool,
    child_ages: np.ndarray,
    childcare_hours: np.ndarray,
    childcare_type: np.ndarray,
    childcare_price: np.ndarray,
) -> float:
    """Kinderopvangtoeslag of one household before the common Awir rules, euro per year (>= 0).

    A year is 12 equal months of the given hours. Children older than ``max_child_age`` (12) or
    without a care type get nothing, and so does a household in which not every parent works,
    studies or follows a trajectory (Wet kinderopvang art. 1.6). First child: the most hours; on
    equal hours the lowest monthly costs counted (capped hours times capped price, Besluit
    kinderopvangtoeslag art. 1(e) and 3(3)); on equal hours and costs the first such child listed
    (art. 3(4) leaves that choice to the agency: a modelling choice).

    Args:
        kot: the year's parameters (:func:`parameters`).
        table: the year's income table (:func:`income_table`).
        income: toetsingsinkomen, joint with the toeslagpartner, euro per year.
        parents_work: every parent works, studies or follows a trajectory.
        child_ages: age of each child slot (-1 = no child).
        childcare_hours: hours of childcare per month of each child.
        childcare_type: care type code of each child (0 = none).
        childcare_price: hourly price charged for each child, euro per hour.
    """
    if not parents_work:
        return 0.0
    first = -1
    most_hours = -1.0
    lowest_cost = np.inf
    for j in range(child_ages.shape[0]):
        in_care, cost = monthly_cost(
            kot, child_ages[j], childcare_hours[j], childcare_type[j], childcare_price[j]
        )
        if in_care and (
            childcare_hours[j] > most_hours
            or (childcare_hours[j] == most_hours and cost < lowest_cost)
        ):
            first, most_hours, lowest_cost = j, childcare_hours[j], cost
    if first < 0:
        return 0.0  # no child counts
    band = max(int(np.searchsorted(table.income_from, income, side="right")) - 1, 0)
    monthly = 0.0
    for j in range(child_ages.shape[0]):
        _, cost = monthly_cost(
            kot, child_ages[j], childcare_hours[j], childcare_type[j], childcare_price[j]
        )
        pct = table.pct_first_child[band] if j == first else table.pct_next_children[band]
        monthly += pct * cost
    return MONTHS * monthly
