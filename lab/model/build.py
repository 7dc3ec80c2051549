"""The households of a run, drawn from its seed: population, traits, income history and paths.

The order of the draws is fixed (each from its own named stream): the population of the first
toeslag year with ``estimate.burn_in_years`` years of history (the draws of the income paths
start once its income types are drawn), the traits, the income paths of the history years and
the simulated years (the agency's estimate formed on the history,
:mod:`lab.model.estimate`), the adult children at home and the yearly rent rises.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from lab.households import IncomeDraws, start_income_draws
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

#: The population from which the income paths' draws start as soon as the income types are drawn
#: (:func:`draw_households`). At 6,000,000 households the population takes 3 seconds or more and
#: a build about 2 s less (issue 20); below this size the gain is a tenth of a second or less, and
#: the year's draws made among the population's arrays leave its heap more scattered: 1,000,000
#: households peaked at 0.91 GiB instead of 0.86-0.88 GiB.
EARLY_DRAWS_POPULATION = 2_000_000


def draw_households(
    config: ModelConfig, seed: int, behaviour: ValueFile, params: ValueFile
) -> tuple[Households, EstimateHistory]:
    """The households of a run of ``config`` with ``seed``, and the estimate their history gave.

    ``behaviour`` and ``params``: the behaviour and population parameters of the run.
    """
    burn_in = params.int("estimate.burn_in_years")
    # The income paths' draws need only the income types: in a very large population they start
    # beside the rest of it (their own streams, so the same numbers).
    started: list[IncomeDraws] = []
    early = config.n_households >= EARLY_DRAWS_POPULATION

    def start_draws(income_type: np.ndarray) -> None:
        started.append(start_income_draws(income_type, burn_in + config.n_years, seed, params))

    try:
        population = build_population(
            config.n_households,
            seed,
            config.year,
            params,
            history_years=burn_in,
            on_income_type=start_draws if early else None,
        )
    except BaseException:
        for draws in started:
            draws.close()
        raise
    # The traits (their own stream) are drawn beside the first income history year; the estimate
    # history needs them once that year is drawn.
    net_ratio = params.float("income.net_ratio")
    traits_later = in_background(lambda: draw_traits(population, seed, behaviour, net_ratio))
    history = EstimateHistory(population.base_income, traits_later, behaviour, seed, config.year)
    income = draw_income_paths(
        population,
        config.n_years,
        seed,
        params,
        burn_in,
        history,
        config.year,
        started[0] if started else None,
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


def draw_key(config: ModelConfig, seed: int, behaviour: ValueFile, params: ValueFile) -> tuple:
    """What :func:`draw_households` draws from: the same key, the same households bit for bit.

    The size, the first year and the number of years of ``config``, the seed, and the behaviour
    and population values (the policy arm does not enter the draws).
    """
    return (
        config.n_households,
        config.year,
        config.n_years,
        int(seed),
        repr(sorted(behaviour.values.items())),
        repr(sorted(params.values.items())),
    )


@dataclass(frozen=True)
class HouseholdDraw:
    """The households of a seed as drawn, kept for runs of other arms on the same households.

    The arms of a calibration replication share their households and every income shock (common
    random numbers): the control run keeps its draw and the other arms start from a copy of it
    instead of drawing it again. Each run gets its own copy, since a run changes some of its
    households' state (the fear, the agency's view of an adult child at home).

    ``first_awards``: what the first toeslag year works out that no arm changes, the same in
    every arm: the awards and tapers at its start (:func:`lab.model.year_start.start_year`) and
    its definitive awards (:func:`lab.model.year_end.definitive_awards`), by
    :func:`lab.model.state.first_year_once`.
    """

    key: tuple
    households: Households
    history: EstimateHistory
    first_awards: dict[str, tuple[np.ndarray, ...]] = field(default_factory=dict)

    @classmethod
    def kept(cls, key: tuple, households: Households, history: EstimateHistory) -> HouseholdDraw:
        """A copy of a run's households and history before the run changes them."""
        history.traits  # noqa: B018 - wait for the traits: the copy holds them, not a Future
        return cls(key, *_copied(households, history))

    def copy(self) -> tuple[Households, EstimateHistory]:
        """A fresh copy of the households and the history for one run."""
        return _copied(self.households, self.history)


def households_of(
    config: ModelConfig,
    seed: int,
    behaviour: ValueFile,
    params: ValueFile,
    draw: HouseholdDraw | None = None,
    keep_draw: bool = False,
) -> tuple[Households, EstimateHistory, HouseholdDraw | None]:
    """The households of a run and their history: a copy of ``draw``'s, or drawn.

    Also the draw the run shares with other arms: ``draw``, or with ``keep_draw`` a copy of the
    households as drawn. A draw of other households (another key) is refused.
    """
    key = draw_key(config, seed, behaviour, params)
    if draw is not None and draw.key != key:
        raise ValueError(
            "the households given were drawn for another seed, size, years or parameters"
        )
    if draw is not None:
        households, history = draw.copy()
    else:
        households, history = draw_households(config, seed, behaviour, params)
    if keep_draw:
        draw = HouseholdDraw.kept(key, households, history)
    return households, history, draw


def _copied(households: Households, history: EstimateHistory) -> tuple[Any, Any]:
    households, history = copy.deepcopy((households, history))
    # The fear at the start and the fear now are one array until the first settlement
    # (draw_households): the copy keeps them one, and read-only.
    households.traits.fear.flags.writeable = False
    return households, history
