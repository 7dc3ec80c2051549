import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lab.law.awards import compute_awards
from lab.law.huurtoeslag import award, basishuur_parameters, normhuur, parameters, quota_factors
from lab.law.parameters import load_year
from lab.law.situation import Situation
from tests.law_years import year_params

YEARS = [2024, 2025, 2026]


def huurtoeslag(year, income, rent, **kwargs):
    situation = Situation.build(income, rent=rent, **kwargs)
    return compute_awards(load_year(year), situation)["huurtoeslag"]


def test_2025_hand_worked_minimum_basishuur_and_service_costs_capped_at_48():
    # income 15,000: a*Y^2 + b*Y - 37.14 = 68.3 < minimum basishuur 199.05.
    # rekenhuur 600 + min(60, 48) = 648; KKG 477.20; AG 682.96.
    # (477.20 - 199.05) + 0.65 * (648 - 477.20) = 278.15 + 111.02 = 389.17 a month -> 4,670 a year
    assert huurtoeslag(2025, [15_000.0], 600.0, service_costs=60.0)[0] == 4670


def test_2026_hand_worked_linear_income_part():
    # single, income 30,000, rent 800: basishuur 202.52; KKG 498.20; AG 713.02.
    # slices: 295.68 + 0.65 * 214.82 + 0.40 * 86.98 = 295.68 + 139.633 + 34.792 = 470.105
    # income part: 0.27 * (30,000 - 23,425) / 12 = 147.9375 -> 322.1675 a month -> 3,866 a year
    assert huurtoeslag(2026, [30_000.0], 800.0)[0] == 3866


def test_2025_rent_above_maximale_huurgrens_gives_nothing_counting_service_costs():
    limit = load_year(2025).huurtoeslag.maximale_huurgrens
    inside, outside = huurtoeslag(
        2025, [15_000.0] * 2, [limit - 30.0, limit - 29.0], service_costs=30.0
    )
    assert inside > 0
    assert outside == 0


def test_2026_maximale_huurgrens_only_caps_the_rent_and_service_costs_do_not_count():
    cap = load_year(2026).huurtoeslag.maximale_huurgrens
    at_cap, far_above, with_service = huurtoeslag(
        2026, [15_000.0] * 3, [cap, cap + 500.0, cap], service_costs=[0.0, 0.0, 40.0]
    )
    assert at_cap > 0
    assert far_above == at_cap == with_service


def test_larger_households_use_the_higher_aftoppingsgrens():
    ht = load_year(2026).huurtoeslag
    rent = (ht.aftoppingsgrens_small + ht.aftoppingsgrens_large) / 2
    two, three = huurtoeslag(2026, [15_000.0] * 2, rent, has_partner=True, n_persons=[2, 3])
    # between the two AGs the 3-person household gets 65% instead of 40% on the rent above AG small
    assert three - two == pytest.approx(12 * 0.25 * (rent - ht.aftoppingsgrens_small), abs=1)


def test_2024_multi_person_households_get_no_slice_above_ag():
    ht = load_year(2024).huurtoeslag
    ag = ht.aftoppingsgrens_small
    single = huurtoeslag(2024, [15_000.0] * 2, [ag, ag + 100.0], n_persons=1)
    couple = huurtoeslag(2024, [15_000.0] * 2, [ag, ag + 100.0], has_partner=True)
    assert single[1] - single[0] == pytest.approx(12 * 0.40 * 100, abs=1)
    assert couple[1] == couple[0]


@pytest.mark.parametrize("year", [2024, 2025])
def test_youth_limit_is_an_eligibility_rule_up_to_2025(year):
    youth = load_year(year).huurtoeslag.jongerengrens
    rent = youth + 20.0
    young, young_parent, adult = huurtoeslag(
        year,
        [15_000.0] * 3,
        rent,
        applicant_age=[21, 21, 23],
        child_ages=[[-1], [2], [-1]],
    )
    assert young == 0
    assert young_parent > 0
    assert adult > 0


def test_2026_youth_limit_caps_the_rent_for_18_to_20_only():
    youth = load_year(2026).huurtoeslag.jongerengrens
    at_limit, young, older = huurtoeslag(
        2026, [15_000.0] * 3, [youth, youth + 150.0, youth + 150.0], applicant_age=[19, 19, 21]
    )
    assert young == at_limit
    assert older > young


def test_not_renting_gives_nothing():
    assert huurtoeslag(2026, [10_000.0], 0.0)[0] == 0


@pytest.mark.parametrize("year", YEARS)
@pytest.mark.parametrize("partner", [False, True])
def test_vermogen_cliff(year, partner):
    ht = load_year(year).huurtoeslag
    limit = ht.vermogensgrens_partner if partner else ht.vermogensgrens_single
    at_limit, above, none = huurtoeslag(
        year, [15_000.0] * 3, 600.0, has_partner=partner, assets=[limit, limit + 1, 0.0]
    )
    assert at_limit == none > 0
    assert above == 0


