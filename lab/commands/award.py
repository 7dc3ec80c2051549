"""``toeslagenlab award``: the four yearly awards of one household.

Example: ``toeslagenlab award --year 2026 --income 30000 --rent 750 --child-ages 3,8 --json``.
"""

from __future__ import annotations

import argparse
import json

from lab import TOESLAGEN
from lab.households.household import household_situation, parse_child_ages
from lab.law.awards import compute_awards
from lab.law.parameters import YearParams, load_year
from lab.law.situation import Situation


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
        "--no-work",
        action="store_true",
        help="not every parent works, studies or follows a trajectory: no kinderopvangtoeslag",
    )
    parser.add_argument(
        "--applicant-age",
        type=int,
        default=None,
        help="age of the oldest adult (huurtoeslag youth limit); default: past it",
    )
    parser.add_argument(
        "--coresident-income",
        type=float,
        default=0.0,
        metavar="EUR",
        help="toetsingsinkomen of a medebewoner (e.g. an adult child at home, not in "
        "--child-ages), euro per year; counts for the huurtoeslag only",
    )
    parser.add_argument(
        "--coresident-child-age",
        type=int,
        default=None,
        metavar="AGE",
        help="that medebewoner's age on 1 January if it is your or your partner's child "
        "(under 23 part of its income is exempt); default: not a child, counted in full",
    )


def situation_from_args(
    args: argparse.Namespace, params: YearParams, income: float, income_flag: str = "--income"
) -> Situation:
    """The one-household Situation from the household flags (rules in lab.households.household).

    Raises:
        InputError: a negative amount, unparsable ages or an unknown care type, named by its flag.
    """
    return household_situation(
        params,
        income,
        partner=args.partner,
        assets=args.assets,
        rent=args.rent,
        service_costs=args.service_costs,
        child_ages=parse_child_ages(args.child_ages),
        childcare_hours=args.childcare_hours,
        childcare_type=args.childcare_type,
        hourly_price=args.hourly_price,
        applicant_age=args.applicant_age,
        coresident_income=getattr(args, "coresident_income", 0.0),
        coresident_child_age=getattr(args, "coresident_child_age", None),
        names={
            "income": income_flag,
            "assets": "--assets",
            "rent": "--rent",
            "service_costs": "--service-costs",
            "childcare_hours": "--childcare-hours",
            "hourly_price": "--hourly-price",
            "childcare_type": "--childcare-type",
            "applicant_age": "--applicant-age",
            "coresident_income": "--coresident-income",
            "coresident_child_age": "--coresident-child-age",
        },
        parents_work=not getattr(args, "no_work", False),
    )


def run(args: argparse.Namespace) -> int:
    """Compute and print the four awards (euro per year); return the exit code."""
    params = load_year(args.year)
    situation = situation_from_args(args, params, args.income)
    awards = {name: int(values[0]) for name, values in compute_awards(params, situation).items()}
    assumed = params.assumptions()  # values not (yet) published: marked A in the parameter file
    if args.json:
        print(json.dumps({**awards, "assumptions": assumed} if assumed else awards))
        return 0
    print(f"toeslag year {args.year}, toetsingsinkomen {args.income:,.0f} euro")
    print(f"{'toeslag':<22}{'euro/yr':>10}")
    for name in TOESLAGEN:
        print(f"{name:<22}{awards[name]:>10,}")
    print(f"{'total':<22}{sum(awards.values()):>10,}")
    if assumed:
        print(
            f"note: {args.year} values that are assumptions, not (yet) published: "
            + ", ".join(assumed)
        )
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
