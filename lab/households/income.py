"""Monthly income paths over the simulated toeslag years.

All shocks are drawn when the population is built, from the ``income`` stream of the run's seed, so
every arm of an experiment sees the same lives (common random numbers). Before the first year:

- the income level at the start differs from ``Population.base_income`` (the income the agency's
  estimate is based on) by a log gap (``start_gap_mean``, ``start_gap_sd``), so the estimate can be
  too high as well as too low from the start.

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

from dataclasses import dataclass

import numpy as np

from lab.households.population import INCOME_TYPES, WAGE_TYPES, Population
from lab.households.streams import stream
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


def _event_mask(
    rng: np.random.Generator, rate: np.ndarray, n: int
) -> tuple[np.ndarray, np.ndarray]:
    """Who has an event this year, and in which month (1..12)."""
    happens = rng.random(n) < rate
    month = rng.integers(1, 13, size=n)
    return happens, month


def draw_income_paths(
    population: Population, n_years: int, seed: int, params: ValueFile | None = None
) -> IncomePaths:
    """Draw the monthly incomes of ``n_years`` toeslag years for every household."""
    p = params or load_named("population")
    rng = stream(seed, "income")
    n = population.n
    k = len(INCOME_TYPES)
    t = population.income_type
    months = np.arange(1, 13)[None, :]
    wage = np.isin(t, WAGE_TYPES)
    scale = p.float("income_process.volatility_scale")
    sd = scale * p.floats("income_process.individual_sd", k)[t]
    hours_sd = scale * p.floats("income_process.hours_sd", k)[t]

    monthly = np.empty((n, 12 * n_years), dtype=np.float64)
    partner = np.empty((n, 12 * n_years), dtype=bool)
    events = np.zeros((n, 12 * n_years), dtype=np.uint8)
    # New events draw from their own stream, so the draws of the others do not move with them.
    extra = stream(seed, "income_events")
    gap = p.float("income_process.start_gap_mean") + p.float(
        "income_process.start_gap_sd"
    ) * extra.standard_normal(n)
    level = population.base_income * np.exp(gap)
    has_partner = population.has_partner.copy()
    for y in range(n_years):
        macro = (
            p.float("income_process.wage_growth_mean")
            + p.float("income_process.wage_growth_sd") * rng.standard_normal()
        )
        growth = np.where(wage, macro, p.float("income_process.benefit_indexation"))
        start = level * np.exp(growth)

        big = rng.random(n) < p.float("income_process.big_shock_share")
        z = rng.standard_normal(n)
        eps = np.where(
            big,
            p.float("income_process.big_shock_mean")
            + p.float("income_process.big_shock_scale") * sd * z,
            sd * z,
        )
        change_month = rng.integers(1, 13, size=n)
        after = months >= change_month[:, None]
        rate = np.where(after, (start * np.exp(eps))[:, None], start[:, None])
        ev = np.where(after & (months == change_month[:, None]), EVENT_CHANGE, 0).astype(np.uint8)

        for rate_key, size in (
            ("hours_cut_rate", -p.float("income_process.hours_cut_size")),
            ("pay_rise_rate", p.float("income_process.pay_rise_size")),
        ):
            happens, month = _event_mask(extra, p.floats(f"income_process.{rate_key}", k)[t], n)
            hit = happens[:, None] & (months >= month[:, None])
            rate = np.where(hit, rate * (1.0 + size), rate)
            ev |= np.where(happens[:, None] & (months == month[:, None]), EVENT_CHANGE, 0).astype(
                np.uint8
            )

        loss, loss_m = _event_mask(rng, p.floats("income_process.job_loss_rate", k)[t], n)
        hit = loss[:, None] & (months >= loss_m[:, None])
        rate = np.where(hit, rate * p.float("income_process.replacement_rate"), rate)
        ev |= np.where(loss[:, None] & (months == loss_m[:, None]), EVENT_JOB_LOSS, 0).astype(
            np.uint8
        )

        job, job_m = _event_mask(rng, p.floats("income_process.job_start_rate", k)[t], n)
        hit = job[:, None] & (months >= job_m[:, None])
        rate = np.where(hit, rate * p.float("income_process.job_start_gain"), rate)
        ev |= np.where(job[:, None] & (months == job_m[:, None]), EVENT_JOB_START, 0).astype(
            np.uint8
        )

        rate_in = np.where(has_partner, 0.0, p.float("income_process.partner_in_rate"))
        p_in, in_m = _event_mask(rng, rate_in, n)
        partner_income = p.float("income_process.partner_income_median") * np.exp(
            p.float("income_process.partner_income_log_sd") * rng.standard_normal(n)
        )
        hit_in = p_in[:, None] & (months >= in_m[:, None])
        rate = rate + np.where(hit_in, partner_income[:, None], 0.0)
        rate_out = np.where(has_partner, p.float("income_process.partner_out_rate"), 0.0)
        p_out, out_m = _event_mask(rng, rate_out, n)
        hit_out = p_out[:, None] & (months >= out_m[:, None])
        rate = np.where(
            hit_out, rate * (1.0 - p.float("income_process.partner_income_share")), rate
        )
        ev |= np.where(p_in[:, None] & (months == in_m[:, None]), EVENT_PARTNER_IN, 0).astype(
            np.uint8
        )
        ev |= np.where(p_out[:, None] & (months == out_m[:, None]), EVENT_PARTNER_OUT, 0).astype(
            np.uint8
        )
        partner_y = np.where(hit_in, True, np.where(hit_out, False, has_partner[:, None]))

        regular_december = rate[:, 11].copy()
        h = hours_sd[:, None] * rng.standard_normal((n, 12))
        rate = rate * np.exp(h - hours_sd[:, None] ** 2 / 2)
        bonus = rng.random(n) < p.floats("income_process.bonus_share", k)[t]
        rate[:, 11] += np.where(bonus, p.float("income_process.bonus_fraction") * start, 0.0)
        ev[:, 11] |= np.where(bonus, EVENT_BONUS, 0).astype(np.uint8)

        cols = slice(12 * y, 12 * y + 12)
        monthly[:, cols] = rate / 12.0
        partner[:, cols] = partner_y
        events[:, cols] = ev
        level = regular_december
        has_partner = partner_y[:, 11]
    return IncomePaths(monthly=monthly, partner=partner, events=events, volatility=sd)
