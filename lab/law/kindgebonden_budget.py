"""Kindgebonden budget: amounts per child, the alleenstaande-ouderkop, minus the income afbouw.

``KGB = sum over children (amount of the child's rank + extra 12-15 + extra 16-17) + kop (no
partner) - afbouw * max(0, Y - threshold)``, threshold for a single parent or a couple (Wet op het
kindgebonden budget, BWBR0022751, art. 2). From 2024 every child has the same amount; before 2024
art. 2(2) gave a maximum for one, two and three children and an amount for each further child,
held here as the amount of the first, second, third and each further child. From 2027 the afbouw
has a second knikpunt above which a higher percentage applies.

The rule is one compiled scalar function of one household (:func:`award`), called for every
household by :func:`lab.law.awards.award_table`.
"""

from __future__ import annotations

import math
from typing import Any, NamedTuple

import numba
import numpy as np

from lab.law.parameters import YearParams


class Parameters(NamedTuple):
    """The kindgebonden budget parameters of one year as the compiled rule reads them.

    Amounts in euro per year; ``bedrag_tweede_kind``, ``bedrag_derde_kind`` and
    ``bedrag_volgend_kind`` equal ``bedrag_per_kind`` in a year with one amount per child;
    ``afbouw_knikpunt`` is infinite and ``afbouw_pct_boven_knikpunt``
    equals ``afbouw_pct`` in a year without a second knikpunt.
    """

    bedrag_per_kind: float
    extra_12_15: float
    extra_16_17: float
    alleenstaande_ouderkop: float
    drempel_single: float
    drempel_partner: float
    afbouw_pct: float
    max_child_age: int
    vermogensgrens_single: float
    vermogensgrens_partner: float
    afbouw_knikpunt: float
    afbouw_pct_boven_knikpunt: float
    bedrag_tweede_kind: float
    bedrag_derde_kind: float
    bedrag_volgend_kind: float


def parameters(params: YearParams) -> Parameters:
    """The year's parameters (section ``kindgebonden_budget`` of the law parameter file)."""
    kgb = params.kindgebonden_budget
    values = {name: getattr(kgb, name) for name in Parameters._fields}
    if kgb.afbouw_knikpunt is None:
        values["afbouw_knikpunt"] = math.inf
    if kgb.afbouw_pct_boven_knikpunt is None:
        values["afbouw_pct_boven_knikpunt"] = kgb.afbouw_pct
    for name in ("bedrag_tweede_kind", "bedrag_derde_kind", "bedrag_volgend_kind"):
        if values[name] is None:
            values[name] = kgb.bedrag_per_kind
    fields: dict[str, Any] = {
        name: int(v) if name == "max_child_age" else float(v) for name, v in values.items()
    }
    return Parameters(**fields)


@numba.njit(cache=True, nogil=True)
def award(kgb: Parameters, income: float, partner: bool, child_ages: np.ndarray) -> float:
    """Kindgebonden budget of one household before the common Awir rules, euro per year (>= 0).

    Children count from age 0 up to ``max_child_age`` (17) on 1 January. A household without
    such a child gets 0. The n-th child counted gets the amount of rank n (first, second, third,
    further; art. 2(2) before 2024); the age extras are per child.

    Args:
        kgb: the year's parameters (:func:`parameters`).
        income: toetsingsinkomen, joint with the toeslagpartner, euro per year.
        partner: the household has a toeslagpartner.
        child_ages: the age of each child slot (-1 = no child).
    """
    amount = 0.0
    rank = 0
    for age in child_ages:
        if 0 <= age <= kgb.max_child_age:
            rank += 1
            if rank == 1:
                base = kgb.bedrag_per_kind
            elif rank == 2:
                base = kgb.bedrag_tweede_kind
            elif rank == 3:
                base = kgb.bedrag_derde_kind
            else:
                base = kgb.bedrag_volgend_kind
            amount += (
                base
                + kgb.extra_12_15 * (1.0 if 12 <= age <= 15 else 0.0)
                + kgb.extra_16_17 * (1.0 if 16 <= age <= 17 else 0.0)
            )
    if rank == 0:
        return 0.0
    amount = amount + (0.0 if partner else kgb.alleenstaande_ouderkop)
    threshold = kgb.drempel_partner if partner else kgb.drempel_single
    knik = kgb.afbouw_knikpunt
    afbouw = kgb.afbouw_pct * max(min(income, knik) - threshold, 0.0) + (
        kgb.afbouw_pct_boven_knikpunt * max(income - max(knik, threshold), 0.0)
    )
    return max(amount - afbouw, 0.0)
