"""Reporting a change (lab.households.reporting): the rule as docs/model.md states it."""

import numpy as np

from lab.households.reporting import reporting_rates
from lab.model.reports import project_and_report
from lab.valuefile import load_named

B = load_named("behaviour")


def test_a_household_reports_a_noticed_change_at_its_rate_times_the_fall_factor_for_a_fall():
    rng = np.random.default_rng(3)
    n = 200_000
    income = np.full((n, 12), 1000.0)  # a projection of 12,000 in every month
    estimate = 12_000.0 / (1.0 + rng.normal(0.0, 0.2, n))
    applied = rng.random(n) < 0.8
    attention = rng.random(n)
    u = rng.random(n)
    projection = np.empty(n)
    got = project_and_report(
        income, 0, 11, estimate, projection, applied, attention, u, *reporting_rates(B)
    )
    gap = (projection - estimate) / estimate
    rate = attention * B.float("reporting.monthly_rate")
    rate = np.where(gap < 0, rate * B.float("reporting.fall_factor"), rate)
    expected = applied & (np.abs(gap) > B.float("reporting.tolerance")) & (u < rate)
    np.testing.assert_array_equal(got, expected)
    assert (expected & (gap > 0)).any() and (expected & (gap < 0)).any()


def test_the_projection_is_the_months_so_far_plus_the_last_month_for_the_rest():
    rng = np.random.default_rng(4)
    income = rng.uniform(1000.0, 3000.0, (500, 24))
    estimate = rng.uniform(10_000.0, 40_000.0, 500)
    projection = np.empty(500)
    everyone, attention = np.ones(500, dtype=bool), np.ones(500)
    u = rng.random(500)
    rates = (B.float("reporting.tolerance"), 1.0, 1.0)  # everyone who notices reports
    reported = project_and_report(
        income, 12, 5, estimate, projection, everyone, attention, u, *rates
    )
    expected = income[:, 12:17].sum(axis=1) + 7 * income[:, 16]
    np.testing.assert_array_equal(projection, expected)
    gap = (expected - estimate) / estimate
    np.testing.assert_array_equal(reported, np.abs(gap) > rates[0])
