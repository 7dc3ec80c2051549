"""``toeslagenlab lab-export``: a lab's responses as CSV and Parquet, with a data dictionary.

Example: ``toeslagenlab lab-export --db ~/lab/sessie1.sqlite --out export/sessie1``. The same
export as the buttons on the app's researcher page, without starting the app.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from lab.errors import InputError
from lab.jsonfile import make_folder


def run(args: argparse.Namespace) -> int:
    """Write the export files of the response database; return the exit code."""
    from lab.humanlab import ResponseStore, default_db_path, write_export

    db = Path(args.db).expanduser() if args.db else default_db_path()
    if not db.is_file():  # never create an empty database by exporting
        raise InputError(f"{db}: no such response database; give the lab's file with --db")
    out = make_folder(args.out)
    try:
        paths = write_export(ResponseStore(db), out)
    except OSError as exc:
        raise InputError(f"{out}: cannot write the export ({exc.strerror or exc})") from None
    for path in paths:
        print(path)
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``lab-export`` sub-command."""
    parser = subparsers.add_parser(
        "lab-export",
        help="export a lab's responses (CSV, Parquet) with a data dictionary",
        description=(
            "Write lab_antwoorden.csv, lab_antwoorden.parquet (one row per participant) and "
            "lab_datadictionary.csv (each column, its meaning and its values) to --out."
        ),
    )
    parser.add_argument(
        "--db", metavar="FILE", help="response database (default: $TOESLAGENLAB_DB or the app's)"
    )
    parser.add_argument("--out", metavar="DIR", required=True, help="folder for the export files")
    parser.set_defaults(func=run, on_interrupt="the export may be incomplete; run it again")
