"""YearParams: the law parameters of one toeslag year, loaded from ``lab/params/law/<year>/``.

A toeslag year is a folder with one file per part of the law, each holding only its own section
(:data:`lab.law.sections.SECTIONS`): ``zorgtoeslag.toml``, ``huurtoeslag.toml``,
``kindgebonden_budget.toml``, ``kinderopvangtoeslag.toml`` (with its income table
``kinderopvangtoeslag.csv``, :mod:`lab.law.kot_table`) and ``awir.toml``. Every value in a
parameter file is an entry ``{ value, unit, source, mark }`` (:mod:`lab.law.entries`): the loader
strips the provenance into :meth:`YearParams.source` and checks the values against the sections'
models (:mod:`lab.law.sections`), so a missing, unknown or mistyped key fails with the file, the
key and what was expected.
"""

from __future__ import annotations

import functools
import tomllib
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from lab.errors import ParameterError
from lab.law.entries import split_entries
from lab.law.kot_table import KotTable, load_kot_table
from lab.law.sections import (
    SECTIONS,
    TOESLAG_SECTIONS,
    Awir,
    Huurtoeslag,
    Kinderopvangtoeslag,
    KindgebondenBudget,
    YearSections,
    Zorgtoeslag,
    describe_errors,
)

#: Directory holding the parameter files shipped with the package.
PARAMS_DIR = Path(__file__).resolve().parents[1] / "params"
#: Directory holding one folder of law parameters per toeslag year (``law/2026/``, ...).
LAW_DIR = PARAMS_DIR / "law"


class YearParams(BaseModel):
    """All law parameters of one toeslag year, as plain numbers, with provenance per value."""

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    year: int
    path: Path
    zorgtoeslag: Zorgtoeslag
    huurtoeslag: Huurtoeslag
    kindgebonden_budget: KindgebondenBudget
    kinderopvangtoeslag: Kinderopvangtoeslag
    awir: Awir
    kot_table: KotTable
    provenance: dict[str, tuple[str, str, str]]

    def source(self, key: str) -> tuple[str, str]:
        """Return ``(source, mark)`` of a value, e.g. ``source("zorgtoeslag.standaardpremie")``."""
        try:
            src, mark, _unit = self.provenance[key]
        except KeyError:
            raise ParameterError(
                f"law/{self.year}: no parameter '{key}'; use 'section.key', e.g. "
                "'zorgtoeslag.standaardpremie'"
            ) from None
        return src, mark

    def assumptions(self) -> list[str]:
        """The toeslag values of this year marked A: not (yet) published, approximated or indexed.

        Returns ``section.key`` names in file order, e.g. ``["zorgtoeslag.standaardpremie"]``.
        """
        return [
            key
            for key, (_source, mark, _unit) in self.provenance.items()
            if mark == "A" and key.split(".", 1)[0] in TOESLAG_SECTIONS
        ]

    def unit(self, key: str) -> str:
        """Return the unit of a value as written in the file (e.g. ``"euro/yr"``)."""
        if key not in self.provenance:
            raise ParameterError(f"law/{self.year}: no parameter '{key}'")
        return self.provenance[key][2]


def available_years(directory: Path = LAW_DIR) -> list[int]:
    """Return the toeslag years that have a folder of law parameters, ascending."""
    if not directory.is_dir():
        return []
    return sorted(int(path.name) for path in directory.iterdir() if path.name.isdigit())


def year_dir(year: int) -> Path:
    """The folder of the law parameters of toeslag year ``year`` (``lab/params/law/<year>``)."""
    return LAW_DIR / str(year)


def year_files(year: int) -> list[Path]:
    """Every file of toeslag year ``year``'s law: one ``.toml`` per section and the income table.

    Used for the provenance of a run (which files, with which content, it read).
    """
    folder = year_dir(year)
    return [folder / f"{section}.toml" for section in SECTIONS] + [
        folder / load_year(year).kinderopvangtoeslag.income_table
    ]


@functools.cache
def load_year(year: int) -> YearParams:
    """Load and validate the parameters of toeslag year ``year`` (cached).

    Raises:
        ParameterError: no folder for that year, or a file or its income table is not valid.
    """
    folder = year_dir(year)
    if not folder.is_dir():
        years = ", ".join(str(y) for y in available_years()) or "none"
        raise ParameterError(
            f"no parameters for year {year} (expected the folder lab/params/law/{year}/); "
            f"available years: {years}"
        )
    return load_params_dir(folder, year)


def load_params_dir(folder: Path, year: int | None = None) -> YearParams:
    """Load and validate one toeslag year's folder; ``year`` defaults to the folder's name.

    Each of :data:`SECTIONS` is read from ``<section>.toml`` in the folder, which must hold that
    section only.

    Raises:
        ParameterError: naming the file, the key and what was expected.
    """
    folder = Path(folder)
    if year is None:
        if not folder.name.isdigit():
            raise ParameterError(
                f"{folder}: cannot tell the year; name the folder after it (law/<year>/)"
            )
        year = int(folder.name)
    values: dict[str, Any] = {}
    provenance: dict[str, tuple[str, str, str]] = {}
    files: dict[str, str] = {}
    for section in SECTIONS:
        path = folder / f"{section}.toml"
        name = f"law/{year}/{path.name}"
        try:
            with path.open("rb") as handle:
                raw = tomllib.load(handle)
        except FileNotFoundError:
            raise ParameterError(
                f"{name}: parameter file not found at {path} (every year needs "
                f"{', '.join(s + '.toml' for s in SECTIONS)})"
            ) from None
        except tomllib.TOMLDecodeError as exc:
            raise ParameterError(f"{name}: not valid TOML ({exc})") from None
        others = [key for key in raw if key != section]
        if others:
            raise ParameterError(
                f"{name}: holds [{', '.join(others)}]; this file holds the [{section}] section "
                f"only (move the others to their own file)"
            )
        if section not in raw:
            raise ParameterError(f"{name}: has no [{section}] section")
        part, part_provenance = split_entries(raw, name)
        values.update(part)
        provenance.update(part_provenance)
        files[section] = name
    try:
        model = YearSections.model_validate(values)
    except ValidationError as exc:
        raise ParameterError(describe_errors(exc, files, values)) from None
    table = load_kot_table(folder / model.kinderopvangtoeslag.income_table)
    return YearParams(
        year=year,
        path=folder,
        zorgtoeslag=model.zorgtoeslag,
        huurtoeslag=model.huurtoeslag,
        kindgebonden_budget=model.kindgebonden_budget,
        kinderopvangtoeslag=model.kinderopvangtoeslag,
        awir=model.awir,
        kot_table=table,
        provenance=provenance,
    )
