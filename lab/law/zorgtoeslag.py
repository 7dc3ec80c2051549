"""Zorgtoeslag: the standard premium minus the normpremie the household is expected to pay itself.

``normpremie = p * D + r * max(0, Y - D)`` and ``toeslag = max(0, k * S - normpremie)``, with
``k = 2`` and the partner percentage ``p`` for a household with a toeslagpartner (joint income
``Y``) (Wet op de zorgtoeslag, BWBR0018451, art. 2).

The rule is one compiled scalar function of one household (:func:`award`); the four awards of a
whole population are computed by one compiled loop over the households
(:func:`lab.law.awards.award_table`), which calls it.
"""

from __future__ import annotations

from typing import NamedTuple

import numba

from lab.law.parameters import YearParams


class Parameters(NamedTuple):
    """The zorgtoeslag parameters of one year as the compiled rule reads them (euro per year)."""

    standaardpremie: float
    drempelinkomen: float
    normpremie_pct_single: float
    normpremie_pct_partner: float
    normpremie_pct_above_drempel: float
    vermogensgrens_single: float
    vermogensgrens_partner: float


def parameters(params: YearParams) -> Parameters:
    """The year's zorgtoeslag parameters (section ``zorgtoeslag`` of the law parameter file)."""
    zt = params.zorgtoeslag
    return Parameters(*(float(getattr(zt, name)) for name in Parameters._fields))


@numba.njit(cache=True, nogil=True)
def award(zt: Parameters, income: float, partner: bool) -> float:
    """Zorgtoeslag of one household before the common Awir rules, euro per year (>= 0).

    Args:
        zt: the year's parameters (:func:`parameters`).
        income: toetsingsinkomen, joint with the toeslagpartner, euro per year.
        partner: the household has a toeslagpartner.
    """
    pct = zt.normpremie_pct_partner if partner else zt.normpremie_pct_single
    premiums = (2.0 if partner else 1.0) * zt.standaardpremie
    normpremie = pct * zt.drempelinkomen + zt.normpremie_pct_above_drempel * max(
        income - zt.drempelinkomen, 0.0
    )
    return max(premiums - normpremie, 0.0)
