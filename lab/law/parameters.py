"""Law parameters of one toeslag year, loaded from ``lab/params/law/<year>/`` and validated.

A toeslag year is a folder with one file per part of the law, each holding only its own section:
``zorgtoeslag.toml``, ``huurtoeslag.toml``, ``kindgebonden_budget.toml``,
``kinderopvangtoeslag.toml`` (with its income table ``kinderopvangtoeslag.csv``) and ``awir.toml``.
Every value in a parameter file is an inline table ``{ value, unit, source, mark }``: the number
(or text, or switch) itself, its unit, where it comes from and how well it is verified (see
:data:`MARKS`). The loader strips the provenance into :meth:`YearParams.source` and checks the
values against pydantic models, so a missing, unknown or mistyped key fails with the file, the key
and what was expected. The kinderopvangtoeslag income table is a CSV file named in the TOML file.
"""

from __future__ import annotations

import csv
import functools
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from lab.errors import ParameterError

#: Directory holding the parameter files shipped with the package.
PARAMS_DIR = Path(__file__).resolve().parents[1] / "params"
#: Directory holding one folder of law parameters per toeslag year (``law/2026/``, ...).
LAW_DIR = PARAMS_DIR / "law"

#: Verification marks: V official source, C reproduces verified figures by calculation, S consistent
#: secondary sources, U not verified, A assumption: a value not (yet) published, approximated or
#: indexed as its source says, M modelling choice (the law leaves it open or the model simplifies;
#: its source says why).
MARKS: tuple[str, ...] = ("V", "C", "S", "U", "A", "M")
#: Sections holding the law's values of the four toeslagen (the ``awir`` section holds settings).
TOESLAG_SECTIONS: tuple[str, ...] = (
    "zorgtoeslag",
    "huurtoeslag",
    "kindgebonden_budget",
    "kinderopvangtoeslag",
)
#: The files of a toeslag year's folder: one per section, named after it.
SECTIONS: tuple[str, ...] = (*TOESLAG_SECTIONS, "awir")

_ENTRY_KEYS = ("value", "unit", "source", "mark")
_KOT_COLUMNS = (
    "income_from",
    "income_to",
    "pct_first_child",
    "pct_next_children",
    "mark",
    "source",
)


