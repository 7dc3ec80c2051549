"""What the household page shows, as pure functions: one household's toeslag year side by side.

"Wat betekent 80% voor mij?": the same household and income path under several voorschot
percentages (100%, 80% and one the user chooses). Per percentage and toeslag the engine's
year outcome has the keys of ``toeslagenlab year``: ``voorschot_monthly`` (12 terms, euro),
``paid_total``, ``definitive``, ``terugvordering``, ``nabetaling``, ``collected``,
``high_recovery``, ``arrangement_months`` and ``monthly_instalment`` (euro). The cash flow per
percentage is the household's money from the toeslagen, month by month, on the calendar of
``docs/architecture.md`` (index 0 = December of the year before).
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from lab.awir.calendar import month_label
from lab.awir.case import year_case
from lab.errors import InputError
from lab.households.household import household_situation, parse_child_ages
from lab.law.parameters import YearParams, load_year
from lab.law.situation import Situation

Outcome = Mapping[str, Mapping[str, Any]]  # toeslag -> year outcome keys
#: Table columns: outcome key -> Dutch label.
COLUMNS: dict[str, str] = {
    "paid_total": "voorschot betaald",
    "definitive": "definitieve toekenning",
    "terugvordering": "terugvordering",
    "nabetaling": "nabetaling",
    "arrangement_months": "betalingsregeling (maanden)",
    "monthly_instalment": "termijn per maand",
}
MONTH_NAMES = (
    "dec",
    "jan",
    "feb",
    "mrt",
    "apr",
    "mei",
    "jun",
    "jul",
    "aug",
    "sep",
    "okt",
    "nov",
)


def label(percentage: int) -> str:
    """Column label of a percentage: ``"80%"``."""
    return f"{percentage}%"


def comparison_table(outcomes: Mapping[int, Outcome]) -> pd.DataFrame:
    """Rows per toeslag and outcome, one column per percentage (euro; toeslagen with no award out).

    Args:
        outcomes: per percentage (whole number, e.g. 80), the year outcome per toeslag.
    """
    rows = []
    toeslagen = list(next(iter(outcomes.values()), {}))
    for toeslag in toeslagen:
        if all(
            float(o[toeslag]["definitive"]) == 0 and float(o[toeslag]["paid_total"]) == 0
            for o in outcomes.values()
        ):
            continue
        for key, text in COLUMNS.items():
            row: dict[str, str | float] = {"toeslag": toeslag, "uitkomst": text}
            for percentage, outcome in outcomes.items():
                row[label(percentage)] = float(outcome[toeslag][key])
            rows.append(row)
    return pd.DataFrame(rows)


def totals(outcomes: Mapping[int, Outcome]) -> pd.DataFrame:
    """Per percentage: the totals over the toeslagen (euro) and whether any recovery is high."""
    rows = {}
    for percentage, outcome in outcomes.items():
        rows[label(percentage)] = {
            COLUMNS[key]: float(sum(float(o[key]) for o in outcome.values()))
            for key in ("paid_total", "definitive", "terugvordering", "nabetaling")
        } | {"hoge terugvordering": any(bool(o["high_recovery"]) for o in outcome.values())}
    return pd.DataFrame(rows)


def voorschot_figure(outcomes: Mapping[int, Outcome], toeslag: str) -> go.Figure:
    """The 12 monthly voorschot terms of one toeslag, one line per percentage."""
    figure = go.Figure()
    for percentage, outcome in outcomes.items():
        terms = np.asarray(outcome[toeslag]["voorschot_monthly"], float)
        figure.add_scatter(
            name=label(percentage), x=list(MONTH_NAMES[: terms.size]), y=terms, mode="lines+markers"
        )
    figure.update_layout(title=f"Voorschot per maand: {toeslag}", yaxis_title="euro per maand")
    return figure


def balance_figure(cashflows: Mapping[int, np.ndarray], start_year: int) -> go.Figure:
    """Cumulative money from the toeslagen over the months, one line per percentage.

    Args:
        cashflows: per percentage, the monthly cash flow (euro; index 0 = December of t-1).
        start_year: the toeslag year t.
    """
    figure = go.Figure()
    for percentage, flow in cashflows.items():
        flow = np.asarray(flow, float)
        months = [month_label(i, start_year) for i in range(flow.size)]  # "2026-01"
        figure.add_scatter(name=label(percentage), x=months, y=np.cumsum(flow), mode="lines")
    figure.update_layout(
        title="Saldo van de toeslagen (opgeteld, euro)", yaxis_title="euro", xaxis_title="maand"
    )
    return figure


#: The example households shipped for the page.
HOUSEHOLDS_FILE = Path(__file__).resolve().parent.parent / "data" / "households.toml"
#: Household flags and their defaults (the flags of ``toeslagenlab award``).
HOUSEHOLD_DEFAULTS: dict[str, Any] = {
    "partner": False,
    "assets": 0.0,
    "rent": 0.0,
    "service_costs": 0.0,
    "child_ages": "",
    "childcare_hours": 0.0,
    "childcare_type": None,
    "hourly_price": None,
    "applicant_age": None,
    "no_work": False,
}


def load_households(path: Path = HOUSEHOLDS_FILE) -> dict[str, dict[str, Any]]:
    """The example households: name -> label, estimate, actual, report_month and flags."""
    with path.open("rb") as handle:
        return tomllib.load(handle)


def household_inputs(values: Mapping[str, Any]) -> dict[str, Any]:
    """The household's inputs (the flags of ``toeslagenlab award``), defaults filled in."""
    return {key: values.get(key, default) for key, default in HOUSEHOLD_DEFAULTS.items()}


