import numpy as np
import pytest

from lab import TOESLAGEN
from lab.app import experiment_view as view


def summary():
    arms = {}
    for i, arm in enumerate(("control", "voorzichtig")):
        metrics = {
            f"take_up_rate.{t}": {"mean": 0.8 + 0.01 * i, "ci_low": 0.75, "ci_high": 0.9}
            for t in TOESLAGEN
        }
        metrics["recovery_share"] = {
            "mean": 0.3 - 0.1 * i,
            "ci_low": 0.25 - 0.1 * i,
            "ci_high": 0.35 - 0.1 * i,
        }
        metrics["high_recovery_share"] = {
            "mean": 0.1 - 0.05 * i,
            "ci_low": 0.08 - 0.05 * i,
            "ci_high": 0.12,
        }
        arms[arm] = metrics
    effects = {"voorzichtig": {"recovery_share": {"mean": -0.1, "ci_low": -0.12, "ci_high": -0.08}}}
    return {"arms": arms, "effects": effects}


def test_metric_reads_the_summary_and_is_nan_when_missing():
    s = summary()
    assert view.metric(s, "voorzichtig", "recovery_share") == pytest.approx((0.2, 0.15, 0.25))
    assert np.isnan(view.metric(s, "voorzichtig", "state_cost_eur")).all()
    assert view.metric(s, "voorzichtig", "recovery_share", part="effects")[0] == -0.1


def test_take_up_and_share_figures_have_one_trace_per_arm_with_intervals():
    figure = view.take_up_figure(summary())
    assert [t.name for t in figure.data] == ["control", "voorzichtig"]
    assert list(figure.data[1].x) == list(TOESLAGEN)
    assert figure.data[1].error_y.array[0] == pytest.approx(0.9 - 0.81)
    shares = view.shares_figure(summary())
    assert shares.data[0].y[0] == pytest.approx(0.3)
    effects = view.effects_figure(summary())
    assert [t.name for t in effects.data] == ["voorzichtig"]
    assert effects.data[0].error_x.arrayminus[1] == pytest.approx(0.02)


def test_chosen_percentage_bins_come_from_the_summary_in_numeric_order():
    s = summary()
    for arm, shares in (
        ("control", {"95-100": 1.0}),
        ("voorzichtig", {"80-85": 0.6, "95-100": 0.4}),
    ):
        for label in ("5-10", "80-85", "95-100", "100-105"):
            s["arms"][arm][f"chosen_percentage_bins.{label}"] = {"mean": shares.get(label, 0.0)}
    table = view.chosen_percentage_table(s)
    assert table[table["arm"] == "voorzichtig"]["bin"].tolist() == [
        "5-10",
        "80-85",
        "95-100",
        "100-105",
    ]
    figure = view.chosen_percentage_figure(s)
    assert list(figure.data[1].x) == ["80-85", "95-100", "100-105"]  # from 50% up
    assert list(figure.data[1].y) == [0.6, 0.4, 0.0]


def test_recovery_and_balance_figures():
    figure = view.recovery_figure(
        {"control": np.array([600.0, 20.0]), "voorzichtig": np.array([5.0])}
    )
    assert {t.name: len(t.y) for t in figure.data} == {"control": 2, "voorzichtig": 1}
    s = summary() | {"monthly": {"control": {"negative_balance": [1.0, 2.0]}, "voorzichtig": {}}}
    balance = view.balance_figure(s)
    assert [t.name for t in balance.data] == ["control"] and list(balance.data[0].y) == [1.0, 2.0]


def test_summary_table_has_dutch_labels():
    table = view.summary_table(summary())
    assert "aandeel met terugvordering" in set(table["uitkomst"])
    assert len(table) == 4