class _Section(BaseModel):
    """A section of a parameter file: unknown keys and loose types are rejected."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class Zorgtoeslag(_Section):
    """Zorgtoeslag: standard premium minus the normpremie the household pays itself."""

    standaardpremie: float = Field(gt=0)
    drempelinkomen: float = Field(gt=0)
    normpremie_pct_single: float = Field(ge=0, le=1)
    normpremie_pct_partner: float = Field(ge=0, le=1)
    normpremie_pct_above_drempel: float = Field(ge=0, le=1)
    vermogensgrens_single: float = Field(ge=0)
    vermogensgrens_partner: float = Field(ge=0)


class _HuurtoeslagCommon(_Section):
    """What every huurtoeslag year has: the law's limits, slices, ijkpunten and normhuur inputs.

    The basishuur is not a parameter: :func:`lab.law.huurtoeslag.basishuur_parameters` derives it
    from these inputs of the law (Wet op de huurtoeslag, BWBR0008659, art. 16-19 and 21; Wet
    verlaging eigen bijdrage huurtoeslag, BWBR0049106, art. 1).
    """

    kwaliteitskortingsgrens: float = Field(gt=0)
    aftoppingsgrens_small: float = Field(gt=0)
    aftoppingsgrens_large: float = Field(gt=0)
    maximale_huurgrens: float = Field(gt=0)
    max_huur_is_eligibility: bool
    max_service_costs: float = Field(ge=0)
    jongerengrens: float = Field(gt=0)
    jongeren_max_age: int = Field(ge=0, le=30)
    jongerengrens_is_eligibility: bool
    share_below_kkg: float = Field(ge=0, le=1)
    share_kkg_to_ag: float = Field(ge=0, le=1)
    share_above_ag_single: float = Field(ge=0, le=1)
    share_above_ag_multi: float = Field(ge=0, le=1)
    vermogensgrens_single: float = Field(ge=0)
    vermogensgrens_partner: float = Field(ge=0)
    minimum_inkomensijkpunt_single: float = Field(gt=0)
    minimum_inkomensijkpunt_multi: float = Field(gt=0)
    normhuur_minimum: float = Field(gt=0)
    normhuur_minimum_verlaging_single: float = Field(ge=0)
    normhuur_minimum_verlaging_multi: float = Field(ge=0)
    taakstellingsbedrag: float
    medebewoner_kind_vrijstelling: float = Field(ge=0)
    medebewoner_kind_max_age: int = Field(ge=0, le=30)


class HuurtoeslagQuadratic(_HuurtoeslagCommon):
    """Huurtoeslag up to 2025: the normhuur quota runs linearly between two ijkpunten (art. 19).

    The same form holds from 2016 (the text of art. 17-19 is unchanged); up to 2019 the law also
    had a hard maximum income, the norminkomen of art. 14 (``inkomensgrens_*``).

    Above the minimum-inkomensijkpunt the normhuur is ``a*Y^2 + b*Y`` (euro per month, Y the
    yearly rekeninkomen), with a and b derived from the normhuur at the minimum-inkomensijkpunt
    and at the referentie-inkomensijkpunt (art. 17-19).
    """

    structure: Literal["quadratic"]
    #: Up to 2019 the norminkomen: no huurtoeslag when the rekeninkomen is above it (art. 14(1),
    #: (3)); absent (None) from 2020, when the hard income limit was abolished.
    inkomensgrens_single: float | None = Field(default=None, gt=0)
    inkomensgrens_multi: float | None = Field(default=None, gt=0)
    referentie_inkomensijkpunt_single: float = Field(gt=0)
    referentie_inkomensijkpunt_multi: float = Field(gt=0)
    normhuur_referentie: float = Field(gt=0)
    normhuur_referentie_verlaging_single: float = Field(ge=0)
    normhuur_referentie_verlaging_multi: float = Field(ge=0)


class HuurtoeslagLinear(_HuurtoeslagCommon):
    """Huurtoeslag from 2026: a fixed normhuur and a linear afbouw above the ijkpunt.

    The normhuur at the minimum-inkomensijkpunt holds for every income, and the award is lowered
    by a percentage of the income above that ijkpunt (art. 16, 17 and 21(2)).
    """

    structure: Literal["linear"]
    afbouw_pct_single: float = Field(ge=0, le=1)
    afbouw_pct_multi: float = Field(ge=0, le=1)


Huurtoeslag = Annotated[HuurtoeslagQuadratic | HuurtoeslagLinear, Field(discriminator="structure")]


class KindgebondenBudget(_Section):
    """Kindgebonden budget: amounts per child plus the alleenstaande-ouderkop, minus the afbouw."""

    #: The amount for the first child (from 2024 the amount for every child), euro per year.
    bedrag_per_kind: float = Field(ge=0)
    #: Before 2024 (Wet op het kindgebonden budget, BWBR0022751, art. 2(2) of that year) the
    #: maximum depended on the number of children: one amount for one child, a higher one for two
    #: and three children, plus an amount for each further child. Stored as the increase for the
    #: second child, the third child and each further child (euro per year; ``None``: equal to
    #: ``bedrag_per_kind``, the rule from 2024).
    bedrag_tweede_kind: float | None = Field(None, ge=0)
    bedrag_derde_kind: float | None = Field(None, ge=0)
    bedrag_volgend_kind: float | None = Field(None, ge=0)
    extra_12_15: float = Field(ge=0)
    extra_16_17: float = Field(ge=0)
    alleenstaande_ouderkop: float = Field(ge=0)
    drempel_single: float = Field(ge=0)
    drempel_partner: float = Field(ge=0)
    afbouw_pct: float = Field(ge=0, le=1)
    max_child_age: int = Field(ge=0, le=30)
    vermogensgrens_single: float = Field(ge=0)
    vermogensgrens_partner: float = Field(ge=0)
    #: From 2027 a second knikpunt: above it the afbouw is ``afbouw_pct_boven_knikpunt``
    #: (euro per year; ``None`` in years without one).
    afbouw_knikpunt: float | None = Field(None, gt=0)
    afbouw_pct_boven_knikpunt: float | None = Field(None, ge=0, le=1)


class Kinderopvangtoeslag(_Section):
    """Kinderopvangtoeslag: maximum hourly prices, hour cap and the income table file."""

    max_uurprijs_dagopvang: float = Field(gt=0)
    max_uurprijs_bso: float = Field(gt=0)
    max_uurprijs_gastouder: float = Field(gt=0)
    max_hours_per_month: float = Field(gt=0)
    max_child_age: int = Field(ge=0, le=30)
    income_table: str = Field(min_length=1)


class Awir(_Section):
    """Awir settings: minimum award, DT, collection, interest and the estimate's continuation.

    The arms' voorschot percentages are policy, not law: ``lab/params/arms.toml``
    (:func:`lab.policy.arms.arm_settings`).
    """

    minimum_award: float = Field(ge=0)
    dt_threshold: float = Field(ge=0)
    high_recovery_threshold: float = Field(ge=0)
    arrangement_max_terms: int = Field(ge=1)
    arrangement_min_instalment: float = Field(ge=0)
    payment_due_weeks: int = Field(ge=0)
    nabetaling_weeks: int = Field(ge=0)
    interest_rate: float = Field(ge=0, le=1)
    interest_enabled: bool
    interest_start_month: int = Field(ge=1, le=12)
    dt_month: int = Field(ge=6, le=12)
    report_weeks: int = Field(ge=0)
    estimate_indexation: float = Field(ge=-1, le=1)
    #: The calendar month in which the agency re-estimates the year's income of a running toeslag
    #: from the previous year's income it learnt from the aangifte inkomstenbelasting (lab.model.
    #: estimate, :func:`reestimate`); 0: no re-estimate.
    reestimate_month: int = Field(ge=0, le=11)
    kgb_automatic: bool


class _FileModel(_Section):
    zorgtoeslag: Zorgtoeslag
    huurtoeslag: Huurtoeslag
    kindgebonden_budget: KindgebondenBudget
    kinderopvangtoeslag: Kinderopvangtoeslag
    awir: Awir


@dataclass(frozen=True)
class KotTable:
    """The kinderopvangtoeslag income table: percentages per band of yearly toetsingsinkomen.

    ``income_from[i]`` is the lowest income (euro per year) of band ``i``; band ``i`` runs to
    ``income_from[i + 1] - 1`` and the last band has no upper edge. Percentages are fractions.
    """

    income_from: np.ndarray
    pct_first_child: np.ndarray
    pct_next_children: np.ndarray
    marks: tuple[str, ...]

    def band(self, income: np.ndarray) -> np.ndarray:
        """Return the band index of each yearly income (euro; below 0 counts as band 0)."""
        idx = np.searchsorted(self.income_from, np.asarray(income, dtype=float), side="right") - 1
        return np.maximum(idx, 0)


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
        part, part_provenance = _split_entries(raw, name)
        values.update(part)
        provenance.update(part_provenance)
        files[section] = name
    try:
        model = _FileModel.model_validate(values)
    except ValidationError as exc:
        raise ParameterError(_describe(exc, files, values)) from None
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


def _split_entries(
    raw: dict[str, Any], name: str
) -> tuple[dict[str, Any], dict[str, tuple[str, str, str]]]:
    """Check the ``{value, unit, source, mark}`` shape of every entry and split off provenance."""
    values: dict[str, Any] = {}
    provenance: dict[str, tuple[str, str, str]] = {}
    for section, entries in raw.items():
        if not isinstance(entries, dict):
            raise ParameterError(
                f"{name}: '{section}' must be a section [{section}] of entries, "
                f"got {type(entries).__name__}"
            )
        values[section] = {}
        for key, entry in entries.items():
            where = f"{section}.{key}"
            expected = '{ value = ..., unit = "...", source = "...", mark = "V|C|S|U|A" }'
            if not isinstance(entry, dict):
                raise ParameterError(f"{name}: key '{where}' must be an inline table {expected}")
            missing = [k for k in _ENTRY_KEYS if k not in entry]
            extra = [k for k in entry if k not in _ENTRY_KEYS]
            if missing or extra:
                problem = f"missing {missing}" if missing else f"unknown fields {extra}"
                raise ParameterError(f"{name}: key '{where}' {problem}; expected {expected}")
            for field in ("unit", "source"):
                if not isinstance(entry[field], str) or not entry[field].strip():
                    raise ParameterError(f"{name}: key '{where}': {field} must be non-empty text")
            if entry["mark"] not in MARKS:
                raise ParameterError(
                    f"{name}: key '{where}': mark {entry['mark']!r} is not one of "
                    f"{', '.join(MARKS)}"
                )
            values[section][key] = entry["value"]
            provenance[where] = (entry["source"], entry["mark"], entry["unit"])
    return values, provenance


_EXPECTED = {
    "float_type": "a number",
    "int_type": "a whole number",
    "bool_type": "true or false",
    "string_type": "text",
    "literal_error": "one of the allowed texts",
}


def _describe(exc: ValidationError, files: dict[str, str], values: dict[str, Any]) -> str:
    """Turn pydantic's errors into one line naming the file, the key and what was expected.

    ``files`` maps each section to the name of the file it was read from.
    """
    problems = []
    named: list[str] = []
    for error in exc.errors():
        loc = [str(part) for part in error["loc"]]
        if len(loc) >= 2 and loc[0] == "huurtoeslag" and loc[1] in ("quadratic", "linear"):
            loc = [loc[0], *loc[2:]]  # drop the discriminator tag pydantic inserts
        key = ".".join(loc)
        named.append(files.get(loc[0], next(iter(files.values()))) if loc else "")
        kind = error["type"]
        if kind == "missing":
            problems.append(f"missing key '{key}' (expected {{ value = ..., unit, source, mark }})")
        elif kind == "extra_forbidden":
            problems.append(f"unknown key '{key}' (remove it or check its spelling)")
        elif kind in ("union_tag_invalid", "union_tag_not_found"):
            problems.append(f'key \'{key}.structure\' must be "quadratic" or "linear"')
        elif kind == "model_type" or kind == "dict_type":
            problems.append(f"'{key}' must be a section of entries")
        else:
            got = error.get("input")
            expected = _EXPECTED.get(kind, error["msg"].lower())
            problems.append(
                f"key '{key}' has value {got!r} ({type(got).__name__}); expected {expected}"
                if kind in _EXPECTED
                else f"key '{key}' has value {got!r}: {expected}"
            )
    shown = "; ".join(
        f"{where}: {problem}" for where, problem in zip(named[:3], problems[:3], strict=True)
    )
    more = f" (and {len(problems) - 3} more)" if len(problems) > 3 else ""
    return f"{shown}{more}"


def load_kot_table(path: Path) -> KotTable:
    """Load and validate a kinderopvangtoeslag income table (CSV, one row per income band).

    Columns: income_from, income_to (empty in the last row), pct_first_child, pct_next_children
    (fractions), mark, source. Bands must be contiguous: each starts one euro above the previous
    end.

    Raises:
        ParameterError: naming the file, the row and the column.
    """
    name = path.name
    try:
        with path.open(newline="", encoding="utf-8") as handle:
            rows = list(csv.reader(handle))
    except FileNotFoundError:
        raise ParameterError(
            f"kinderopvangtoeslag income table {name} not found at {path}"
        ) from None
    if not rows or tuple(rows[0]) != _KOT_COLUMNS:
        raise ParameterError(f"{name}: header must be {','.join(_KOT_COLUMNS)}")
    starts, firsts, nexts, marks = [], [], [], []
    previous_end: int | None = None
    body = rows[1:]
    if not body:
        raise ParameterError(f"{name}: the table has no rows")
    for number, row in enumerate(body, start=2):
        if len(row) != len(_KOT_COLUMNS):
            raise ParameterError(f"{name}: row {number} must have {len(_KOT_COLUMNS)} columns")
        cells = dict(zip(_KOT_COLUMNS, row, strict=True))
        start = _cell_int(cells["income_from"], name, number, "income_from")
        last = number == len(body) + 1
        if last and cells["income_to"] != "":
            raise ParameterError(f"{name}: row {number}: income_to of the last band must be empty")
        end = None if last else _cell_int(cells["income_to"], name, number, "income_to")
        if previous_end is None and start != 0:
            raise ParameterError(f"{name}: row {number}: the first band must start at 0")
        if previous_end is not None and start != previous_end + 1:
            raise ParameterError(
                f"{name}: row {number}: income_from {start} must be {previous_end + 1} "
                "(one euro above the previous band)"
            )
        if end is not None and end < start:
            raise ParameterError(f"{name}: row {number}: income_to {end} is below income_from")
        pcts = []
        for column in ("pct_first_child", "pct_next_children"):
            try:
                pct = float(cells[column])
            except ValueError:
                raise ParameterError(
                    f"{name}: row {number}: {column} {cells[column]!r} is not a number"
                ) from None
            if not 0.0 <= pct <= 1.0:
                raise ParameterError(
                    f"{name}: row {number}: {column} {pct} must be a fraction between 0 and 1"
                )
            pcts.append(pct)
        if cells["mark"] not in MARKS:
            raise ParameterError(
                f"{name}: row {number}: mark {cells['mark']!r} is not one of {', '.join(MARKS)}"
            )
        if not cells["source"].strip():
            raise ParameterError(f"{name}: row {number}: source must not be empty")
        starts.append(start)
        firsts.append(pcts[0])
        nexts.append(pcts[1])
        marks.append(cells["mark"])
        previous_end = end
    return KotTable(
        income_from=np.asarray(starts, dtype=float),
        pct_first_child=np.asarray(firsts, dtype=float),
        pct_next_children=np.asarray(nexts, dtype=float),
        marks=tuple(marks),
    )


def _cell_int(text: str, name: str, number: int, column: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise ParameterError(
            f"{name}: row {number}: {column} {text!r} is not a whole number of euro"
        ) from None
