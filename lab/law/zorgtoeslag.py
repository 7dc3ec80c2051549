"""Zorgtoeslag: the standard premium minus the normpremie the household is expected to pay itself.

``normpremie = p * D + r * max(0, Y - D)`` and ``toeslag = max(0, k * S - normpremie)``, with
``k = 2`` and the partner percentage ``p`` for a household with a toeslagpartner (joint income
``Y``).
"""

from __future__ import annotations

import numpy as np

from lab.law.parameters import YearParams
from lab.law.situation import Situation


def award(params: YearParams, situation: Situation) -> np.ndarray:
    """Zorgtoeslag before the common Awir rules, euro per year (float, >= 0).

    Args:
        params: the year's parameters (section ``zorgtoeslag``).
        situation: households; reads ``income`` (joint, euro/yr) and ``has_partner``.
    """
    zt = params.zorgtoeslag
    partner = situation.has_partner
    pct = np.where(partner, zt.normpremie_pct_partner, zt.normpremie_pct_single)
    premiums = np.where(partner, 2.0, 1.0) * zt.standaardpremie
    normpremie = pct * zt.drempelinkomen + zt.normpremie_pct_above_drempel * np.maximum(
        situation.income - zt.drempelinkomen, 0.0
    )
    return np.maximum(premiums - normpremie, 0.0)


def vermogensgrens(params: YearParams, situation: Situation) -> np.ndarray:
    """The vermogen limit on 1 January for each household, euro."""
    zt = params.zorgtoeslag
    return np.where(situation.has_partner, zt.vermogensgrens_partner, zt.vermogensgrens_single)
