"""A household's run through a scenario sheet, month by month, and the sheet's settlement.

The session settings (start balance, which income line is the toeslag and at which percentage it is
paid) are arguments of :func:`run_scenario`, not part of the sheet. The toeslag line is paid at the
percentage; the settlement is the DT of the one Awir year (:class:`lab.awir.year.AwirYear`): the
award is the toeslag at 100% and the definitive award that minus the recovery entered in the sheet
(a variable expense whose name starts with "Terugvordering"), so the household's shortfall,
``(1 - percentage)`` times the toeslag at 100%, lowers that recovery or turns it into a nabetaling.

Everything here is pure: the sheet comes parsed (:mod:`lab.humanlab.scenario`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from lab.awir.voorschot import TERM_SLOTS
from lab.awir.year import AwirYear
from lab.errors import InputError
from lab.humanlab.scenario import (
    DEFAULT_RECOVERY_NAME,
    DEFAULT_TOESLAG_NAME,
    Line,
    Scenario,
)
from lab.law.parameters import available_years, load_year
from lab.law.sections import Awir

#: Name of the income line that a nabetaling becomes.
NABETALING_NAME = "Nabetaling"
#: The sheet is a designed scenario: the recovery the researcher entered is collected whatever its
#: size (no doelmatigheidsgrens) and carries no art. 27 interest (the sheet has no DT date).
SHEET_DT_THRESHOLD = 0.0
SHEET_INTEREST = False


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
        np.asarray([[toeslag_full]], dtype=np.float64),
        percentage,
        dt_threshold=SHEET_DT_THRESHOLD,
        interest_enabled=SHEET_INTEREST,
    )
    for term in range(TERM_SLOTS):
        year.pay_term(term)
    year.settle(np.asarray([[toeslag_full - recovery_full]], dtype=np.float64))
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
