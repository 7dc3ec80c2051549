import numpy as np
import pytest

from lab.errors import ParameterError
from lab.households.income import EVENT_PARTNER_IN, draw_income_paths
from lab.households.population import FLEX, INCOME_TYPES, STABLE, build_population
from lab.law.parameters import load_year
from lab.valuefile import load_named, load_value_file


def test_population_follows_its_parameter_file():
    params = load_named("population")
    pop = build_population(60_000, seed=3, year=2026, params=params)
    shares = np.bincount(pop.income_type, minlength=len(INCOME_TYPES)) / pop.n
    expected = params.floats("population.income_type_share", len(INCOME_TYPES))
    np.testing.assert_allclose(shares, expected / expected.sum(), atol=0.01)
    assert pop.weight.sum() == pytest.approx(params.float("population.represented_households"))
    in_care = pop.childcare_hours > 0
    assert np.all(pop.child_ages[in_care] <= load_year(2026).kinderopvangtoeslag.max_child_age)
    assert np.all(pop.child_ages[in_care] >= 0)
    assert np.all(pop.childcare_price[in_care] > 0)
    assert np.all(pop.rent >= 0) and np.all(pop.base_income > 0)
    assert not np.any((pop.child_ages >= 0) & (pop.income_type[:, None] == 4))


def test_one_household_population():
    pop = build_population(1, seed=1, year=2024)
    assert pop.n == 1 and pop.child_ages.shape[0] == 1


def test_same_seed_same_population_other_seed_other_population():
    a = build_population(5_000, 11, 2026)
    b = build_population(5_000, 11, 2026)
    c = build_population(5_000, 12, 2026)
    for name in ("income_type", "base_income", "child_ages", "rent", "childcare_hours", "assets"):
        np.testing.assert_array_equal(getattr(a, name), getattr(b, name))
    assert not np.array_equal(a.base_income, c.base_income)


def test_income_volatility_differs_by_income_type():
    pop = build_population(40_000, 5, 2026)
    paths = draw_income_paths(pop, 2, seed=5)
    change = np.log(paths.annual(1) / paths.annual(0))
    sd_stable = change[pop.income_type == STABLE].std()
    sd_flex = change[pop.income_type == FLEX].std()
    assert sd_flex > 1.5 * sd_stable


def test_partner_moving_in_raises_income_and_sets_partner():
    pop = build_population(40_000, 8, 2026)
    paths = draw_income_paths(pop, 1, seed=8)
    rows, months = np.nonzero(paths.events & EVENT_PARTNER_IN)
    assert rows.size > 0
    assert np.all(paths.partner[rows, months])
    assert not np.any(pop.has_partner[rows])
    before = months > 0
    r, m = rows[before], months[before]
    assert np.mean(paths.monthly[r, m] > paths.monthly[r, m - 1]) > 0.9


def test_broken_value_file_names_file_and_key(tmp_path):
    broken = tmp_path / "population.toml"
    broken.write_text('[income]\nminimum = { value = "low", source = "x" }\n')
    with pytest.raises(ParameterError, match=r"population.toml: key 'income.minimum' should be"):
        load_value_file(broken).float("income.minimum")
    broken.write_text("[income]\nminimum = 5\n")
    with pytest.raises(ParameterError, match=r"income.minimum.*value = \.\.\., unit = .*source"):
        load_value_file(broken)
    with pytest.raises(ParameterError, match="file not found"):
        load_value_file(tmp_path / "missing.toml")


def test_behaviour_override_must_name_a_known_value():
    b = load_named("behaviour")
    changed = b.with_overrides({"loss_aversion_median": 3.0})
    assert changed.float("traits.loss_aversion_median") == 3.0
    with pytest.raises(ParameterError, match="unknown"):
        b.with_overrides({"loss_avers": 3.0})
