"""The end of a toeslag year: the definitive award, the household's experience, the DT's plan.

After December the award on the actual income (the household's, an adult child's at home for
the huurtoeslag, and the rent after the yearly rise) is known
and the year is settled (:meth:`lab.awir.year.AwirYear.settle`); the experience of a
terugvordering or nabetaling changes the household's fear of the agency
(:func:`lab.households.behaviour.update_fear`). At the DT the household pays a terugvordering at
once when it can (:meth:`lab.model.budget.Budget.pays_at_once`), otherwise in the standard
arrangement.
"""

from __future__ import annotations

import numpy as np

from lab.awir.settlement import HAD_HIGH_RECOVERY, HAD_NABETALING, HAD_TERUGVORDERING
from lab.households.behaviour import update_fear
from lab.households.coresidents import actual
from lab.households.rent import new_rent_share
from lab.households.year_awards import year_awards
from lab.model.model_year import ModelYear
from lab.model.state import ModelState, first_year_once


def definitive_awards(model: ModelState, year: ModelYear) -> np.ndarray:
    """(n, T) the awards on the year's actual income, household and rent, euro per year.

    An adult child at home counts with its actual yearly income for its months at home
    (:mod:`lab.households.coresidents`).
    """
    y = year.index

    def work() -> tuple[np.ndarray]:
        share = new_rent_share(model.population_params)
        income, partner = model.income.annual(y), model.income.partner_at_year_end(y)
        coresident = actual(model.coresidents)
        hh = model.households
        return (year_awards(hh, year.params, y, income, partner, None, share, coresident),)

    # No arm changes the first year's actual facts.
    return first_year_once(model, y, "definitive", work)[0]


def experience(model: ModelState, year: ModelYear) -> None:
    """Update fear after the settlement of ``year`` (any toeslag)."""
    flags = year.settled_flags
    assert flags is not None  # set by the settlement
    traits = model.traits
    traits.fear = update_fear(
        traits.fear,
        (flags & HAD_TERUGVORDERING) > 0,
        (flags & HAD_HIGH_RECOVERY) > 0,
        (flags & HAD_NABETALING) > 0,
        model.behaviour,
    )


def collection_plan(model: ModelState, year: ModelYear) -> np.ndarray:
    """(debtors, T) the instalment of each debt of ``year.debtors``, euro per month.

    All at once when the household can, else the standard arrangement's; the debts paid in terms
    are marked in ``year.arrangement``.
    """
    debtors = year.debtors
    due = year.debtor_due
    lump = model.budget.pays_at_once(due, debtors)
    year.arrangement[debtors] = ~lump & (due > 0)
    return np.where(lump, due, year.standard_instalment(due))
