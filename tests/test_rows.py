"""Households in parts on the cores (lab.rows): the same numbers with any number of threads."""

import itertools

import numpy as np
import pytest

from lab import rows
from lab.errors import InputError
from lab.model import ModelConfig, simulate

CONFIGS = (
    dict(n_households=2_000, year=2016),
    dict(
        n_households=1_800,
        year=2024,
        n_years=2,
        voorschot_option="instelbaar",
        letters=True,
        muteren=True,
        outreach=True,
    ),
)


@pytest.fixture
def small_blocks(monkeypatch):
    """Blocks of 128 rows, so a small run is cut in many parts."""
    monkeypatch.setattr(rows, "ROW_BLOCK", 128)
    before = rows.threads()
    yield
    rows.set_threads(before)


def _tables(config: dict, threads: int) -> dict[str, np.ndarray]:
    rows.set_threads(threads)
    result = simulate(ModelConfig(**config), seed=5)
    return {
        f"{name}/{key}": value
        for name in ("awards", "households", "monthly")
        for key, value in getattr(result, name).items()
    }


@pytest.mark.parametrize("config", CONFIGS, ids=("2016", "2024-instelbaar"))
def test_a_run_in_parts_equals_the_run_on_one_thread(small_blocks, config):
    assert len(rows.parts(config["n_households"], 3)) == 3
    one, three = _tables(config, 1), _tables(config, 3)
    assert one.keys() == three.keys()
    assert one["monthly/recoveries"].sum() > 0
    for key, value in one.items():
        np.testing.assert_array_equal(three[key], value, err_msg=key)


def test_parts_cover_the_rows_in_order_on_block_boundaries(small_blocks):
    for n in (1, 127, 128, 129, 1_000, 5_000):
        for count in (1, 2, 3, 8):
            split = rows.parts(n, count)
            assert split[0].start == 0 and split[-1].stop == n
            assert all(a.stop == b.start for a, b in itertools.pairwise(split))
            assert all(part.start % 128 == 0 and part.stop > part.start for part in split)
            assert len(split) == min(count, -(-n // 128))


def test_in_parts_gives_each_part_once_in_order(small_blocks):
    rows.set_threads(4)
    seen = rows.in_parts(1_000, lambda r: (r.start, r.stop))
    assert seen == [(p.start, p.stop) for p in rows.parts(1_000, 4)]


def test_a_bad_thread_count_in_the_environment_says_what_to_set(monkeypatch):
    monkeypatch.setenv(rows.THREADS_ENV, "two")
    with pytest.raises(InputError, match="TOESLAGENLAB_THREADS must be a whole number"):
        rows._default_threads()
    monkeypatch.setenv(rows.THREADS_ENV, "3")
    assert rows._default_threads() == 3
