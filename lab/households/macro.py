"""Macro indices per calendar year: wages, prices, rents, the minimum wage and households.

The figures live in ``lab/params/macro.toml`` (one section per measure, one leaf ``y<year>`` per
calendar year, each with its source and mark; read by :func:`lab.valuefile.load_named`). A
measure whose unit is :data:`RATE_UNIT` holds yearly changes in percent (the value of year ``y``
is the change from ``y - 1`` to ``y``); every other measure holds levels. These functions bring an
amount of one year to another, e.g. a 2026 wage to 2016 with ``year_index("cao_wages", 2026,
2016)``.
"""

from __future__ import annotations

import functools
import re

from lab.errors import ParameterError
from lab.valuefile import ValueFile, load_named

#: The unit of a measure of yearly changes (percent on the year before).
RATE_UNIT = "percent change on the year before"
_YEAR_KEY = re.compile(r"^y(\d{4})$")


@functools.cache
def _file() -> ValueFile:
    return load_named("macro")


@functools.cache
def _series(measure: str) -> tuple[dict[int, float], str]:
    """The figures of one measure by calendar year, and their unit."""
    values = _file()
    figures: dict[int, float] = {}
    units: set[str] = set()
    for key in values.values:
        section, _, leaf = key.partition(".")
        match = _YEAR_KEY.match(leaf)
        if section == measure and match:
            figures[int(match.group(1))] = values.float(key)
            units.add(values.units[key])
    if not figures:
        known = sorted({key.partition(".")[0] for key in values.values})
        raise ParameterError(
            f"macro.toml: no measure '{measure}'; known measures: {', '.join(known)}"
        )
    if len(units) != 1:
        raise ParameterError(f"macro.toml: measure '{measure}' mixes units {sorted(units)}")
    years = sorted(figures)
    if years != list(range(years[0], years[-1] + 1)):
        raise ParameterError(f"macro.toml: measure '{measure}' has gaps in its years {years}")
    return figures, units.pop()


def years(measure: str) -> range:
    """The calendar years the file holds for ``measure``."""
    figures, _unit = _series(measure)
    return range(min(figures), max(figures) + 1)


def _check_year(measure: str, year: int) -> None:
    span = years(measure)
    if year not in span:
        raise ParameterError(
            f"macro.toml: no '{measure}' figure for {year} (years {span.start}-{span.stop - 1})"
        )


def is_rate(measure: str) -> bool:
    """Whether ``measure`` holds yearly changes in percent (else levels)."""
    return _series(measure)[1] == RATE_UNIT


def year_value(measure: str, year: int) -> float:
    """The figure of ``measure`` for calendar ``year``, in the measure's own unit.

    Units: ``cao_wages``, ``consumer_prices`` and ``rent_increase`` in percent change on the
    year before (the rent rise of 1 July of ``year``); ``minimum_wage`` in euro per month
    (January); ``households`` a number of private households on 1 January.

    Raises:
        ParameterError: an unknown measure or a year the file does not hold (one line).
    """
    _check_year(measure, year)
    return _series(measure)[0][year]


def year_index(measure: str, from_year: int, to_year: int) -> float:
    """The cumulative factor of ``measure`` from ``from_year`` to ``to_year`` (a ratio, no unit).

    For a rate measure the product of ``1 + change / 100`` over the years after ``from_year`` up
    to ``to_year``; for a level measure ``level(to_year) / level(from_year)``. An amount of
    ``from_year`` times the factor is the amount of ``to_year``; going back in time gives the
    inverse (``year_index(m, b, a) == 1 / year_index(m, a, b)``), and the same year gives 1.

    Raises:
        ParameterError: an unknown measure or a year the file does not hold (one line).
    """
    _check_year(measure, from_year)
    _check_year(measure, to_year)
    if from_year > to_year:
        return 1.0 / year_index(measure, to_year, from_year)
    figures, _unit = _series(measure)
    if not is_rate(measure):
        return figures[to_year] / figures[from_year]
    factor = 1.0
    for year in range(from_year + 1, to_year + 1):
        factor *= 1.0 + figures[year] / 100.0
    return factor
