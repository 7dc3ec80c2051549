"""The human lab's scenario sheets: their format and how to read one.

A sheet is a CSV export of a spreadsheet (the lab's own format; rules in ``docs/scenario.md``).
Columns by position, after one header row:

====  ==========================================================
A     month name; a row with a name starts that month
B, C  income name and amount (euro)
D, E  fixed expense name and amount (euro)
F, G  variable expense short and long description
H     variable expense amount (euro)
====  ==========================================================

The session settings (start balance, which income line is the toeslag and at which percentage it is
paid) are not part of the sheet; a household's run through a sheet is
:func:`lab.humanlab.scenario_run.run_scenario`.

Everything here is pure: :func:`parse_scenario` takes the bytes of the file.
"""

from __future__ import annotations

import csv
import io
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from lab.errors import InputError

LineKind = Literal["income", "fixed", "variable"]

#: Column letters and what they hold, in sheet order (A..H).
COLUMNS: tuple[tuple[str, str], ...] = (
    ("A", "month name"),
    ("B", "income name"),
    ("C", "income amount"),
    ("D", "fixed expense name"),
    ("E", "fixed expense amount"),
    ("F", "variable expense short description"),
    ("G", "variable expense long description"),
    ("H", "variable expense amount"),
)
#: (kind, name column index, amount column index) of the three kinds of line on a row.
_LINE_COLUMNS: tuple[tuple[LineKind, int, int], ...] = (
    ("income", 1, 2),
    ("fixed", 3, 4),
    ("variable", 5, 7),
)
#: Default name of the income line that is the toeslag (column B).
DEFAULT_TOESLAG_NAME = "Huurtoeslag"
#: A variable expense whose name starts with this word (any case) is the recovery at 100%.
DEFAULT_RECOVERY_NAME = "Terugvordering"
#: The shipped default sheet.
DEFAULT_SHEET = Path(__file__).resolve().parent.parent / "data" / "scenario_default.csv"

_AMOUNT = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)$")


@dataclass(frozen=True)
class Line:
    """One income, fixed expense or variable expense of a month.

    Attributes:
        kind: "income", "fixed" or "variable".
        name: the name in column B, D or F.
        amount: euro, as entered in the sheet (the toeslag at 100%).
        description: the long text shown to the participant (column G; variable expenses only).
        row: spreadsheet row number (the header is row 1).
    """

    kind: LineKind
    name: str
    amount: float
    description: str = ""
    row: int = 0


@dataclass(frozen=True)
class Month:
    """One month of a sheet: its name, its first row and its lines (in sheet order)."""

    name: str
    row: int
    lines: tuple[Line, ...]

    @property
    def time_jump(self) -> bool:
        """True for a month without any amount: a jump over months with nothing to show."""
        return not self.lines


@dataclass(frozen=True)
class Scenario:
    """A parsed sheet: the months in sheet order."""

    months: tuple[Month, ...]

    def income_names(self) -> list[str]:
        """The distinct income names (column B) in order of first appearance."""
        names: list[str] = []
        for month in self.months:
            for line in month.lines:
                if line.kind == "income" and line.name not in names:
                    names.append(line.name)
        return names


