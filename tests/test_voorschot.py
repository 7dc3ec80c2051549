"""The voorschot year, the DT and collection: hand-worked cases and properties.

Each year runs through the production Awir year (:func:`lab.awir.case.follow_year` over
:class:`lab.awir.year.AwirYear`) on the 2026 Awir parameters: a doelmatigheidsgrens of 116 euro,
a hoge terugvordering above 500 euro, 4% interest from July of t+1, a DT in September and the
standard arrangement of at most 24 terms of at least 20 euro.
"""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lab.awir.calendar import Calendar
from lab.awir.case import Change, follow_year
from lab.awir.voorschot import check_percentage
from lab.awir.year import AwirYear
from lab.errors import InputError
from lab.law.parameters import load_year

AWIR = load_year(2026).awir
#: Months up to and including December of the toeslag year: the 13 terms and the DT after them.
YEAR_MONTHS = 13


def test_the_2026_awir_settings_these_cases_are_worked_on():
    assert (AWIR.dt_threshold, AWIR.high_recovery_threshold) == (116.0, 500.0)
    assert (AWIR.interest_rate, AWIR.interest_start_month, AWIR.dt_month) == (0.04, 7, 9)
    assert (AWIR.arrangement_max_terms, AWIR.arrangement_min_instalment) == (24, 20.0)


def terms_of(award, percentage=1.0, *, month=0, changed=None, definitive=None, **levers):
    """The 13 terms (euro) of one household's year: ``award`` (euro/yr) on the estimate.

    A change to ``changed`` (euro/yr) is reported in calendar month ``month`` (0: none); the
    year is settled on ``definitive`` (default: the last award in force). Returns the terms and
    the record (its ``settlement`` is the DT, art. 19, 24, 26, 27).
    """
    last = award if changed is None or not month else changed
    record = follow_year(
        AWIR,
        np.array([[float(award)]]),
        percentage,
        np.array([[float(last if definitive is None else definitive)]]),
        changes=[Change(month, np.array([[float(changed)]]))] if month else (),
        months=YEAR_MONTHS,
        **levers,
    )
    return record.voorschot[0, 0], record


def test_unchanged_year_pays_twelve_equal_terms():
    terms, record = terms_of(1200.0)
    np.testing.assert_allclose(terms[:12], 100.0)
    assert terms[12] == 0.0
    assert record.paid_total[0, 0] == pytest.approx(1200.0)


def test_change_reported_in_april():
    # Award 1,200/yr; in April the household reports a higher income: award 840/yr.
    # Terms Dec..Apr (k = 0..4) paid 5 x 100 = 500. From May (k = 5) seven terms are left:
    # (840 - 500) / 7 = 48.571... per term. Total 840, no recovery.
    terms, record = terms_of(1200.0, month=4, changed=840.0)
    np.testing.assert_allclose(terms[:5], 100.0)
    np.testing.assert_allclose(terms[5:12], 340.0 / 7)
    assert np.all(terms >= 0.0)  # nothing recovered in the year
    assert record.paid_total[0, 0] == pytest.approx(840.0)


def test_change_reported_in_october():
    # Award 1,200/yr falls to 1,000/yr in October. Dec..Oct (k = 0..10) paid 11 x 100 = 1,100,
    # more than the new 1,000: the November term becomes 0 and 100 is recovered at once.
    terms, record = terms_of(1200.0, month=10, changed=1000.0)
    assert terms[11] == pytest.approx(-100.0)
    assert terms[12] == 0.0
    assert record.paid_total[0, 0] == pytest.approx(1000.0)


def test_overpayment_that_cannot_be_offset_is_recovered_at_once():
    # Award 2,400/yr (200/month) falls to 0 in June (report in May): paid Dec..May = 6 x 200 =
    # 1,200, nothing left to offset against; 1,200 is recovered at once in June (k = 6).
    terms, record = terms_of(2400.0, month=5, changed=0.0)
    assert terms[6] == pytest.approx(-1200.0)
    np.testing.assert_allclose(terms[7:], 0.0)
    assert record.paid_total[0, 0] == pytest.approx(0.0)


def test_change_in_december_is_settled_at_once():
    # A rise from 1,200 to 1,800 reported in December: all 12 terms paid (1,200); 600 at once.
    terms, record = terms_of(1200.0, month=12, changed=1800.0)
    np.testing.assert_allclose(terms[:12], 100.0)
    assert terms[12] == pytest.approx(600.0)
    assert record.paid_total[0, 0] == pytest.approx(1800.0)


