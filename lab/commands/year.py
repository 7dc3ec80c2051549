"""``toeslagenlab year``: one household's toeslag year, voorschot to collection.

Example: ``toeslagenlab year --year 2026 --estimate 28000 --actual 34000 --report-month 4``.
"""

from __future__ import annotations

import argparse
import dataclasses
import json

from lab import TOESLAGEN
from lab.awir.calendar import month_label
from lab.awir.case import year_case
from lab.awir.collection import COLLECTION_MODES
from lab.commands.award import add_household_arguments, situation_from_args
from lab.law.parameters import load_year
from lab.policy.arms import lowest_floor
from lab.policy.percentage import read_percentage

JSON_KEYS = (
    "voorschot_monthly",
    "paid_total",
    "definitive",
    "terugvordering",
    "nabetaling",
    "collected",
    "outstanding",
    "high_recovery",
    "arrangement_months",
    "monthly_instalment",
)


def run(args: argparse.Namespace) -> int:
    """Compute and print the year per toeslag; return the exit code."""
    params = load_year(args.year)
    results = year_case(
        params,
        situation_from_args(args, params, args.estimate, "--estimate"),
        situation_from_args(args, params, args.actual, "--actual"),
        report_month=args.report_month or 0,
        percentage=read_percentage(args.percentage, lowest_floor(), what="--percentage"),
        dt_month=args.dt_month,
        collection=args.collection,
        ability_to_pay=args.ability_to_pay,
    )
    if args.json:
        out = {}
        for name, r in results.items():
            row = dataclasses.asdict(r)
            out[name] = {key: row[key] for key in JSON_KEYS} | {
                "december_settlement": row["december_settlement"],
                "interest": row["interest"],
                "cash_flow": row["cash_flow"],
            }
        print(json.dumps(out))
        return 0
    labels = [month_label(k, args.year) for k in range(13)]
    print(
        f"toeslag year {args.year}: estimate {args.estimate:,.0f}, actual {args.actual:,.0f} euro"
        + (f", reported in month {args.report_month}" if args.report_month else ", not reported")
    )
    for name in TOESLAGEN:
        r = results[name]
        if r.paid_total == 0 and r.definitive == 0:
            print(f"\n{name}: no award on the estimate nor on the actual income")
            continue
        print(f"\n{name}")
        terms = ", ".join(
            f"{lab[2:]} {v:.2f}"
            for lab, v in zip(labels, [*r.voorschot_monthly, r.december_settlement], strict=True)
            if v
        )
        print(f"  voorschot per term: {terms or 'none'}")
        print(f"  paid {r.paid_total:,.2f}; definitive {r.definitive:,}")
        print(
            f"  terugvordering {r.terugvordering:,.2f} (collected {r.collected:,.2f}"
            f"{', hoog' if r.high_recovery else ''}); nabetaling {r.nabetaling:,.2f}"
        )
        if r.outstanding > 0:
            print(f"  still owed {r.outstanding:,.2f}: nothing can be paid on it, the debt waits")
        if r.interest:
            print(f"  interest (Awir art. 27): {r.interest:,.2f}")
        if r.arrangement_months:
            print(f"  arrangement: {r.arrangement_months} months of {r.monthly_instalment:,.2f}")
    if args.collection == "personal":
        print(
            f"\npersonal arrangement: {args.ability_to_pay:,.2f} euro a month for all toeslag "
            "debts together, paid one toeslag after the other"
        )
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``year`` sub-command."""
    parser = subparsers.add_parser(
        "year",
        help="one household's toeslag year: voorschot, DT, collection",
        description="Pay the voorschot on the estimate, settle on the actual income, collect.",
    )
    parser.add_argument("--year", type=int, required=True, help="toeslag year, e.g. 2026")
    parser.add_argument("--estimate", type=float, required=True, help="estimated income, euro/yr")
    parser.add_argument("--actual", type=float, required=True, help="actual income, euro/yr")
    parser.add_argument(
        "--report-month",
        type=int,
        choices=range(1, 13),
        metavar="1-12",
        help="month in which the actual income is reported (default: never)",
    )
    parser.add_argument(
        "--percentage",
        default="100",
        metavar="P",
        help="voorschot percentage: 80 and 0.8 both mean 80%%; from the floor (70) to 100 "
        "(default 100)",
    )
    parser.add_argument("--dt-month", type=int, default=None, help="DT month in t+1, 6-12")
    parser.add_argument(
        "--collection",
        choices=COLLECTION_MODES,
        default="arrangement",
        help="pay a terugvordering at once when due (lump), in the standard arrangement, in a "
        "personal arrangement (with --ability-to-pay), or offset it against next year's voorschot",
    )
    parser.add_argument(
        "--ability-to-pay",
        type=float,
        default=None,
        metavar="EUR",
        help="euro per month the household can pay (--collection personal)",
    )
    add_household_arguments(parser)
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")
    parser.set_defaults(func=run)
