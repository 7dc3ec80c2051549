"""The households of a run, drawn from its seed: population, traits, income history and paths.

The order of the draws is fixed (each from its own named stream): the population of the first
toeslag year with ``estimate.burn_in_years`` years of history, the traits, the income paths of
the history years and the simulated years (the agency's estimate formed on the history,
:mod:`lab.model.estimate`), the adult children at home and the yearly rent rises.
"""

from __future__ import annotations

from lab.households.behaviour import draw_traits
from lab.households.coresidents import draw_coresidents
from lab.households.income import draw_income_paths
from lab.households.population import build_population
from lab.households.rent import yearly_rises
from lab.households.state import Households
from lab.model.config import ModelConfig
from lab.model.estimate import EstimateHistory
from lab.rows import in_background
from lab.valuefile import ValueFile


def draw_households(
    config: ModelConfig, seed: int, behaviour: ValueFile, params: ValueFile
) -> tuple[Households, EstimateHistory]:
    """The households of a run of ``config`` with ``seed``, and the estimate their history gave.

    ``behaviour`` and ``params``: the behaviour and population parameters of the run.
    """
    burn_in = params.int("estimate.burn_in_years")
    population = build_population(
        config.n_households, seed, config.year, params, history_years=burn_in
    )
    # The traits (their own stream) are drawn beside the first income history year; the estimate
    # history needs them once that year is drawn.
    net_ratio = params.float("income.net_ratio")
    traits_later = in_background(lambda: draw_traits(population, seed, behaviour, net_ratio))
    history = EstimateHistory(population.base_income, traits_later, behaviour, seed, config.year)
    income = draw_income_paths(
        population, config.n_years, seed, params, burn_in, history, config.year
    )
    traits = traits_later.result()
    # The fear at the start is kept as drawn: a year's experience gives traits.fear a new array
    # (lab.model.year_end), so the two share it until then (read-only, so neither changes it).
    traits.fear.flags.writeable = False
    households = Households(
        population,
        traits,
        income,
        draw_coresidents(population, seed, params),
        yearly_rises(config.year, config.n_years, params),
        traits.fear,
    )
    return households, history
