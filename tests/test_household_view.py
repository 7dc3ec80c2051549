import numpy as np
import pytest

from lab.app import household_view as view


def outcome(paid, definitive, terms):
    recovery = max(paid - definitive, 0.0)
    return {
        "voorschot_monthly": terms,
        "paid_total": paid,
        "definitive": definitive,
        "terugvordering": recovery,
        "nabetaling": max(definitive - paid, 0.0),
        "collected": recovery,
        "high_recovery": recovery > 500,
        "arrangement_months": 0,
        "monthly_instalment": 0.0,
    }


def outcomes():
    empty = outcome(0.0, 0.0, [0.0] * 12)
    return {
        100: {"huurtoeslag": outcome(3600.0, 2800.0, [300.0] * 12), "zorgtoeslag": empty},
        80: {"huurtoeslag": outcome(2880.0, 2800.0, [240.0] * 12), "zorgtoeslag": empty},
        70: {"huurtoeslag": outcome(2520.0, 2800.0, [210.0] * 12), "zorgtoeslag": empty},
    }


def test_comparison_table_puts_percentages_side_by_side_and_drops_empty_toeslagen():
    table = view.comparison_table(outcomes())
    assert set(table["toeslag"]) == {"huurtoeslag"}
    recovery = table[table["uitkomst"] == "terugvordering"].iloc[0]
    assert [recovery[c] for c in ("100%", "80%", "70%")] == [800.0, 80.0, 0.0]
    nabetaling = table[table["uitkomst"] == "nabetaling"].iloc[0]
    assert nabetaling["70%"] == 280.0


def test_totals_flag_the_high_recovery_only_at_100_percent():
    totals = view.totals(outcomes())
    assert totals.loc["hoge terugvordering"].tolist() == [True, False, False]


def test_voorschot_and_balance_figures():
    figure = view.voorschot_figure(outcomes(), "huurtoeslag")
    assert [t.name for t in figure.data] == ["100%", "80%", "70%"]
    assert list(figure.data[1].y) == [240.0] * 12 and figure.data[1].x[0] == "dec"
    flows = {100: np.r_[[300.0] * 12, 0, -800.0], 80: np.r_[[240.0] * 12, 0, -80.0]}
    balance = view.balance_figure(flows, 2026)
    assert balance.data[0].y[-1] == pytest.approx(2800.0)
    assert balance.data[0].x[0] == "2025-12" and balance.data[0].x[13] == "2027-01"