def _decode(data: bytes, source: str) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(
            f"{source}: the file is UTF-16 text; save the sheet as 'CSV UTF-8 (comma delimited)'"
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        row = data[: exc.start].count(b"\n") + 1
        raise InputError(
            f"{source}: row {row} is not UTF-8 text (byte 0x{data[exc.start]:02x}); "
            "save the sheet as 'CSV UTF-8 (comma delimited)'"
        ) from None


def parse_amount(text: str, where: str) -> float:
    """Parse a sheet amount in euro: ``1650``, ``1650.50``, ``1.650,50``, ``€ 1650`` or ``-20``.

    Raises:
        InputError: the text is not a number; the message names ``where`` (row and column).
    """
    cleaned = text.replace("€", "").replace("\u00a0", "").replace(" ", "")
    if "." in cleaned and "," in cleaned:  # the last separator is the decimal one
        thousands = "." if cleaned.rfind(",") > cleaned.rfind(".") else ","
        cleaned = cleaned.replace(thousands, "")
    if not _AMOUNT.match(cleaned):
        raise InputError(f"{where}: {text!r} is not an amount; write euro as a number, e.g. 1650.5")
    value = float(cleaned.replace(",", "."))
    if not math.isfinite(value):  # pragma: no cover - the pattern admits finite numbers only
        raise InputError(f"{where}: {text!r} is not a finite amount")
    return value


def parse_scenario(data: bytes | str, source: str = "sheet") -> Scenario:
    """Read a scenario sheet (CSV, comma or semicolon separated, UTF-8).

    Args:
        data: the file's bytes (or already decoded text).
        source: how to name the file in error messages.

    Returns:
        The months in sheet order.

    Raises:
        InputError: an empty file, a wrong encoding, a missing column, an amount that is not a
            number, a line without a name or amount, a repeated month name or rows before the first
            month; each message names the row and column and how to fix it.
    """
    text = _decode(data, source) if isinstance(data, bytes) else data
    if not text.strip():
        raise InputError(
            f"{source}: the sheet is empty; it needs a header row (columns A-H) and month rows"
        )
    first_line = text.splitlines()[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    header = rows[0]
    if len(header) < len(COLUMNS):
        letter, meaning = COLUMNS[len(header)]
        raise InputError(
            f"{source}: row 1 has {len(header)} columns; column {letter} ({meaning}) is missing; "
            "a sheet needs columns A-H: month, income name, income amount, fixed expense name, "
            "fixed expense amount, variable expense short, long description, amount"
        )
    months: list[Month] = []
    seen: dict[str, int] = {}
    current: tuple[str, int] | None = None
    lines: list[Line] = []
    for number, raw in enumerate(rows[1:], start=2):
        cells = [cell.strip() for cell in raw[: len(COLUMNS)]]
        cells += [""] * (len(COLUMNS) - len(cells))
        if cells[0]:
            if current is not None:
                months.append(Month(current[0], current[1], tuple(lines)))
            if cells[0] in seen:
                raise InputError(
                    f"{source}: row {number}, column A: month {cells[0]!r} already starts row "
                    f"{seen[cells[0]]}; month names must be unique"
                )
            seen[cells[0]] = number
            current, lines = (cells[0], number), []
        for kind, name_col, amount_col in _LINE_COLUMNS:
            name, amount = cells[name_col], cells[amount_col]
            description = cells[6] if kind == "variable" else ""
            if not (name or amount or description):
                continue
            name_letter, name_meaning = COLUMNS[name_col]
            amount_letter, amount_meaning = COLUMNS[amount_col]
            if current is None:
                raise InputError(
                    f"{source}: row {number}, column A: a {kind} line comes before the first "
                    "month; put a month name in column A of the first row after the header"
                )
            if not amount:
                raise InputError(
                    f"{source}: row {number}, column {amount_letter}: "
                    f"{name or description!r} has no {amount_meaning}; fill in an amount in euro"
                )
            if not name:
                raise InputError(
                    f"{source}: row {number}, column {name_letter}: amount {amount} has no "
                    f"{name_meaning}; fill in a name"
                )
            value = parse_amount(amount, f"{source}: row {number}, column {amount_letter}")
            lines.append(Line(kind, name, value, description, number))
    if current is None:
        raise InputError(f"{source}: no months; put a month name in column A of row 2")
    months.append(Month(current[0], current[1], tuple(lines)))
    return Scenario(tuple(months))


def load_scenario(path: str | Path) -> Scenario:
    """Read a scenario sheet from a file; InputError if it cannot be read or is malformed."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read sheet {path}: {exc.strerror or exc}") from None
    return parse_scenario(data, source=path.name)
