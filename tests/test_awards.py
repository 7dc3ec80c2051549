import numpy as np
import pytest

from lab import TOESLAGEN
from lab.law.awards import (
    compute_awards,
    vermogensgrens,
    whole_euros,
    within_vermogensgrens,
    year_rules,
)
from lab.law.parameters import load_year
from lab.law.situation import Situation


def random_population(n, seed):
    rng = np.random.default_rng(seed)
    k = 3
    ages = np.where(rng.random((n, k)) < 0.5, rng.integers(0, 20, (n, k)), -1)
    return Situation.build(
        rng.uniform(0, 120_000, n),
        has_partner=rng.random(n) < 0.5,
        assets=rng.choice([0.0, 40_000.0, 200_000.0], n),
        rent=np.where(rng.random(n) < 0.6, rng.uniform(300, 1_100, n), 0.0),
        service_costs=rng.uniform(0, 80, n),
        child_ages=ages,
        childcare_hours=rng.uniform(0, 250, (n, k)),
        childcare_type=rng.integers(0, 4, (n, k)),
        childcare_price=rng.uniform(6, 14, (n, k)),
        applicant_age=rng.integers(18, 80, n),
    )


def household(situation, i):
    return Situation(
        **{name: getattr(situation, name)[i : i + 1] for name in situation.__dataclass_fields__}
    )


def test_whole_euros_rounds_half_up_and_drops_amounts_below_the_minimum():
    got = whole_euros(np.array([23.49, 23.5, 24.0, 100.49, 100.5, 0.0]), 24.0)
    assert list(got) == [0, 24, 24, 100, 101, 0]
    assert got.dtype == np.int64


def test_vermogen_cliff_is_inclusive_at_the_limit():
    assert list(within_vermogensgrens(np.array([10.0, 11.0]), np.array([10.0, 10.0]))) == [
        True,
        False,
    ]


def test_each_toeslag_has_its_own_vermogensgrens_single_and_with_a_partner():
    params = load_year(2026)
    rules = year_rules(params)
    for name in ("zorgtoeslag", "huurtoeslag", "kindgebonden_budget"):
        section = getattr(params, name)
        assert vermogensgrens(getattr(rules, name), False) == section.vermogensgrens_single
        assert vermogensgrens(getattr(rules, name), True) == section.vermogensgrens_partner
    assert params.huurtoeslag.vermogensgrens_single < params.zorgtoeslag.vermogensgrens_single


@pytest.mark.parametrize("year", [2024, 2025, 2026])
def test_keys_dtype_and_shape(year):
    situation = random_population(500, seed=year)
    awards = compute_awards(load_year(year), situation)
    assert tuple(awards) == TOESLAGEN
    for values in awards.values():
        assert values.dtype == np.int64
        assert values.shape == (500,)
        assert np.all((values == 0) | (values >= 24))
    assert all(np.any(values > 0) for values in awards.values())


def test_population_equals_one_household_at_a_time():
    params = load_year(2026)
    situation = random_population(200, seed=7)
    together = compute_awards(params, situation)
    for i in range(situation.n):
        alone = compute_awards(params, household(situation, i))
        for name in TOESLAGEN:
            assert alone[name].shape == (1,)
            assert alone[name][0] == together[name][i], (name, i)


def test_one_household_constructor_matches_build():
    params = load_year(2025)
    one = Situation.one(
        25_000,
        partner=True,
        rent=650,
        service_costs=30,
        child_ages=[2, 9],
        childcare_hours=[120, 60],
        childcare_type=["dagopvang", "bso"],
        childcare_price=[10.0, 9.0],
    )
    built = Situation.build(
        [25_000.0],
        has_partner=True,
        rent=650.0,
        service_costs=30.0,
        child_ages=[2, 9],
        childcare_hours=[[120.0, 60.0]],
        childcare_type=[[1, 2]],
        childcare_price=[[10.0, 9.0]],
    )
    a, b = compute_awards(params, one), compute_awards(params, built)
    assert all(a[name][0] == b[name][0] > 0 for name in TOESLAGEN)
