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


def test_in_blocks_gives_every_block_of_rows_once(small_blocks):
    rows.set_threads(3)
    seen = np.zeros(1_000, dtype=np.int64)
    sizes = []

    def block(r):
        seen[r] += 1
        sizes.append((r.start % 128, r.stop - r.start))

    rows.in_blocks(1_000, block)
    assert (seen == 1).all()
    assert sorted(sizes) == sorted([(0, 128)] * 7 + [(0, 1_000 - 7 * 128)])


def test_a_bad_thread_count_in_the_environment_says_what_to_set(monkeypatch):
    monkeypatch.setenv(rows.THREADS_ENV, "two")
    with pytest.raises(InputError, match="TOESLAGENLAB_THREADS must be a whole number"):
        rows._default_threads()
    monkeypatch.setenv(rows.THREADS_ENV, "3")
    assert rows._default_threads() == 3


def _counted(made: list[int], stop_at: int | None = None):
    """Items 0, 1, ... 9, recording in ``made`` each one made; raises at ``stop_at``."""
    for i in range(10):
        if i == stop_at:
            raise ValueError(f"no item {i}")
        made.append(i)
        yield i


@pytest.mark.parametrize("threads", (1, 2))
def test_items_drawn_ahead_come_in_order_and_at_most_count_ahead(small_blocks, threads):
    import time

    rows.set_threads(threads)
    made: list[int] = []
    seen = []
    for item in rows.drawn_ahead(_counted(made), count=1):
        time.sleep(0.02)  # time for the thread to run ahead as far as it may
        assert len(made) <= item + 2  # this item and one more
        seen.append(item)
        del item
    assert seen == list(range(10)) and made == seen


@pytest.mark.parametrize("threads", (1, 2))
def test_an_error_while_drawing_ahead_reaches_the_caller_at_its_item(small_blocks, threads):
    rows.set_threads(threads)
    seen = []
    with pytest.raises(ValueError, match="no item 3"):
        for item in rows.drawn_ahead(_counted([], stop_at=3)):
            seen.append(item)
    assert seen == [0, 1, 2]


def test_income_paths_drawn_a_year_ahead_equal_those_drawn_one_by_one(small_blocks):
    from lab.households.income import draw_income_paths
    from lab.households.population import build_population

    n = 2 * (1 << 16)  # two of the real blocks: the draws go ahead on a thread
    population = build_population(n, 3, 2020, history_years=2)
    paths = {}
    for threads in (1, 2):
        rows.set_threads(threads)
        history: list[np.ndarray] = []

        def keep(year, monthly, source_changed, history=history):
            history.append(monthly.sum(axis=1))

        paths[threads] = draw_income_paths(population, 2, 3, None, 2, keep, 2020), history
    (one, one_history), (two, two_history) = paths[1], paths[2]
    assert np.bitwise_or.reduce(one.events.ravel()) == 63
    for key in ("monthly", "partner", "events"):
        np.testing.assert_array_equal(getattr(two, key), getattr(one, key), err_msg=key)
    assert len(one_history) == len(two_history) == 2
    for a, b in zip(one_history, two_history, strict=True):
        np.testing.assert_array_equal(a, b)


def test_drawn_ahead_starts_at_once_and_makes_count_before_the_first_is_asked_for(small_blocks):
    import time

    rows.set_threads(2)
    made: list[int] = []
    items = rows.drawn_ahead(_counted(made), count=1)
    time.sleep(0.2)  # time for the thread to run ahead as far as it may
    assert made == [0]
    assert next(items) == 0
    time.sleep(0.2)
    assert made == [0, 1]  # the next one is made while the caller works on this one
    items.close()


def test_income_draws_that_start_beside_the_population_give_the_same_run(small_blocks, monkeypatch):
    from lab.model import build

    n = 2 * (1 << 16)  # two of the real blocks: the draws go ahead on a thread
    config = {"n_households": n, "year": 2020, "n_years": 2, "voorschot_option": "voorzichtig"}
    order: list[str] = []
    start, population = build.start_income_draws, build.build_population

    def started(*args, **kwargs):
        order.append("income draws started")
        return start(*args, **kwargs)

    def drawn(*args, **kwargs):
        result = population(*args, **kwargs)
        order.append("population drawn")
        return result

    monkeypatch.setattr(build, "start_income_draws", started)
    monkeypatch.setattr(build, "build_population", drawn)
    monkeypatch.setattr(build, "EARLY_DRAWS_POPULATION", n + 1)
    after = _tables(config, 2)
    assert order == ["population drawn"]  # draw_income_paths starts them itself
    monkeypatch.setattr(build, "EARLY_DRAWS_POPULATION", n)
    order.clear()
    beside = _tables(config, 2)
    assert order == ["income draws started", "population drawn"]
    assert after.keys() == beside.keys()
    assert after["monthly/recoveries"].sum() > 0
    for key, value in after.items():
        np.testing.assert_array_equal(beside[key], value, err_msg=key)


def test_a_drawn_ahead_let_go_of_early_stops_its_thread(small_blocks):
    import gc
    import threading

    def endless():
        i = 0
        while True:
            yield i
            i += 1

    rows.set_threads(2)
    items = rows.drawn_ahead(endless(), count=1)
    assert next(items) == 0
    thread = next(t for t in threading.enumerate() if t.name == "rows-ahead")
    del items  # as when the caller's loop ends in an exception
    gc.collect()
    thread.join(timeout=5)
    assert not thread.is_alive()


def test_the_pairs_on_offer_are_those_numpy_finds():
    from lab.model.year_start import _offered

    rng = np.random.default_rng(4)
    award = np.where(rng.random((1_000, 4)) < 0.3, rng.random((1_000, 4)) * 3_000, 0.0)
    award[200:456] = 0.0  # whole blocks with nothing on offer
    slope, income_sd = rng.random((1_000, 4)), rng.random(1_000)
    percentage = np.broadcast_to(rng.random((1_000, 1)), award.shape)
    pairs, (award_o, slope_o, sd_o, percentage_o) = _offered(award, slope, income_sd, percentage)
    on = np.flatnonzero(award.ravel() > 0)
    np.testing.assert_array_equal(pairs, on)
    np.testing.assert_array_equal(award_o, award.ravel()[on])
    np.testing.assert_array_equal(slope_o, slope.ravel()[on])
    np.testing.assert_array_equal(sd_o, income_sd[on // 4])
    np.testing.assert_array_equal(percentage_o, np.ascontiguousarray(percentage).ravel()[on])
