"""Load a toeslag year's law for the huurtoeslag tests, also before the year's folder is complete.

A year's folder loads only with all five section files (LAW_LAYOUT); the older years' huurtoeslag
files may land before the other toeslagen's. Until then the huurtoeslag tests load the year's
``huurtoeslag.toml`` with the other sections of 2024 (a temporary folder); the huurtoeslag award
reads its own section only, so what they check is the same.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from lab.law.parameters import SECTIONS, YearParams, load_params_dir, load_year, year_dir


def year_params(year: int, toeslag: str = "huurtoeslag") -> YearParams:
    """The year's parameters, with the 2024 sections for those its folder does not have yet.

    ``toeslag``'s own file must be the year's: a test never reads another year's rule by mistake.
    """
    folder = year_dir(year)
    if not (folder / f"{toeslag}.toml").is_file():
        raise FileNotFoundError(f"no {toeslag}.toml for {year} in {folder}")
    if all((folder / f"{section}.toml").is_file() for section in SECTIONS):
        return load_year(year)
    tmp = Path(tempfile.mkdtemp(prefix=f"law{year}_"))
    shutil.copytree(year_dir(2024), tmp, dirs_exist_ok=True)
    for path in folder.iterdir():
        shutil.copy(path, tmp / path.name)
    return load_params_dir(tmp, year)
