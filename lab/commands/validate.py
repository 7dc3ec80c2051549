"""``toeslagenlab validate``: the shipped defaults against every measured target, one table.

Example: ``toeslagenlab validate --out results/validation`` prints the table and writes
``validation.html`` and ``validation.json``: every fitted target and every out-of-sample row with
the published figure (empty where none was found), the model's value with its 95% interval, the
source and the distance.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys

from lab.commands.run import _positive
from lab.jsonfile import make_folder


def run(args: argparse.Namespace) -> int:
    """Simulate the shipped defaults, print and write the validation table; return 0."""
    from lab.calibration import (
        fit_rows,
        html_page,
        load_targets,
        machine,
        markdown_table,
        run_plan,
        simulate_moments,
        terminal_table,
        write_json,
    )
    from lab.experiment.backends import default_workers
    from lab.experiment.store import git_commit

    targets, design = load_targets(args.targets)
    seeds = tuple(range(1, args.replications + 1))
    design = dataclasses.replace(design, households=args.households, seeds=seeds)
    out = make_folder(args.out)  # before the runs, so a folder that cannot be made costs none
    plan = run_plan(targets)
    years = ", ".join(f"{year} ({' '.join(runs)})" for year, runs in plan.items())
    print(
        f"validating the shipped defaults: {design.households} households x {len(seeds)} "
        f"replications in each target's toeslag year: {years}",
        file=sys.stderr,
    )
    moments = simulate_moments({}, design, plan, args.workers or default_workers())
    rows = fit_rows(targets, moments)
    provenance = {
        "commit": git_commit().get("commit") or "unknown",
        "households": design.households,
        "replications": len(seeds),
        **machine(),
    }
    write_json(out / "validation.json", {"provenance": provenance, "rows": rows})
    notes = [
        f"Shipped defaults at commit {provenance['commit']}; {design.households} households x "
        f"{len(seeds)} replications (seeds {seeds[0]}-{seeds[-1]}), each target in the toeslag "
        f"year it was measured in (column year): {years}. "
        "Intervals: 95% over replications (each replication has its own year-wide wage shock).",
        "Fitted rows were targets of `toeslagenlab calibrate`; out-of-sample rows were not. "
        "A miss is shown with its size; bands are set from the facts, never from the model.",
    ]
    (out / "validation.html").write_text(html_page("Validation", rows, notes), encoding="utf-8")
    (out / "validation.md").write_text(markdown_table(rows) + "\n", encoding="utf-8")
    print(terminal_table(rows))
    print(f"  {out / 'validation.html'}\n  {out / 'validation.json'}\n  {out / 'validation.md'}")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``validate`` sub-command."""
    parser = subparsers.add_parser(
        "validate",
        help="hold the shipped defaults against every measured target",
        description=(
            "Runs the shipped defaults (control, voorzichtig, outreach and instelbaar arms) and "
            "prints and writes one table of every fitted and out-of-sample target."
        ),
    )
    parser.add_argument(
        "targets", nargs="?", default=None, help="targets file (default lab/data/targets.toml)"
    )
    parser.add_argument(
        "--out", default="results/validation", metavar="DIR", help="folder for the table"
    )
    parser.add_argument(
        "--households", type=_positive, default=20_000, metavar="N", help="per run (20000)"
    )
    parser.add_argument("--replications", type=_positive, default=5, metavar="R", help="seeds (5)")
    parser.add_argument(
        "--workers",
        type=_positive,
        default=None,
        metavar="N",
        help="processes for the runs (default: the cpus this process may use); the same table",
    )
    parser.set_defaults(func=run)
