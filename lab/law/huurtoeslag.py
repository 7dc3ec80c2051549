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
* Up to 2019 the same form, and no huurtoeslag above the norminkomen of art. 14 (a hard maximum
  rekeninkomen per household type, ``inkomensgrens_*``); the basishuur is the normhuur plus the
  amount of art. 16 (27.44 in 2016, 16.94 from 2017), held as the taakstellingsbedrag.
* From 2026 (``structure = "linear"``): the normhuur is the one at the minimum-inkomensijkpunt for
  every income, and the award is lowered by ``pct * max(0, Y - ijkpunt) / 12`` (art. 21(2)); no
  service costs; the maximale huurgrens only caps the rent counted.

The income the huurtoeslag reads is the rekeninkomen (art. 1(i)): the toetsingsinkomen of the
huurder and the partner plus that of the medebewoners (art. 7(1); Awir art. 7(2)), where a
medebewoner who is a child under 23 on 1 January counts only above a vrijstelling (Awir art. 7(6);
:func:`rekeninkomen`). The other toeslagen read the toetsingsinkomen of applicant and partner only.

The rule is one compiled scalar function of one household (:func:`award`), called for every
household by :func:`lab.law.awards.award_table`.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from typing import Any, NamedTuple

import numba

from lab.law.sections import HuurtoeslagLinear, HuurtoeslagQuadratic

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


class Parameters(NamedTuple):
    """The huurtoeslag parameters of one year as the compiled rule reads them.

    Rents, grenzen and the basishuur in euro per month, incomes in euro per year. The derived
    basishuur (:func:`basishuur_parameters`) is held per household type: index 0 one-person,
    1 multi-person households (art. 2).
    """

    quadratic: bool
    kwaliteitskortingsgrens: float
    aftoppingsgrens_small: float
    aftoppingsgrens_large: float
    maximale_huurgrens: float
    max_huur_is_eligibility: bool
    max_service_costs: float
    jongerengrens: float
    jongeren_max_age: int
    jongerengrens_is_eligibility: bool
    share_below_kkg: float
    share_kkg_to_ag: float
    share_above_ag_single: float
    share_above_ag_multi: float
    vermogensgrens_single: float
    vermogensgrens_partner: float
    taakstellingsbedrag: float
    ijkpunt: tuple[float, float]
    normhuur_minimum: tuple[float, float]
    factor_a: tuple[float, float]
    factor_b: tuple[float, float]
    afbouw_pct: tuple[float, float]
    inkomensgrens: tuple[float, float]
    medebewoner_kind_vrijstelling: float
    medebewoner_kind_max_age: int


def inkomensgrens(ht: HuurtoeslagQuadratic | HuurtoeslagLinear, kind: str) -> float:
    """The hard maximum rekeninkomen of a household type, euro per year (inf: none).

    Up to 2019 the norminkomen of Wet op de huurtoeslag art. 14(1): no huurtoeslag when the
    rekeninkomen is above it (art. 14(3)). From 2020 there is no such limit.
    """
    limit = getattr(ht, f"inkomensgrens_{kind}", None)
    return math.inf if limit is None else float(limit)


@functools.cache
def parameters(ht: HuurtoeslagQuadratic | HuurtoeslagLinear) -> Parameters:
    """The year's parameters (section ``huurtoeslag``) with the derived basishuur (cached)."""
    derived = basishuur_parameters(ht)
    kinds = (derived["single"], derived["multi"])
    per_kind = ("ijkpunt", "normhuur_minimum", "factor_a", "factor_b", "afbouw_pct")
    values: dict[str, Any] = {"quadratic": isinstance(ht, HuurtoeslagQuadratic)}
    for name in Parameters._fields[1:]:
        if name == "inkomensgrens":
            values[name] = tuple(inkomensgrens(ht, kind) for kind in ("single", "multi"))
        elif name in per_kind:
            values[name] = tuple(float(getattr(d, name)) for d in kinds)
        else:
            value = getattr(ht, name)
            values[name] = value if isinstance(value, bool | int) else float(value)
    return Parameters(**values)


