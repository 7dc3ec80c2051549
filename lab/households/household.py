"""One household described by a person (the command line, the app's household page) -> Situation.

The rules a described household needs beyond what the person types: which children are of
childcare age (``kinderopvangtoeslag.max_child_age`` of the year), which care a child of that age
gets by default (day care before school age, BSO from it) and what an hour costs when no price is
given (the maximum hourly price of the care type, from the law's ``max_hourly_price``).
The population (:mod:`lab.households.population`) uses the same default care type.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from lab.errors import InputError
from lab.law.kinderopvangtoeslag import max_hourly_price
from lab.law.parameters import YearParams
from lab.law.situation import CHILDCARE_TYPES, Situation

#: Care types a person can name (type 0, "none", is the absence of care).
CARE_TYPES: tuple[str, ...] = tuple(name for name in CHILDCARE_TYPES if name != "none")
#: Age at which children start primary school (basisschool from 4): before it day care, from it
#: buitenschoolse opvang (BSO).
SCHOOL_AGE = 4
#: Oldest age a person may type for a child living at home (years).
MAX_CHILD_AGE_TYPED = 30
#: Ages a person may type for the oldest adult of a household that lives on its own (years).
APPLICANT_AGES = range(16, 121)


def default_care_type(child_ages: np.ndarray) -> np.ndarray:
    """Care type code per child (int8) when none is chosen: dagopvang before 4, BSO from 4."""
    ages = np.asarray(child_ages)
    return np.where(ages < SCHOOL_AGE, CHILDCARE_TYPES["dagopvang"], CHILDCARE_TYPES["bso"]).astype(
        np.int8
    )


def parse_child_ages(text: str, flag: str = "--child-ages") -> list[int]:
    """Parse ``"3,8"`` into ``[3, 8]``; InputError with an example on bad input."""
    if not text.strip():
        return []
    try:
        ages = [int(part) for part in text.split(",")]
    except ValueError:
        raise InputError(
            f"{flag} must be whole ages separated by commas, e.g. 3,8; got {text!r}"
        ) from None
    if any(age < 0 or age > MAX_CHILD_AGE_TYPED for age in ages):
        raise InputError(f"{flag} must be ages between 0 and {MAX_CHILD_AGE_TYPED}; got {text!r}")
    return ages


def household_situation(
    params: YearParams,
    income: float,
    *,
    partner: bool = False,
    assets: float = 0.0,
    rent: float = 0.0,
    service_costs: float = 0.0,
    child_ages: Sequence[int] = (),
    childcare_hours: float = 0.0,
    childcare_type: str | None = None,
    hourly_price: float | None = None,
    applicant_age: int | None = None,
    names: dict[str, str] | None = None,
    parents_work: bool = True,
    coresident_income: float = 0.0,
    coresident_child_age: int | None = None,
) -> Situation:
    """The Situation (n = 1) of a household described in a few numbers, validated.

    Args:
        params: the year's parameters (childcare age and maximum hourly prices).
        income: joint toetsingsinkomen, euro per year.
        partner: has a toeslagpartner.
        assets: vermogen on 1 January, euro.
        rent: kale huur, euro per month.
        service_costs: service costs, euro per month.
        child_ages: ages of the children.
        childcare_hours: hours per month for every child of childcare age (0..max_child_age).
        childcare_type: "dagopvang", "bso" or "gastouder" for every child in care; None = by age.
        hourly_price: euro per hour charged; None = the care type's maximum hourly price.
        applicant_age: age of the oldest adult (huurtoeslag youth limit); None = past it.
        names: how to name each input in messages (e.g. {"income": "--estimate"}).
        parents_work: every parent works, studies or follows a trajectory (Wet kinderopvang
            art. 1.6); without it no kinderopvangtoeslag.
        coresident_income: toetsingsinkomen of a medebewoner (not one of ``child_ages``), euro
            per year; huurtoeslag only.
        coresident_child_age: that medebewoner's age on 1 January when it is a child of the
            applicant or partner (the vrijstelling under 23); None: not a child.

    Raises:
        InputError: a negative or non-finite amount or an unknown care type; the message names the
            input as in ``names``.
    """
    label = {"income": "income", **(names or {})}
    for key, value in (
        ("income", income),
        ("assets", assets),
        ("rent", rent),
        ("service_costs", service_costs),
        ("childcare_hours", childcare_hours),
        ("hourly_price", hourly_price),
        ("coresident_income", coresident_income),
    ):
        if value is not None and not value >= 0:  # also rejects NaN
            raise InputError(f"{label.get(key, key)} must be at least 0, got {value}")
        if value is not None and not math.isfinite(value):
            raise InputError(f"{label.get(key, key)} must be a finite number, got {value}")
    if applicant_age is not None and applicant_age not in APPLICANT_AGES:
        raise InputError(
            f"{label.get('applicant_age', 'applicant age')} must be an age from "
            f"{APPLICANT_AGES.start} to {APPLICANT_AGES.stop - 1}, got {applicant_age}"
        )
    if coresident_child_age is not None and not 0 <= coresident_child_age <= MAX_CHILD_AGE_TYPED:
        raise InputError(
            f"{label.get('coresident_child_age', 'co-resident child age')} must be an age from 0 "
            f"to {MAX_CHILD_AGE_TYPED}, got {coresident_child_age}"
        )
    if childcare_type is not None and childcare_type not in CARE_TYPES:
        name = label.get("childcare_type", "childcare type")
        raise InputError(f"unknown {name} {childcare_type!r}; use one of {', '.join(CARE_TYPES)}")
    ages = np.asarray(list(child_ages), dtype=np.int64)
    kot = params.kinderopvangtoeslag
    in_care = (ages <= kot.max_child_age) & (childcare_hours > 0)
    chosen = default_care_type(ages)
    if childcare_type is not None:
        chosen = np.full(ages.shape, CHILDCARE_TYPES[childcare_type], dtype=np.int8)
    codes = np.where(in_care, chosen, CHILDCARE_TYPES["none"]).astype(np.int8)
    prices = (
        max_hourly_price(params, codes)
        if hourly_price is None
        else np.full(ages.shape, hourly_price)
    )
    type_names = {code: name for name, code in CHILDCARE_TYPES.items()}
    return Situation.one(
        income,
        partner=partner,
        assets=assets,
        rent=rent,
        service_costs=service_costs,
        child_ages=[int(a) for a in ages],
        childcare_hours=[float(childcare_hours) if care else 0.0 for care in in_care],
        childcare_type=[type_names[int(c)] for c in codes],
        childcare_price=[
            float(p) if care else 0.0 for p, care in zip(prices, in_care, strict=True)
        ],
        applicant_age=applicant_age,
        parents_work=parents_work,
        coresident_income=coresident_income,
        coresident_child_age=coresident_child_age,
    )
