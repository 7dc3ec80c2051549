"""The common Awir settings of toeslag years 2016-2023 (lab/params/law/<year>/awir.toml)."""

import pytest

from lab.households import macro
from lab.law.parameters import load_year
from tests.law_years import year_params

HISTORIC_YEARS = list(range(2016, 2024))
#: Policy settings of the lab (marks M), the same in every year.
POLICY = ("dt_month",)


@pytest.mark.parametrize("year", HISTORIC_YEARS)
def test_policy_settings_are_those_of_2024(year):
    ours, ref = year_params(year).awir, load_year(2024).awir
    for key in (*POLICY, "high_recovery_threshold"):
        assert getattr(ours, key) == getattr(ref, key), (year, key)
        assert year_params(year).source(f"awir.{key}")[1] == "M"


@pytest.mark.parametrize("year", [*HISTORIC_YEARS, 2024])
def test_estimate_indexation_is_the_january_minimum_wage_rise(year):
    """Until the continuation into 2024 the agency indexed by the minimum wage (rd.nl 2024-12)."""
    expected = macro.year_index("minimum_wage", year - 1, year) - 1
    assert year_params(year).awir.estimate_indexation == pytest.approx(expected, abs=5e-5)


def test_estimate_indexation_2025_adds_three_points_and_no_year_is_zero():
    """Since December 2024 minimum wage indexation plus 3 points; 0 is not what happened."""
    expected = macro.year_index("minimum_wage", 2024, 2025) - 1 + 0.03
    assert load_year(2025).awir.estimate_indexation == pytest.approx(expected, abs=5e-5)
    for year in [*HISTORIC_YEARS, 2024, 2025, 2026, 2027]:
        assert year_params(year).awir.estimate_indexation > 0.01, year


@pytest.mark.parametrize("year", HISTORIC_YEARS)
def test_doelmatigheidsgrens_only_for_dts_sent_from_2021(year):
    """The Wet verbetering uitvoerbaarheid toeslagen (Kamerstukken 35 574) introduced it."""
    threshold = year_params(year).awir.dt_threshold
    if year + 1 < 2021:
        assert threshold == 0
    else:
        assert threshold >= 106
    assert year_params(2022).awir.dt_threshold == 106  # DTs sent in 2023
    assert year_params(2023).awir.dt_threshold == 116  # DTs sent in 2024


@pytest.mark.parametrize("year", HISTORIC_YEARS)
def test_minimum_award_and_interest_switch(year):
    awir = year_params(year).awir
    assert awir.minimum_award == 24
    assert awir.interest_enabled
    assert awir.interest_start_month == 7
