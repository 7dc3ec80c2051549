"""Co-residents' (medebewoners') income in the huurtoeslag: the law and the mechanism."""

import functools
import json

import numpy as np
import pytest

from lab import TOESLAGEN
from lab.cli import main
from lab.households.year_awards import year_awards
from lab.law.awards import compute_awards
from lab.law.parameters import load_year
from lab.law.situation import Situation

YEARS = [2024, 2025, 2026, 2027]


def awards(year, income, **kwargs):
    return {
        k: int(v[0])
        for k, v in compute_awards(load_year(year), Situation.one(income, **kwargs)).items()
    }


def test_2026_child_of_20_counts_above_the_vrijstelling_hand_worked():
    # Couple at the multi-person ijkpunt (31,500) with rent 900: 297.49 + 0.65 * 265.94 +
    # 0.40 * 135.86 = 524.69 a month, 6,296 a year (household of 3: AG 764.14). Every euro of
    # rekeninkomen above 31,500 costs 22% a year (Wet op de huurtoeslag art. 21(2)).
    # A child of 20 earning 30,000 counts above the vrijstelling (Awir art. 7(6)):
    # 30,000 - vrijstelling; huurtoeslag falls by 0.22 * that, give or take the whole-euro rounding.
    ht = load_year(2026).huurtoeslag
    base = awards(2026, 31_500.0, partner=True, rent=900.0, n_persons=3)
    assert base["huurtoeslag"] == 6296
    child = awards(
        2026,
        31_500.0,
        partner=True,
        rent=900.0,
        coresident_income=30_000.0,
        coresident_child_age=20,
    )
    expected_fall = ht.afbouw_pct_multi * (30_000.0 - ht.medebewoner_kind_vrijstelling)
    assert ht.medebewoner_kind_vrijstelling == 6217.0
    assert abs((base["huurtoeslag"] - child["huurtoeslag"]) - expected_fall) <= 1.0
    # 0.22 * (30,000 - 6,217) = 5,232.26
    assert base["huurtoeslag"] - child["huurtoeslag"] in (5232, 5233)


@pytest.mark.parametrize("year", YEARS)
def test_income_below_the_vrijstelling_does_not_count_for_a_child_under_23(year):
    vrij = load_year(year).huurtoeslag.medebewoner_kind_vrijstelling
    common = dict(partner=True, rent=650.0, coresident_child_age=22)
    none = awards(year, 40_000.0, coresident_income=0.0, **common)
    below = awards(year, 40_000.0, coresident_income=vrij, **common)
    above = awards(year, 40_000.0, coresident_income=vrij + 5_000.0, **common)
    assert none["huurtoeslag"] == below["huurtoeslag"] > above["huurtoeslag"]


@pytest.mark.parametrize("year", YEARS)
def test_a_child_of_23_or_a_medebewoner_who_is_no_child_counts_in_full(year):
    common = dict(partner=True, rent=650.0, coresident_income=12_000.0)
    adult = awards(year, 30_000.0, coresident_child_age=23, **common)
    not_a_child = awards(year, 30_000.0, **common)
    on_joint = awards(year, 42_000.0, partner=True, rent=650.0, n_persons=3)
    assert adult["huurtoeslag"] == not_a_child["huurtoeslag"] == on_joint["huurtoeslag"]


@pytest.mark.parametrize("year", YEARS)
def test_coresident_income_moves_the_huurtoeslag_only(year):
    common = dict(
        partner=True,
        rent=700.0,
        child_ages=[2, 9],
        childcare_hours=100.0,
        childcare_type=["dagopvang", "bso"],
        childcare_price=9.0,
        coresident_child_age=24,
    )
    without = awards(year, 30_000.0, coresident_income=0.0, **common)
    with_income = awards(year, 30_000.0, coresident_income=25_000.0, **common)
    assert with_income["huurtoeslag"] < without["huurtoeslag"]
    for name in ("zorgtoeslag", "kindgebonden_budget", "kinderopvangtoeslag"):
        assert with_income[name] == without[name] > 0


def test_award_command_takes_the_coresident_and_is_unchanged_without_it(capsys):
    argv = ["award", "--year", "2026", "--income", "31500", "--partner", "--rent", "700", "--json"]
    assert main(argv) == 0
    plain = json.loads(capsys.readouterr().out)
    assert plain == awards(2026, 31_500.0, partner=True, rent=700.0)
    assert main([*argv, "--coresident-income", "30000", "--coresident-child-age", "20"]) == 0
    child = json.loads(capsys.readouterr().out)
    assert list(child) == list(TOESLAGEN)
    assert child == awards(
        2026,
        31_500.0,
        partner=True,
        rent=700.0,
        coresident_income=30_000.0,
        coresident_child_age=20,
    )
    assert child["huurtoeslag"] < plain["huurtoeslag"]
    assert main([*argv, "--coresident-income", "-1"]) == 2
    assert "--coresident-income" in capsys.readouterr().err


