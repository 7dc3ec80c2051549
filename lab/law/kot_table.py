"""The kinderopvangtoeslag income table: the share of the price paid, per band of income.

The table is a CSV file named in ``kinderopvangtoeslag.toml``: one row per band of yearly
toetsingsinkomen, with the percentages for the first child and for the next children, a mark and
a source per row (:data:`lab.law.entries.MARKS`).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from lab.errors import ParameterError
from lab.law.entries import MARKS

_KOT_COLUMNS = (
    "income_from",
    "income_to",
    "pct_first_child",
    "pct_next_children",
    "mark",
    "source",
)


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