def test_percentage_scales_the_voorschot_and_is_checked():
    _, record = terms_of(1200.0, 0.8)
    assert record.paid_total[0, 0] == pytest.approx(960.0)
    with pytest.raises(InputError, match="is not a percentage between 70 and 100"):
        check_percentage(0.6, 0.7)
    with pytest.raises(InputError):
        check_percentage(1.1, 0.7)


def test_the_yearly_voorschot_in_force_is_percentage_times_award_where_applied():
    year = AwirYear(
        AWIR,
        np.array([[1200.0, 600.0], [2400.0, 300.0]]),
        np.array([0.8, 1.0]),
        np.array([[True, False], [True, True]]),
    )
    np.testing.assert_allclose(year.target, [[960.0, 0.0], [2400.0, 300.0]])
    year.report_change(np.array([1]), np.array([[1200.0, 0.0]]))
    np.testing.assert_allclose(year.target, [[960.0, 0.0], [1200.0, 0.0]])
    # The terms pay that yearly voorschot: 12 terms of a twelfth of it, nothing in December.
    terms = np.stack([year.pay_term(term)[0] for term in range(13)])
    np.testing.assert_allclose(terms[:12], np.broadcast_to(year.target / 12, (12, 2, 2)))
    np.testing.assert_array_equal(terms[12], 0.0)


def test_a_year_that_keeps_what_is_paid_at_once_per_household_pays_the_same_terms():
    rng = np.random.default_rng(8)
    award = rng.uniform(0, 3_000, (40, 4))
    applied = rng.random((40, 4)) < 0.7
    years = [AwirYear(AWIR, award, 0.8, applied) for _ in range(2)]
    years[1].household_at_once = True
    changes = {3: award[::3] * 0.5, 9: award[::3] * 0.0, 12: award[::3] + 500.0}
    any_at_once = np.zeros(40, dtype=bool)
    for term in range(13):
        if term in changes:  # lower, none (recovered at once), higher in December (paid at once)
            for year in years:
                year.report_change(np.arange(0, 40, 3), changes[term])
        payment, at_once = years[0].pay_term(term)
        payment_h, at_once_h = years[1].pay_term(term)
        np.testing.assert_array_equal(payment_h, payment)
        assert at_once_h.shape == (40, 1)
        summed = np.zeros(40)
        for t in range(4):
            summed += at_once[:, t]
        np.testing.assert_array_equal(at_once_h[:, 0], summed)
        any_at_once |= summed != 0
    assert any_at_once.sum() >= 5


def test_a_year_keeps_the_award_and_percentage_handed_over_and_pays_the_same():
    rng = np.random.default_rng(9)
    award = rng.uniform(0, 3_000, (30, 4))
    percentage = np.where(rng.random((30, 4)) < 0.5, 0.8, 1.0)
    applied = rng.random((30, 4)) < 0.7
    copied = AwirYear(AWIR, award, percentage, applied)
    kept_award, kept_percentage = award.copy(), percentage.copy()
    kept = AwirYear(AWIR, kept_award, kept_percentage, applied, hand_over=True)
    assert kept.award is kept_award and kept.percentage is kept_percentage
    assert copied.award is not award and not np.isnan(percentage).any()  # the caller's, unchanged
    np.testing.assert_array_equal(kept.percentage, copied.percentage)
    for term in range(13):
        if term == 5:
            for year in (copied, kept):
                year.report_change(np.arange(0, 30, 2), award[::2] * 0.6)
        np.testing.assert_array_equal(kept.pay_term(term)[0], copied.pay_term(term)[0])
    np.testing.assert_array_equal(kept.paid, copied.paid)
    # What it may not write or is not (n, T) float64 it copies, as without hand_over.
    read_only = award.copy()
    read_only.flags.writeable = False
    other = AwirYear(AWIR, read_only, np.full(30, 0.8), applied, hand_over=True)
    assert other.award is not read_only and other.percentage.shape == (30, 4)


@pytest.mark.parametrize("term", [-1, 13])
def test_a_term_outside_the_year_is_refused(term):
    year = AwirYear(AWIR, np.array([[1200.0]]), 1.0)
    with pytest.raises(ValueError, match=r"term must be 0\.\.12"):
        year.pay_term(term)


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
    terms, record = terms_of(
        estimate_award, pct, month=month, changed=changed_award, definitive=definitive
    )
    # No term recovers more than was paid before it: the money paid so far is never negative.
    assert np.all(np.cumsum(terms) >= -1e-6)
    s = {key: value[0, 0] for key, value in record.settlement.items()}
    diff = record.paid_total[0, 0] - definitive
    assert s["terugvordering"] - s["nabetaling"] == pytest.approx(diff, abs=0.01)
    assert min(s["terugvordering"], s["nabetaling"]) == 0


