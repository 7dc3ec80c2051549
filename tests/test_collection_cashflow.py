"""Several changes in one voorschot year, collection modes and the monthly cash flow."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from lab.awir.calendar import Calendar, month_label, months_after
from lab.awir.case import Change, follow_year, year_case
from lab.awir.settlement import interest_months
from lab.awir.voorschot import TERM_SLOTS
from lab.awir.year import AwirYear
from lab.errors import InputError
from lab.law.parameters import load_year
from lab.law.situation import Situation

AWIR = load_year(2026).awir


def paid_terms(award_in_force, percentage):
    """Pay the 13 terms of one AwirYear, as the model does, with ``award_in_force`` (n, 13).

    Before each term every household reports the award (euro/yr) in force from that term on
    (:meth:`AwirYear.report_change`); returns the (n, 13) terms paid (euro) and the year.
    """
    award = np.asarray(award_in_force, dtype=np.float64)
    year = AwirYear(AWIR, award[:, :1], percentage, interest_enabled=False)
    everyone = np.arange(award.shape[0])
    payments = np.empty(award.shape)
    for term in range(TERM_SLOTS):
        year.report_change(everyone, award[:, term : term + 1])
        payments[:, term] = year.pay_term(term)[0][:, 0]
    return payments, year


def voorschot_terms(award, changes):
    """The 13 terms (euro) of one household's year on ``award`` (euro/yr) and its ``changes``."""
    record = follow_year(
        AWIR,
        np.array([[award]]),
        1.0,
        np.array([[0.0]]),
        changes=[Change(month, np.array([[changed]])) for month, changed in changes],
        months=TERM_SLOTS,
    )
    return record.voorschot[0, 0]


def test_two_changes_in_one_year():
    # Award 1,200/yr (100 a term). Reported in March (m = 3, from term 4 = April): 1,800/yr.
    # Paid Dec..Mar = 4 x 100 = 400; (1,800 - 400) / 8 terms (Apr..Nov) = 175 a term.
    # Reported in September (from term 10 = October): 600/yr. Paid Dec..Sep = 400 + 6 x 175 =
    # 1,450; 600 - 1,450 = -850: October and November become 0 and 850 is recovered in October.
    terms = voorschot_terms(1200.0, [(3, 1800.0), (9, 600.0)])
    np.testing.assert_allclose(terms[:4], 100.0)
    np.testing.assert_allclose(terms[4:10], 175.0)
    assert terms[10] == pytest.approx(-850.0)
    assert terms[11] == terms[12] == 0.0
    assert terms.sum() == pytest.approx(600.0)  # paid net of the in-year recovery
    assert terms[terms > 0].sum() == pytest.approx(1450.0)  # paid before the recovery


def test_a_tiny_in_year_overpayment_is_still_recovered():
    # 1,200/yr falls to 1,099/yr, reported in October (from November, term 11): Dec..Oct paid
    # 11 x 100 = 1,100, one euro too much. November becomes 0 and the 1 euro is recovered at
    # once: the doelmatigheidsgrens (116 euro) only applies at the DT.
    terms = voorschot_terms(1200.0, [(10, 1099.0)])
    assert terms[11] == pytest.approx(-1.0)
    assert terms.sum() == pytest.approx(1099.0)


award_paths = arrays(np.float64, (4, 13), elements=st.integers(0, 5000).map(float))


@settings(max_examples=200, deadline=None)
@given(
    award=award_paths,
    pct=arrays(np.float64, 4, elements=st.floats(0.7, 1.0)),
    definitive=arrays(np.float64, 4, elements=st.integers(0, 5000).map(float)),
)
def test_any_number_of_changes_ends_on_the_last_award_in_force(award, pct, definitive):
    payments, year = paid_terms(award, pct)
    year.settle(definitive[:, None])
    s = {key: value[:, 0] for key, value in year.settlement.items()}
    # The accounting identity: voorschot money net of in-year recoveries minus the definitive
    # award is terugvordering minus nabetaling.
    net = payments.sum(axis=1) - definitive
    np.testing.assert_allclose(s["terugvordering"] - s["nabetaling"], net, atol=0.01)
    # Every recomputation pays exactly the new yearly voorschot over the year.
    np.testing.assert_allclose(year.paid[:, 0], pct * award[:, 12], atol=1e-6)
    np.testing.assert_allclose(payments.sum(axis=1), year.paid[:, 0], atol=1e-6)
    # Regular terms are never negative apart from a recovery at once, and no more is recovered
    # in a term than was paid before it.
    recovered = np.maximum(-payments, 0.0)
    paid_before = np.cumsum(payments, axis=1) - payments
    assert np.all(recovered <= paid_before + 1e-6)
    # Households are independent: the same rows one by one give the same payments.
    for i in range(award.shape[0]):
        alone, _ = paid_terms(award[i : i + 1], pct[i])
        np.testing.assert_array_equal(alone[0], payments[i])