@settings(max_examples=80, deadline=None)
@given(
    year=st.sampled_from(YEARS),
    n_persons=st.integers(1, 5),
    rent=st.floats(0, 1_200),
    service=st.floats(0, 100),
    income=st.floats(0, 80_000),
    rise=st.floats(0, 30_000),
)
def test_monotone_non_increasing_in_income(year, n_persons, rent, service, income, rise):
    low, high = huurtoeslag(
        year,
        [income, income + rise],
        rent,
        service_costs=service,
        has_partner=n_persons >= 2,
        n_persons=n_persons,
    )
    assert high <= low


def test_2025_reproduces_published_monthly_examples(published):
    pub = published["huurtoeslag"]["2025"]
    got = huurtoeslag(2025, [float(y) for y in pub["example_incomes"]], pub["example_rent"])
    for yearly, monthly in zip(got, pub["example_monthly"], strict=True):
        assert abs(yearly / 12 - monthly) < 1, (yearly / 12, monthly)


@pytest.mark.parametrize(
    ("year", "kind", "factor_a", "factor_b"),
    [
        (2025, "single", "0,000000438698", "0,000446392665"),
        (2025, "multi", "0,000000298184", "-0,001382497146"),
        (2024, "single", "0,000000413370", "0,002393492603"),
        (2024, "multi", "0,000000244490", "0,001807837711"),
    ],
)
def test_factors_derived_from_the_law_are_the_published_factors(year, kind, factor_a, factor_b):
    """Art. 17-19: the normhuur quota between the two ijkpunten gives a and b to every printed
    digit (published: Regeling huurtoeslagparameters / Belastingdienst proefberekening)."""
    derived = basishuur_parameters(load_year(year).huurtoeslag)[kind]
    assert f"{derived.factor_a:.12f}".replace(".", ",") == factor_a
    assert f"{derived.factor_b:.12f}".replace(".", ",") == factor_b


@pytest.mark.parametrize(
    ("year", "single", "multi"),
    [(2024, 188.95, 188.95), (2025, 199.05, 197.24), (2026, 202.52, 200.71)],
)
def test_minimum_basishuur_is_the_normhuur_at_the_ijkpunt_plus_the_taakstelling(
    year, single, multi
):
    derived = basishuur_parameters(load_year(year).huurtoeslag)
    assert (derived["single"].min_basishuur, derived["multi"].min_basishuur) == (single, multi)


def test_quota_factors_reproduce_the_2023_regulation():
    """Regeling huurtoeslaggrenzen 2023 (Stcrt. 2022, 30535): ijkpunten 19,375 / 28,550 and the
    normhuren 225.54 / 458.44 (less 1.82) give the printed 2023 factors of one-person households."""
    a, b = quota_factors(19_375, 225.54, 28_550, 458.44 - 1.82)
    assert (f"{a:.12f}", f"{b:.12f}") == ("0.000000474433", "0.002448638402")


def test_normhuur_is_rounded_up_to_whole_cents():
    ht = parameters(load_year(2024).huurtoeslag)
    cents = np.array([normhuur(ht, y, False) for y in np.arange(21_000.0, 40_000.0, 37.0)]) * 100
    assert np.allclose(cents, np.round(cents))


# --- Toeslag years 2016-2023 (lab/params/law/<year>/huurtoeslag.toml) ---------------------------

OLDER_YEARS = list(range(2016, 2024))


def older_huurtoeslag(year, income, rent, **kwargs):
    """Huurtoeslag of 2016-2023 (tests.law_years: also before the year's folder is complete)."""
    situation = Situation.build(income, rent=rent, **kwargs)
    return compute_awards(year_params(year), situation)["huurtoeslag"]


@pytest.mark.parametrize(
    ("year", "kind", "factor_a", "factor_b"),
    [
        # Regeling huurtoeslaggrenzen 2016 (BWBR0037207) art. 4
        (2016, "single", "0,000000720374", "0,002180910066"),
        (2016, "multi", "0,000000410057", "0,002089580094"),
        # Belastingdienst proefberekening toeslagen 2022 (EPH / MPH)
        (2022, "single", "0,000000596879", "0,002363459319"),
        (2022, "multi", "0,000000342858", "0,002093692299"),
        # Regeling huurtoeslaggrenzen 2023 (BWBR0047483) art. 4
        (2023, "single", "0,000000474433", "0,002448638402"),
        (2023, "multi", "0,000000279402", "0,001893212113"),
    ],
)
def test_older_factors_derived_from_the_year_files_are_the_published_factors(
    year, kind, factor_a, factor_b
):
    """Art. 17-19: the year's ijkpunten and normhuren give the regulation's factors."""
    derived = basishuur_parameters(year_params(year).huurtoeslag)[kind]
    assert f"{derived.factor_a:.12f}".replace(".", ",") == factor_a
    assert f"{derived.factor_b:.12f}".replace(".", ",") == factor_b


