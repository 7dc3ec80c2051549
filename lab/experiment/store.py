"""Results folder of an experiment: one Parquet file per finished run, and ``manifest.json``.

Layout of ``DIR``::

    manifest.json        spec, spec hash, seeds, package versions, git commit, times, run status
    runs/<run>.parquet   one file per finished run (long format, see :data:`COLUMNS`)
    summary.json         per-arm means and effects with intervals (lab.experiment.analysis)
    report.html          self-contained report (lab.experiment.report)

Files are written to a temporary name and renamed, so a killed run never leaves a half file.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import subprocess
from importlib import metadata
from pathlib import Path
from typing import Any

import pandas as pd

from lab.errors import InputError

MANIFEST = "manifest.json"
SUMMARY = "summary.json"
REPORT = "report.html"
RUNS = "runs"
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


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def write_json(path: Path, data: Any) -> None:
    """Write ``data`` as indented JSON (NaN as null), atomically."""
    _write_atomic(path, json.dumps(_no_nan(data), indent=2, ensure_ascii=False) + "\n")


def _no_nan(value: Any) -> Any:
    if isinstance(value, float) and value != value:
        return None
    if isinstance(value, dict):
        return {k: _no_nan(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_no_nan(v) for v in value]
    return value


def read_manifest(out_dir: Path) -> dict[str, Any] | None:
    """The manifest of a results folder, or None if there is none yet."""
    path = Path(out_dir) / MANIFEST
    if not path.exists():
        return None
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}: not a valid manifest ({exc})") from None


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


def load_runs(out_dir: Path) -> pd.DataFrame:
    """All finished runs of a results folder as one long table (:data:`COLUMNS`)."""
    files = sorted((Path(out_dir) / RUNS).glob("*.parquet"))
    if not files:
        raise InputError(
            f"{out_dir}: no finished runs (no {RUNS}/*.parquet); run the experiment first"
        )
    frame = pd.concat([pd.read_parquet(f) for f in files], ignore_index=True)
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