def collection_modes(amount, collection):
    """The monthly collection (euro) of debts ``amount`` of single-toeslag households.

    Each paid ``amount + 1,200`` over the year against a definitive award of 1,200, with the
    doelmatigheidsgrens at 0 and no interest; ``collection`` are the follow_year arguments.
    """
    amount = np.asarray(amount, dtype=np.float64)[:, None]
    record = follow_year(
        AWIR,
        amount + 1200.0,
        1.0,
        np.full(amount.shape, 1200.0),
        dt_threshold=0.0,
        interest_enabled=False,
        **collection,
    )
    np.testing.assert_allclose(record.due, amount)
    return record.collection[:, 0, Calendar.of(AWIR).due :], record.instalment[:, 0]


def test_collect_modes():
    amount = np.array([1000.0, 10.0, 0.0])
    lump, _ = collection_modes(amount, {"lump": True})
    np.testing.assert_array_equal(np.count_nonzero(lump, axis=1), [1, 1, 0])
    np.testing.assert_allclose(lump[:, 0], amount)
    standard, instalment = collection_modes(amount, {})
    # 1,000 / 24 = 41.67 a month (rounded up to the cent): 24 terms; 10 euro in one term.
    np.testing.assert_allclose(instalment[:2], [41.67, 10.0])
    np.testing.assert_array_equal(np.count_nonzero(standard, axis=1), [24, 1, 0])
    np.testing.assert_allclose(standard.sum(axis=1), amount, atol=0.01)
    personal, _ = collection_modes(amount, {"household_instalment": np.full(3, 25.0)})
    # A personal arrangement may run past 24 terms: 1,000 at 25 a month is 40 terms.
    np.testing.assert_array_equal(np.count_nonzero(personal, axis=1), [40, 1, 0])
    np.testing.assert_allclose(personal.sum(axis=1), amount)
    # An instalment of its own per debt (NaN: the standard arrangement), as verrekenen gives.
    own, _ = collection_modes(amount, {"instalment": np.array([[np.nan], [50.0], [50.0]])})
    np.testing.assert_array_equal(np.count_nonzero(own, axis=1), [24, 1, 0])
    assert own[1, 0] == 10.0


def test_offset_takes_next_years_whole_term_or_else_the_standard_arrangement():
    params = load_year(2026)
    # Next year's zorgtoeslag on the actual income runs: its whole monthly term pays the debt.
    running = year_case(params, Situation.one(28000), Situation.one(33000), collection="offset")
    zt = running["zorgtoeslag"]
    assert zt.definitive > 0
    term = np.floor(round(zt.definitive / 12, 2) * 100 + 1e-6) / 100
    assert zt.monthly_instalment == pytest.approx(term)
    assert zt.arrangement_months == int(np.ceil((zt.collected + zt.interest) / term - 1e-9))
    # On the actual income there is no zorgtoeslag to offset against: the standard arrangement.
    none = year_case(params, Situation.one(28000), Situation.one(60000), collection="offset")
    zt = none["zorgtoeslag"]
    assert zt.definitive == 0 and zt.terugvordering > 0
    owed = zt.collected + zt.interest
    assert zt.arrangement_months == AWIR.arrangement_max_terms
    assert zt.monthly_instalment == pytest.approx(np.ceil(owed / 24 * 100 - 1e-6) / 100)


def test_a_collection_mode_is_checked():
    params, household = load_year(2026), Situation.one(28000)
    with pytest.raises(InputError, match="ability to pay"):
        year_case(params, household, household, collection="personal")
    with pytest.raises(InputError, match="unknown collection mode"):
        year_case(params, household, household, collection="bailiff")  # type: ignore[arg-type]


def test_payment_delays_follow_the_weeks():
    calendar = Calendar.of(AWIR, dt_month=9)
    assert months_after(AWIR.payment_due_weeks) == calendar.due_delay == 2  # 6 weeks
    assert months_after(AWIR.nabetaling_weeks) == calendar.nabetaling_delay == 1  # 4 weeks
    assert months_after(9) == 3
    assert (calendar.dt, calendar.nabetaling, calendar.due) == (21, 22, 23)
    assert month_label(0, 2026) == "2025-12"
    assert month_label(calendar.dt, 2026) == "2027-09"


def test_interest_runs_from_july_to_the_dt_on_both_sides():
    assert [interest_months(m, 7) for m in (6, 7, 9, 12)] == [0, 0, 2, 5]

    def settled(interest_enabled):
        # One household paid nothing on a definitive 600, the other 1,200 on a definitive 0.
        record = follow_year(
            AWIR,
            np.array([[0.0], [1200.0]]),
            1.0,
            np.array([[600.0], [0.0]]),
            dt_month=12,
            interest_enabled=interest_enabled,
            months=TERM_SLOTS,
        )
        return {key: value[:, 0] for key, value in record.settlement.items()}

    on = settled(True)
    # 5 months (July..November) of 4% a year: 600 x 0.04 x 5/12 = 10.00; 1,200 -> 20.00.
    np.testing.assert_allclose(on["interest_nabetaling"], [10.0, 0.0])
    np.testing.assert_allclose(on["interest_terugvordering"], [0.0, 20.0])
    off = settled(False)
    assert off["interest_nabetaling"].sum() == off["interest_terugvordering"].sum() == 0.0


