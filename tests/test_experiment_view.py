import numpy as np
import pandas as pd
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


def awards():
    return pd.DataFrame(
        {
            "arm": ["control"] * 3 + ["instelbaar"] * 4,
            "applied": [True, True, False, True, True, True, True],
            "chosen_percentage": [1.0, 1.0, np.nan, 0.7, 0.72, 0.85, 1.0],
            "terugvordering": [600.0, 0.0, 0.0, 50.0, 0.0, 10.0, 900.0],
        }
    )


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


def test_chosen_percentage_bins_are_shares_of_applied_awards():
    table = view.chosen_percentage_table(awards()).set_index(["arm", "bin"])["share"]
    assert table[("control", "95-100")] == 1.0
    assert table[("instelbaar", "70-75")] == pytest.approx(0.5)
    assert table[("instelbaar", "85-90")] == pytest.approx(0.25)
    assert table.groupby(level="arm").sum().tolist() == pytest.approx([1.0, 1.0])


def test_recovery_figure_only_counts_recoveries():
    figure = view.recovery_figure(awards())
    assert {t.name: len(t.y) for t in figure.data} == {"control": 1, "instelbaar": 3}


def test_summary_table_has_dutch_labels():
    table = view.summary_table(summary())
    assert "aandeel met terugvordering" in set(table["uitkomst"])
    assert len(table) == 4