def household_on(params: YearParams, values: Mapping[str, Any], income: float) -> Situation:
    """The household of the page on ``income`` (euro per year), validated.

    Raises:
        InputError: a household input is not valid.
    """
    flags = household_inputs(values)
    return household_situation(
        params,
        income,
        partner=bool(flags["partner"]),
        assets=flags["assets"],
        rent=flags["rent"],
        service_costs=flags["service_costs"],
        child_ages=parse_child_ages(str(flags["child_ages"]), "child ages"),
        childcare_hours=flags["childcare_hours"],
        childcare_type=flags["childcare_type"],
        hourly_price=flags["hourly_price"],
        applicant_age=flags["applicant_age"],
        parents_work=not flags["no_work"],
    )


@dataclass(frozen=True)
class YearComparison:
    """One household's toeslag year under several percentages.

    Attributes:
        outcomes: per percentage (whole number), the year outcome per toeslag (euro).
        cashflows: per percentage, the monthly cash flow from the toeslagen (euro).
    """

    outcomes: dict[int, Outcome]
    cashflows: dict[int, np.ndarray]


def compare_year(
    household: Mapping[str, Any],
    *,
    year: int,
    estimate: float,
    actual: float,
    report_month: int | None,
    percentages: Sequence[int],
) -> YearComparison:
    """Follow one household through toeslag year ``year`` at each voorschot percentage.

    Args:
        household: the household flags (see :data:`HOUSEHOLD_DEFAULTS`).
        year: the toeslag year.
        estimate: the income estimate the voorschot starts from, euro per year.
        actual: the actual income of the year, euro per year.
        report_month: calendar month (1-12) in which the change is reported; None = never.
        percentages: whole percentages, e.g. (100, 80, 90).

    Raises:
        InputError: a household flag or the percentage is not valid.
    """
    params = load_year(year)
    try:
        before = household_on(params, household, estimate)
        after = household_on(params, household, actual)
    except InputError as exc:
        raise InputError(f"Het huishouden is niet goed ingevuld: {exc}") from None
    outcomes: dict[int, Outcome] = {}
    cashflows: dict[int, np.ndarray] = {}
    for percentage in percentages:
        outcomes[percentage], cashflows[percentage] = engine_year(
            params, before, after, report_month, percentage / 100
        )
    return YearComparison(outcomes, cashflows)


