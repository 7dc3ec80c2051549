"""Compiled kernels: the same source run interpreted (NUMBA_DISABLE_JIT=1) and compiled agrees.

The interpreted run is a fresh process with the JIT disabled; it writes its outcome tables, and this
process compares them with its own compiled run, value for value (no tolerance).
"""

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from lab.model import ModelConfig, ToeslagenModel, simulate
from lab.model.accounts import book_month, pairwise_sum

ROOT = Path(__file__).resolve().parents[1]
CONFIG = dict(
    n_households=1_500, n_years=2, voorschot_option="instelbaar", letters=True, muteren=True
)

CHILD = """
import sys, numpy as np
from lab.model import ModelConfig, ToeslagenModel, simulate
import numba
assert numba.config.DISABLE_JIT, "the child must run interpreted"
r = simulate(ModelConfig(**{config}), seed=7)
np.savez(sys.argv[1], **{{"a_" + k: v for k, v in r.awards.items() if v.dtype != object}},
         **{{"h_" + k: v for k, v in r.households.items() if v.dtype != object}},
         **{{"m_" + k: v for k, v in r.monthly.items()}})
"""


def test_interpreted_and_compiled_runs_agree_exactly(tmp_path):
    out = tmp_path / "interpreted.npz"
    env = {**os.environ, "NUMBA_DISABLE_JIT": "1", "PYTHONPATH": str(ROOT)}
    subprocess.run(
        [sys.executable, "-c", CHILD.format(config=CONFIG), str(out)],
        check=True,
        env=env,
        cwd=ROOT,
        timeout=300,
    )
    interpreted = np.load(out)
    compiled = simulate(ModelConfig(**CONFIG), seed=7)
    assert compiled.monthly["recoveries"].sum() > 0  # the comparison covers collection
    for key, value in compiled.monthly.items():
        np.testing.assert_array_equal(interpreted["m_" + key], value, err_msg=key)
    assert compiled.awards["year"].min() < compiled.awards["year"].max()  # two toeslag years
    for prefix, table in (("a_", compiled.awards), ("h_", compiled.households)):
        for key, value in table.items():
            if value.dtype != object:
                np.testing.assert_array_equal(interpreted[prefix + key], value, err_msg=key)


def test_pairwise_sum_is_numpys_sum():
    rng = np.random.default_rng(11)
    for count in (0, 1, 7, 8, 9, 127, 128, 129, 1000, 4099, 100_003):
        values = rng.lognormal(0.0, 2.0, count + 3)
        assert pairwise_sum(values, 3, count) == values[3:].sum(), count


def _flows(seed: int, n: int = 50, t: int = 4):
    rng = np.random.default_rng(seed)
    voorschot = rng.normal(10, 20, (n, t))
    at_once = rng.normal(0, 5, (n, t))
    nabetaling = np.where(rng.random((n, t)) < 0.2, rng.uniform(0, 300, (n, t)), 0.0)
    collection = np.where(rng.random((n, t)) < 0.2, rng.uniform(0, 50, (n, t)), 0.0)
    arrangement = rng.random((n, t)) < 0.5
    weight = rng.uniform(1, 100, n)
    return voorschot, at_once, nabetaling, collection, arrangement, weight


def _book(dense, rows, voorschot, at_once, nabetaling, collection, arrangement, weight):
    n = weight.size
    flow, voorschot_month = np.zeros(n), np.zeros(n)
    events = np.zeros(n, dtype=np.uint16)
    totals = book_month(
        dense,
        rows,
        voorschot,
        at_once,
        nabetaling,
        collection,
        arrangement,
        weight,
        flow,
        voorschot_month,
        events,
        128,
        np.zeros(0, dtype=bool),
    )
    return totals, flow, voorschot_month, events


def test_book_month_is_the_sum_over_the_toeslagen():
    voorschot, at_once, nabetaling, collection, arrangement, weight = _flows(3)
    recovered = np.maximum(-voorschot, 0.0)
    no_rows = np.zeros(0, dtype=np.int64)
    args = (voorschot, at_once, nabetaling, collection, arrangement, weight)
    totals, flow, voorschot_month, events = _book(True, no_rows, *args)
    np.testing.assert_allclose(flow, (at_once + nabetaling - collection).sum(axis=1))
    np.testing.assert_allclose(voorschot_month, voorschot.sum(axis=1))
    np.testing.assert_array_equal(events, np.where(nabetaling.sum(axis=1) > 0, 128, 0))
    expected = [
        (np.maximum(voorschot, 0).sum(axis=1) * weight).sum(),
        weight[(voorschot > 0).any(axis=1)].sum(),
        ((recovered.sum(axis=1) + collection.sum(axis=1)) * weight).sum(),
        (nabetaling.sum(axis=1) * weight).sum(),
        weight[(arrangement & (collection > 0)).any(axis=1)].sum(),
    ]
    np.testing.assert_allclose(totals, expected)


def test_book_month_of_the_households_sums_paid_at_once_equals_the_month_per_toeslag():
    voorschot, at_once, nabetaling, collection, arrangement, weight = _flows(4)
    at_once[::7] = 0.0  # households with nothing paid at once, and a -0.0
    at_once[3, 2] = -0.0
    summed = np.zeros((weight.size, 1))
    for t in range(at_once.shape[1]):
        summed[:, 0] += at_once[:, t]
    no_rows = np.zeros(0, dtype=np.int64)
    rest = (nabetaling, collection, arrangement, weight)
    per_toeslag = _book(True, no_rows, voorschot, at_once, *rest)
    per_household = _book(True, no_rows, voorschot, summed, *rest)
    for a, b in zip(per_toeslag, per_household, strict=True):
        np.testing.assert_array_equal(a, b)
    assert np.signbit(per_household[1]).sum() == np.signbit(per_toeslag[1]).sum()


def test_book_month_of_a_few_households_equals_the_dense_month():
    voorschot, _, nabetaling, collection, arrangement, weight = _flows(5)
    rows = np.array([2, 3, 17, 40])
    zero = np.zeros_like(voorschot)
    only = np.zeros_like(nabetaling)
    only[rows] = nabetaling[rows]
    paid = np.zeros_like(collection)
    paid[rows] = collection[rows]
    no_rows = np.zeros(0, dtype=np.int64)
    dense = _book(True, no_rows, zero, zero, only, paid, arrangement, weight)
    none = np.zeros((0, 4))
    sparse = _book(False, rows, none, none, nabetaling[rows], collection[rows], arrangement, weight)
    for a, b in zip(dense, sparse, strict=True):
        np.testing.assert_array_equal(a, b)
    assert sparse[0][3] > 0 and sparse[0][2] > 0


@pytest.mark.parametrize("equal_weights", [True, False])
def test_quiet_months_give_the_same_run_as_visiting_every_household(equal_weights):
    # With a history every month visits every household; without one, the months after the
    # terms and income visit only the households with a nabetaling or a debt.
    config = ModelConfig(n_households=3_000, n_years=2)
    runs = []
    for keep in (True, False):
        model = ToeslagenModel(config, seed=5, keep_history=keep)
        if not equal_weights:
            model.population.weight[:] *= np.linspace(0.5, 1.5, model.n)
        model.run()
        runs.append((model.result(), model.budget.balance.copy()))
        model.close()
    (full, full_balance), (quiet, quiet_balance) = runs
    assert quiet.households["negative_balance_months"].sum() > 0
    for table in ("awards", "households", "monthly"):
        for key, value in getattr(full, table).items():
            np.testing.assert_array_equal(getattr(quiet, table)[key], value, err_msg=key)
    np.testing.assert_array_equal(quiet_balance, full_balance)
