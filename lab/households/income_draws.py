"""The random draws of one year of the income paths, made a year ahead on a thread of their own.

:func:`lab.households.income.draw_income_paths` builds each year of every household's income path
from the draws of the ``income`` and ``income_events`` streams, in a fixed order. What a year
draws depends on the households' income types and the parameters only, not on the path so far,
so :func:`start_income_draws` may start them as soon as the income types are drawn, and makes
them (:func:`year_draws`) a year ahead (:func:`lab.rows.drawn_ahead`) while the path of the year
before is built: the same calls in the same order on the same streams, so the same numbers bit
for bit with any number of threads, whenever they start. The meaning of each draw is in the
module docstring of :mod:`lab.households.income`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from lab.households.population import INCOME_TYPES
from lab.households.streams import stream
from lab.rows import ROW_BLOCK, DrawnAhead, drawn_ahead
from lab.valuefile import ValueFile, load_named


@dataclass
class YearDraws:
    """What the streams give one year of the income paths, for every household.

    ``wage_growth``: the year-wide wage growth (log) drawn for the year. ``shock_factor`` (n,):
    the individual change of the income level (a factor), from ``change_month`` (n,) (1..12) on.
    ``happens`` and ``event_month`` (4, n): hours cut, pay rise, job loss and job start, whether
    and from which month. ``partner_in`` (n,): a toeslagpartner would move in (it does for those
    without one), from ``in_month``, with ``partner_income`` euro per year; ``partner_out``: one
    would move out (for those with one), from ``out_month``. ``hours_factor`` (shocked, 12): the
    monthly hours shock of each household with an hours sd, ascending, as a factor of the rate.
    ``bonus`` (n,): a December bonus.
    """

    wage_growth: float
    shock_factor: np.ndarray
    change_month: np.ndarray
    happens: np.ndarray
    event_month: np.ndarray
    partner_in: np.ndarray
    in_month: np.ndarray
    partner_income: np.ndarray
    partner_out: np.ndarray
    out_month: np.ndarray
    hours_factor: np.ndarray
    bonus: np.ndarray


def _event_mask(
    rng: np.random.Generator, rate: np.ndarray | float, n: int
) -> tuple[np.ndarray, np.ndarray]:
    """Who has an event this year (at ``rate`` per year), and in which month (1..12)."""
    happens = rng.random(n) < rate
    return happens, _months(rng, n)


def _months(rng: np.random.Generator, n: int) -> np.ndarray:
    """``n`` months drawn at random, 1..12 (int8)."""
    months: np.ndarray = rng.integers(1, 13, size=n).astype(np.int8)
    return months


def year_draws(
    p: ValueFile,
    income_type: np.ndarray,
    sd: np.ndarray,
    hours_sd: np.ndarray,
    shocked: np.ndarray,
    rng: np.random.Generator,
    extra: np.random.Generator,
    years: int,
) -> Iterator[YearDraws]:
    """The draws of ``years`` consecutive years, one year per item, from ``rng`` and ``extra``.

    ``sd`` (n,): each household's individual log-income sd; ``hours_sd`` (n,): its monthly hours
    log sd, nonzero for the ``shocked`` rows (ascending).
    """
    n = income_type.shape[0]
    k = len(INCOME_TYPES)
    t = income_type
    hours_drift = hours_sd**2 / 2
    for _ in range(years):
        wage_growth = (
            p.float("income_process.wage_growth_mean")
            + p.float("income_process.wage_growth_sd") * rng.standard_normal()
        )
        big = rng.random(n) < p.float("income_process.big_shock_share")
        z = rng.standard_normal(n)
        eps = np.where(
            big,
            p.float("income_process.big_shock_mean")
            + p.float("income_process.big_shock_scale") * sd * z,
            sd * z,
        )
        del big, z
        shock_factor = np.exp(eps)
        del eps
        change_month = _months(rng, n)
        happens = np.empty((4, n), dtype=bool)
        event_month = np.empty((4, n), dtype=np.int8)
        # New events draw from their own stream, so the draws of the others do not move with them.
        for e, rate_key in enumerate(("hours_cut_rate", "pay_rise_rate")):
            happens[e], event_month[e] = _event_mask(
                extra, p.floats(f"income_process.{rate_key}", k)[t], n
            )
        for e, rate_key in ((2, "job_loss_rate"), (3, "job_start_rate")):
            happens[e], event_month[e] = _event_mask(
                rng, p.floats(f"income_process.{rate_key}", k)[t], n
            )
        partner_in, in_month = _event_mask(rng, p.float("income_process.partner_in_rate"), n)
        partner_income = p.float("income_process.partner_income_median") * np.exp(
            p.float("income_process.partner_income_log_sd") * rng.standard_normal(n)
        )
        partner_out, out_month = _event_mask(rng, p.float("income_process.partner_out_rate"), n)
        # Monthly hours shocks (flex work, self-employed), mean one, in blocks of rows. Every
        # household draws its 12 (so the stream keeps its place); only those with an hours sd
        # keep them (for the others exp(0) = 1 would leave the rate as it is).
        hours_factor = np.empty((shocked.shape[0], 12))
        for lo in range(0, n, ROW_BLOCK):
            hi = min(lo + ROW_BLOCK, n)
            h = rng.standard_normal((hi - lo, 12))
            a, b = np.searchsorted(shocked, lo), np.searchsorted(shocked, hi)
            if b > a:
                rows = shocked[a:b]
                hs = h[rows - lo]
                hs *= hours_sd[rows, None]
                hs -= hours_drift[rows, None]
                hours_factor[a:b] = np.exp(hs, out=hs)
        bonus = rng.random(n) < p.floats("income_process.bonus_share", k)[t]
        yield YearDraws(
            wage_growth,
            shock_factor,
            change_month,
            happens,
            event_month,
            partner_in,
            in_month,
            partner_income,
            partner_out,
            out_month,
            hours_factor,
            bonus,
        )
        # Let go of this year's arrays before the next year's are drawn (the caller has its own).
        del shock_factor, change_month, happens, event_month, partner_income, hours_factor


@dataclass
class IncomeDraws:
    """The draws of every year of the income paths, made a year ahead from when they start.

    ``sd`` (n,): each household's individual log-income sd; ``shocked``: the households with
    monthly hours shocks (a nonzero hours sd), ascending; ``years``: the draws of each year, in
    order (:func:`year_draws`).
    """

    sd: np.ndarray
    shocked: np.ndarray
    years: DrawnAhead[YearDraws]

    def close(self) -> None:
        """Stop drawing years no one will ask for (a build that failed)."""
        self.years.close()


def start_income_draws(
    income_type: np.ndarray, years: int, seed: int, params: ValueFile | None = None
) -> IncomeDraws:
    """Start the draws of ``years`` years of income paths of households of ``income_type``.

    What a year draws depends on the income types and the parameters only, so the draws may
    start as soon as the population's income types are drawn (:func:`draw_income_paths` takes
    them); in a large population they go on a thread of their own, a year ahead of their use
    (:func:`lab.rows.drawn_ahead`), from the ``income`` and ``income_events`` streams: the same
    numbers whenever they start. New events draw from a stream of their own, so the draws of the
    others do not move with them.
    """
    p = params or load_named("population")
    n = income_type.shape[0]
    k = len(INCOME_TYPES)
    t = income_type
    scale = p.float("income_process.volatility_scale")
    sd = scale * p.floats("income_process.individual_sd", k)[t]
    hours_sd = scale * p.floats("income_process.hours_sd", k)[t]
    #: The households with monthly hours shocks (a nonzero hours sd), ascending.
    shocked = np.flatnonzero(hours_sd != 0.0)
    draws = year_draws(
        p, t, sd, hours_sd, shocked, stream(seed, "income"), stream(seed, "income_events"), years
    )
    ahead = 1 if n >= 2 * ROW_BLOCK else 0
    return IncomeDraws(sd, shocked, drawn_ahead(draws, ahead))
