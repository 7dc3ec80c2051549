"""The voorschot choice is a multinomial logit over the offered percentages.

As the taste-noise scale goes to zero it becomes the best-of-grid choice; the instelbaar
distribution moves smoothly with the scale (the same uniforms at every scale).
"""

import numpy as np
import pytest

from lab.households.behaviour import choice_utility, choose_percentage, draw_traits
from lab.households.population import build_population
from lab.valuefile import load_named

GRID = np.round(np.arange(0.70, 1.0001, 0.05), 4)
HIGH = 500.0


@pytest.fixture(scope="module")
def households():
    b = load_named("behaviour")
    pop = build_population(4_000, seed=7, year=2026)
    traits = draw_traits(pop, seed=7, b=b, net_ratio=0.82)
    rng = np.random.default_rng(3)
    award = rng.uniform(300.0, 4_000.0, size=(pop.n, 4))
    slope = rng.uniform(0.05, 0.35, size=(pop.n, 4))
    income_sd = traits.perceived_volatility * pop.base_income
    return award, slope, income_sd, traits, b


def best_of_grid(options, award, slope, income_sd, traits, b):
    """Today's rule, written out: the option with the highest utility (highest % on a tie)."""
    best = np.full(award.shape, np.nan)
    best_u = np.full(award.shape, -np.inf)
    for option in sorted(options, reverse=True):
        u = choice_utility(option, award, slope, income_sd, traits, b, HIGH)
        better = u > best_u
        best = np.where(better, option, best)
        best_u = np.where(better, u, best_u)
    return best


def shares(chosen):
    return np.array([(np.isclose(chosen, g)).mean() for g in GRID])


def test_logit_becomes_best_of_grid_as_the_noise_goes_to_zero(households):
    award, slope, income_sd, traits, b = households
    best = best_of_grid(GRID, award, slope, income_sd, traits, b)
    exact = choose_percentage(GRID, award, slope, income_sd, traits, b, HIGH, scale=0.0)
    np.testing.assert_array_equal(exact, best)
    agreement = [
        np.mean(choose_percentage(GRID, award, slope, income_sd, traits, b, HIGH, scale=s) == best)
        for s in (50.0, 10.0, 1.0, 0.1, 0.001)
    ]
    assert agreement == sorted(agreement)
    assert agreement[0] < 0.9
    assert agreement[-1] > 0.999


def test_instelbaar_distribution_changes_smoothly_with_the_noise_scale(households):
    award, slope, income_sd, traits, b = households

    def dist(scale):
        return shares(choose_percentage(GRID, award, slope, income_sd, traits, b, HIGH, scale))

    base = dist(40.0)
    steps = [0.1, 1.0, 5.0, 20.0]
    distance = [0.5 * np.abs(dist(40.0 + step) - base).sum() for step in steps]
    assert distance == sorted(distance)
    assert distance[0] < 0.005
    assert distance[-1] > 0.02
    scales = np.linspace(5.0, 100.0, 20)
    curve = np.array([dist(s) for s in scales])
    jumps = 0.5 * np.abs(np.diff(curve, axis=0)).sum(axis=1)
    assert jumps.max() < 0.08


def test_more_noise_spreads_the_choices_over_the_grid(households):
    award, slope, income_sd, traits, b = households

    def entropy(scale):
        p = shares(choose_percentage(GRID, award, slope, income_sd, traits, b, HIGH, scale))
        p = p[p > 0]
        return float(-(p * np.log(p)).sum())

    assert entropy(0.0) < entropy(30.0) < entropy(300.0)


def test_one_option_is_taken_by_everyone(households):
    award, slope, income_sd, traits, b = households
    chosen = choose_percentage(np.array([1.0]), award, slope, income_sd, traits, b, HIGH, 50.0)
    assert np.all(chosen == 1.0)