def test_cash_flow_months_of_a_hand_worked_year():
    # 1,200/yr paid as 100 a term; DT in September t+1 (month 21): a nabetaling of 50 in
    # October (month 22) for one household, a terugvordering of 60 for the other, due in
    # November (month 23), paid in 3 terms of 20.
    record = follow_year(
        AWIR,
        np.array([[1200.0], [1200.0]]),
        1.0,
        np.array([[1250.0], [1140.0]]),
        instalment=np.array([[20.0], [20.0]]),
        dt_month=9,
        dt_threshold=0.0,
        interest_enabled=False,
    )
    flow = record.cash_flow[:, 0]
    assert flow.shape[1] == 26
    np.testing.assert_allclose(flow[:, :12], 100.0)
    assert flow[0, 22] == 50.0 and flow[0].sum() == pytest.approx(1250.0)
    np.testing.assert_allclose(flow[1, 23:26], -20.0)
    assert flow[1].sum() == pytest.approx(1140.0)


def test_a_personal_arrangement_is_the_households_ability_to_pay_for_all_toeslagen():
    # Two toeslag debts of 100 and 60; the household can pay 30 a month in all: the first debt
    # in 4 months (30, 30, 30, 10 + 20 on the second), then the rest of the second (30, 10).
    record = follow_year(
        AWIR,
        np.array([[1300.0, 1260.0]]),
        1.0,
        np.array([[1200.0, 1200.0]]),
        household_instalment=np.array([30.0]),
        dt_threshold=0.0,
        interest_enabled=False,
    )
    due = Calendar.of(AWIR).due
    np.testing.assert_allclose(record.collection[0, 0, due:], [30, 30, 30, 10, 0, 0])
    np.testing.assert_allclose(record.collection[0, 1, due:], [0, 0, 0, 20, 30, 10])
    nothing = follow_year(
        AWIR,
        np.array([[1300.0, 1260.0]]),
        1.0,
        np.array([[1200.0, 1200.0]]),
        household_instalment=np.array([0.0]),
        dt_threshold=0.0,
    )
    assert nothing.collection.sum() == 0.0 and nothing.due.sum() > 160.0


money = st.floats(0, 20_000, allow_nan=False)


@settings(max_examples=150, deadline=None)
@given(
    award=arrays(np.float64, (3, 4), elements=st.integers(0, 5000).map(float)),
    months=st.lists(st.integers(1, 12), min_size=0, max_size=3),
    definitive=arrays(np.float64, 3, elements=st.integers(0, 5000).map(float)),
    dt_month=st.integers(6, 12),
    mode=st.sampled_from(["lump", "arrangement", "personal"]),
)
def test_cash_flow_sums_to_what_the_household_keeps(award, months, definitive, dt_month, mode):
    changes = [Change(m, award[:, j + 1 : j + 2]) for j, m in enumerate(sorted(months))]
    record = follow_year(
        AWIR,
        award[:, :1],
        1.0,
        definitive[:, None],
        changes=changes,
        lump=mode == "lump",
        household_instalment=np.full(3, 35.0) if mode == "personal" else None,
        dt_month=dt_month,
        interest_enabled=True,
    )
    s = {k: v[:, 0] for k, v in record.settlement.items()}
    flow = record.cash_flow[:, 0]
    # Net: the definitive award, plus interest received minus interest paid, plus the recovery
    # that is not collected (at or below the doelmatigheidsgrens).
    interest = s["interest_nabetaling"] - s["interest_terugvordering"]
    kept = definitive + interest + (s["terugvordering"] - s["collected"])
    np.testing.assert_allclose(flow.sum(axis=1), kept, atol=0.02)
    calendar = Calendar.of(AWIR, dt_month)
    assert np.all(flow[:, calendar.dt + 1 : calendar.due] >= 0)
    owed = s["collected"] + s["interest_terugvordering"]
    np.testing.assert_allclose(-flow[:, calendar.due :].sum(axis=1), owed, atol=0.02)


@settings(max_examples=200, deadline=None)
@given(
    amount=st.integers(0, 500_000).map(lambda cents: cents / 100),
    ability=st.integers(1_000, 200_000).map(lambda cents: cents / 100),
)
def test_personal_arrangement_schedule_matches_its_terms(amount, ability):
    # A debt of ``amount`` paid at ``ability`` a month (both whole cents; at most 500 months).
    (plan,), _ = collection_modes([amount], {"household_instalment": np.array([ability])})
    months = int(np.count_nonzero(plan))
    assert months == -(-round(amount * 100) // round(ability * 100))
    assert plan.sum() == pytest.approx(amount, abs=0.01)
    if months:
        assert np.all(plan[: months - 1] == ability)
        assert 0 < plan[months - 1] <= ability
        assert not plan[months:].any()
