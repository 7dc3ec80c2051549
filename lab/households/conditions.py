"""The macro conditions of a calendar year: wage growth, benefit indexation, rent rise, households.

The simulated population is written in euro of :data:`lab.households.population.REFERENCE_YEAR`
(2026). A run of another toeslag year brings it to that year by the published indices of
``lab/params/macro.toml`` (:mod:`lab.households.macro`), and the income process then grows wages by
the cao-lonen of each simulated year (the year's wage growth against the agency's indexation of the
estimate is that year's macro shock), benefits and pensions by the minimum wage (to which the
benefits and the AOW are linked: Wet minimumloon en minimumvakantiebijslag art. 14, Wet koppeling
met afwijkingsmogelijkheid) and rents by the July rent rise. For a year the file does not hold,
the population file's assumptions apply (``income_process.wage_growth_mean`` with the year-wide
shock of ``wage_growth_sd``, ``income_process.benefit_indexation``, ``housing.rent_growth``).

Growth rates are log changes per year (wages, benefits) or fractions (rents).
"""

from __future__ import annotations

import math

from lab.errors import ParameterError
from lab.households import macro


def _value(measure: str, year: int) -> float | None:
    try:
        return macro.year_value(measure, year)
    except ParameterError:
        return None


def wage_growth(year: int) -> float | None:
    """Log growth of contract wages in calendar ``year`` (CBS cao-lonen), or None if not held."""
    change = _value("cao_wages", year)
    return None if change is None else math.log1p(change / 100.0)


def benefit_growth(year: int) -> float | None:
    """Log growth of benefits and pensions in ``year``: the January minimum wage on the year before.

    None where the file lacks either year.
    """
    now, before = _value("minimum_wage", year), _value("minimum_wage", year - 1)
    if now is None or before is None:
        return None
    return math.log(now / before)


def rent_rise(year: int) -> float | None:
    """The rent rise of 1 July of ``year`` (fraction, CBS huurverhoging), or None if not held."""
    change = _value("rent_increase", year)
    return None if change is None else change / 100.0


def wage_factor(from_year: int, to_year: int, fallback: float) -> float:
    """Factor that brings a wage income of ``from_year`` to ``to_year`` (a ratio).

    The growth of every year after ``from_year`` up to ``to_year`` (:func:`wage_growth`, or
    ``fallback`` as a log growth where the file has no figure); the inverse backwards.
    """
    if from_year > to_year:
        return 1.0 / wage_factor(to_year, from_year, fallback)
    total = 0.0
    for year in range(from_year + 1, to_year + 1):
        growth = wage_growth(year)
        total += fallback if growth is None else growth
    return math.exp(total)


def rent_factor(from_year: int, to_year: int, fallback: float) -> float:
    """Factor that brings a January rent of ``from_year`` to January of ``to_year`` (a ratio).

    A January rent carries the rises of 1 July of the years before it: from ``from_year`` to
    ``to_year`` the rises of ``from_year`` .. ``to_year - 1`` (:func:`rent_rise`, or
    ``fallback`` where the file has no figure); the inverse backwards.
    """
    if from_year > to_year:
        return 1.0 / rent_factor(to_year, from_year, fallback)
    factor = 1.0
    for year in range(from_year, to_year):
        rise = rent_rise(year)
        factor *= 1.0 + (fallback if rise is None else rise)
    return factor


def households_factor(year: int, reference_year: int) -> float:
    """Private households in ``year`` relative to ``reference_year`` (1.0 where not held)."""
    now, then = _value("households", year), _value("households", reference_year)
    if now is None or then is None:
        return 1.0
    return now / then
