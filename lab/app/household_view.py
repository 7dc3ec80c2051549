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

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

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
            row = {"toeslag": toeslag, "uitkomst": text}
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
        months = [month_label(i, start_year) for i in range(flow.size)]
        figure.add_scatter(name=label(percentage), x=months, y=np.cumsum(flow), mode="lines")
    figure.update_layout(
        title="Saldo van de toeslagen (opgeteld, euro)", yaxis_title="euro", xaxis_title="maand"
    )
    return figure


def month_label(index: int, year: int) -> str:
    """Calendar label of cash-flow month ``index`` (0 = December of year - 1), e.g. "jan 2026"."""
    if index == 0:
        return f"dec {year - 1}"
    month = (index - 1) % 12 + 1
    return f"{MONTH_NAMES[month % 12]} {year + (index - 1) // 12}"
