import tomllib

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lab.law.awards import compute_awards
from lab.law.parameters import load_year
from lab.law.situation import Situation
from tests.conftest import DATA
from tests.law_years import year_params

YEARS = [2024, 2025, 2026]


def zorgtoeslag(year, income, partner=False, assets=0.0):
    situation = Situation.build(income, has_partner=partner, assets=assets)
    return compute_awards(load_year(year), situation)["zorgtoeslag"]


def highest_income_with_award(year, partner, around):
    incomes = np.arange(around - 500, around + 500, 1.0)
    awards = zorgtoeslag(year, incomes, partner)
    return incomes[awards > 0].max()


@pytest.mark.parametrize("year", YEARS)
@pytest.mark.parametrize("partner", [False, True])
def test_published_income_limit_within_3_euro(published, year, partner):
    limit = published["zorgtoeslag"][str(year)][
        "income_limit_partner" if partner else "income_limit_single"
    ]
    ours = highest_income_with_award(year, partner, limit)
    assert abs(ours - limit) <= 3, (year, partner, ours, limit)
    below, above = zorgtoeslag(year, [limit - 3, limit + 4], partner)
    assert below >= 24
    assert above == 0


@pytest.mark.parametrize("year", YEARS)
@pytest.mark.parametrize("partner", [False, True])
def test_published_maximum_within_10_euro(published, year, partner):
    pub = published["zorgtoeslag"][str(year)]
    expected = pub["max_partner" if partner else "max_single"]
    award = int(zorgtoeslag(year, [10_000.0], partner)[0])
    if pub["max_convention"] == "monthly_x12":
        award = 12 * (award // 12)
    assert abs(award - expected) <= 10, (year, partner, award, expected)


@pytest.mark.parametrize("year", YEARS)
def test_partner_gets_double_standaardpremie_minus_partner_normpremie(year):
    zt = load_year(year).zorgtoeslag
    award = zorgtoeslag(year, [0.0], partner=True)[0]
    expected = 2 * zt.standaardpremie - zt.normpremie_pct_partner * zt.drempelinkomen
    assert abs(award - expected) <= 0.5


@pytest.mark.parametrize("year", YEARS)
@pytest.mark.parametrize("partner", [False, True])
def test_vermogen_cliff(year, partner):
    zt = load_year(year).zorgtoeslag
    limit = zt.vermogensgrens_partner if partner else zt.vermogensgrens_single
    at_limit, above = zorgtoeslag(year, [20_000.0, 20_000.0], partner, [limit, limit + 1])
    full = zorgtoeslag(year, [20_000.0], partner, 0.0)[0]
    assert at_limit == full > 0
    assert above == 0


@settings(max_examples=60, deadline=None)
@given(
    year=st.sampled_from(YEARS),
    partner=st.booleans(),
    income=st.floats(0, 80_000),
    rise=st.floats(0, 20_000),
)
def test_monotone_non_increasing_in_income(year, partner, income, rise):
    low, high = zorgtoeslag(year, [income, income + rise], partner)
    assert high <= low


def test_2024_last_income_with_an_award_is_the_published_37496():
    """Drempelinkomen 2024 is 26,819: 37,496 still gets the minimum award, 37,497 nothing."""
    last, first_without = zorgtoeslag(2024, [37_496.0, 37_497.0])
    assert last >= 24
    assert first_without == 0
    assert highest_income_with_award(2024, False, 37_496) == 37_496


# Toeslag years 2016-2023: lab/params/law/<year>/zorgtoeslag.toml against the published income
# limits and maxima of each year (tests/data/published.toml). Only the year's own zorgtoeslag
# values count here; tests/law_years.py fills files other helpers have not yet written.
HISTORIC_YEARS = list(range(2016, 2024))


def historic_zorgtoeslag(year, income, partner=False, assets=0.0):
    situation = Situation.build(income, has_partner=partner, assets=assets)
    return compute_awards(year_params(year), situation)["zorgtoeslag"]


def historic_highest_income_with_award(year, partner, around):
    incomes = np.arange(around - 500, around + 500, 1.0)
    awards = historic_zorgtoeslag(year, incomes, partner)
    return incomes[awards > 0].max()


PUBLISHED_ZT = tomllib.loads((DATA / "published.toml").read_text(encoding="utf-8"))["zorgtoeslag"]
HISTORIC_LIMITS = [
    (year, partner)
    for year in HISTORIC_YEARS
    for partner in (False, True)
    if ("income_limit_partner" if partner else "income_limit_single") in PUBLISHED_ZT[str(year)]
]


@pytest.mark.parametrize(("year", "partner"), HISTORIC_LIMITS)
def test_historic_published_income_limit_within_3_euro(published, year, partner):
    limit = published["zorgtoeslag"][str(year)][
        "income_limit_partner" if partner else "income_limit_single"
    ]
    ours = historic_highest_income_with_award(year, partner, limit)
    assert abs(ours - limit) <= 3, (year, partner, ours, limit)


HISTORIC_MAXIMA = [
    (year, partner)
    for year in HISTORIC_YEARS
    for partner in (False, True)
    if ("max_partner" if partner else "max_single") in PUBLISHED_ZT[str(year)]
]


@pytest.mark.parametrize(("year", "partner"), HISTORIC_MAXIMA)
def test_historic_published_maximum_within_10_euro(published, year, partner):
    pub = published["zorgtoeslag"][str(year)]
    expected = pub["max_partner" if partner else "max_single"]
    award = int(historic_zorgtoeslag(year, [10_000.0], partner)[0])
    if pub["max_convention"] == "monthly_x12":
        award = 12 * (award // 12)
    assert abs(award - expected) <= 10, (year, partner, award, expected)


def test_historic_years_have_published_figures():
    """Maxima for 2016 and 2018-2023 (2017: only income limits); limits for all but 2021."""
    assert {y for y, _ in HISTORIC_MAXIMA} == set(HISTORIC_YEARS) - {2017}
    assert {y for y, _ in HISTORIC_LIMITS} == set(HISTORIC_YEARS) - {2021}


@pytest.mark.parametrize("year", HISTORIC_YEARS)
def test_historic_drempelinkomen_is_108_percent_of_twelve_january_minimum_wages(year):
    """Wet op de zorgtoeslag art. 1(1)(f); the January minimum wage per month, 23 and older."""
    january_wml = {
        2016: 1524.60,
        2017: 1551.60,
        2018: 1578.00,
        2019: 1615.80,
        2020: 1653.60,
        2021: 1684.80,
        2022: 1725.00,
        2023: 1934.40,
    }[year]
    assert year_params(year).zorgtoeslag.drempelinkomen == round(1.08 * 12 * january_wml)


@pytest.mark.parametrize("year", HISTORIC_YEARS)
@pytest.mark.parametrize("partner", [False, True])
def test_historic_vermogen_cliff(year, partner):
    zt = year_params(year).zorgtoeslag
    limit = zt.vermogensgrens_partner if partner else zt.vermogensgrens_single
    at_limit, above = historic_zorgtoeslag(year, [15_000.0, 15_000.0], partner, [limit, limit + 1])
    assert at_limit > 0
    assert above == 0


def test_historic_maxima_rise_from_2016_to_2023():
    """The single maximum rose every year (the 2023 purchasing-power step included)."""
    maxima = [historic_zorgtoeslag(year, [10_000.0])[0] for year in HISTORIC_YEARS]
    assert maxima == sorted(maxima), maxima
    assert maxima[-1] - maxima[-2] > 400  # 2023: the single percentage fell to 0.123%
