import numpy as np
import pytest

from lab.experiment.metrics import (
    compute_metrics,
    high_recovery_thresholds,
    metric_names,
    subgroup_metrics,
)
from lab.law.parameters import load_year
from lab.model import SimulationResult


def hand_result():
    """Four award rows of three households; every metric below is worked out by hand."""
    awards = {
        "household": np.array([0, 1, 2, 2]),
        "year": np.array([2026] * 4, dtype=np.int16),
        "toeslag": np.array(
            ["zorgtoeslag", "zorgtoeslag", "huurtoeslag", "huurtoeslag"], dtype=object
        ),
        "weight": np.array([2.0, 1.0, 1.0, 1.0]),
        "eligible": np.array([True, True, True, False]),
        "applied": np.array([True, False, True, True]),
        "chosen_percentage": np.array([0.8, np.nan, 1.0, 0.7]),
        "paid_total": np.array([1000.0, 0.0, 3000.0, 500.0]),
        "definitive": np.array([1200.0, 900.0, 2400.0, 0.0]),
        "terugvordering": np.array([0.0, 0.0, 600.0, 100.0]),
        "nabetaling": np.array([200.0, 0.0, 0.0, 0.0]),
        "collected": np.array([0.0, 0.0, 600.0, 0.0]),
        "not_collected": np.array([0.0, 0.0, 0.0, 100.0]),
    }
    households = {
        "household": np.array([0, 1, 2]),
        "weight": np.array([2.0, 1.0, 1.0]),
        "income_type": np.array(["flex", "stable", "flex"], dtype=object),
        "volatility_tertile": np.array([3, 1, 2]),
        "risk_aversion_tertile": np.array([1, 2, 3]),
        "buffer": np.array(["none", "some", "none"], dtype=object),
        "negative_balance_months": np.array([3, 0, 6]),
    }
    return SimulationResult(awards=awards, households=households, monthly={})


def test_metrics_by_hand():
    r = hand_result()
    m = compute_metrics(r.awards, r.households, 500.0)
    # applied among eligible: rows 0 (w 2) and 2 (w 1) of eligible 0, 1, 2 (w 4)
    assert m["take_up_rate"] == pytest.approx(3 / 4)
    assert m["take_up_rate.zorgtoeslag"] == pytest.approx(2 / 3)
    assert m["take_up_rate.huurtoeslag"] == pytest.approx(1.0)
    assert np.isnan(m["take_up_rate.kinderopvangtoeslag"])
    # applied awards: rows 0, 2, 3 with weights 2, 1, 1
    assert m["reduced_choice_share"] == pytest.approx(3 / 4)
    assert m["chosen_percentage_mean"] == pytest.approx((2 * 0.8 + 1.0 + 0.7) / 4)
    assert m["recovery_share"] == pytest.approx(2 / 4)
    assert m["high_recovery_share"] == pytest.approx(1 / 4)
    assert m["high_recovery_share.huurtoeslag"] == pytest.approx(1 / 2)
    assert m["recovery_mean_eur"] == pytest.approx((600 + 100) / 2)
    assert m["recovery_mean_eur.huurtoeslag"] == pytest.approx(350.0)
    assert np.isnan(m["recovery_mean_eur.zorgtoeslag"])
    assert m["nabetaling_share"] == pytest.approx(2 / 4)
    assert m["state_cost_eur"] == pytest.approx(2 * (1000 + 200) + (3000 - 600) + 500)
    assert m["not_collected_eur"] == pytest.approx(100.0)
    assert m["negative_balance_months"] == pytest.approx((2 * 3 + 0 + 6) / 4)
    assert m["chosen_percentage_bins.80-85"] == pytest.approx(0.5)
    assert m["chosen_percentage_bins.95-100"] == pytest.approx(0.25)
    assert m["chosen_percentage_bins.70-75"] == pytest.approx(0.25)
    assert sum(v for k, v in m.items() if "bins." in k) == pytest.approx(1.0)
    assert list(m) == metric_names()


def test_high_threshold_comes_from_the_caller():
    r = hand_result()
    assert compute_metrics(r.awards, r.households, 50.0)["high_recovery_share"] == pytest.approx(
        2 / 4
    )


def test_the_high_threshold_of_an_award_is_its_years_law_parameter():
    awards = {"year": np.array([2016, 2026, 2016], dtype=np.int16)}
    expected = [load_year(y).awir.high_recovery_threshold for y in (2016, 2026, 2016)]
    np.testing.assert_array_equal(high_recovery_thresholds(awards), expected)
    assert expected[1] == 500.0  # the agency's KPI: a hoge terugvordering is above 500 euro
    r = hand_result()
    np.testing.assert_equal(
        compute_metrics(r.awards, r.households, high_recovery_thresholds(r.awards)),
        compute_metrics(r.awards, r.households, 500.0),
    )


def test_subgroups_split_awards_by_household():
    r = hand_result()
    groups = {(c, g): m for c, g, m in subgroup_metrics(r.awards, r.households, 500.0)}
    assert groups[("buffer", "none")]["take_up_rate"] == pytest.approx(1.0)
    assert groups[("buffer", "some")]["take_up_rate"] == pytest.approx(0.0)
    assert groups[("income_type", "flex")]["negative_balance_months"] == pytest.approx(
        (2 * 3 + 6) / 3
    )
    assert groups[("volatility_tertile", "2")]["high_recovery_share"] == pytest.approx(0.5)
    assert {c for c, _ in groups} == {
        "income_type",
        "volatility_tertile",
        "risk_aversion_tertile",
        "buffer",
    }


def test_summarise_metrics_pairs_by_replication():
    import pandas as pd

    from lab.experiment.analysis import summarise_metrics

    rows = []
    for r, (c, t) in enumerate([(0.10, 0.07), (0.20, 0.18), (0.30, 0.26), (0.15, 0.12)]):
        rows += [("control", r, "high_recovery_share", c), ("treated", r, "high_recovery_share", t)]
    table = pd.DataFrame(rows, columns=["arm", "replication", "metric", "value"])
    paired = summarise_metrics(table, "control", paired=True)
    welch = summarise_metrics(table, "control", paired=False)
    e = paired["effects"]["treated"]["high_recovery_share"]
    assert e["diff"] == pytest.approx(-0.03)
    # differences -0.03, -0.02, -0.04, -0.03: sd 0.00816, t(3) 3.182
    half = 3.1824463 * np.std([-0.03, -0.02, -0.04, -0.03], ddof=1) / 2
    assert e["ci_high"] - e["ci_low"] == pytest.approx(2 * half, rel=1e-6)
    assert e["bootstrap_ci_low"] < e["diff"] < e["bootstrap_ci_high"]
    w = welch["effects"]["treated"]["high_recovery_share"]
    assert w["diff"] == pytest.approx(-0.03)
    assert w["ci_high"] - w["ci_low"] > 5 * (e["ci_high"] - e["ci_low"])
    assert paired["arms"]["control"]["high_recovery_share"]["mean"] == pytest.approx(0.1875)
