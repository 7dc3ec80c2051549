"""Compiled kernels: the same source run interpreted (NUMBA_DISABLE_JIT=1) and compiled agrees.

The interpreted run is a fresh process with the JIT disabled; it writes its outcome tables, and this
process compares them with its own compiled run, value for value (no tolerance).
"""

import os
import subprocess
import sys
from pathlib import Path

import numpy as np

from lab.model import ModelConfig, simulate
from lab.model.accounts import book_month

ROOT = Path(__file__).resolve().parents[1]
CONFIG = dict(n_households=1_500, voorschot_option="instelbaar", letters=True, muteren=True)

CHILD = """
import sys, numpy as np
from lab.model import ModelConfig, simulate
import numba
assert numba.config.DISABLE_JIT, "the child must run interpreted"
r = simulate(ModelConfig(**{config}), seed=7)
np.savez(sys.argv[1], **{{"a_" + k: v for k, v in r.awards.items() if v.dtype != object}},
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
    for key, value in compiled.awards.items():
        if value.dtype != object:
            np.testing.assert_array_equal(interpreted["a_" + key], value, err_msg=key)


def test_book_month_is_the_sum_over_the_toeslagen():
    rng = np.random.default_rng(3)
    n, t = 50, 4
    voorschot = rng.normal(10, 20, (n, t))
    at_once = rng.normal(0, 5, (n, t))
    recovered = np.maximum(-voorschot, 0.0)
    nabetaling = np.where(rng.random((n, t)) < 0.2, rng.uniform(0, 300, (n, t)), 0.0)
    collection = np.where(rng.random((n, t)) < 0.2, rng.uniform(0, 50, (n, t)), 0.0)
    arrangement = rng.random((n, t)) < 0.5
    weight = rng.uniform(1, 100, n)
    flow = np.zeros(n)
    voorschot_month = np.zeros(n)
    events = np.zeros(n, dtype=np.uint16)
    totals = book_month(
        voorschot,
        at_once,
        recovered,
        nabetaling,
        collection,
        arrangement,
        weight,
        flow,
        voorschot_month,
        events,
        128,
    )
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