@pytest.mark.parametrize(
    ("year", "published"),
    [
        (2019, 228.62),  # infonu.nl, minimum basishuur 2019
        (2020, 232.65),  # wijzeantwoorden.com, minimum basishuur 2020
        (2022, 237.62),  # agency calculator 2022: MinNrmHr 220.68 + TaakStBedr 16.94
        (2023, 225.54),  # agency calculator 2023: MinNrmHr 225.54 + TaakStBedr 0
    ],
)
def test_older_minimum_basishuur_is_the_published_one(year, published):
    derived = basishuur_parameters(year_params(year).huurtoeslag)
    assert derived["single"].min_basishuur == published
    assert derived["multi"].min_basishuur == published


@pytest.mark.parametrize(("year", "single"), [(2016, 22_100), (2017, 22_200), (2019, 22_700)])
def test_norminkomen_is_a_hard_income_limit_up_to_2019(year, single):
    """Art. 14(3): one euro above the published norminkomen, no huurtoeslag at all."""
    at, above = older_huurtoeslag(year, [float(single), single + 1.0], 600.0)
    assert at > 0
    assert above == 0


@pytest.mark.parametrize(("year", "multi"), [(2016, 30_000), (2017, 30_150), (2019, 30_825)])
def test_norminkomen_of_multi_person_households_up_to_2019(year, multi):
    at, above = older_huurtoeslag(
        year, [float(multi), multi + 1.0], 640.0, has_partner=True, n_persons=2
    )
    assert at > 0
    assert above == 0


@pytest.mark.parametrize("year", [2020, 2021, 2022, 2023])
def test_no_hard_income_limit_from_2020(year):
    """From 2020 the award fades out with the normhuur: above the 2019 norminkomen it goes on."""
    (award,) = older_huurtoeslag(year, [24_000.0], 600.0)
    assert award > 0


@pytest.mark.parametrize("year", OLDER_YEARS)
def test_older_years_maximale_huurgrens_and_youth_limit_bar_the_award(year):
    ht = year_params(year).huurtoeslag
    rents = [ht.maximale_huurgrens, ht.maximale_huurgrens + 0.01]
    assert list(older_huurtoeslag(year, [12_000.0] * 2, rents) > 0) == [True, False]
    young = older_huurtoeslag(
        year, [12_000.0] * 2, [ht.jongerengrens, ht.jongerengrens + 0.01], applicant_age=21
    )
    assert list(young > 0) == [True, False]


@pytest.mark.parametrize("year", OLDER_YEARS)
def test_older_years_monotone_in_income_and_compiled_equals_interpreted(year):
    ht = parameters(year_params(year).huurtoeslag)
    incomes = np.arange(8_000.0, 45_000.0, 250.0)
    for n_persons, rent in ((1, 450.0), (2, 640.0), (3, 700.0)):
        got = [award(ht, y, rent, 30.0, n_persons, False) for y in incomes]
        assert all(b <= a for a, b in itertools.pairwise(got))
        assert got == [award.py_func(ht, y, rent, 30.0, n_persons, False) for y in incomes]


def _last_income_with_huurtoeslag(year, n_persons, rent):
    ht = parameters(year_params(year).huurtoeslag)
    low, high = 10_000.0, 80_000.0
    for _ in range(60):
        mid = (low + high) / 2
        low, high = (mid, high) if award(ht, mid, rent, 0.0, n_persons, False) > 0 else (low, mid)
    return low


@pytest.mark.parametrize(("n_persons", "published"), [(1, 31_826), (3, 39_223)])
def test_2020_published_maximum_incomes_at_the_maximale_huurgrens(n_persons, published):
    """welwonen.nu 'Regels voor huurtoeslag per 1-1-2020': maximum verzamelinkomen 31,826
    (eenpersoons) and 39,223 (meerpersoons) at the maximale huurgrens 737.14; the engine's last
    income with a huurtoeslag is within 2 euro (the referentie-inkomensijkpunten are fitted to
    these figures to a multiple of 25, so a change of one step moves them by about 50 or 90)."""
    assert abs(_last_income_with_huurtoeslag(2020, n_persons, 737.14) - published) < 2


def test_2018_published_maximum_huurtoeslag_of_a_single_person():
    """toeslagenaanvraag.nl 'Huurtoeslagregels 2018': below 15,700 a single person gets at most
    354 a month: at the maximale huurgrens 710.68, 100% to 417.34, 65% to 597.30 and 40% above,
    over the minimum basishuur 225.08."""
    (yearly,) = older_huurtoeslag(2018, [15_000.0], 710.68)
    assert 12 * 354 <= yearly < 12 * 355