def test_situation_columns_default_to_no_coresident():
    s = Situation.build(np.array([20_000.0, 30_000.0]))
    assert s.coresident_income.tolist() == [0.0, 0.0]
    assert s.coresident_child_age.tolist() == [-1, -1]
    assert Situation.one(20_000.0, coresident_child_age=19).n_persons.tolist() == [2]


# ----------------------------------------------------------------------------- the mechanism
ALL_AT_HOME = {f"coresidents.share[{i}]": 1.0 for i in range(5)}
# Every household has a child of 23 or older at home (counted in full), without a job at the
# start and never leaving; the agency's figure is its income at the start.
BASE = {
    **ALL_AT_HOME,
    "coresidents.age_min": 23,
    "coresidents.age_max": 24,
    "coresidents.working_share": 0.0,
    "coresidents.known_ratio": 1.0,
    "coresidents.leave_rate": 0.0,
    "coresidents.job_start_rate": 0.0,
}
HT = TOESLAGEN.index("huurtoeslag")


def _model(population: dict, n: int = 3_000, seed: int = 7):
    from lab.model import ToeslagenModel
    from lab.model.config import ModelConfig

    model = ToeslagenModel(
        ModelConfig(n_households=n, year=2026, population=population), seed=seed, keep_history=False
    )
    model.run()
    return model


def _shares(model) -> tuple[np.ndarray, np.ndarray]:
    year = model.years[0]
    s, applied = year.settlement, year.applied
    share = lambda key: np.array(  # noqa: E731
        [(s[key][applied[:, k], k] > 0).mean() for k in range(len(TOESLAGEN))]
    )
    return share("terugvordering"), share("nabetaling")


def test_an_unreported_job_start_of_the_child_is_a_huurtoeslag_terugvordering():
    quiet = _model(BASE)
    jobs = _model({**BASE, "coresidents.job_start_rate": 1.0, "coresidents.reported_share": 0.0})
    told = _model({**BASE, "coresidents.job_start_rate": 1.0, "coresidents.reported_share": 1.0})
    recovered_quiet, _ = _shares(quiet)
    recovered_jobs, _ = _shares(jobs)
    recovered_told, _ = _shares(told)
    # Every child starts a job in the year: far more huurtoeslag awards end with a terugvordering.
    assert recovered_jobs[HT] > recovered_quiet[HT] + 0.05
    # Reports that include the child's income take part of it away during the year.
    assert recovered_told[HT] < recovered_jobs[HT]
    # The other toeslagen do not read the child's income.
    for k in range(len(TOESLAGEN)):
        if k != HT:
            assert recovered_jobs[k] == recovered_quiet[k]


def test_a_child_leaving_home_is_a_huurtoeslag_nabetaling_in_full_count():
    # A child of 23+ with a job counted in full: when it leaves, its income stops counting.
    working = {**BASE, "coresidents.working_share": 1.0, "coresidents.reported_share": 0.0}
    stays = _model(working)
    leaves = _model({**working, "coresidents.leave_rate": 1.0})
    _, paid_stays = _shares(stays)
    _, paid_leaves = _shares(leaves)
    assert paid_leaves[HT] > paid_stays[HT] + 0.02


def test_the_definitive_award_counts_the_child_for_its_months_at_home():
    from lab.households.coresidents import actual

    model = _model({**BASE, "coresidents.leave_rate": 1.0, "coresidents.working_share": 1.0}, n=400)
    c = model.coresidents
    y, income, partner = 0, model.income.annual(0), model.income.partner_at_year_end(0)
    child, months = actual(c)
    award = functools.partial(year_awards, model.households, model.year_params[y], y)
    full = award(income, partner, None, 0.0, (child, np.full(model.n, 12)))
    gone = award(income, partner, None, 0.0, (child, np.zeros(model.n)))
    mixed = award(income, partner, None, 0.0, (child, months))
    w = months / 12.0
    assert (months < 12).any()
    np.testing.assert_allclose(mixed, w[:, None] * full + (1 - w[:, None]) * gone, atol=1e-9)
    # Only the huurtoeslag depends on who lives at home.
    others = [k for k in range(len(TOESLAGEN)) if k != HT]
    np.testing.assert_array_equal(full[:, others], gone[:, others])


def test_same_seed_same_result_and_no_other_draw_shifts():
    a = _model({}, n=2_000, seed=11)
    b = _model({}, n=2_000, seed=11)
    none = _model({f"coresidents.share[{i}]": 0.0 for i in range(5)}, n=2_000, seed=11)
    for key in ("terugvordering", "nabetaling"):
        np.testing.assert_array_equal(a.years[0].settlement[key], b.years[0].settlement[key])
    np.testing.assert_array_equal(a.years[0].award, b.years[0].award)
    np.testing.assert_array_equal(a.coresidents.age, b.coresidents.age)
    np.testing.assert_array_equal(a.coresidents.job_month, b.coresidents.job_month)
    assert a.coresidents.home.any() and not none.coresidents.home.any()
    # The co-residents have their own streams: the households and incomes are the same.
    np.testing.assert_array_equal(a.population.base_income, none.population.base_income)
    np.testing.assert_array_equal(a.income.monthly, none.income.monthly)
