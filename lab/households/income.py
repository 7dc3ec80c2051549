"""Monthly income paths over the simulated toeslag years.

All shocks are drawn when the population is built, from the ``income`` stream of the run's seed, so
every arm of an experiment sees the same lives (common random numbers). The path starts at
``Population.base_income`` (the income of the year before the first year drawn). A run may draw
``burn_in`` years of history first, with the same process: they are not kept, but handed one at a
time to ``on_history`` (the agency's estimate is formed on them, :mod:`lab.model.estimate`).

Per year:

- a year-wide wage shock for wage earners (stable, flex, self-employed) against the agency's
  indexation; benefits and pensions follow their own indexation;
- an individual, fat-tailed and negatively skewed change of the income level, from a month on;
- fewer hours or the end of a contract (the income falls by ``hours_cut_size`` from a month on)
  and a pay rise or more hours (it rises by ``pay_rise_size``), at yearly rates per income type;
- monthly hours shocks (flex work, self-employed);
- a December bonus;
- job loss (to a benefit) and job start (from a benefit);
- a toeslagpartner moving in or out (the joint income changes from that month).

Amounts are euro per month, joint with the toeslagpartner (the toetsingsinkomen counts both).
"""

from __future__ import annotations

import functools
import mmap
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from typing import cast

import numba
import numpy as np

from lab.households import conditions
from lab.households.income_draws import IncomeDraws, start_income_draws
from lab.households.population import WAGE_TYPES, Population
from lab.rows import ROW_BLOCK, in_background, in_parts, threads
from lab.valuefile import ValueFile, load_named

#: Event flags in :attr:`IncomePaths.events` (bits).
EVENT_CHANGE, EVENT_JOB_LOSS, EVENT_JOB_START, EVENT_PARTNER_IN, EVENT_PARTNER_OUT, EVENT_BONUS = (
    1,
    2,
    4,
    8,
    16,
    32,
)
EVENT_NAMES = {
    EVENT_CHANGE: "income change",
    EVENT_JOB_LOSS: "job loss",
    EVENT_JOB_START: "job start",
    EVENT_PARTNER_IN: "partner moves in",
    EVENT_PARTNER_OUT: "partner moves out",
    EVENT_BONUS: "December bonus",
}


@dataclass
class IncomePaths:
    """Realised incomes of every household, month by month.

    ``monthly`` (n, 12 * years): euro per month (column ``12 * y + m - 1`` is month m of year y).
    ``partner`` (n, 12 * years): whether a toeslagpartner is present that month.
    ``events`` (n, 12 * years): bit flags of the events of that month (see ``EVENT_*``).
    ``volatility`` (n,): the household's individual log-income sd (its true income risk).
    """

    monthly: np.ndarray
    partner: np.ndarray
    events: np.ndarray
    volatility: np.ndarray

    @property
    def n_years(self) -> int:
        """Number of simulated years."""
        return self.monthly.shape[1] // 12

    def annual(self, year_index: int) -> np.ndarray:
        """Actual toetsingsinkomen of year ``year_index``, euro per year."""
        return self.monthly[:, 12 * year_index : 12 * year_index + 12].sum(axis=1)

    def partner_at_year_end(self, year_index: int) -> np.ndarray:
        """Toeslagpartner status at the end of the year (used for the definitive award)."""
        return self.partner[:, 12 * year_index + 11]


