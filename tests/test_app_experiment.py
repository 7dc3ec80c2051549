import gc
import json
import os
import tracemalloc

import mesa
import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from lab.app import experiment_run as run
from lab.app.experiment_page import run_cached
from lab.errors import InputError
from lab.model import ToeslagenModel

SCRIPT = "from lab.app import experiment_page\nexperiment_page.render()"
ARMS = (("control", ()), ("voorzichtig", (("voorschot_option", "voorzichtig"),)))


def small_page(n: int = 500, replications: int = 2) -> AppTest:
    at = AppTest.from_string(SCRIPT, default_timeout=120).run()
    at.number_input(key="exp_n").set_value(n).run()
    at.number_input(key="exp_replications").set_value(replications).run()
    return at


def rss_bytes() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def models_alive() -> int:
    gc.collect()
    alive = sum(isinstance(obj, ToeslagenModel) for obj in gc.get_objects())
    return alive + sum(isinstance(key, ToeslagenModel) for key in mesa.Agent._ids)


def test_a_small_experiment_runs_with_figures_numbers_and_downloads():
    at = small_page()
    at.button(key="exp_run").click().run()
    assert not at.exception and not at.error
    assert at.get("progress")[0].value == 100
    charts = at.get("plotly_chart")
    assert len(charts) == 6
    table = at.dataframe[0].value
    assert set(table["groep"]) == {"control", "voorzichtig"}
    share = table[table["uitkomst"] == "aandeel dat minder dan 100% koos"].set_index("groep")
    assert share.loc["control", "gemiddelde"] == 0.0
    assert share.loc["voorzichtig", "gemiddelde"] > 0.0
    assert share.loc["voorzichtig", "95% laag"] <= share.loc["voorzichtig", "gemiddelde"]
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == ["summary.json", "Uitkomsten per run (CSV)", "Rapport (HTML)"]


def test_the_80_percent_option_lowers_recoveries_in_the_summary():
    settings = run.ExperimentSettings(arms=ARMS, n_households=1_000, replications=3, seed=5)
    outcome = run.run_experiment_settings(settings)
    effect = outcome.summary["effects"]["voorzichtig"]["recovery_share"]
    assert effect["ci_high"] < 0  # fewer recoveries, and the interval excludes zero
    control = outcome.summary["arms"]["control"]
    assert control["chosen_percentage_mean"]["mean"] == 1.0
    assert set(outcome.awards["arm"]) == {"control", "voorzichtig"}
    assert json.loads(outcome.summary_json())["arms"].keys() == {"control", "voorzichtig"}
    assert models_alive() == 0


def test_arms_share_their_replication_seeds_and_runs_are_reproducible():
    assert run.replication_seeds(1, 3) == run.replication_seeds(1, 3)
    assert run.replication_seeds(1, 3) != run.replication_seeds(2, 3)
    settings = run.ExperimentSettings(arms=ARMS, n_households=300, replications=2, seed=9)
    first = run.run_experiment_settings(settings).metrics
    second = run.run_experiment_settings(settings).metrics
    assert first.equals(second)


@pytest.mark.parametrize(
    ("settings", "fragment"),
    [
        (run.ExperimentSettings(arms=ARMS, n_households=10**7), "de populatie moet"),
        (run.ExperimentSettings(arms=ARMS, replications=0), "herhalingen"),
        (
            run.ExperimentSettings(arms=(("x", (("voorschot_floor", 0.95),)),)),
            "groep x: .*voorschot_floor must be at most 0.8",
        ),
        (run.ExperimentSettings(arms=(("x", (("kleur", 1),)),)), "unknown field 'kleur'"),
    ],
)
def test_impossible_settings_are_messages(settings, fragment):
    with pytest.raises(InputError, match=fragment):
        settings.configs()


def test_repeated_runs_are_cached_by_configuration():
    at = small_page()
    at.button(key="exp_run").click().run()
    run_cached.clear()
    calls = []
    original = run.run_experiment_settings

    def counting(settings, progress=None, simulate=None):
        calls.append(settings)
        return original(settings, progress=progress, simulate=simulate)

    import lab.app.experiment_page as page_module

    page_module.run_experiment_settings = counting
    try:
        for _ in range(3):
            at.button(key="exp_run").click().run()
        at.number_input(key="exp_seed").set_value(2).run()
        at.button(key="exp_run").click().run()
    finally:
        page_module.run_experiment_settings = original
    assert not at.exception
    assert [s.seed for s in calls] == [1, 2]


def test_memory_after_20_reruns_stays_within_20_percent_of_the_first():
    """RSS after 20 runs of the page within 20% of RSS after the first; no model kept alive.

    Every rerun is a fresh run of the models (cache cleared, new seed), so a model kept alive by
    mesa's registries would pile up. The Python heap (tracemalloc) may only grow by a fixed
    amount between the second and the last run (a leaked 1,000-household model is far more).
    """
    run_cached.clear()
    gc.collect()
    tracemalloc.start()
    try:
        at = small_page(n=1_000)
        at.button(key="exp_run").click().run()
        gc.collect()
        rss_first, traced_first = rss_bytes(), tracemalloc.get_traced_memory()[0]
        for seed in range(2, 21):  # 19 more reruns, each a fresh run of the models
            run_cached.clear()
            at.number_input(key="exp_seed").set_value(seed).run()
            at.button(key="exp_run").click().run()
            if seed == 2:
                gc.collect()
                traced_second = tracemalloc.get_traced_memory()[0]
        gc.collect()
        rss_last, traced_last = rss_bytes(), tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    assert not at.exception and not at.error
    print(
        f"\nexperiment page memory after 1 -> 20 runs: RSS {rss_first / 2**20:.1f} -> "
        f"{rss_last / 2**20:.1f} MiB; traced heap {traced_first / 2**20:.2f} -> "
        f"{traced_second / 2**20:.2f} (2nd) -> {traced_last / 2**20:.2f} MiB"
    )
    assert rss_last <= 1.2 * rss_first
    assert traced_last - traced_second < 2**20
    assert models_alive() == 0


def test_metrics_are_weighted_shares():
    awards = {
        "toeslag": np.array(["zorgtoeslag", "zorgtoeslag", "huurtoeslag"], dtype=object),
        "weight": np.array([1.0, 3.0, 1.0]),
        "eligible": np.array([True, True, True]),
        "applied": np.array([True, False, True]),
        "chosen_percentage": np.array([0.8, np.nan, 1.0]),
        "terugvordering": np.array([600.0, 0.0, 0.0]),
        "nabetaling": np.array([0.0, 0.0, 20.0]),
    }
    households = {"weight": np.array([1.0, 3.0]), "negative_balance_months": np.array([2, 0])}
    import pandas as pd

    got = run.run_metrics(pd.DataFrame(awards), households, high=500.0)
    assert got["take_up_rate"] == pytest.approx(2 / 5)
    assert got["take_up_rate.zorgtoeslag"] == pytest.approx(1 / 4)
    assert got["reduced_choice_share"] == pytest.approx(0.5)
    assert got["high_recovery_share"] == pytest.approx(0.5)
    assert got["nabetaling_share"] == pytest.approx(0.5)
    assert got["negative_balance_months"] == pytest.approx(0.5)
