"""Huurtoeslag: the part of the rent above the basishuur, in slices up to the KKG, the AG and above.

Per month, with R the rent counted (rekenhuur) and B the basishuur (Wet op de huurtoeslag,
BWBR0008659, art. 21; percentages from the Besluit op de huurtoeslag, BWBR0008763, art. 7):
``1.00*(min(R,KKG) - B)+ + 0.65*(min(R,AG) - max(KKG,B))+ + 0.40*(R - max(AG,B))+``.

The basishuur is the normhuur (art. 16-19) plus the taakstellingsbedrag, a negative amount that
lowers it (Wet verlaging eigen bijdrage huurtoeslag, BWBR0049106, art. 1). The parameter files hold
the law's inputs (ijkpunten and normhuren); :func:`basishuur_parameters` derives the rest:

* Up to 2025 (``structure = "quadratic"``): at or below the minimum-inkomensijkpunt the normhuur is
  the normhuur belonging to it (art. 19(1)); above it ``a*Y^2 + b*Y`` rounded up to whole cents
  (art. 19(2),(3)), where a and b follow from the normhuur quota (normhuur per euro of yearly
  income) running linearly from the minimum-inkomensijkpunt to the referentie-inkomensijkpunt
  (art. 17-18). R includes at most 48 euro service costs; above the maximale huurgrens no
  huurtoeslag.
* From 2026 (``structure = "linear"``): the normhuur is the one at the minimum-inkomensijkpunt for
  every income, and the award is lowered by ``pct * max(0, Y - ijkpunt) / 12`` (art. 21(2)); no
  service costs; the maximale huurgrens only caps the rent counted.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

from lab.law.parameters import HuurtoeslagLinear, HuurtoeslagQuadratic, YearParams
from lab.law.situation import Situation

MONTHS = 12
#: Decimals of the factors a and b as the ministerial regulation prints them (e.g. 0,000000438698).
FACTOR_DECIMALS = 12


@dataclass(frozen=True)
class BasishuurParameters:
    """The derived basishuur of one household type (one-person or multi-person), euro per month.

    Attributes:
        ijkpunt: minimum-inkomensijkpunt, euro per year.
        normhuur_minimum: normhuur at and below the ijkpunt (after the verlaging, art. 17(3)).
        factor_a: a of ``a*Y^2 + b*Y`` (0 from 2026), per euro of yearly income squared.
        factor_b: b of ``a*Y^2 + b*Y`` (0 from 2026).
        taakstellingsbedrag: added to the normhuur (negative: lowers the basishuur).
        min_basishuur: the lowest basishuur, ``normhuur_minimum + taakstellingsbedrag``.
        afbouw_pct: from 2026, share of the yearly income above the ijkpunt taken off per year.
    """

    ijkpunt: float
    normhuur_minimum: float
    factor_a: float
    factor_b: float
    taakstellingsbedrag: float
    min_basishuur: float
    afbouw_pct: float


def quota_factors(
    ijkpunt: float, normhuur_min: float, referentie: float, normhuur_ref: float
) -> tuple[float, float]:
    """Factors a and b of the normhuur ``a*Y^2 + b*Y`` (Wet op de huurtoeslag art. 19(2)).

    The normhuur quota ``q(Y) = normhuur / Y`` (euro per month per euro of yearly income) runs
    linearly from ``normhuur_min / ijkpunt`` at the minimum-inkomensijkpunt to ``normhuur_ref /
    referentie`` at the referentie-inkomensijkpunt, so ``normhuur = q(Y) * Y = a*Y^2 + b*Y``. The
    factors are rounded to the 12 decimals the ministerial regulation prints.
    """
    q_min = normhuur_min / ijkpunt
    q_ref = normhuur_ref / referentie
    a = (q_ref - q_min) / (referentie - ijkpunt)
    b = q_min - a * ijkpunt
    return round(a, FACTOR_DECIMALS), round(b, FACTOR_DECIMALS)


@functools.cache
def basishuur_parameters(
    ht: HuurtoeslagQuadratic | HuurtoeslagLinear,
) -> dict[str, BasishuurParameters]:
    """The basishuur of ``{"single": ..., "multi": ...}`` derived from the law's inputs (cached).

    One-person and multi-person households (art. 2) have their own ijkpunt and verlaging of the
    normhuur (art. 17(3), 18(4)).
    """
    result = {}
    for kind in ("single", "multi"):
        ijkpunt = getattr(ht, f"minimum_inkomensijkpunt_{kind}")
        normhuur_min = ht.normhuur_minimum - getattr(ht, f"normhuur_minimum_verlaging_{kind}")
        a = b = afbouw = 0.0
        if isinstance(ht, HuurtoeslagQuadratic):
            referentie = getattr(ht, f"referentie_inkomensijkpunt_{kind}")
            normhuur_ref = ht.normhuur_referentie - getattr(
                ht, f"normhuur_referentie_verlaging_{kind}"
            )
            a, b = quota_factors(ijkpunt, normhuur_min, referentie, normhuur_ref)
        else:
            afbouw = getattr(ht, f"afbouw_pct_{kind}")
        result[kind] = BasishuurParameters(
            ijkpunt=ijkpunt,
            normhuur_minimum=round(normhuur_min, 2),
            factor_a=a,
            factor_b=b,
            taakstellingsbedrag=ht.taakstellingsbedrag,
            min_basishuur=round(normhuur_min + ht.taakstellingsbedrag, 2),
            afbouw_pct=afbouw,
        )
    return result


def _per_household(params: YearParams, situation: Situation, field: str) -> np.ndarray:
    derived = basishuur_parameters(params.huurtoeslag)
    multi = situation.n_persons >= 2
    return np.where(multi, getattr(derived["multi"], field), getattr(derived["single"], field))


def normhuur(params: YearParams, situation: Situation) -> np.ndarray:
    """The normhuur of each household, euro per month (art. 19; from 2026 art. 17(2),(3))."""
    y = situation.income
    minimum = _per_household(params, situation, "normhuur_minimum")
    if not isinstance(params.huurtoeslag, HuurtoeslagQuadratic):
        return minimum
    a = _per_household(params, situation, "factor_a")
    b = _per_household(params, situation, "factor_b")
    ijkpunt = _per_household(params, situation, "ijkpunt")
    # art. 19(3): rounded up to whole cents (the tolerance keeps float noise from adding a cent)
    quadratic = np.ceil((a * y * y + b * y) * 100.0 - 1e-6) / 100.0
    return np.where(y <= ijkpunt, minimum, np.maximum(quadratic, minimum))


def basishuur(params: YearParams, situation: Situation) -> np.ndarray:
    """The basishuur each household pays itself, euro per month (normhuur + taakstelling)."""
    return normhuur(params, situation) + params.huurtoeslag.taakstellingsbedrag


def income_part(params: YearParams, situation: Situation) -> np.ndarray:
    """The linear afbouw of the 2026 structure, euro per month (0 up to 2025; art. 21(2))."""
    if isinstance(params.huurtoeslag, HuurtoeslagQuadratic):
        return np.zeros(situation.n)
    pct = _per_household(params, situation, "afbouw_pct")
    ijkpunt = _per_household(params, situation, "ijkpunt")
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
