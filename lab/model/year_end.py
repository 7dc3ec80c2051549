"""The end of a toeslag year: the definitive award, the household's experience, the DT's plan.

After December the award on the actual income is known and the year is settled
(:meth:`lab.awir.year.AwirYear.settle`); the experience of a terugvordering or nabetaling changes
the household's fear of the agency (:func:`lab.households.behaviour.update_fear`). At the DT the
household pays a terugvordering at once when it can (:meth:`lab.model.budget.Budget.pays_at_once`),
otherwise in the standard arrangement.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from lab.households.behaviour import update_fear

if TYPE_CHECKING:
    from lab.model.toeslagen_model import ToeslagenModel
    from lab.model.year_start import ModelYear


def definitive_awards(model: ToeslagenModel, year: ModelYear) -> np.ndarray:
    """(n, T) the awards on the year's actual income and household, euro per year."""
    y = year.index
    return model.awards(y, model.income.annual(y), model.income.partner_at_year_end(y))


def experience(model: ToeslagenModel, year: ModelYear) -> None:
    """Update fear after the settlement of ``year`` (any toeslag)."""
    s = year.settlement
    model.fear = update_fear(
        model.fear,
        (s["terugvordering"] > 0).any(axis=1),
        (s["high_recovery"] > 0).any(axis=1),
        (s["nabetaling"] > 0).any(axis=1),
        model.behaviour,
    )
    model.traits.fear = model.fear


def collection_plan(model: ToeslagenModel, year: ModelYear) -> np.ndarray:
    """(n, T) the instalment of each debt from the due date: all at once or the standard one."""
    due = year.due
    lump = model.budget.pays_at_once(due)
    year.arrangement = ~lump & (due > 0)
    return np.where(lump, due, year.standard_instalment())
