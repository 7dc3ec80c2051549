import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lab.law import kindgebonden_budget
from lab.law.awards import compute_awards
from lab.law.parameters import load_params_dir, load_year
from lab.law.situation import Situation

YEARS = [2024, 2025, 2026]


def kgb(year, income, ages, partner=False, assets=0.0):
    situation = Situation.build(income, has_partner=partner, child_ages=ages, assets=assets)
    return compute_awards(load_year(year), situation)["kindgebonden_budget"]


def test_2026_single_parent_one_child_low_income_is_toeslagenkaart_figure(published):
    assert (
        kgb(2026, [15_000.0], [5])[0]
        == published["kindgebonden_budget"]["2026"]["single_parent_one_child"]
    )


@pytest.mark.parametrize("year", YEARS)
def test_age_extras_and_no_kop_with_partner(year):
    p = load_year(year).kindgebonden_budget
    # ages 3, 13, 17 and 18 (too old): base x3 + extra 12-15 + extra 16-17
    got = kgb(year, [10_000.0], [3, 13, 17, 18], partner=True)[0]
    expected = 3 * p.bedrag_per_kind + p.extra_12_15 + p.extra_16_17
    assert got == round(expected)
    single = kgb(year, [10_000.0], [3, 13, 17, 18], partner=False)[0]
    assert single - got == round(p.alleenstaande_ouderkop)


@pytest.mark.parametrize("year", YEARS)
@pytest.mark.parametrize("partner", [False, True])
def test_afbouw_above_threshold(year, partner):
    p = load_year(year).kindgebonden_budget
    threshold = p.drempel_partner if partner else p.drempel_single
    at, above = kgb(year, [threshold, threshold + 10_000], [4], partner)
    assert at - above == round(p.afbouw_pct * 10_000)


def test_no_children_no_budget():
    assert kgb(2026, [10_000.0], [])[0] == 0
    assert kgb(2026, [10_000.0], [18, 20])[0] == 0


@pytest.mark.parametrize("year", YEARS)
@pytest.mark.parametrize("partner", [False, True])
def test_vermogen_cliff(year, partner):
    p = load_year(year).kindgebonden_budget
    limit = p.vermogensgrens_partner if partner else p.vermogensgrens_single
    at_limit, above = kgb(year, [20_000.0] * 2, [6], partner, [limit, limit + 1])
    assert at_limit == kgb(year, [20_000.0], [6], partner)[0] > 0
    assert above == 0


@settings(max_examples=60, deadline=None)
@given(
    year=st.sampled_from(YEARS),
    partner=st.booleans(),
    ages=st.lists(st.integers(0, 17), min_size=1, max_size=4),
    income=st.floats(0, 200_000),
    rise=st.floats(0, 50_000),
)
def test_monotone_non_increasing_in_income(year, partner, ages, income, rise):
    low, high = kgb(year, [income, income + rise], ages, partner)
    assert high <= low


def test_2027_second_knikpunt_raises_the_afbouw_above_61917():
    """SZW-begroting 2027 p. 143: 8.05% above 40,560 (couple), 9.95% above 61,917."""
    kgb = load_year(2027).kindgebonden_budget
    assert (kgb.afbouw_knikpunt, kgb.afbouw_pct_boven_knikpunt) == (61917.0, 0.0995)
    incomes = [50_000.0, 61_917.0, 65_000.0]
    got = compute_awards(
        load_year(2027), Situation.build(incomes, has_partner=True, child_ages=[3, 5, 8])
    )["kindgebonden_budget"]
    full = 3 * 2653
    expected = [
        full - 0.0805 * (50_000 - 40_560),
        full - 0.0805 * (61_917 - 40_560),
        full - 0.0805 * (61_917 - 40_560) - 0.0995 * (65_000 - 61_917),
    ]
    assert [int(g) for g in got] == [round(x) for x in expected]


# --- toeslag years before 2024: the amount depends on the number of children (art. 2(2)) ---

