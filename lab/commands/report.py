"""``toeslagenlab report``: rebuild summary.json and report.html from a results folder.

Example: ``toeslagenlab report results/lab_voorzichtig [--lang nl]``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from lab.errors import InputError
from lab.experiment.labels import LANGUAGES


def run(args: argparse.Namespace) -> int:
    """Rebuild the summary and report from the Parquet files; return the exit code."""
    from lab.experiment import build_report
    from lab.experiment.store import REDO, set_aside_damaged

    folder = Path(args.folder)
    if not folder.is_dir():
        raise InputError(f"{folder}: no such results folder")
    for notice in set_aside_damaged(folder):
        print(f"toeslagenlab: warning: {notice}; {REDO}", file=sys.stderr)
    summary = build_report(folder, lang=args.lang)
    p = summary["provenance"]
    print(
        f"{p['experiment']}: {p['runs_done']} of {p['runs_total']} runs; "
        f"wrote {folder / 'summary.json'} and {folder / 'report.html'}"
    )
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``report`` sub-command."""
    parser = subparsers.add_parser(
        "report",
        help="rebuild summary.json and report.html of an experiment's results folder",
        description=(
            "Read the runs' Parquet files and manifest.json and rewrite the summary and report."
        ),
    )
    parser.add_argument("folder", help="results folder written by 'toeslagenlab run'")
    parser.add_argument(
        "--lang", choices=LANGUAGES, default="en", help="language of report.html (default: en)"
    )
    parser.set_defaults(func=run)
