"""Results folder of an experiment: one Parquet file per finished run, and ``manifest.json``.

Layout of ``DIR``::

    manifest.json        spec, spec hash, seeds, package versions, git commit, times, run status
    runs/<run>.parquet   one file per finished run (long format, see :data:`COLUMNS`)
    summary.json         per-arm means and effects with intervals (lab.experiment.analysis)
    report.html          self-contained report (lab.experiment.report)

Files are written to a temporary name and renamed, so a killed run never leaves a half file. A run
file that cannot be read all the same (a copy cut short, a full disk elsewhere) is set aside as
``runs/<run>.parquet.corrupt`` and counts as not done: the next ``toeslagenlab run`` redoes it.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import subprocess
import textwrap
from importlib import metadata
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from lab.errors import InputError
from lab.jsonfile import write_json

MANIFEST = "manifest.json"
SUMMARY = "summary.json"
REPORT = "report.html"
RUNS = "runs"
#: Suffix added to a run file that cannot be read when it is set aside.
DAMAGED_SUFFIX = ".corrupt"
#: What to do about a run file set aside.
REDO = "run the experiment again with the same --out to redo that run"
#: Columns of a run's Parquet file. ``kind`` is ``metric`` (one row per metric), ``subgroup`` (one
#: row per subgroup, group and metric) or ``monthly`` (one row per model-level series and month).
#: ``subgroup``/``group`` are "" and ``month`` is -1 where they do not apply.
COLUMNS = (
    "experiment",
    "arm",
    "point",
    "point_label",
    "replication",
    "seed",
    "kind",
    "metric",
    "subgroup",
    "group",
    "month",
    "value",
)
_PACKAGES = (
    "numpy",
    "pandas",
    "scipy",
    "mesa",
    "pydantic",
    "pyarrow",
    "SALib",
    "dask",
    "distributed",
)


def now() -> str:
    """The current UTC time, ISO 8601 to the second."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


def read_manifest(out_dir: Path) -> dict[str, Any] | None:
    """The manifest of a results folder, or None if there is none yet."""
    path = Path(out_dir) / MANIFEST
    if not path.exists():
        return None
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InputError(
            f"{path}: not a valid manifest ({exc}); use another --out or remove the folder"
        ) from None


def write_run(out_dir: Path, run_id: str, frame: pd.DataFrame) -> Path:
    """Write one finished run's rows to ``runs/<run_id>.parquet`` (atomically)."""
    folder = Path(out_dir) / RUNS
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{run_id}.parquet"
    tmp = folder / f".{run_id}.parquet.tmp"
    frame.to_parquet(tmp, index=False)
    os.replace(tmp, path)
    return path


def run_file(out_dir: Path, run_id: str) -> Path:
    """Where the Parquet file of run ``run_id`` lives."""
    return Path(out_dir) / RUNS / f"{run_id}.parquet"


def _read_run(path: Path) -> pa.Table:
    """Read a run file whole; OSError or ArrowInvalid if it is damaged."""
    table = pq.read_table(path)
    missing = set(COLUMNS) - set(table.column_names)
    if missing:
        raise pa.ArrowInvalid(f"columns missing: {', '.join(sorted(missing))}")
    return table


def _set_aside(path: Path, exc: Exception) -> str:
    """Rename a damaged run file to ``<name>.corrupt``; return the one-line notice about it."""
    target = path.with_name(path.name + DAMAGED_SUFFIX)
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}{DAMAGED_SUFFIX}{n}")
    os.replace(path, target)
    reason = textwrap.shorten(str(exc), 120, placeholder="...") or type(exc).__name__
    return f"{RUNS}/{path.name} could not be read ({reason}); set aside as {target.name}"


def set_aside_damaged(out_dir: Path) -> list[str]:
    """Check every run file of a results folder; set aside those that cannot be read.

    Returns:
        One notice per damaged file (what was wrong, where it went); empty when all are sound.
    """
    notices = []
    for path in sorted((Path(out_dir) / RUNS).glob("*.parquet")):
        try:
            _read_run(path)
        except (OSError, pa.ArrowException) as exc:
            notices.append(_set_aside(path, exc))
            _mark_not_done(Path(out_dir), path.name.removesuffix(".parquet"), notices[-1])
    return notices


def _mark_not_done(out_dir: Path, run_id: str, notice: str) -> None:
    """Record in the manifest that a run's file was set aside: the run is to be done again."""
    manifest = read_manifest(out_dir)
    entry = (manifest or {}).get("runs", {}).get(run_id)
    if entry is None:
        return
    entry.update(status="pending", error=notice, file=None)
    write_json(out_dir / MANIFEST, manifest)


def load_runs(out_dir: Path) -> pd.DataFrame:
    """All finished runs of a results folder as one long table (:data:`COLUMNS`).

    Raises:
        InputError: no run files, or one that cannot be read (it is set aside first, see
            :func:`set_aside_damaged`, so a rerun of the experiment redoes it).
    """
    files = sorted((Path(out_dir) / RUNS).glob("*.parquet"))
    if not files:
        raise InputError(
            f"{out_dir}: no finished runs (no {RUNS}/*.parquet); run the experiment first"
        )
    tables = []
    for path in files:
        try:
            tables.append(_read_run(path).to_pandas())
        except (OSError, pa.ArrowException) as exc:
            notice = _set_aside(path, exc)
            _mark_not_done(Path(out_dir), path.name.removesuffix(".parquet"), notice)
            raise InputError(f"{notice}; {REDO}") from None
    frame = pd.concat(tables, ignore_index=True)
    return frame.sort_values(
        ["arm", "point", "replication", "kind", "subgroup", "group", "metric", "month"],
        ignore_index=True,
    )


def versions() -> dict[str, str]:
    """Versions of Python and of the packages that shape the numbers."""
    out = {"python": platform.python_version()}
    for name in ("toeslagenlab", *_PACKAGES):
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            if name == "toeslagenlab":
                from lab import __version__

                out[name] = f"{__version__} (not installed)"
    return out


def git_commit() -> dict[str, Any]:
    """The git commit of the code that ran, and whether the work tree had changes (if known)."""
    root = Path(__file__).resolve().parents[2]
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True, timeout=10
        )
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=root,
            capture_output=True,
            text=True,
            timeout=10,
        )
    except (OSError, subprocess.SubprocessError):
        return {"commit": None, "dirty": None}
    if commit.returncode != 0:
        return {"commit": None, "dirty": None}
    return {"commit": commit.stdout.strip(), "dirty": bool(dirty.stdout.strip())}