@settings(max_examples=200, deadline=None)
@given(award=money, month=st.integers(0, 12))
def test_full_voorschot_on_a_correct_estimate_gives_nothing_to_settle(award, month):
    _, record = terms_of(award, month=month, changed=award, definitive=award)
    assert record.settlement["terugvordering"][0, 0] == pytest.approx(0, abs=0.01)
    assert record.settlement["nabetaling"][0, 0] == pytest.approx(0, abs=0.01)


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
    case = dict(month=month, changed=changed_award, definitive=definitive)
    _, r_low = terms_of(award, low, **case)
    _, r_high = terms_of(award, high, **case)
    terug = lambda record: record.settlement["terugvordering"][0, 0]  # noqa: E731
    assert terug(r_low) <= terug(r_high) + 0.01


def settled(paid, definitive, **levers):
    """The DT (per household, one toeslag) of a year that paid ``paid`` (euro) unchanged."""
    paid = np.asarray(paid, dtype=np.float64)
    record = follow_year(
        AWIR,
        paid[:, None],
        1.0,
        np.broadcast_to(np.asarray(definitive, dtype=np.float64), paid.shape)[:, None],
        months=YEAR_MONTHS,
        **levers,
    )
    return {key: value[:, 0] for key, value in record.settlement.items()}


def test_threshold_high_recovery_and_interest_switch():
    paid = [1200.0, 1200.0, 1200.0]
    definitive = [1100.0, 1084.0, 500.0]  # recoveries 100, 116, 700
    s = settled(paid, definitive, interest_enabled=False)
    np.testing.assert_allclose(s["terugvordering"], [100.0, 116.0, 700.0])
    # At or below the doelmatigheidsgrens (116) nothing is collected; above 500 it is hoog.
    np.testing.assert_allclose(s["collected"], [0.0, 0.0, 700.0])
    np.testing.assert_allclose(s["high_recovery"], [0, 0, 1])
    assert s["interest_terugvordering"].sum() == 0
    with_interest = settled(paid, definitive, interest_enabled=True)
    # July..September: 2 months of 4% a year on 700 = 4.67.
    assert with_interest["interest_terugvordering"][2] == pytest.approx(
        700 * 0.04 * 2 / 12, abs=0.01
    )


def collection_of(amount, **levers):
    """The collection (months after the due date, euro) of terugvorderingen of ``amount``.

    A year paid ``amount`` (euro, per household) against a definitive award of 0, with the
    doelmatigheidsgrens at 0 and no interest, so the whole amount is the debt to collect.
    """
    amount = np.asarray(amount, dtype=np.float64)
    record = follow_year(
        AWIR,
        amount[:, None],
        1.0,
        np.zeros((amount.size, 1)),
        dt_threshold=0.0,
        interest_enabled=False,
        **levers,
    )
    return record.collection[:, 0, Calendar.of(AWIR).due :], record


@settings(max_examples=200, deadline=None)
@given(amount=st.integers(0, 5_000_000).map(lambda cents: cents / 100))
def test_standard_arrangement_terms(amount):
    plan, record = collection_of([amount])
    due = record.due[0, 0]
    assert due == pytest.approx(amount, abs=0.005)
    # At most 24 terms of at least 20 euro (the whole amount when it is less); they pay it all.
    assert np.count_nonzero(plan) <= AWIR.arrangement_max_terms
    if due >= AWIR.arrangement_min_instalment:
        assert record.instalment[0, 0] >= AWIR.arrangement_min_instalment
    else:
        assert record.instalment[0, 0] == due
    assert plan.sum() == pytest.approx(due, abs=0.01)


def test_personal_arrangement_follows_ability_to_pay():
    plan, record = collection_of([1200.0, 500.0], household_instalment=np.array([40.0, 0.0]))
    # 1,200 at 40 a month: 30 terms, past the standard 24; no ability to pay: the debt waits.
    np.testing.assert_array_equal(np.count_nonzero(plan, axis=1), [30, 0])
    assert plan[0].max() == 40.0 and plan[0].sum() == pytest.approx(1200.0)
    assert record.due[1, 0] == pytest.approx(500.0) and plan[1].sum() == 0.0


@settings(max_examples=200, deadline=None)
@given(
    paid=st.lists(money, min_size=1, max_size=5),
    definitive=money,
    threshold=st.floats(0, 500),
    dt_month=st.integers(6, 12),
)
def test_threshold_and_interest_switch_properties(paid, definitive, threshold, dt_month):
    levers = dict(dt_threshold=threshold, dt_month=dt_month)
    off = settled(paid, definitive, interest_enabled=False, **levers)
    on = settled(paid, definitive, interest_enabled=True, **levers)
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
