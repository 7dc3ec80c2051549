"""What the phases of a toeslag year read and write of a running model.

The phases (``year_start``, ``reports``, ``year_end``, ``results``) and the agent view take the
model as a :class:`ModelState`: the households (:class:`lab.households.state.Households`), the
run's settings and parameters, the estimate in force and the years opened so far. The
``mesa.Model`` subclass (:class:`lab.model.toeslagen_model.ToeslagenModel`) is one; the phases
do not import it, so the model loop has no import circle.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

import mesa
import numpy as np

from lab.households.behaviour import Traits
from lab.households.coresidents import Coresidents
from lab.households.income import IncomePaths
from lab.households.population import Population
from lab.households.state import Households
from lab.law.parameters import YearParams
from lab.model.budget import Budget
from lab.model.config import ModelConfig
from lab.model.model_year import ModelYear
from lab.policy.intervention import Intervention
from lab.valuefile import ValueFile


class SharedDraw(Protocol):
    """What the arms of a seed share beside their households (a ``HouseholdDraw``).

    The first year's awards and tapers at its start and its definitive awards, by name, once
    worked out (:func:`first_year_once`; :mod:`lab.model.build`).
    """

    first_awards: dict[str, tuple[np.ndarray, ...]]


class ModelState(Protocol):
    """A running model as its phases see it.

    ``household_estimate`` (n,): the estimate in force, euro per year; ``income_before`` (n,):
    the toetsingsinkomen of the year before the first toeslag year, euro per year;
    ``applied_before`` (n, T): who received each toeslag last year.
    """

    config: ModelConfig
    run_seed: int
    n: int
    behaviour: ValueFile
    population_params: ValueFile
    year_params: list[YearParams]
    households: Households
    budget: Budget
    interventions: list[Intervention]
    observers: list[Intervention]
    years: list[ModelYear]
    household_estimate: np.ndarray
    income_before: np.ndarray
    applied_before: np.ndarray
    datacollector: mesa.DataCollector
    #: The households as drawn, shared with other arms of the seed (or None).
    draw: SharedDraw | None

    @property
    def population(self) -> Population:
        """The households at the start of the first toeslag year (``households.population``)."""
        ...

    @property
    def traits(self) -> Traits:
        """Their traits, with the fear now (``households.traits``)."""
        ...

    @property
    def income(self) -> IncomePaths:
        """Their income paths over the simulated years (``households.income``)."""
        ...

    @property
    def coresidents(self) -> Coresidents:
        """The adult children at home (``households.coresidents``)."""
        ...

    def history_of(self, index: int) -> list[dict[str, Any]]:
        """Month-by-month history of one household (when kept)."""
        ...


def first_year_once(
    model: ModelState, y: int, name: str, work: Callable[[], tuple[np.ndarray, ...]]
) -> tuple[np.ndarray, ...]:
    """``work()`` in toeslag year ``y``: in the first year once for the arms sharing ``model.draw``.

    For what no arm changes (the first year's awards): the first run to ask keeps a copy under
    ``name``, every later run of the draw gets its own copy of it; the same arrays bit for bit.
    """
    shared = model.draw.first_awards if y == 0 and model.draw is not None else None
    if shared is not None and name in shared:
        return tuple(a.copy() for a in shared[name])
    out = work()
    if shared is not None:
        shared[name] = tuple(a.copy() for a in out)
    return out
