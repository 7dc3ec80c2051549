"""``toeslagenlab scenario``: run a household through a human-lab scenario sheet.

Example: ``toeslagenlab scenario lab/data/scenario_default.csv --percentage 80 --json``.
"""

from __future__ import annotations

import argparse
import json

from lab.humanlab import (
    DEFAULT_RECOVERY_NAME,
    DEFAULT_SHEET,
    DEFAULT_TOESLAG_NAME,
    load_scenario,
    run_scenario,
)
from lab.policy.percentage import read_percentage


def run(args: argparse.Namespace) -> int:
    """Print income, fixed, variable, net and balance per month (euro); return the exit code."""
    percentage = read_percentage(args.percentage, 0.0, what="--percentage")
    scenario = load_scenario(args.sheet)
    result = run_scenario(
        scenario,
        percentage=percentage,
        toeslag_name=args.toeslag_name,
        start_balance=args.start_balance,
        recovery_name=args.recovery_name,
    )
    table = result.table()
    if args.json:
        print(json.dumps(table, ensure_ascii=False))
        return 0
    print(
        f"{args.sheet}: {args.toeslag_name} paid at {percentage * 100:g}% "
        f"({result.toeslag_paid:,.2f} of {result.toeslag_full:,.2f} euro); "
        f"start balance {args.start_balance:,.2f} euro"
    )
    width = max(len("month"), *(len(name) for name in table))
    columns = ("income", "fixed", "variable", "net", "balance")
    print(f"{'month':<{width}}" + "".join(f"{c:>12}" for c in columns))
    for (name, row), month in zip(table.items(), result.months, strict=True):
        jump = "  (time jump)" if month.time_jump else ""
        print(f"{name:<{width}}" + "".join(f"{row[c]:>12,.2f}" for c in columns) + jump)
    kind = "terugvordering" if result.settlement >= 0 else "nabetaling"
    print(
        f"settlement in {result.settlement_month}: {kind} {abs(result.settlement):,.2f} euro "
        f"(recovery at 100%: {result.recovery_full:,.2f} euro)"
    )
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``scenario`` sub-command."""
    parser = subparsers.add_parser(
        "scenario",
        help="run a household through a human-lab scenario sheet (CSV)",
        description=(
            "Read a scenario sheet in the human lab's CSV format and print, per month, income, "
            "fixed and variable costs, net and balance (euro), with the toeslag line paid at the "
            "given percentage and the recovery or nabetaling that follows from it."
        ),
    )
    parser.add_argument(
        "sheet", nargs="?", default=str(DEFAULT_SHEET), help="scenario sheet (default: shipped)"
    )
    parser.add_argument(
        "--percentage",
        default="100",
        metavar="P",
        help="percentage of the toeslag paid: 80 and 0.8 both mean 80%% (default 100)",
    )
    parser.add_argument(
        "--toeslag-name",
        default=DEFAULT_TOESLAG_NAME,
        metavar="NAME",
        help=f"income name (column B) of the toeslag line (default {DEFAULT_TOESLAG_NAME})",
    )
    parser.add_argument(
        "--start-balance", type=float, default=0.0, metavar="EUR", help="balance before month 1"
    )
    parser.add_argument(
        "--recovery-name",
        default=DEFAULT_RECOVERY_NAME,
        metavar="WORD",
        help=f"variable expenses starting with WORD are the recovery ({DEFAULT_RECOVERY_NAME})",
    )
    parser.add_argument("--json", action="store_true", help="print JSON keyed by month name")
    parser.set_defaults(func=run)
