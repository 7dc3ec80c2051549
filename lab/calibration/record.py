"""The record of a calibration: the machine it ran on, ``calibrated.toml``, shipping the values.

``toeslagenlab calibrate`` writes ``calibrated.toml`` (:func:`record_text`: the calibrated values,
when, from which commit, with which objective, and the fitted targets it missed) and ``fit.json``;
``validate`` and ``sensitivity`` write their JSON the same way (:func:`lab.jsonfile.write_json`,
NaN and infinity as null). Only :func:`ship` writes into the source tree: the values into
``lab/params`` and the record into ``lab/data/calibrated.toml``; no command rewrites the docs.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from lab.valuefile import PARAMS_DIR, write_values

#: The record of the shipped calibration.
SHIPPED_RECORD = Path(__file__).resolve().parents[1] / "data" / "calibrated.toml"


def machine() -> dict[str, Any]:
    """CPU count and load averages (1, 5, 15 minutes) of the machine now."""
    load = os.getloadavg() if hasattr(os, "getloadavg") else (float("nan"),) * 3
    return {"cpus": os.cpu_count(), "load_1_5_15": [round(x, 2) for x in load]}


def record_text(
    record: Mapping[str, Any],
    values: Mapping[str, Mapping[str, float]],
    misses: Mapping[str, float],
) -> str:
    """The text of ``calibrated.toml``: the ``record``, the ``misses`` and the values per file.

    ``record``: date, commit, objective, evaluations, ... (a None is left out); ``misses``: per
    fitted target outside its band, the distance outside it in the target's unit.
    """
    lines = [
        "# Written by `toeslagenlab calibrate`: the calibrated values, when, from which commit,",
        "# with which objective (soft-L1 sum of the weighted residuals,",
        "# lab/calibration/objective.py).",
        "[calibration]",
    ]
    for key, value in record.items():
        if isinstance(value, str):
            lines.append(f'{key} = "{value}"')
        elif isinstance(value, list):
            lines.append(f"{key} = [{', '.join(repr(v) for v in value)}]")
        elif value is None:
            continue
        else:
            lines.append(f"{key} = {value!r}")
    lines.append("\n# Fitted targets outside their band at the calibrated values: the miss")
    lines.append("# (distance outside the band, in the target's unit); the tests expect them.")
    lines.append("[misses]")
    lines += [f"{name} = {size!r}" for name, size in misses.items()]
    for file, entries in values.items():
        lines.append(f"\n[{file}]")
        lines += [f'"{key}" = {value!r}' for key, value in entries.items()]
    return "\n".join(lines) + "\n"


def ship(
    record: Mapping[str, Any],
    values: Mapping[str, Mapping[str, float]],
    misses: Mapping[str, float],
) -> Path:
    """Make the calibrated ``values`` the shipped defaults; return the path of the record.

    Writes the values into ``lab/params/<file>.toml`` and :func:`record_text` into
    :data:`SHIPPED_RECORD`. The docs (the parameter tables of ``docs/model.md``) are updated by
    hand from the fit report.
    """
    for file, entries in values.items():
        if entries:
            write_values(PARAMS_DIR / f"{file}.toml", entries)
    SHIPPED_RECORD.write_text(record_text(record, values, misses), encoding="utf-8")
    return SHIPPED_RECORD
