import pytest
from streamlit.testing.v1 import AppTest

from lab.app import household_view as view
from lab.law.awards import compute_awards
from lab.law.parameters import load_year
from lab.law.situation import Situation

SCRIPT = "from lab.app import household_page\nhousehold_page.render()"


def test_engine_year_matches_the_awards_for_an_unreported_income_rise():
    params = load_year(2026)
    before = Situation.one(24_000, rent=720, service_costs=40)
    after = Situation.one(29_000, rent=720, service_costs=40)
    estimate, actual = compute_awards(params, before), compute_awards(params, after)
    outcome, flow = view.engine_year(params, before, after, None, 0.8)
    huur = outcome["huurtoeslag"]
    assert huur["paid_total"] == pytest.approx(0.8 * estimate["huurtoeslag"][0], abs=0.05)
    assert huur["definitive"] == actual["huurtoeslag"][0]
    assert huur["terugvordering"] - huur["nabetaling"] == pytest.approx(
        huur["paid_total"] - huur["definitive"], abs=0.01
    )
    assert len(huur["voorschot_monthly"]) == 12
    # money is conserved: the cash flow adds up to the definitive awards, up to art. 27 interest
    # (two months at 4% a year on a recovery of about 330 and a nabetaling of about 310 euro)
    total_definitive = sum(o["definitive"] for o in outcome.values())
    assert flow.sum() == pytest.approx(total_definitive, abs=5.0)


def test_a_change_reported_in_april_lowers_the_recovery():
    params = load_year(2026)
    before = Situation.one(24_000, rent=720)
    after = Situation.one(29_000, rent=720)
    never, _ = view.engine_year(params, before, after, None, 1.0)
    april, _ = view.engine_year(params, before, after, 4, 1.0)
    assert april["huurtoeslag"]["terugvordering"] < never["huurtoeslag"]["terugvordering"]


def test_household_page_compares_100_80_and_the_chosen_percentage():
    at = AppTest.from_string(SCRIPT, default_timeout=60).run()
    assert not at.exception and not at.error
    at.slider(key="hh_percentage").set_value(90).run()
    assert not at.exception and not at.error
    totals = at.dataframe[0].value
    assert list(totals.columns) == ["100%", "90%", "80%"]
    recovery = totals.loc["terugvordering"]
    assert recovery["100%"] > recovery["90%"] > recovery["80%"]
    per_toeslag = at.dataframe[1].value
    assert "huurtoeslag" in set(per_toeslag["toeslag"])
    charts = at.get("plotly_chart")
    assert len(charts) == 2


def test_household_page_shows_a_bad_input_as_a_message():
    at = AppTest.from_string(SCRIPT, default_timeout=60).run()
    at.text_input(key="hh_ages_flexwerker").input("drie").run()
    assert not at.exception
    assert at.error[0].value.startswith("Het huishouden is niet goed ingevuld")
    assert "whole ages separated by commas" in at.error[0].value


def test_household_page_own_household_without_toeslag():
    at = AppTest.from_string(SCRIPT, default_timeout=60).run()
    at.selectbox(key="hh_preset").set_value("Zelf invullen").run()
    at.number_input(key="hh_estimate_Zelf invullen").set_value(200_000).run()
    at.number_input(key="hh_actual_Zelf invullen").set_value(200_000).run()
    assert not at.exception and not at.error
    assert "geen recht" in at.info[0].value


def test_a_household_picked_from_the_model_shows_its_months():
    at = AppTest.from_string(SCRIPT, default_timeout=120).run()
    at.number_input(key="hh_pick_index").set_value(3).run()
    at.button(key="hh_pick").click().run()
    assert not at.exception and not at.error
    charts = at.get("plotly_chart")
    assert len(charts) == 3
    months = at.dataframe[0].value
    assert {"jaar", "toeslag", "terugvordering"} <= set(months.columns)
