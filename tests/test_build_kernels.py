"""Kernels of the build and the awards: interpreted (NUMBA_DISABLE_JIT=1) = compiled, exactly.

The interpreted run is a fresh process with the JIT disabled; it writes what it computed, and this
process compares it with its own compiled run, value for value (no tolerance).
"""

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from scipy.special import ndtr
from scipy.stats import beta

from lab import kernel_cache_dir
from lab.households.behaviour import _Z_GRID, _beta_from_normal
from lab.law.parameters import available_years
from lab.valuefile import load_named

ROOT = Path(__file__).resolve().parents[1]
N, YEARS, SEED = 3_000, 3, 11

#: Computes everything compared, in the child (interpreted) and here (compiled).
COMPUTE = """
import numpy as np
from lab.households.behaviour import draw_traits
from lab.households.income import draw_income_paths
from lab.households.population import build_population
from lab.law.awards import award_table
from lab.law.parameters import available_years, load_year
from lab.valuefile import load_named
from tests.test_awards import random_population


def compute(n, years, seed):
    out = {}
    population = build_population(n, seed, 2025)
    paths = draw_income_paths(population, years, seed)
    out.update(monthly=paths.monthly, partner=paths.partner, events=paths.events)
    traits = draw_traits(population, seed, load_named("behaviour"), 0.8)
    out.update(attention=traits.attention, fear=traits.fear)
    situation = random_population(n, seed)
    # Ties in hours (the first-child rule), households without the youth rule's age, no work.
    situation = situation.replace(
        childcare_hours=np.round(situation.childcare_hours / 50.0) * 50.0,
        parents_work=np.arange(n) % 9 != 0,
    )
    for year in available_years():
        params = load_year(year)
        out[f"awards_{year}"] = award_table(params, situation)
        out[f"awards_{year}_no_age"] = award_table(params, situation.replace(applicant_age=None))
    return out
"""

CHILD = (
    COMPUTE
    + """
import sys
import numba
assert numba.config.DISABLE_JIT, "the child must run interpreted"
np.savez(sys.argv[1], **compute(*map(int, sys.argv[2:])))
"""
)


@pytest.fixture(scope="module")
def both(tmp_path_factory):
    out = tmp_path_factory.mktemp("interpreted") / "interpreted.npz"
    env = {**os.environ, "NUMBA_DISABLE_JIT": "1", "PYTHONPATH": str(ROOT)}
    args = [sys.executable, "-c", CHILD, str(out), str(N), str(YEARS), str(SEED)]
    subprocess.run(args, check=True, env=env, cwd=ROOT, timeout=300)
    namespace: dict = {}
    exec(COMPUTE, namespace)
    return dict(np.load(out)), namespace["compute"](N, YEARS, SEED)


def test_income_paths_interpreted_and_compiled_agree_exactly(both):
    interpreted, compiled = both
    # The comparison covers every kind of event and partners moving in and out.
    assert np.bitwise_or.reduce(compiled["events"].ravel()) == 63
    assert (compiled["partner"] != compiled["partner"][:, :1]).any()
    for key in ("monthly", "partner", "events"):
        np.testing.assert_array_equal(interpreted[key], compiled[key], err_msg=key)


def test_trait_draws_interpreted_and_compiled_agree_exactly(both):
    interpreted, compiled = both
    for key in ("attention", "fear"):
        assert 0.0 < compiled[key].min() < compiled[key].max() < 1.0
        np.testing.assert_array_equal(interpreted[key], compiled[key], err_msg=key)


@pytest.mark.parametrize(
    ("mean", "concentration"), [(0.4, 5.0), ("attention", None), ("fear", None)]
)
def test_trait_quantiles_are_numpys_interpolation_of_the_beta_quantiles(mean, concentration):
    """The table is scipy.stats' beta.ppf, and the compiled interpolation is np.interp's."""
    if concentration is None:
        b = load_named("behaviour")
        mean, concentration = (
            b.float(f"traits.{mean}_mean"),
            b.float(f"traits.{mean}_concentration"),
        )
    a, b_ = mean * concentration, (1.0 - mean) * concentration
    z = np.concatenate([_Z_GRID, _Z_GRID[:-1] + np.diff(_Z_GRID) / 3, [-10.0, 9.0, 10.0, np.nan]])
    z = np.concatenate([z, np.random.default_rng(5).standard_normal(100_000) * 3])
    table = beta.ppf(ndtr(_Z_GRID), a, b_)
    got = _beta_from_normal(z, mean, concentration)
    np.testing.assert_array_equal(got, np.interp(z, _Z_GRID, table))


@pytest.mark.parametrize("year", available_years())
def test_awards_interpreted_and_compiled_agree_exactly(both, year):
    interpreted, compiled = both
    for key in (f"awards_{year}", f"awards_{year}_no_age"):
        assert (compiled[key] > 0).any(axis=0).all(), key  # every toeslag is covered
        np.testing.assert_array_equal(interpreted[key], compiled[key], err_msg=key)


def test_a_change_to_any_kernel_module_moves_the_kernel_cache(tmp_path):
    """Numba checks only a cached function's own file; the award loop compiles in other modules."""
    (tmp_path / "law").mkdir()
    rule = tmp_path / "law" / "rule.py"
    rule.write_text("import numba\nfrom lab.law.rates import RATE\n")
    rates = tmp_path / "law" / "rates.py"
    rates.write_text("RATE = 0.1\n")
    (tmp_path / "plain.py").write_text("X = 1\n")
    before = kernel_cache_dir(tmp_path, tmp_path / "cache")
    (tmp_path / "plain.py").write_text("X = 2\n")  # not a kernel's, nor imported by one
    assert kernel_cache_dir(tmp_path, tmp_path / "cache") == before
    rates.write_text("RATE = 0.2\n")  # a constant a kernel reads
    after_rates = kernel_cache_dir(tmp_path, tmp_path / "cache")
    assert after_rates != before
    rule.write_text("import numba\nfrom lab.law.rates import RATE\nSHARE = 0.5\n")
    assert kernel_cache_dir(tmp_path, tmp_path / "cache") not in (before, after_rates)