def engine_year(
    params: YearParams,
    before: Situation,
    after: Situation,
    report_month: int | None,
    percentage: float,
) -> tuple[Outcome, np.ndarray]:
    """The engine's toeslag year for one household (:func:`lab.awir.case.year_case`).

    Args:
        params: the year's parameters.
        before: the household on its income estimate.
        after: the household on its actual income.
        report_month: calendar month of the reported change (1-12), None = never reported.
        percentage: voorschot percentage (fraction, from the floor to 1).

    Returns:
        The outcome per toeslag (keys of ``toeslagenlab year``, euro) and the household's monthly
        cash flow from all toeslagen together (euro; index 0 = December of the year before).
    """
    cases = year_case(params, before, after, report_month=report_month or 0, percentage=percentage)
    outcome = {
        name: {
            "voorschot_monthly": case.voorschot_monthly,
            "paid_total": case.paid_total,
            "definitive": float(case.definitive),
            "terugvordering": case.terugvordering,
            "nabetaling": case.nabetaling,
            "collected": case.collected,
            "high_recovery": case.high_recovery,
            "arrangement_months": case.arrangement_months,
            "monthly_instalment": case.monthly_instalment,
        }
        for name, case in cases.items()
    }
    months = max(len(case.cash_flow) for case in cases.values())
    flow = np.zeros(months)
    for case in cases.values():
        flow[: len(case.cash_flow)] += case.cash_flow
    return outcome, np.trim_zeros(flow.round(2), "b")


#: Size, seed and arm of the simulated population a household can be picked from.
PICK_POPULATION = 500
PICK_SEED = 2026
PICK_ARM = "instelbaar"


def pick_household(
    index: int, n: int = PICK_POPULATION, seed: int = PICK_SEED, arm: str = PICK_ARM
) -> dict[str, Any]:
    """One household of a simulated population, through ``ToeslagenModel.household(index)``.

    Returns plain data only (the model is closed and released before returning): ``facts``
    (income type, partner, children, rent, assets), ``traits``, ``history`` (month, income,
    voorschot, balance in euro, events) and ``toeslagen`` (per toeslag: applied, percentage, paid,
    definitive, terugvordering, nabetaling, in euro).

    Raises:
        InputError: ``index`` is not a household of the population.
    """
    from lab.model import ToeslagenModel
    from lab.model.config import ModelConfig

    if not 0 <= index < n:
        raise InputError(f"huishouden {index} bestaat niet; kies een nummer van 0 tot {n - 1}")
    model = ToeslagenModel(
        ModelConfig(n_households=n, voorschot_option=arm), seed, keep_history=True
    )
    try:
        model.run()
        agent = model.household(index)
        facts = {
            "inkomenstype": agent.income_type,
            "toeslagpartner": agent.has_partner,
            "kinderen": ", ".join(str(a) for a in agent.child_ages) or "geen",
            "kale huur (euro per maand)": agent.rent,
            "vermogen (euro)": agent.assets,
        }
        history = pd.DataFrame(
            [{**row, "events": ", ".join(row["events"])} for row in agent.history]
        )
        toeslagen = pd.DataFrame(
            [
                {"jaar": year, "toeslag": name, **values}
                for (year, name), values in agent.toeslagen.items()
                if values["applied"] or values["award_on_estimate"] > 0
            ]
        )
        traits = dict(agent.traits)
    finally:
        model.close()
    return {"facts": facts, "traits": traits, "history": history, "toeslagen": toeslagen}


def history_figure(history: pd.DataFrame) -> go.Figure:
    """A picked household's income, voorschot and balance per month (euro)."""
    figure = go.Figure()
    for column, name in (("income", "inkomen"), ("voorschot", "voorschot"), ("balance", "saldo")):
        figure.add_scatter(name=name, x=history["month"], y=history[column], mode="lines")
    figure.update_layout(title="Het huishouden in het model, maand voor maand", yaxis_title="euro")
    return figure
