"""The human lab's scenario sheets: read them and run a household through their months.

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
paid) are arguments of :func:`run_scenario`, not part of the sheet. The toeslag line is paid at the
percentage; the settlement is the DT of the one Awir year (:class:`lab.awir.year.AwirYear`): the
award is the toeslag at 100% and the definitive award that minus the recovery entered in the sheet
(a variable expense whose name starts with "Terugvordering"), so the household's shortfall,
``(1 - percentage)`` times the toeslag at 100%, lowers that recovery or turns it into a nabetaling.

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

from lab.awir.voorschot import TERM_SLOTS
from lab.awir.year import AwirYear
from lab.errors import InputError
from lab.law.parameters import Awir, available_years, load_year

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
#: Name of the income line that a nabetaling becomes.
NABETALING_NAME = "Nabetaling"
#: The sheet is a designed scenario: the recovery the researcher entered is collected whatever its
#: size (no doelmatigheidsgrens) and carries no art. 27 interest (the sheet has no DT date).
SHEET_DT_THRESHOLD = 0.0
SHEET_INTEREST = False
#: The shipped default sheet.
DEFAULT_SHEET = Path(__file__).resolve().parent / "data" / "scenario_default.csv"

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


@dataclass(frozen=True)
class MonthResult:
    """What one month of the sheet does to the household's money (all euro).

    Attributes:
        month: the month name.
        income: incomes, with the toeslag at the chosen percentage and any nabetaling.
        fixed: fixed expenses.
        variable: variable expenses, with the recovery that follows from the percentage.
        net: income - fixed - variable.
        balance: the running balance (saldo) at the end of the month.
        toeslag: the toeslag paid this month (part of ``income``).
        settlement: the recovery (positive) or nabetaling (negative) settled this month.
        time_jump: the month is a time jump (no amounts).
        lines: the month's lines as the participant sees them (toeslag and settlement adjusted).
    """

    month: str
    income: float
    fixed: float
    variable: float
    net: float
    balance: float
    toeslag: float
    settlement: float
    time_jump: bool
    lines: tuple[Line, ...]


@dataclass(frozen=True)
class ScenarioResult:
    """A household's run through a sheet at one toeslag percentage.

    Attributes:
        months: one result per sheet month, in sheet order.
        percentage: share of the toeslag paid (0.8 = 80%).
        toeslag_full: the toeslag lines' total at 100%, euro.
        toeslag_paid: what was paid at the percentage, euro.
        recovery_full: the recovery entered in the sheet (at 100%), euro.
        settlement: recovery (positive) or nabetaling (negative) at the percentage, euro.
        settlement_month: the month the settlement falls in.
    """

    months: tuple[MonthResult, ...]
    percentage: float
    toeslag_full: float
    toeslag_paid: float
    recovery_full: float
    settlement: float
    settlement_month: str

    def table(self) -> dict[str, dict[str, float]]:
        """Per month name (sheet order): income, fixed, variable, net and balance in euro."""
        return {
            m.month: {
                "income": round(m.income, 2),
                "fixed": round(m.fixed, 2),
                "variable": round(m.variable, 2),
                "net": round(m.net, 2),
                "balance": round(m.balance, 2),
            }
            for m in self.months
        }


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


def _is_toeslag(line: Line, toeslag_name: str) -> bool:
    return line.kind == "income" and line.name.casefold() == toeslag_name.casefold()


def _is_recovery(line: Line, recovery_name: str) -> bool:
    return line.kind == "variable" and line.name.casefold().startswith(recovery_name.casefold())


def sheet_settlement(
    toeslag_full: float, recovery_full: float, percentage: float, awir: Awir | None = None
) -> float:
    """The DT of the sheet's toeslag year: recovery (positive) or nabetaling (negative), euro.

    The toeslag's yearly award is ``toeslag_full`` (the toeslag lines at 100%), paid in the terms
    of the Awir year at ``percentage``; the definitive award is ``toeslag_full - recovery_full``.

    Args:
        toeslag_full: the toeslag lines' total at 100%, euro.
        recovery_full: the recovery entered in the sheet (at 100%), euro.
        percentage: share of the toeslag paid (fraction).
        awir: the Awir parameters (default: the latest parameter year's).
    """
    awir = awir or load_year(max(available_years())).awir
    year = AwirYear(
        awir,
        [[toeslag_full]],
        percentage,
        dt_threshold=SHEET_DT_THRESHOLD,
        interest_enabled=SHEET_INTEREST,
    )
    for term in range(TERM_SLOTS):
        year.pay_term(term)
    year.settle([[toeslag_full - recovery_full]])
    return float(year.due[0, 0] - year.nabetaling[0, 0])


def run_scenario(
    scenario: Scenario,
    percentage: float = 1.0,
    toeslag_name: str = DEFAULT_TOESLAG_NAME,
    start_balance: float = 0.0,
    recovery_name: str = DEFAULT_RECOVERY_NAME,
) -> ScenarioResult:
    """Run a household through the sheet with the toeslag paid at ``percentage``.

    The toeslag lines (income lines named ``toeslag_name``, any case) are paid at ``percentage``.
    The sheet's recovery lines (variable expenses whose name starts with ``recovery_name``) are the
    recovery at 100%; at a lower percentage the settlement is that recovery minus the shortfall
    ``(1 - percentage) * toeslag at 100%``. It falls in the month of the first recovery line, or in
    the sheet's last month if the sheet has none. A positive settlement is a variable expense
    (terugvordering), a negative one an income line (nabetaling). A time jump month changes nothing.

    Args:
        scenario: the parsed sheet.
        percentage: share of the toeslag paid, 0..1 (0.8 = 80%).
        toeslag_name: the income name (column B) that is the toeslag.
        start_balance: the balance before the first month, euro.
        recovery_name: the start of the recovery line's name (column F).

    Returns:
        Per month income, fixed, variable, net and balance, and the settlement.

    Raises:
        InputError: the percentage is outside 0..100% or no income line has ``toeslag_name``.
    """
    if not 0.0 <= percentage <= 1.0:
        raise InputError(f"the percentage must be between 0 and 100, got {percentage * 100:g}")
    if not math.isfinite(start_balance):
        raise InputError(f"the start balance must be a number of euro, got {start_balance}")
    names = scenario.income_names()
    if not any(name.casefold() == toeslag_name.casefold() for name in names):
        raise InputError(
            f"no income line (column B) is named {toeslag_name!r}; "
            f"choose the toeslag from: {', '.join(names) or '(the sheet has no incomes)'}"
        )
    all_lines = [line for month in scenario.months for line in month.lines]
    toeslag_full = sum(line.amount for line in all_lines if _is_toeslag(line, toeslag_name))
    recovery_lines = [line for line in all_lines if _is_recovery(line, recovery_name)]
    recovery_full = sum(line.amount for line in recovery_lines)
    settlement = sheet_settlement(toeslag_full, recovery_full, percentage)
    if recovery_lines:
        settle_row = recovery_lines[0].row
        settle_month = next(
            m for m in scenario.months if any(line.row == settle_row for line in m.lines)
        )
    else:
        settle_month = scenario.months[-1]
    balance = start_balance
    results: list[MonthResult] = []
    for month in scenario.months:
        lines: list[Line] = []
        toeslag = 0.0
        for line in month.lines:
            if _is_toeslag(line, toeslag_name):
                paid = line.amount * percentage
                toeslag += paid
                lines.append(Line(line.kind, line.name, paid, line.description, line.row))
            elif not _is_recovery(line, recovery_name):
                lines.append(line)
        month_settlement = 0.0
        if month is settle_month and (recovery_lines or settlement != 0.0):
            month_settlement = settlement
            first = recovery_lines[0] if recovery_lines else None
            if settlement >= 0.0:
                name = first.name if first else recovery_name
                text = first.description if first else ""
                lines.append(Line("variable", name, settlement, text, first.row if first else 0))
            else:
                lines.append(Line("income", NABETALING_NAME, -settlement, "", 0))
        income = sum(line.amount for line in lines if line.kind == "income")
        fixed = sum(line.amount for line in lines if line.kind == "fixed")
        variable = sum(line.amount for line in lines if line.kind == "variable")
        net = income - fixed - variable
        balance += net
        results.append(
            MonthResult(
                month.name,
                income,
                fixed,
                variable,
                net,
                balance,
                toeslag,
                month_settlement,
                month.time_jump,
                tuple(lines),
            )
        )
    return ScenarioResult(
        months=tuple(results),
        percentage=percentage,
        toeslag_full=toeslag_full,
        toeslag_paid=toeslag_full * percentage,
        recovery_full=recovery_full,
        settlement=settlement,
        settlement_month=settle_month.name,
    )
