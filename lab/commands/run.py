"""``toeslagenlab run``: run an experiment file, resumable, on local processes or Dask.

Example: ``toeslagenlab run experiments/lab_voorzichtig.toml --out results/lab_voorzichtig``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from lab.errors import InputError
from lab.experiment.labels import LANGUAGES


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a number of at least 1, got {value}")
    return value


def run(args: argparse.Namespace) -> int:
    """Run the experiment and write its results folder; return the exit code."""
    from tqdm import tqdm

    from lab.experiment import load_spec, run_experiment
    from lab.experiment.backends import default_workers

    if args.scheduler and args.dask_local:
        raise InputError("use either --scheduler or --dask-local, not both")
    spec = load_spec(args.experiment, households=args.households, replications=args.replications)
    out = Path(args.out) if args.out else Path("results") / spec.name
    workers = args.workers or default_workers()
    bars: list[tqdm] = []  # drawn at the first progress call, so an early error stays one line

    def progress(done: int, total: int, run_id: str, status: str) -> None:
        if not bars:
            bars.append(
                tqdm(total=total, unit="run", file=sys.stderr, desc=spec.name, dynamic_ncols=True)
            )
        bar = bars[0]
        if bar.total != total:
            bar.total = total
        bar.n = done
        if status == "start":
            bar.reset(total=total)
            bar.update(done)
            return
        bar.set_postfix_str(f"{run_id} {status}", refresh=False)
        bar.refresh()

    try:
        outcome = run_experiment(
            spec,
            out,
            workers=workers,
            scheduler=args.scheduler,
            dask_local=args.dask_local,
            progress=progress,
            source=str(args.experiment),
            lang=args.lang,
        )
    finally:
        for bar in bars:
            bar.close()
    for notice in outcome.set_aside:
        print(f"toeslagenlab: warning: {notice}; redone now", file=sys.stderr)
    print(
        f"{spec.name}: {len(outcome.completed)} runs done now, {len(outcome.skipped)} already "
        f"done, {len(outcome.failed)} failed, of {outcome.total}; results in {out}"
    )
    for run_id, error in outcome.failed.items():
        print(f"  failed: {run_id}: {error}", file=sys.stderr)
    if outcome.summary is not None:
        print(f"  {out / 'summary.json'}\n  {out / 'report.html'}")
    return 1 if outcome.failed else 0


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``run`` sub-command."""
    parser = subparsers.add_parser(
        "run",
        help="run an experiment file (arms, replications) and write its results folder",
        description=(
            "Run every arm, design point and replication of an experiment file, write one "
            "Parquet file per run, manifest.json, summary.json and report.html. Rerunning with "
            "the same --out skips the runs already finished."
        ),
    )
    parser.add_argument(
        "experiment", help="experiment file (TOML), e.g. experiments/lab_voorzichtig.toml"
    )
    parser.add_argument("--households", type=_positive, metavar="N", help="households per run")
    parser.add_argument("--replications", type=_positive, metavar="R", help="replications per arm")
    parser.add_argument(
        "--workers", type=_positive, metavar="W", help="worker processes (default: all CPUs)"
    )
    parser.add_argument("--scheduler", metavar="ADDR", help="Dask scheduler, tcp://host:port")
    parser.add_argument(
        "--dask-local", action="store_true", help="start a local Dask cluster with W workers"
    )
    parser.add_argument("--out", metavar="DIR", help="results folder (default: results/<name>)")
    parser.add_argument(
        "--lang", choices=LANGUAGES, default="en", help="language of report.html (default: en)"
    )
    parser.set_defaults(func=run, on_interrupt="finished work has been kept")
