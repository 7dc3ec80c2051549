"""Kernels of the build (income paths, ...): interpreted (NUMBA_DISABLE_JIT=1) = compiled.

The interpreted run is a fresh process with the JIT disabled; it writes what it built, and this
process compares it with its own compiled build, value for value (no tolerance).
"""

import os
import subprocess
import sys
from pathlib import Path

import numpy as np

from lab.households.income import draw_income_paths
from lab.households.population import build_population

ROOT = Path(__file__).resolve().parents[1]
N, YEARS, SEED = 3_000, 3, 11

CHILD = """
import sys, numpy as np
import numba
assert numba.config.DISABLE_JIT, "the child must run interpreted"
from lab.households.income import draw_income_paths
from lab.households.population import build_population
pop = build_population({n}, {seed}, 2025)
paths = draw_income_paths(pop, {years}, {seed})
np.savez(sys.argv[1], monthly=paths.monthly, partner=paths.partner, events=paths.events)
"""


def _interpreted(tmp_path: Path) -> dict[str, np.ndarray]:
    out = tmp_path / "interpreted.npz"
    env = {**os.environ, "NUMBA_DISABLE_JIT": "1", "PYTHONPATH": str(ROOT)}
    code = CHILD.format(n=N, seed=SEED, years=YEARS)
    subprocess.run(
        [sys.executable, "-c", code, str(out)], check=True, env=env, cwd=ROOT, timeout=300
    )
    return dict(np.load(out))


def test_income_paths_interpreted_and_compiled_agree_exactly(tmp_path):
    interpreted = _interpreted(tmp_path)
    paths = draw_income_paths(build_population(N, SEED, 2025), YEARS, SEED)
    # The comparison covers every kind of event.
    assert np.bitwise_or.reduce(paths.events.ravel()) == 63
    assert (paths.partner != paths.partner[:, :1]).any()
    np.testing.assert_array_equal(interpreted["monthly"], paths.monthly)
    np.testing.assert_array_equal(interpreted["partner"], paths.partner)
    np.testing.assert_array_equal(interpreted["events"], paths.events)