@numba.njit(cache=True, nogil=True)
def _year_path(
    start: np.ndarray,
    has_partner: np.ndarray,
    shock_factor: np.ndarray,
    change_month: np.ndarray,
    event_happens: np.ndarray,
    event_month: np.ndarray,
    event_factor: np.ndarray,
    partner_in: np.ndarray,
    in_month: np.ndarray,
    partner_income: np.ndarray,
    partner_out: np.ndarray,
    out_month: np.ndarray,
    keep_share: float,
    rate: np.ndarray,
    partner: np.ndarray,
    events: np.ndarray,
) -> np.ndarray:
    """One year's income rate (euro per year, before the hours shocks) of every household.

    Per household: the rate starts at ``start`` (last December's, grown); from ``change_month``
    on it is multiplied by ``shock_factor`` (the individual change); each event ``e`` of
    ``event_happens`` (hours cut, pay rise, job loss, job start, in this order) multiplies it
    by ``event_factor[e]`` from ``event_month[e]``; a partner moving in adds ``partner_income``
    from ``in_month``, one moving out keeps ``keep_share`` of it from ``out_month``. Writes
    ``rate``, ``partner`` and ``events`` (n, 12) in place; returns the December rate (the next
    year's level). Hours cut and pay rise set the income change bit of ``events``.
    """
    n = start.shape[0]
    n_events = event_happens.shape[0]
    event_bits = (EVENT_CHANGE, EVENT_CHANGE, EVENT_JOB_LOSS, EVENT_JOB_START)
    december = np.empty(n)
    for i in range(n):
        changed = start[i] * shock_factor[i]
        for m in range(1, 13):
            r = changed if m >= change_month[i] else start[i]
            ev = EVENT_CHANGE if m == change_month[i] else 0
            for e in range(n_events):
                if event_happens[e, i]:
                    if m >= event_month[e, i]:
                        r = r * event_factor[e]
                    if m == event_month[e, i]:
                        ev |= event_bits[e]
            together = has_partner[i]
            if partner_in[i] and m >= in_month[i]:
                r = r + partner_income[i]
                together = True
                if m == in_month[i]:
                    ev |= EVENT_PARTNER_IN
            if partner_out[i] and m >= out_month[i]:
                r = r * keep_share
                together = False
                if m == out_month[i]:
                    ev |= EVENT_PARTNER_OUT
            rate[i, m - 1] = r
            partner[i, m - 1] = together
            events[i, m - 1] = ev
        december[i] = rate[i, 11]
    return december


def _year_paths(
    start: np.ndarray,
    has_partner: np.ndarray,
    shock_factor: np.ndarray,
    change_month: np.ndarray,
    event_happens: np.ndarray,
    event_month: np.ndarray,
    event_factor: np.ndarray,
    partner_in: np.ndarray,
    in_month: np.ndarray,
    partner_income: np.ndarray,
    partner_out: np.ndarray,
    out_month: np.ndarray,
    keep_share: float,
    rate: np.ndarray,
    partner: np.ndarray,
    events: np.ndarray,
) -> np.ndarray:
    """:func:`_year_path` of every household, in parts on the cores (:mod:`lab.rows`)."""
    december = np.empty(start.shape[0])

    def part(r: slice) -> None:
        december[r] = _year_path(
            start[r],
            has_partner[r],
            shock_factor[r],
            change_month[r],
            event_happens[:, r],
            event_month[:, r],
            event_factor,
            partner_in[r],
            in_month[r],
            partner_income[r],
            partner_out[r],
            out_month[r],
            keep_share,
            rate[r],
            partner[r],
            events[r],
        )

    in_parts(start.shape[0], part)
    return december


@numba.njit(cache=True, nogil=True)
def _december_and_months(
    rate: np.ndarray, bonus: np.ndarray, bonus_amount: np.ndarray, events: np.ndarray
) -> None:
    """The December bonus added to the yearly rate, then the year's incomes in euro per month.

    ``rate`` (n, 12), euro per year, becomes euro per month in place.
    """
    n = rate.shape[0]
    for i in range(n):
        if bonus[i]:
            rate[i, 11] += bonus_amount[i]
            events[i, 11] |= EVENT_BONUS
        for m in range(12):
            rate[i, m] = rate[i, m] / 12.0


def _months_in_parts(
    rate: np.ndarray, bonus: np.ndarray, bonus_amount: np.ndarray, events: np.ndarray
) -> None:
    """:func:`_december_and_months` of every household, in parts on the cores."""

    def part(r: slice) -> None:
        _december_and_months(rate[r], bonus[r], bonus_amount[r], events[r])

    in_parts(rate.shape[0], part)


def _scratch(n: int, dtype: type) -> np.ndarray:
    """An (n, 12) array of a history year whose memory goes back to the system when it is freed.

    The history years' arrays live only while the paths are drawn: mapped pages of their own,
    they leave no hole in the heap that the model's later arrays would not fill.
    """
    size = n * 12 * np.dtype(dtype).itemsize
    pages = mmap.mmap(-1, max(size, 1))
    return np.frombuffer(pages, dtype=dtype, count=n * 12).reshape(n, 12)


#: ``on_history(year, monthly, source_changed)``: one year of history before the first toeslag
#: year (``year`` -burn_in .. -1), its incomes (n, 12) euro per month and (n,) whether the
#: household lost or started a job in it (its main income source changed).
HistoryCallback = Callable[[int, np.ndarray, np.ndarray], None]


