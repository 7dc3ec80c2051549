"""``toeslagenlab award``: the four yearly awards of one household.

Example: ``toeslagenlab award --year 2026 --income 30000 --rent 750 --child-ages 3,8 --json``.
"""

from __future__ import annotations

import argparse
import json

import numpy as np

from lab import TOESLAGEN
from lab.errors import InputError
from lab.law.awards import compute_awards
from lab.law.parameters import YearParams, load_year
from lab.law.situation import CHILDCARE_TYPES, Situation

#: Care types a user can name (type 0, "none", is the absence of care).
CARE_TYPES = tuple(name for name in CHILDCARE_TYPES if name != "none")
#: Default care type by age when --childcare-type is not given: day care before school age.
SCHOOL_AGE = 4


def add_household_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the household flags shared by the single-case commands (``award``, ``year``)."""
    parser.add_argument("--partner", action="store_true", help="has a toeslagpartner")
    parser.add_argument("--assets", type=float, default=0.0, help="vermogen on 1 January, euro")
    parser.add_argument("--rent", type=float, default=0.0, help="kale huur, euro per month")
    parser.add_argument(
        "--service-costs", type=float, default=0.0, help="service costs, euro per month"
    )
    parser.add_argument(
        "--child-ages", default="", metavar="AGES", help="ages of the children, e.g. 3,8"
    )
    parser.add_argument(
        "--childcare-hours",
        type=float,
        default=0.0,
        metavar="H",
        help="childcare hours per month for every child of childcare age (0-12)",
    )
    parser.add_argument(
        "--childcare-type",
        default=None,
        metavar="TYPE",
        help="dagopvang, bso or gastouder (default: dagopvang under 4, bso from 4)",
    )
    parser.add_argument(
        "--hourly-price",
        type=float,
        default=None,
        metavar="EUR",
        help="hourly price charged (default: the maximum hourly price of the care type)",
    )
    parser.add_argument(
        "--applicant-age",
        type=int,
        default=None,
        help="age of the oldest adult (huurtoeslag youth limit); default: past it",
    )


def parse_child_ages(text: str) -> list[int]:
    """Parse ``"3,8"`` into ``[3, 8]``; raise InputError with an example on bad input."""
    if not text.strip():
        return []
    try:
        ages = [int(part) for part in text.split(",")]
    except ValueError:
        raise InputError(
            f"--child-ages must be whole ages separated by commas, e.g. 3,8; got {text!r}"
        ) from None
    if any(age < 0 or age > 30 for age in ages):
        raise InputError(f"--child-ages must be ages between 0 and 30; got {text!r}")
    return ages


def situation_from_args(
    args: argparse.Namespace, params: YearParams, income: float, income_flag: str = "--income"
) -> Situation:
    """Build the one-household Situation from the household flags (validated).

    Hours go to every child aged 0 up to the kinderopvangtoeslag's maximum child age (12); older
    children get no childcare.

    Raises:
        InputError: a negative amount, unparsable ages or an unknown care type.
    """
    for flag, value in (
        (income_flag, income),
        ("--assets", args.assets),
        ("--rent", args.rent),
        ("--service-costs", args.service_costs),
        ("--childcare-hours", args.childcare_hours),
        ("--hourly-price", args.hourly_price),
    ):
        if value is not None and not value >= 0:  # also rejects NaN
            raise InputError(f"{flag} must be at least 0, got {value}")
    if args.childcare_type is not None and args.childcare_type not in CARE_TYPES:
        raise InputError(
            f"unknown --childcare-type {args.childcare_type!r}; use one of {', '.join(CARE_TYPES)}"
        )
    ages = parse_child_ages(args.child_ages)
    kot = params.kinderopvangtoeslag
    in_care = [args.childcare_hours > 0 and age <= kot.max_child_age for age in ages]
    types = [
        (args.childcare_type or ("dagopvang" if age < SCHOOL_AGE else "bso")) if care else "none"
        for age, care in zip(ages, in_care, strict=True)
    ]
    max_price = {
        "none": 0.0,
        "dagopvang": kot.max_uurprijs_dagopvang,
        "bso": kot.max_uurprijs_bso,
        "gastouder": kot.max_uurprijs_gastouder,
    }
    prices = [max_price[t] if args.hourly_price is None else args.hourly_price for t in types]
    return Situation.one(
        income,
        partner=args.partner,
        assets=args.assets,
        rent=args.rent,
        service_costs=args.service_costs,
        child_ages=ages,
        childcare_hours=[args.childcare_hours if care else 0.0 for care in in_care],
        childcare_type=types,
        childcare_price=prices,
        applicant_age=args.applicant_age,
    )


def run(args: argparse.Namespace) -> int:
    """Compute and print the four awards (euro per year); return the exit code."""
    params = load_year(args.year)
    situation = situation_from_args(args, params, args.income)
    awards = {name: int(values[0]) for name, values in compute_awards(params, situation).items()}
    if args.json:
        print(json.dumps(awards))
        return 0
    print(f"toeslag year {args.year}, toetsingsinkomen {args.income:,.0f} euro")
    print(f"{'toeslag':<22}{'euro/yr':>10}")
    for name in TOESLAGEN:
        print(f"{name:<22}{awards[name]:>10,}")
    print(f"{'total':<22}{int(np.sum(list(awards.values()))):>10,}")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``award`` sub-command."""
    parser = subparsers.add_parser(
        "award",
        help="the four yearly toeslag awards of one household",
        description="Print the four yearly awards (euro per year) of one household.",
    )
    parser.add_argument("--year", type=int, required=True, help="toeslag year, e.g. 2026")
    parser.add_argument(
        "--income", type=float, required=True, help="joint toetsingsinkomen, euro per year"
    )
    add_household_arguments(parser)
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.set_defaults(func=run)
