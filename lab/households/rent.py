"""The rent over the simulated toeslag years: the yearly rise, and whether the agency hears of it.

``Population.rent`` is the kale huur in January of the first simulated year (euro per month). Every
year the rent rises by ``housing.rent_growth`` from calendar month ``housing.rent_rise_month``
(1 July: the yearly rent adjustment of rented housing; the landlord announces it before 1 July).
The huurtoeslag is a right per month (Wet op de huurtoeslag art. 7: the rekenhuur of the month), so
the yearly award is the sum of the months: the months before the rise at the old rent, the months
from the rise at the new one (:func:`new_rent_share`).

The voorschot runs on the rent the agency knows: at the start of the year the January rent. The
rise reaches the agency within the year for a share ``housing.rent_rise_known_share`` of the
tenants (the landlord's delivery of the new rent, or the tenant's own report; assumption,
calibrated); for the others the voorschot stays on the old rent and the definitive award brings a
small nabetaling. This is what the huurtoeslag nabetalingen look like in the data: many (four in
ten awards, 2016) and small (3.1% of the voorschotten in euro; Berkhout, Koot and Van Sonsbeek,
ESB 8 January 2020). A household that reports an income change after the rise updates its rent too.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from lab.households.conditions import rent_rise
from lab.households.streams import stream
from lab.valuefile import ValueFile


def rent_in_year(
    january_rent: np.ndarray,
    rent_growth: float | Sequence[float],
    y: int,
    after_rise: bool = False,
) -> np.ndarray:
    """The kale huur in toeslag year ``y`` (0 = the first), euro per month, rounded to cents.

    Before the yearly rise it is the first year's January rent grown by the rises of the ``y``
    years before; from the rise (``after_rise``) by that year's rise too. ``rent_growth``: the
    rise of every year (fraction), or the rise of each simulated year in turn
    (:func:`yearly_rises`).
    """
    count = y + int(after_rise)
    if isinstance(rent_growth, int | float):
        return np.round(january_rent * (1.0 + rent_growth) ** count, 2)
    factor = 1.0
    for rise in rent_growth[:count]:
        factor *= 1.0 + rise
    return np.round(january_rent * factor, 2)


def yearly_rises(first_year: int, n_years: int, params: ValueFile) -> tuple[float, ...]:
    """The July rent rise of each simulated year (fraction), first toeslag year first.

    The published rise of the calendar year (CBS huurverhoging, :func:`lab.households.conditions.
    rent_rise`) times ``housing.rent_rise_scale``; ``housing.rent_growth`` where none is held.
    """
    scale = params.float("housing.rent_rise_scale")
    fallback = params.float("housing.rent_growth")
    rises = []
    for year in range(first_year, first_year + n_years):
        published = rent_rise(year)
        rises.append(fallback if published is None else scale * published)
    return tuple(rises)


def rise_month(params: ValueFile) -> int:
    """The calendar month from which the yearly rent rise runs (``housing.rent_rise_month``)."""
    return params.int("housing.rent_rise_month")


def new_rent_share(params: ValueFile) -> float:
    """Share of the toeslag year paid at the rent after the yearly rise (6/12 for a July rise)."""
    return (13 - rise_month(params)) / 12.0


def rise_known(seed: int, y: int, n: int, params: ValueFile) -> np.ndarray:
    """Whether the yearly rent rise of year ``y`` reaches the agency in the year (bool, n).

    Drawn from the run's ``rent/{y}`` stream, so every arm sees the same tenants' rises known.
    """
    share = params.float("housing.rent_rise_known_share")
    return stream(seed, f"rent/{y}").random(n) < share
