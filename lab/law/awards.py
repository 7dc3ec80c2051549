"""The four toeslag awards at once, with the Awir rules common to all of them in one place.

Common rules: the vermogenstoets on 1 January is a cliff (one euro above the limit, nothing for the
whole year); amounts are whole euros (Awir art. 14(4)); an award below the minimum (24 euro a year,
art. 14(5)) is not granted.

Each toeslag's rule is a compiled scalar function of one household in its own module; one
compiled loop (:func:`award_rows`) applies the four rules and the common rules to every household
in one pass. The same loop serves one described household (``n = 1``) and the whole population;
``NUMBA_DISABLE_JIT=1`` runs the same source interpreted.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numba
import numpy as np

from lab import TOESLAGEN
from lab.law import huurtoeslag, kinderopvangtoeslag, kindgebonden_budget, zorgtoeslag
from lab.law.parameters import YearParams
from lab.law.situation import Situation

#: The order of :data:`lab.TOESLAGEN`, in which :func:`household_awards` returns the awards.
if TOESLAGEN != ("zorgtoeslag", "huurtoeslag", "kindgebonden_budget", "kinderopvangtoeslag"):
    raise ImportError("lab.law.awards returns the awards in another order than lab.TOESLAGEN")
_NO_AGES = np.zeros(0, dtype=np.int64)


@numba.njit(cache=True, nogil=True)
def vermogensgrens(
    rules: zorgtoeslag.Parameters | huurtoeslag.Parameters | kindgebonden_budget.Parameters,
    partner: bool,
) -> float:
    """The vermogen limit of one household for one toeslag on 1 January, euro.

    The vermogenstoets (Awir, BWBR0018472, art. 7(3), with the toeslag's own law): a limit for a
    single applicant and one for an applicant with a toeslagpartner, each toeslag its own amounts
    (``vermogensgrens_single`` / ``vermogensgrens_partner`` of its ``Parameters``: zorgtoeslag,
    huurtoeslag, kindgebonden budget; the kinderopvangtoeslag has no vermogenstoets).
    """
    return rules.vermogensgrens_partner if partner else rules.vermogensgrens_single


@numba.njit(cache=True, nogil=True)
def within_vermogensgrens(assets: float, limit: float) -> bool:
    """True where the vermogen on 1 January is at most the limit (the cliff)."""
    return assets <= limit


@numba.njit(cache=True, nogil=True)
def whole_euro_award(amount: float, minimum: float) -> float:
    """A yearly amount in whole euros (half up, art. 14(4)); below ``minimum`` 0 (art. 14(5))."""
    rounded = math.floor(amount + 0.5)
    return rounded if rounded >= minimum else 0.0


@numba.njit(cache=True, nogil=True)
def _whole_euros(amount: np.ndarray, minimum: float, out: np.ndarray) -> None:
    for i in range(amount.shape[0]):
        out[i] = whole_euro_award(amount[i], minimum)


def whole_euros(amount: np.ndarray, minimum: float) -> np.ndarray:
    """Round yearly amounts to whole euros (half up); amounts below ``minimum`` become 0 (int64)."""
    amount = np.ascontiguousarray(amount, dtype=np.float64).ravel()
    out = np.empty(amount.shape[0])
    _whole_euros(amount, float(minimum), out)
    return out.astype(np.int64)


class YearRules(NamedTuple):
    """The parameters of the four rules and the minimum award of a year, for the kernels."""

    zorgtoeslag: zorgtoeslag.Parameters
    huurtoeslag: huurtoeslag.Parameters
    kindgebonden_budget: kindgebonden_budget.Parameters
    kinderopvangtoeslag: kinderopvangtoeslag.Parameters
    kot_table: kinderopvangtoeslag.IncomeTable
    minimum_award: float


def year_rules(params: YearParams) -> YearRules:
    """The year's rules from its law parameters (the four toeslagen's sections and the Awir's)."""
    return YearRules(
        zorgtoeslag.parameters(params),
        huurtoeslag.parameters(params.huurtoeslag),
        kindgebonden_budget.parameters(params),
        kinderopvangtoeslag.parameters(params),
        kinderopvangtoeslag.income_table(params),
        float(params.awir.minimum_award),
    )


@numba.njit(cache=True, nogil=True, inline="always")
def household_awards(
    rules: YearRules,
    income: float,
    partner: bool,
    assets: float,
    rent: float,
    service_costs: float,
    n_persons: int,
    child_ages: np.ndarray,
    childcare_hours: np.ndarray,
    childcare_type: np.ndarray,
    childcare_price: np.ndarray,
    applicant_age: int,
    parents_work: bool,
    coresident_income: float,
    coresident_child_age: int,
) -> tuple[float, float, float, float]:
    """The four yearly awards of one household after the common rules, euro per year.

    In the order of :data:`lab.TOESLAGEN` (checked at import). The facts are those of
    :class:`lab.law.situation.Situation` for one household (``applicant_age`` -1: unknown, past
    the youth limit). The medebewoners' income (``coresident_income``, ``coresident_child_age``)
    counts for the huurtoeslag only (:func:`lab.law.huurtoeslag.rekeninkomen`); the other three
    read the toetsingsinkomen of applicant and partner.
    """
    zt, ht, kgb = rules.zorgtoeslag, rules.huurtoeslag, rules.kindgebonden_budget
    minimum = rules.minimum_award
    has_child = False
    for age in child_ages:
        has_child = has_child or age >= 0
    young = huurtoeslag.is_young(ht, applicant_age, has_child)
    amount = zorgtoeslag.award(zt, income, partner)
    if not within_vermogensgrens(assets, vermogensgrens(zt, partner)):
        amount = 0.0
    zorg = whole_euro_award(amount, minimum)
    rekeninkomen = huurtoeslag.rekeninkomen(ht, income, coresident_income, coresident_child_age)
    amount = huurtoeslag.award(ht, rekeninkomen, rent, service_costs, n_persons, young)
    if not within_vermogensgrens(assets, vermogensgrens(ht, partner)):
        amount = 0.0
    huur = whole_euro_award(amount, minimum)
    amount = kindgebonden_budget.award(kgb, income, partner, child_ages)
    if not within_vermogensgrens(assets, vermogensgrens(kgb, partner)):
        amount = 0.0
    kgb_award = whole_euro_award(amount, minimum)
    amount = kinderopvangtoeslag.award(
        rules.kinderopvangtoeslag,
        rules.kot_table,
        income,
        parents_work,
        child_ages,
        childcare_hours,
        childcare_type,
        childcare_price,
    )
    return zorg, huur, kgb_award, whole_euro_award(amount, minimum)


@numba.njit(cache=True, nogil=True)
def award_rows(
    rules: YearRules,
    income: np.ndarray,
    has_partner: np.ndarray,
    assets: np.ndarray,
    rent: np.ndarray,
    service_costs: np.ndarray,
    n_persons: np.ndarray,
    child_ages: np.ndarray,
    childcare_hours: np.ndarray,
    childcare_type: np.ndarray,
    childcare_price: np.ndarray,
    applicant_age: np.ndarray,
    parents_work: np.ndarray,
    coresident_income: np.ndarray,
    coresident_child_age: np.ndarray,
    out: np.ndarray,
) -> None:
    """The four yearly awards of every household (:func:`household_awards`) into ``out`` (n, 4).

    The columns are those of :class:`lab.law.situation.Situation` (``applicant_age`` of length 0:
    no young households).
    """
    known_age = applicant_age.shape[0] > 0
    for i in range(income.shape[0]):
        out[i, 0], out[i, 1], out[i, 2], out[i, 3] = household_awards(
            rules,
            income[i],
            has_partner[i],
            assets[i],
            rent[i],
            service_costs[i],
            n_persons[i],
            child_ages[i],
            childcare_hours[i],
            childcare_type[i],
            childcare_price[i],
            applicant_age[i] if known_age else -1,
            parents_work[i],
            coresident_income[i],
            coresident_child_age[i],
        )


def award_table(params: YearParams, situation: Situation) -> np.ndarray:
    """The four yearly awards (whole euro per year, as float64) as an (n, 4) array.

    Columns in the order of :data:`lab.TOESLAGEN`, after the vermogen cliff, rounding and minimum.
    """
    s = situation
    # Situation.__post_init__ has replaced a None in these three with a full column.
    assert s.parents_work is not None
    assert s.coresident_income is not None
    assert s.coresident_child_age is not None
    out = np.empty((s.n, len(TOESLAGEN)))
    award_rows(
        year_rules(params),
        s.income,
        s.has_partner,
        s.assets,
        s.rent,
        s.service_costs,
        s.n_persons,
        s.child_ages,
        s.childcare_hours,
        s.childcare_type,
        s.childcare_price,
        _NO_AGES if s.applicant_age is None else s.applicant_age,
        s.parents_work,
        s.coresident_income,
        s.coresident_child_age,
        out,
    )
    return out


def compute_awards(params: YearParams, situation: Situation) -> dict[str, np.ndarray]:
    """The four yearly awards of every household, after the common Awir rules.

    Args:
        params: the parameters of the toeslag year.
        situation: the households.

    Returns:
        ``{toeslag: int64 array of euro per year}`` keyed and ordered by :data:`lab.TOESLAGEN`.
    """
    table = award_table(params, situation).astype(np.int64)
    return {name: table[:, t].copy() for t, name in enumerate(TOESLAGEN)}
