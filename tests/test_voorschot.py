"""The voorschot year, the DT and collection: hand-worked cases and properties."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lab.awir.collection import personal_arrangement, schedule, standard_arrangement
from lab.awir.settlement import settle
from lab.awir.voorschot import (
    award_in_force_with_change,
    check_percentage,
    recompute_terms,
    voorschot_year,
)
from lab.errors import InputError

SETTLE = dict(
    dt_threshold=116.0,
    high_recovery_threshold=500.0,
    interest_rate=0.04,
    interest_enabled=False,
    interest_start_month=7,
    dt_month=9,
)


def test_unchanged_year_pays_twelve_equal_terms():
    year = voorschot_year(np.full((1, 13), 1200.0), 1.0)
    np.testing.assert_allclose(year.payments[0, :12], 100.0)
    assert year.payments[0, 12] == 0.0
    assert year.paid_total[0] == pytest.approx(1200.0)


def test_change_reported_in_april():
    # Award 1,200/yr; in April the household reports a higher income: award 840/yr.
    # Terms Dec..Apr (k = 0..4) paid 5 x 100 = 500. From May (k = 5) seven terms are left:
    # (840 - 500) / 7 = 48.571... per term. Total 840, no recovery.
    award = award_in_force_with_change(1200.0, 840.0, 4)
    year = voorschot_year(award, 1.0)
    np.testing.assert_allclose(year.payments[0, :5], 100.0)
    np.testing.assert_allclose(year.payments[0, 5:12], 340.0 / 7)
    assert year.recovered_in_year.sum() == 0.0
    assert year.paid_total[0] == pytest.approx(840.0)


def test_change_reported_in_october():
    # Award 1,200/yr falls to 1,000/yr in October. Dec..Oct (k = 0..10) paid 11 x 100 = 1,100,
    # more than the new 1,000: the November term becomes 0 and 100 is recovered at once.
    award = award_in_force_with_change(1200.0, 1000.0, 10)
    year = voorschot_year(award, 1.0)
    assert year.payments[0, 11] == pytest.approx(-100.0)
    assert year.recovered_in_year[0, 11] == pytest.approx(100.0)
    assert year.paid_total[0] == pytest.approx(1000.0)


def test_overpayment_that_cannot_be_offset_is_recovered_at_once():
    # Award 2,400/yr (200/month) falls to 0 in June (report in May): paid Dec..May = 6 x 200 =
    # 1,200, nothing left to offset against; 1,200 is recovered at once in June (k = 6).
    award = award_in_force_with_change(2400.0, 0.0, 5)
    year = voorschot_year(award, 1.0)
    assert year.recovered_in_year[0, 6] == pytest.approx(1200.0)
    np.testing.assert_allclose(year.payments[0, 7:], 0.0)
    assert year.paid_total[0] == pytest.approx(0.0)


def test_change_in_december_is_settled_at_once():
    # A rise from 1,200 to 1,800 reported in December: all 12 terms paid (1,200); 600 at once.
    award = award_in_force_with_change(1200.0, 1800.0, 12)
    year = voorschot_year(award, 1.0)
    assert year.payments[0, 12] == pytest.approx(600.0)
    assert year.paid_total[0] == pytest.approx(1800.0)


def test_percentage_scales_the_voorschot_and_is_checked():
    year = voorschot_year(np.full((1, 13), 1200.0), 0.8)
    assert year.paid_total[0] == pytest.approx(960.0)
    with pytest.raises(InputError, match="is not a percentage between 70 and 100"):
        check_percentage(0.6, 0.7)
    with pytest.raises(InputError):
        check_percentage(1.1, 0.7)


def test_recompute_terms_rejects_a_term_outside_the_year():
    with pytest.raises(ValueError):
        recompute_terms(np.zeros(1), np.ones(1), 13)


money = st.floats(min_value=0, max_value=20_000, allow_nan=False)


@settings(max_examples=200, deadline=None)
@given(
    estimate_award=money,
    changed_award=money,
    definitive=money,
    month=st.integers(0, 12),
    pct=st.floats(0.7, 1.0),
)
def test_payments_minus_definitive_is_terugvordering_minus_nabetaling(
    estimate_award, changed_award, definitive, month, pct
):
    award = award_in_force_with_change(estimate_award, changed_award, month)
    year = voorschot_year(award, pct)
    assert np.all(year.payments[:, :12] >= -year.recovered_in_year[:, :12] - 1e-9)
    s = settle(year.paid_total, np.array([definitive]), **SETTLE)
    diff = year.paid_total[0] - definitive
    assert s["terugvordering"][0] - s["nabetaling"][0] == pytest.approx(diff, abs=0.01)
    assert min(s["terugvordering"][0], s["nabetaling"][0]) == 0


@settings(max_examples=200, deadline=None)
@given(award=money, month=st.integers(0, 12))
def test_full_voorschot_on_a_correct_estimate_gives_nothing_to_settle(award, month):
    year = voorschot_year(award_in_force_with_change(award, award, month), 1.0)
    s = settle(year.paid_total, np.array([award]), **SETTLE)
    assert s["terugvordering"][0] == pytest.approx(0, abs=0.01)
    assert s["nabetaling"][0] == pytest.approx(0, abs=0.01)


@settings(max_examples=200, deadline=None)
@given(
    award=money,
    changed_award=money,
    definitive=money,
    month=st.integers(0, 12),
    low=st.floats(0.7, 1.0),
    high=st.floats(0.7, 1.0),
)
def test_lower_percentage_never_gives_larger_terugvordering(
    award, changed_award, definitive, month, low, high
):
    low, high = min(low, high), max(low, high)
    in_force = award_in_force_with_change(award, changed_award, month)
    r_low = settle(voorschot_year(in_force, low).paid_total, np.array([definitive]), **SETTLE)
    r_high = settle(voorschot_year(in_force, high).paid_total, np.array([definitive]), **SETTLE)
    assert r_low["terugvordering"][0] <= r_high["terugvordering"][0] + 0.01


def test_threshold_high_recovery_and_interest_switch():
    paid = np.array([1000.0, 1000.0, 1000.0])
    definitive = np.array([900.0, 884.0, 300.0])  # recoveries 100, 116, 700
    s = settle(paid, definitive, **SETTLE)
    np.testing.assert_allclose(s["collected"], [0.0, 0.0, 700.0])
    np.testing.assert_allclose(s["high_recovery"], [0, 0, 1])
    assert s["interest_terugvordering"].sum() == 0
    with_interest = settle(paid, definitive, **{**SETTLE, "interest_enabled": True})
    # July..September: 2 months of 4% a year on 700 = 4.67.
    assert with_interest["interest_terugvordering"][2] == pytest.approx(
        700 * 0.04 * 2 / 12, abs=0.01
    )


@settings(max_examples=200, deadline=None)
@given(amount=st.floats(0, 50_000))
def test_standard_arrangement_terms(amount):
    instalment, terms = standard_arrangement(np.array([amount]), 24, 20.0)
    assert terms[0] <= 24
    if amount >= 20:
        assert instalment[0] >= 20
    plan = schedule(np.array([amount]), instalment, 30)
    assert plan.sum() == pytest.approx(amount, abs=0.05 + amount * 1e-9)
    assert np.count_nonzero(plan) <= 24


def test_personal_arrangement_follows_ability_to_pay():
    instalment, terms = personal_arrangement(np.array([1200.0, 500.0]), np.array([40.0, 0.0]))
    np.testing.assert_allclose(instalment, [40.0, 0.0])
    np.testing.assert_array_equal(terms, [30, 0])


@settings(max_examples=200, deadline=None)
@given(
    paid=st.lists(money, min_size=1, max_size=5),
    definitive=money,
    threshold=st.floats(0, 500),
    dt_month=st.integers(6, 12),
)
def test_threshold_and_interest_switch_properties(paid, definitive, threshold, dt_month):
    paid = np.array(paid)
    kwargs = {**SETTLE, "dt_threshold": threshold, "dt_month": dt_month}
    off = settle(paid, np.full(paid.shape, definitive), **kwargs)
    on = settle(paid, np.full(paid.shape, definitive), **{**kwargs, "interest_enabled": True})
    # At or below the threshold nothing is collected; above it all of it.
    expected = np.where(off["terugvordering"] > threshold, off["terugvordering"], 0.0)
    np.testing.assert_array_equal(off["collected"], expected)
    np.testing.assert_array_equal(off["high_recovery"], off["terugvordering"] > 500)
    # The switch only adds interest; amounts and collection do not change.
    assert off["interest_terugvordering"].sum() == off["interest_nabetaling"].sum() == 0
    for key in ("terugvordering", "nabetaling", "collected"):
        np.testing.assert_array_equal(on[key], off[key])
    months = max(0, dt_month - 7)
    np.testing.assert_allclose(
        on["interest_terugvordering"], on["collected"] * 0.04 * months / 12, atol=0.006
    )
    np.testing.assert_allclose(
        on["interest_nabetaling"], on["nabetaling"] * 0.04 * months / 12, atol=0.006
    )
