"""``toeslagenlab list``: the shipped experiments, one line each."""

from __future__ import annotations

import argparse
import os


def run(args: argparse.Namespace) -> int:
    """Print each shipped experiment file with its description; return the exit code."""
    from lab.experiment import shipped_experiments

    for path, description in shipped_experiments():
        shown = os.path.relpath(path) if not os.path.relpath(path).startswith("..") else str(path)
        print(f"{shown:<40} {description}")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``list`` sub-command."""
    parser = subparsers.add_parser(
        "list",
        help="list the shipped experiments",
        description="List the experiment files in experiments/ with their description.",
    )
    parser.set_defaults(func=run)
