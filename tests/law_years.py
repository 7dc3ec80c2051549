"""Law parameters of a toeslag year for tests, also while the year's folder is incomplete.

The files of one toeslag of the years 2016-2023 are written one toeslag at a time; a folder is
loadable only with every file (lab/params/law/<year>/). Until then, :func:`year_params` loads the
year's own files and takes each missing one from 2024 (in a temporary folder), so a test of one
toeslag reads that toeslag's own values of the year. Once the folder is complete it is
``load_year``.
"""

from __future__ import annotations

import functools
import shutil
import tempfile
from pathlib import Path

from lab.law.parameters import YearParams, load_params_dir, load_year, year_dir
from lab.law.sections import SECTIONS

#: The year whose files stand in for those not yet written.
STAND_IN_YEAR = 2024


@functools.cache
def year_params(year: int, toeslag: str | None = None) -> YearParams:
    """The law parameters of ``year``; missing files of its folder come from 2024.

    With ``toeslag``, that toeslag's own file must be the year's: a test never reads another
    year's rule by mistake.
    """
    own = year_dir(year)
    if toeslag is not None and not (own / f"{toeslag}.toml").is_file():
        raise FileNotFoundError(f"no {toeslag}.toml for {year} in {own}")
    missing = [s for s in SECTIONS if not (own / f"{s}.toml").is_file()]
    if not missing and (own / "kinderopvangtoeslag.csv").is_file():
        return load_year(year)
    folder = Path(tempfile.mkdtemp(prefix=f"law_{year}_")) / str(year)
    shutil.copytree(own, folder)
    stand_in = year_dir(STAND_IN_YEAR)
    for section in missing:
        shutil.copy(stand_in / f"{section}.toml", folder / f"{section}.toml")
    if "kinderopvangtoeslag" in missing:
        shutil.copy(stand_in / "kinderopvangtoeslag.csv", folder / "kinderopvangtoeslag.csv")
    return load_params_dir(folder, year)