@numba.njit(cache=True, nogil=True)
def rekeninkomen(
    ht: Parameters, income: float, coresident_income: float, coresident_child_age: int
) -> float:
    """The rekeninkomen of one household, euro per year (art. 1(i) and 7(1); Awir art. 7).

    Args:
        ht: the year's parameters (:func:`parameters`).
        income: toetsingsinkomen of the huurder and the toeslagpartner, euro per year.
        coresident_income: toetsingsinkomen of the medebewoners, euro per year (0: none).
        coresident_child_age: age on 1 January of a medebewoner who is a child of the huurder or
            the partner; up to ``medebewoner_kind_max_age`` (under 23) its income counts only above
            ``medebewoner_kind_vrijstelling`` (Awir art. 7(6)). Below 0: no such child, the
            medebewoners' income counts in full.
    """
    counted = coresident_income
    if 0 <= coresident_child_age <= ht.medebewoner_kind_max_age:
        counted = max(coresident_income - ht.medebewoner_kind_vrijstelling, 0.0)
    return income + counted


@numba.njit(cache=True, nogil=True)
def normhuur(ht: Parameters, income: float, multi: bool) -> float:
    """The normhuur of one household, euro per month (art. 19; from 2026 art. 17(2),(3)).

    Args:
        ht: the year's parameters (:func:`parameters`).
        income: rekeninkomen (:func:`rekeninkomen`), euro per year.
        multi: a multi-person household (two or more persons).
    """
    kind = 1 if multi else 0
    minimum = ht.normhuur_minimum[kind]
    if not ht.quadratic or income <= ht.ijkpunt[kind]:
        return minimum
    # art. 19(3): rounded up to whole cents (the tolerance keeps float noise from adding a cent)
    a, b = ht.factor_a[kind], ht.factor_b[kind]
    quadratic = math.ceil((a * income * income + b * income) * 100.0 - 1e-6) / 100.0
    return max(quadratic, minimum)


@numba.njit(cache=True, nogil=True)
def income_part(ht: Parameters, income: float, multi: bool) -> float:
    """The linear afbouw of the 2026 structure, euro per month (0 up to 2025; art. 21(2))."""
    if ht.quadratic:
        return 0.0
    kind = 1 if multi else 0
    return ht.afbouw_pct[kind] * max(income - ht.ijkpunt[kind], 0.0) / MONTHS


@numba.njit(cache=True, nogil=True)
def award(
    ht: Parameters,
    income: float,
    rent: float,
    service_costs: float,
    n_persons: int,
    young: bool,
) -> float:
    """Huurtoeslag of one household before the common Awir rules, euro per year (>= 0).

    Args:
        ht: the year's parameters (:func:`parameters`).
        income: rekeninkomen (:func:`rekeninkomen`), euro per year.
        rent: kale huur, euro per month (0 = not renting).
        service_costs: service costs, euro per month.
        n_persons: persons in the household (medebewoners included).
        young: the oldest adult is at most ``jongeren_max_age`` and there are no children (the
            youth rule, :func:`is_young`).
    """
    if not rent > 0:
        return 0.0
    rekenhuur = rent + min(service_costs, ht.max_service_costs)
    if ht.max_huur_is_eligibility:
        if not rekenhuur <= ht.maximale_huurgrens:
            return 0.0
    else:
        rekenhuur = min(rekenhuur, ht.maximale_huurgrens)
    if young:
        if ht.jongerengrens_is_eligibility:
            if rekenhuur > ht.jongerengrens:
                return 0.0
        else:
            rekenhuur = min(rekenhuur, ht.jongerengrens)

    multi = n_persons >= 2
    # up to 2019: no huurtoeslag above the norminkomen (art. 14(3)); inf from 2020
    if income > ht.inkomensgrens[1 if multi else 0]:
        return 0.0
    base = normhuur(ht, income, multi) + ht.taakstellingsbedrag
    kkg = ht.kwaliteitskortingsgrens
    ag = ht.aftoppingsgrens_large if n_persons >= 3 else ht.aftoppingsgrens_small
    share_above = ht.share_above_ag_multi if multi else ht.share_above_ag_single
    monthly = (
        ht.share_below_kkg * max(min(rekenhuur, kkg) - base, 0.0)
        + ht.share_kkg_to_ag * max(min(rekenhuur, ag) - max(kkg, base), 0.0)
        + share_above * max(rekenhuur - max(ag, base), 0.0)
        - income_part(ht, income, multi)
    )
    return max(monthly, 0.0) * MONTHS


@numba.njit(cache=True, nogil=True)
def is_young(ht: Parameters, applicant_age: int, has_child: bool) -> bool:
    """The youth rule applies: the oldest adult is at most ``jongeren_max_age``, no children.

    ``applicant_age`` below 0 means unknown, taken as past the youth limit.
    """
    return 0 <= applicant_age <= ht.jongeren_max_age and not has_child
