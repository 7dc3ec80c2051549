"""The synthetic population of toeslag households, held column-wise.

Each household has a composition (single or with a toeslagpartner, children and their ages), a main
income type, an annual income level, rent, childcare and assets, and a weight (the number of Dutch
households it stands for). All distributions come from ``lab/params/population.toml``; the draws
come from the ``population`` stream of the run's seed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from lab.households.conditions import households_factor, rent_factor, wage_factor
from lab.households.household import default_care_type
from lab.households.streams import stream
from lab.law.kinderopvangtoeslag import max_hourly_price
from lab.law.parameters import load_year
from lab.valuefile import ValueFile, load_named

INCOME_TYPES: tuple[str, ...] = ("stable", "flex", "self_employed", "benefit", "pension")
STABLE, FLEX, SELF_EMPLOYED, BENEFIT, PENSION = range(5)
WAGE_TYPES = (STABLE, FLEX, SELF_EMPLOYED)
#: Reference year of the money amounts in population.toml.
REFERENCE_YEAR = 2026
#: Childcare type codes as in lab.law.situation: 0 none, 1 dagopvang, 2 bso, 3 gastouder.
DAGOPVANG, BSO, GASTOUDER = 1, 2, 3


@dataclass
class Population:
    """Column-wise household data at the start of the first simulated toeslag year.

    Money: ``base_income`` euro per year (the income of the year before the first toeslag year,
    joint with the toeslagpartner), ``rent`` and ``service_costs`` euro per month, ``assets`` euro
    on 1 January, ``childcare_price`` euro per hour, ``childcare_hours`` whole hours per month per
    child (float32).
    ``parents_work``: every parent works, studies or follows a trajectory (the condition of the
    kinderopvangtoeslag, Wet kinderopvang art. 1.6).
    """

    weight: np.ndarray
    income_type: np.ndarray
    has_partner: np.ndarray
    base_income: np.ndarray
    child_ages: np.ndarray
    rent: np.ndarray
    service_costs: np.ndarray
    assets: np.ndarray
    childcare_hours: np.ndarray
    childcare_type: np.ndarray
    childcare_price: np.ndarray
    parents_work: np.ndarray

    @property
    def n(self) -> int:
        """Number of simulated households."""
        return int(self.weight.shape[0])

    @property
    def n_children(self) -> np.ndarray:
        """Number of children under 18 at the start."""
        return (self.child_ages >= 0).sum(axis=1)


def _lognormal(
    rng: np.random.Generator, median: np.ndarray | float, log_sd: np.ndarray | float, n: int
) -> np.ndarray:
    """``n`` lognormal draws around ``median`` (one for all, or one each) with log sd ``log_sd``."""
    return median * np.exp(log_sd * rng.standard_normal(n))


def build_population(
    n: int,
    seed: int,
    year: int,
    params: ValueFile | None = None,
    max_child_age: int | None = None,
    history_years: int = 0,
    on_income_type: Callable[[np.ndarray], None] | None = None,
) -> Population:
    """Draw ``n`` households for a simulation whose first toeslag year is ``year``.

    Childcare prices are drawn around the year's maximum hourly price of each care type
    (:func:`lab.law.kinderopvangtoeslag.max_hourly_price`). Money amounts in the parameter file
    are in euro of 2026 and are deflated for earlier years. ``base_income`` is the income of the
    year before the first year whose incomes are drawn: with ``history_years`` years of income
    history before the first toeslag year, that many years earlier (deflated further). Children up
    to ``max_child_age`` (default: the year's ``kinderopvangtoeslag.max_child_age``) may be in
    childcare. ``on_income_type`` is called with the households' income types as soon as they
    are drawn (the first draw), while the rest is drawn: what only they decide (the draws of the
    income paths, :func:`lab.households.income.start_income_draws`) may start beside it.
    """
    if n < 1:
        raise ValueError("a population needs at least one household")
    p = params or load_named("population")
    rng = stream(seed, "population")
    k_types = len(INCOME_TYPES)
    if p.strings("population.income_types") != INCOME_TYPES:
        raise ValueError(f"population.income_types must be {INCOME_TYPES}")
    growth = p.float("income_process.wage_growth_mean")
    # Incomes of the year before the first year drawn, from those of the year before 2026.
    deflate = wage_factor(REFERENCE_YEAR - 1, year - 1 - history_years, growth)

    share = p.floats("population.income_type_share", k_types)
    income_type = rng.choice(k_types, size=n, p=share / share.sum()).astype(np.int8)
    if on_income_type is not None:
        income_type.flags.writeable = False  # shared with whoever was called
        on_income_type(income_type)
    k_children = p.int("children.max_children")
    has_children = rng.random(n) < p.floats("children.share_with_children", k_types)[income_type]
    partner_share = np.where(
        has_children,
        p.float("children.partner_share_parents"),
        p.floats("population.partner_share", k_types)[income_type],
    )
    has_partner = rng.random(n) < partner_share

    median = np.where(
        has_partner,
        p.floats("income.couple_median", k_types)[income_type],
        p.floats("income.single_median", k_types)[income_type],
    )
    median = median * np.where(
        has_children & has_partner, p.float("children.couple_income_multiplier"), 1.0
    )
    log_sd = p.floats("income.log_sd", k_types)[income_type]
    base_income = (
        np.maximum(_lognormal(rng, median, log_sd, n), p.float("income.minimum")) * deflate
    )

    weights = p.floats("children.number_weights", k_children)
    count = rng.choice(np.arange(1, k_children + 1), size=n, p=weights / weights.sum())
    count = np.where(has_children, count, 0)
    law = load_year(year)
    # Children count up to the kindgebonden budget's max_child_age (under 18, Wkb art. 1 and 2).
    last_age = law.kindgebonden_budget.max_child_age
    child_ages = rng.integers(0, last_age + 1, size=(n, k_children)).astype(np.int8)
    child_ages[np.arange(k_children)[None, :] >= count[:, None]] = -1

    rent_deflate = rent_factor(REFERENCE_YEAR, year, p.float("housing.rent_deflator_per_year"))
    low_income_limit = (
        np.where(
            has_partner,
            p.float("housing.low_income_limit_couple"),
            p.float("housing.low_income_limit_single"),
        )
        * deflate
    )
    rent_share = np.where(
        base_income < low_income_limit,
        p.float("housing.rent_share_low_income"),
        p.float("housing.rent_share_high_income"),
    )
    renting = rng.random(n) < rent_share
    rent_median = p.float("housing.rent_median") * rent_deflate
    rent_level = _lognormal(rng, rent_median, p.float("housing.rent_log_sd"), n)
    rent = np.where(renting, np.round(rent_level, 2), 0.0)
    service_costs = np.where(renting, p.float("housing.service_costs"), 0.0)

    assets = _lognormal(rng, p.float("assets.median"), p.float("assets.log_sd"), n)

    working = np.isin(income_type, WAGE_TYPES)
    uses_care = working & (rng.random(n) < p.float("childcare.use_share_working"))
    if max_child_age is None:
        max_child_age = law.kinderopvangtoeslag.max_child_age
    in_care = uses_care[:, None] & (child_ages >= 0) & (child_ages <= max_child_age)
    gastouder = rng.random((n, k_children)) < p.float("childcare.gastouder_share")
    care_type = default_care_type(child_ages)
    care_type = np.where(gastouder, GASTOUDER, care_type)
    care_type = np.where(in_care, care_type, 0).astype(np.int8)
    del gastouder
    # Hours and prices are drawn for every child slot (the stream stays in step) and worked out
    # for the children in care only.
    hours_z = rng.standard_normal((n, k_children))[in_care]
    price_z = rng.standard_normal((n, k_children))[in_care]
    types = care_type[in_care]
    hours_mean = np.where(
        types == BSO,
        p.float("childcare.hours_bso_mean"),
        p.float("childcare.hours_dagopvang_mean"),
    )
    cv = p.float("childcare.hours_cv")
    # Whole hours per month: exact in float32.
    hours = np.zeros((n, k_children), dtype=np.float32)
    hours[in_care] = np.round(hours_mean * np.exp(cv * hours_z - cv**2 / 2))
    max_price = max_hourly_price(law, types)
    price_ratio = p.floats("childcare.price_over_max", 3)[np.maximum(types - 1, 0)]
    price_sd = p.float("childcare.price_sd")
    price = np.zeros((n, k_children))
    price[in_care] = np.round(np.maximum(max_price * (price_ratio + price_sd * price_z), 0.0), 2)

    # Work status (Wet kinderopvang art. 1.6), from its own stream so no other draw shifts: the
    # main earner of a wage household works; among formal-care users a share meets the condition
    # for every parent (a partner not working, studying or in a trajectory loses the toeslag).
    work_rng = stream(seed, "work_status")
    meets = work_rng.random(n) < p.float("childcare.work_share_users")
    parents_work = np.where(uses_care, meets, working)

    represented = p.float("population.represented_households")
    weight = np.full(n, represented * households_factor(year, REFERENCE_YEAR) / n)
    return Population(
        weight=weight,
        income_type=income_type,
        has_partner=has_partner,
        base_income=base_income,
        child_ages=child_ages,
        rent=rent,
        service_costs=service_costs,
        assets=assets,
        childcare_hours=hours,
        childcare_type=care_type,
        childcare_price=price,
        parents_work=parents_work,
    )
