"""Kindgebonden budget: amounts per child, the alleenstaande-ouderkop, minus the income afbouw.

``KGB = sum over children (base + extra 12-15 + extra 16-17) + kop (no partner)
- afbouw * max(0, Y - threshold)``, threshold for a single parent or a couple (Wet op het
kindgebonden budget, BWBR0022751, art. 2). From 2027 the afbouw has a second knikpunt above which a
higher percentage applies.
"""

from __future__ import annotations

import numpy as np

from lab.law.parameters import YearParams
from lab.law.situation import Situation


def award(params: YearParams, situation: Situation) -> np.ndarray:
    """Kindgebonden budget before the common Awir rules, euro per year (float, >= 0).

    Children count from age 0 up to ``max_child_age`` (17) on 1 January. Households without such
    a child get 0.

    Args:
        params: the year's parameters (section ``kindgebonden_budget``).
        situation: households; reads ``income``, ``has_partner`` and ``child_ages``.
    """
    kgb = params.kindgebonden_budget
    ages = situation.child_ages
    child = (ages >= 0) & (ages <= kgb.max_child_age)
    per_child = (
        kgb.bedrag_per_kind
        + kgb.extra_12_15 * ((ages >= 12) & (ages <= 15))
        + kgb.extra_16_17 * ((ages >= 16) & (ages <= 17))
    )
    amount = np.where(child, per_child, 0.0).sum(axis=1)
    has_child = child.any(axis=1)
    amount = amount + np.where(has_child & ~situation.has_partner, kgb.alleenstaande_ouderkop, 0.0)
    threshold = np.where(situation.has_partner, kgb.drempel_partner, kgb.drempel_single)
    knik = np.inf if kgb.afbouw_knikpunt is None else kgb.afbouw_knikpunt
    pct_above = (
        kgb.afbouw_pct if kgb.afbouw_pct_boven_knikpunt is None else kgb.afbouw_pct_boven_knikpunt
    )
    y = situation.income
    afbouw = kgb.afbouw_pct * np.maximum(np.minimum(y, knik) - threshold, 0.0) + pct_above * (
        np.maximum(y - np.maximum(knik, threshold), 0.0)
    )
    return np.where(has_child, np.maximum(amount - afbouw, 0.0), 0.0)


def vermogensgrens(params: YearParams, situation: Situation) -> np.ndarray:
    """The vermogen limit on 1 January for each household, euro."""
    kgb = params.kindgebonden_budget
    return np.where(situation.has_partner, kgb.vermogensgrens_partner, kgb.vermogensgrens_single)
