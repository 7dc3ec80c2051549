"""Which parameter files an experiment ran on: their names and content hashes, for the report."""

from __future__ import annotations

import hashlib
from pathlib import Path

from lab.errors import LabError
from lab.law.parameters import PARAMS_DIR, year_dir, year_files
from lab.law.sections import SECTIONS

#: The behaviour, population and arms files every run reads.
SHARED_FILES = ("behaviour.toml", "population.toml", "arms.toml")


def parameter_files(year: int, n_years: int) -> dict[str, str]:
    """``{file name: sha256 of its content}`` of every parameter file a run of these years reads.

    The law files and the kinderopvangtoeslag income table of each toeslag year
    (``law/<year>/...``), and the behaviour, population and arms files (``lab/params/``). A file
    that cannot be read is listed as ``"missing"``.
    """
    paths: list[Path] = []
    for y in range(year, year + n_years):
        try:
            paths += year_files(y)
        except LabError:  # a year without parameters is reported by the run itself
            paths += [year_dir(y) / f"{section}.toml" for section in SECTIONS]
    paths += [PARAMS_DIR / name for name in SHARED_FILES]
    out = {}
    for path in paths:
        name = path.relative_to(PARAMS_DIR).as_posix()
        out[name] = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "missing"
    return out
