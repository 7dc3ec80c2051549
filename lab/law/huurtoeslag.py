"""Huurtoeslag: the part of the rent above the basishuur, in slices up to the KKG, the AG and above.

Per month, with R the rent counted (rekenhuur) and B the basishuur:
``1.00*(min(R,KKG) - B)+ + 0.65*(min(R,AG) - max(KKG,B))+ + 0.40*(R - max(AG,B))+``.

* Up to 2025 (``structure = "quadratic"``): ``B = max(min_basishuur, a*Y^2 + b*Y + taakstelling)``;
  R includes at most 48 euro service costs; above the maximale huurgrens no huurtoeslag.
* From 2026 (``structure = "linear"``): B is fixed, the income enters as a linear part
  ``pct * max(0, Y - ijkpunt) / 12`` subtracted from the slices; no service costs; the maximale
  huurgrens only caps the rent counted.
"""

from __future__ import annotations

import numpy as np

from lab.law.parameters import HuurtoeslagQuadratic, YearParams
from lab.law.situation import Situation

MONTHS = 12


def basishuur(params: YearParams, situation: Situation) -> np.ndarray:
    """The basishuur each household pays itself, euro per month."""
    ht = params.huurtoeslag
    multi = situation.n_persons >= 2
    if isinstance(ht, HuurtoeslagQuadratic):
        y = situation.income
        a = np.where(multi, ht.factor_a_multi, ht.factor_a_single)
        b = np.where(multi, ht.factor_b_multi, ht.factor_b_single)
        minimum = np.where(multi, ht.min_basishuur_multi, ht.min_basishuur_single)
        return np.maximum(minimum, a * y * y + b * y + ht.taakstellingsbedrag)
    return np.where(multi, ht.basishuur_multi, ht.basishuur_single)


def income_part(params: YearParams, situation: Situation) -> np.ndarray:
    """The linear income part of the 2026 structure, euro per month (0 up to 2025)."""
    ht = params.huurtoeslag
    if isinstance(ht, HuurtoeslagQuadratic):
        return np.zeros(situation.n)
    multi = situation.n_persons >= 2
    pct = np.where(multi, ht.income_pct_multi, ht.income_pct_single)
    ijkpunt = np.where(multi, ht.income_ijkpunt_multi, ht.income_ijkpunt_single)
    return pct * np.maximum(situation.income - ijkpunt, 0.0) / MONTHS


def award(params: YearParams, situation: Situation) -> np.ndarray:
    """Huurtoeslag before the common Awir rules, euro per year (float, >= 0).

    Args:
        params: the year's parameters (section ``huurtoeslag``).
        situation: households; reads ``income``, ``rent``, ``service_costs``, ``n_persons``,
            ``child_ages`` and ``applicant_age`` (youth rule; ``None`` = no young households).
    """
    ht = params.huurtoeslag
    renting = situation.rent > 0
    rekenhuur = situation.rent + np.minimum(situation.service_costs, ht.max_service_costs)
    eligible = renting
    if ht.max_huur_is_eligibility:
        eligible = eligible & (rekenhuur <= ht.maximale_huurgrens)
    else:
        rekenhuur = np.minimum(rekenhuur, ht.maximale_huurgrens)
    if situation.applicant_age is not None:
        young = (situation.applicant_age <= ht.jongeren_max_age) & ~situation.has_child.any(axis=1)
        if ht.jongerengrens_is_eligibility:
            eligible = eligible & ~(young & (rekenhuur > ht.jongerengrens))
        else:
            rekenhuur = np.where(young, np.minimum(rekenhuur, ht.jongerengrens), rekenhuur)

    base = basishuur(params, situation)
    kkg = ht.kwaliteitskortingsgrens
    ag = np.where(situation.n_persons >= 3, ht.aftoppingsgrens_large, ht.aftoppingsgrens_small)
    share_above = np.where(
        situation.n_persons >= 2, ht.share_above_ag_multi, ht.share_above_ag_single
    )
    monthly = (
        ht.share_below_kkg * np.maximum(np.minimum(rekenhuur, kkg) - base, 0.0)
        + ht.share_kkg_to_ag * np.maximum(np.minimum(rekenhuur, ag) - np.maximum(kkg, base), 0.0)
        + share_above * np.maximum(rekenhuur - np.maximum(ag, base), 0.0)
        - income_part(params, situation)
    )
    return np.where(eligible, np.maximum(monthly, 0.0) * MONTHS, 0.0)


def vermogensgrens(params: YearParams, situation: Situation) -> np.ndarray:
    """The vermogen limit on 1 January for each household, euro."""
    ht = params.huurtoeslag
    return np.where(situation.has_partner, ht.vermogensgrens_partner, ht.vermogensgrens_single)
