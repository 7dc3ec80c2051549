"""What an intervention is: a small module the model's month loop calls in a fixed order.

An intervention (the agency's letters, muteren, outreach, or the next one a researcher adds) is a
class with its own configuration fields and two hooks, both optional:

- :meth:`Intervention.at_year_start` may change what households see when they decide on take-up
  (:class:`YearStart`);
- :meth:`Intervention.in_month` may add households to the month's reports of income changes
  (:class:`MonthReports`); interventions run in the order of ``lab.policy.interventions``, and a
  later one sees what an earlier one did (muteren acts on the households the letters reached).

How a household reacts is a behaviour decision and stays in :mod:`lab.households.behaviour`.

An *observer* is an intervention that only reads: a caller passes it to the model
(``ToeslagenModel(..., observers=...)``, the calibration's letter candidates) and it sees each
month's reports before any intervention acts on them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from lab.households.behaviour import Traits
from lab.valuefile import ValueFile


@dataclass
class YearStart:
    """What interventions may change at the start of toeslag year ``year`` (0 = the first).

    ``outreach``: eligible non-users got a proactive letter (raises take-up).
    """

    year: int
    outreach: bool = False


@dataclass
class MonthReports:
    """The reports of income changes in calendar ``month`` (1..11) of toeslag year ``year``.

    Attributes:
        seed: the run's seed (interventions draw from their own named streams).
        year: toeslag year index (0 = the first simulated year).
        month: calendar month of the report; the new voorschot holds from the next term.
        projection: (n,) the household's yearly income as it looks now, euro per year.
        estimate: (n,) the estimate the voorschot runs on, euro per year.
        applied: (n,) the household receives at least one toeslag.
        income_type: (n,) income type codes (lab.households.population).
        traits: the households' traits.
        behaviour: the behaviour parameters.
        report: (n,) households whose estimate is brought to the projection this month (by their
            own report or by an intervention); interventions add to it.
        written: (n,) households that got a letter this month.
        reacted: (n,) households that reported because of the letter.
        letter_draws: (n, 2) the letters' uniform draws (reaction, mutation); None without letters.
    """

    seed: int
    year: int
    month: int
    projection: np.ndarray
    estimate: np.ndarray
    applied: np.ndarray
    income_type: np.ndarray
    traits: Traits
    behaviour: ValueFile
    report: np.ndarray
    written: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    reacted: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    letter_draws: np.ndarray | None = None


class Intervention:
    """Base of the interventions: both hooks do nothing; subclasses override what they need.

    ``fields`` names the run configuration fields (``ModelConfig``) the intervention reads;
    :meth:`from_config` returns the intervention, or None when the run does not use it.
    """

    fields: tuple[str, ...] = ()

    @classmethod
    def from_config(cls, config: Any) -> Intervention | None:  # pragma: no cover - abstract
        """The intervention as ``config`` sets it, or None when it is off."""
        raise NotImplementedError

    def at_year_start(self, start: YearStart) -> None:
        """Change what households see at the start of a year (default: nothing)."""

    def in_month(self, reports: MonthReports) -> None:
        """Act on the month's reports of income changes (default: nothing)."""
