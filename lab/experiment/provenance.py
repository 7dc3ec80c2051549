"""Which parameter files an experiment ran on: their names and content hashes, for the report."""

from __future__ import annotations

import hashlib
from pathlib import Path

from lab.errors import LabError
from lab.law.parameters import PARAMS_DIR, load_year

#: The behaviour and population files every run reads.
SHARED_FILES = ("behaviour.toml", "population.toml")


def parameter_files(year: int, n_years: int) -> dict[str, str]:
    """``{file name: sha256 of its content}`` of every parameter file a run of these years reads.

    The law file and the kinderopvangtoeslag income table of each toeslag year, and the behaviour
    and population files (``lab/params/``). A file that cannot be read is listed as ``"missing"``.
    """
    names = []
    for y in range(year, year + n_years):
        names.append(f"awir_{y}.toml")
        try:
            names.append(Path(load_year(y).kinderopvangtoeslag.income_table).name)
        except LabError:  # a year without parameters is reported by the run itself
            names.append(f"kinderopvangtoeslag_{y}.csv")
    names += SHARED_FILES
    out = {}
    for name in names:
        path = PARAMS_DIR / name
        out[name] = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "missing"
    return out