def draw_income_paths(
    population: Population,
    n_years: int,
    seed: int,
    params: ValueFile | None = None,
    burn_in: int = 0,
    on_history: HistoryCallback | None = None,
    first_year: int | None = None,
    draws: IncomeDraws | None = None,
) -> IncomePaths:
    """Draw the monthly incomes of ``n_years`` toeslag years for every household.

    ``first_year``: the calendar year of the first toeslag year. Then wages grow in each year by
    that year's cao-lonen and benefits by its minimum wage where ``lab/params/macro.toml`` holds
    them (:mod:`lab.households.conditions`); otherwise (and without ``first_year``) wages grow by
    ``wage_growth_mean`` plus a year-wide shock of ``wage_growth_sd``, benefits by
    ``benefit_indexation``. The shock is drawn either way, so the other draws keep their place.

    With ``burn_in`` > 0 the path starts that many years earlier: those years are drawn by the same
    process and passed, one at a time, to ``on_history`` (not kept). The draws come from the
    ``income`` and ``income_events`` streams in a fixed order; the path of each household is then
    built in one compiled pass (:func:`_year_path`). ``draws``: those draws, started already by
    :func:`start_income_draws` on the population's income types for ``burn_in + n_years`` years
    with the same seed and parameters (default: they start here).
    """
    p = params or load_named("population")
    n = population.n
    t = population.income_type
    wage = np.isin(t, WAGE_TYPES)
    if draws is None:
        draws = start_income_draws(t, burn_in + n_years, seed, p)
    shocked = draws.shocked
    bonus_fraction = p.float("income_process.bonus_fraction")
    event_factor = np.array(
        [
            1.0 + -p.float("income_process.hours_cut_size"),
            1.0 + p.float("income_process.pay_rise_size"),
            p.float("income_process.replacement_rate"),
            p.float("income_process.job_start_gain"),
        ]
    )
    keep_share = 1.0 - p.float("income_process.partner_income_share")

    monthly = np.empty((n, 12 * n_years), dtype=np.float64)
    partner = np.empty((n, 12 * n_years), dtype=bool)
    events = np.empty((n, 12 * n_years), dtype=np.uint8)
    level = population.base_income
    has_partner = population.has_partner.copy()
    # History years' incomes: the first toeslag year's columns (it writes over them later) and,
    # with helper threads, a second array, so that ``on_history`` of a year (its own streams)
    # runs beside the next year's draws; year -1 is always in the second. Their toeslagpartner
    # and events go in the first year's columns (on_history reads only whether a job changed).
    first = slice(0, 12)
    buffers = [monthly[:, first]]
    if burn_in and threads() > 1 and on_history is not None:
        buffers.append(_scratch(n, np.float64))
    pending: Future[None] | None = None
    for y, d in zip(range(-burn_in, n_years), draws.years, strict=True):
        macro = d.wage_growth
        benefit = p.float("income_process.benefit_indexation")
        if first_year is not None:
            known = conditions.wage_growth(first_year + y)
            macro = macro if known is None else known
            known = conditions.benefit_growth(first_year + y)
            benefit = benefit if known is None else known
        start = level * np.exp(np.where(wage, macro, benefit))
        if y < 0:
            rate, year_partner, year_events = (
                buffers[y % len(buffers)],
                partner[:, first],
                events[:, first],
            )
        else:
            cols = slice(12 * y, 12 * y + 12)
            rate, year_partner, year_events = monthly[:, cols], partner[:, cols], events[:, cols]
        # rate: euro per year until _december_and_months
        december = _year_paths(
            start,
            has_partner,
            d.shock_factor,
            d.change_month,
            d.happens,
            d.event_month,
            event_factor,
            d.partner_in & ~has_partner,
            d.in_month,
            d.partner_income,
            d.partner_out & has_partner,
            d.out_month,
            keep_share,
            rate,
            year_partner,
            year_events,
        )
        # The monthly hours shocks of those with an hours sd, in blocks of rows.
        for lo in range(0, n, ROW_BLOCK):
            a, b = np.searchsorted(shocked, lo), np.searchsorted(shocked, lo + ROW_BLOCK)
            if b > a:
                rate[shocked[a:b]] *= d.hours_factor[a:b]
        _months_in_parts(rate, d.bonus, bonus_fraction * start, year_events)
        del d
        level = december
        has_partner = year_partner[:, 11].copy()
        if y < 0 and on_history is not None:
            if pending is not None:
                pending.result()  # the history years in order; the other set is free again
            job = (year_events & (EVENT_JOB_LOSS | EVENT_JOB_START)) > 0
            job_changed = cast(np.ndarray, job.any(axis=1))  # (n,): stubs allow a scalar
            del job
            pending = in_background(
                functools.partial(on_history, y, buffers[y % len(buffers)], job_changed)
            )
    if pending is not None:
        pending.result()
    return IncomePaths(monthly=monthly, partner=partner, events=events, volatility=draws.sd)