LAW = Path(__file__).resolve().parent.parent / "lab" / "params" / "law"
#: Published maxima for 1, 2, 3 and 4 children (euro per year, without age extras or kop):
#: 2023 Belastingdienst calculator table MAXKGB and balance-bv.com (1653, then 1532 per child);
#: 2022 calculator table and salarisxpert.nl (1220, 2326, 3327, 3327 + 1001).
#: 2021 and 2020: Anema 'Verhoging kindgebonden budget 2021' and salarisxpert.nl (2021: 1204, 2226,
#: 3145, + 919; 2020: 1185, 2190, 2487, + 297); 2017: Consumentenbond (1142, 2040, + 285 from the
#: third child); 2016: a public calculator's table (1038, 1866, 2150, + 284), agreeing with the
#: Consumentenbond's 2017 rises.
PUBLISHED_MAXIMA = {
    2023: (1653, 3185, 4717, 6249),
    2022: (1220, 2326, 3327, 4328),
    2021: (1204, 2226, 3145, 4064),
    2020: (1185, 2190, 2487, 2784),
    2017: (1142, 2040, 2325, 2610),
    2016: (1038, 1866, 2150, 2434),
}
#: 2021: tonvanmil.nl (3242); 2016: the public calculator's table (3066).
PUBLISHED_KOP = {2023: 3848, 2022: 3285, 2021: 3242, 2016: 3066}


def older_year(year, tmp_path_factory):
    """The year's parameters: its folder if complete, else its kindgebonden budget file with the
    2024 files of the other toeslagen (their own helpers add those years)."""
    names = ("zorgtoeslag.toml", "huurtoeslag.toml", "awir.toml", "kinderopvangtoeslag.toml")
    if all((LAW / str(year) / name).exists() for name in names):
        return load_year(year)
    folder = tmp_path_factory.mktemp(f"law{year}")
    for name in (
        "zorgtoeslag.toml",
        "huurtoeslag.toml",
        "awir.toml",
        "kinderopvangtoeslag.toml",
        "kinderopvangtoeslag.csv",
    ):
        shutil.copy(LAW / "2024" / name, folder / name)
    shutil.copy(LAW / str(year) / "kindgebonden_budget.toml", folder / "kindgebonden_budget.toml")
    return load_params_dir(folder, year)


@pytest.mark.parametrize("year", sorted(PUBLISHED_MAXIMA))
@pytest.mark.parametrize("n", [1, 2, 3, 4])
def test_older_year_maximum_by_number_of_children(year, n, tmp_path_factory):
    params = older_year(year, tmp_path_factory)
    situation = Situation.build([10_000.0], has_partner=True, child_ages=[5] * n)
    got = compute_awards(params, situation)["kindgebonden_budget"][0]
    assert got == PUBLISHED_MAXIMA[year][n - 1]


@pytest.mark.parametrize("year", sorted(PUBLISHED_KOP))
def test_older_year_single_parent_gets_kop(year, tmp_path_factory):
    params = older_year(year, tmp_path_factory)
    situation = Situation.build([10_000.0], has_partner=False, child_ages=[5, 8])
    got = compute_awards(params, situation)["kindgebonden_budget"][0]
    assert got == PUBLISHED_MAXIMA[year][1] + PUBLISHED_KOP[year]


@pytest.mark.parametrize("year", sorted(PUBLISHED_MAXIMA))
def test_older_year_budget_ends_where_afbouw_eats_the_maximum(year, tmp_path_factory):
    """A couple with two children: the budget ends at drempel_partner + maximum / 6.75%."""
    params = older_year(year, tmp_path_factory)
    p = params.kindgebonden_budget
    end = p.drempel_partner + PUBLISHED_MAXIMA[year][1] / p.afbouw_pct
    below = Situation.build([end - 1000.0], has_partner=True, child_ages=[5, 8])
    above = Situation.build([end + 1.0], has_partner=True, child_ages=[5, 8])
    assert compute_awards(params, below)["kindgebonden_budget"][0] > 0
    assert compute_awards(params, above)["kindgebonden_budget"][0] == 0


def test_rank_amounts_default_to_one_amount_per_child_from_2024():
    kgb_2024 = kindgebonden_budget.parameters(load_year(2024))
    assert kgb_2024.bedrag_tweede_kind == kgb_2024.bedrag_per_kind
    assert kgb_2024.bedrag_volgend_kind == kgb_2024.bedrag_per_kind
