import ctypes
import gc
import json
import os

import mesa
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
    """Resident memory of this process after a garbage collection, with freed heap returned."""
    gc.collect()
    try:  # glibc keeps freed memory in its arenas; give it back so RSS shows what is kept
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass
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
    findings, table = at.dataframe[0].value, at.dataframe[1].value
    assert at.subheader[0].value == "Wat de 80%-keuze deed, vergeleken met de controlegroep"
    assert "Hoge terugvorderingen (> 500 euro)" in set(findings["uitkomst"])
    assert "95%-interval" in findings.columns
    assert any(m.value.startswith("- De 80%-keuze") for m in at.markdown)
    assert set(table["groep"]) == {"control", "voorzichtig"}
    share = table[table["uitkomst"] == "Koos minder dan 100%"].set_index("groep")
    assert share.loc["control", "gemiddelde"] == 0.0
    assert share.loc["voorzichtig", "gemiddelde"] > 0.0
    assert share.loc["voorzichtig", "95% laag"] <= share.loc["voorzichtig", "gemiddelde"]
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == ["summary.json", "Runs (CSV)", "Rapport (HTML)"]


def test_the_80_percent_option_lowers_recoveries_in_the_summary():
    settings = run.ExperimentSettings(arms=ARMS, n_households=1_000, replications=3, seed=5)
    outcome = run.run_experiment_settings(settings)
    effect = outcome.summary["effects"]["voorzichtig"]["recovery_share"]
    assert effect["ci_high"] < 0  # fewer recoveries, and the interval excludes zero
    control = outcome.summary["arms"]["control"]
    assert control["chosen_percentage_mean"]["mean"] == 1.0
    assert set(outcome.recoveries) == {"control", "voorzichtig"}
    assert outcome.recoveries["control"].min() > 0
    assert json.loads(outcome.summary_json())["arms"].keys() == {"control", "voorzichtig"}
    assert outcome.report_html.startswith(b"<!DOCTYPE html><html lang='nl'>")
    assert outcome.runs_csv.startswith(b"experiment,arm")
    assert models_alive() == 0


def test_a_shipped_experiment_with_levers_for_every_arm():
    settings = run.ExperimentSettings(
        source="lab_voorzichtig",
        n_households=300,
        replications=2,
        base=(("letters", True), ("behaviour", (("loss_aversion_median", 3.0),))),
    )
    spec = settings.spec()
    assert spec.households == 300 and spec.replications == 2
    assert all(arm["letters"] is True for arm in spec.arms.values())
    assert spec.arms["voorzichtig"]["behaviour"] == {"loss_aversion_median": 3.0}
    assert spec.arms["voorzichtig"]["voorschot_option"] == "voorzichtig"


def test_runs_are_reproducible():
    settings = run.ExperimentSettings(arms=ARMS, n_households=300, replications=2, seed=9)
    first = run.run_experiment_settings(settings).summary["arms"]
    second = run.run_experiment_settings(settings).summary["arms"]
    assert first == second


@pytest.mark.parametrize(
    ("settings", "fragment"),
    [
        (run.ExperimentSettings(arms=ARMS, n_households=10**7), "de populatie moet"),
        (run.ExperimentSettings(arms=ARMS, replications=1), "herhalingen"),
        (
            run.ExperimentSettings(arms=(("x", (("voorschot_floor", 0.95),)),)),
            "voorschot_floor",
        ),
        (run.ExperimentSettings(arms=(("x", (("kleur", 1),)),)), "kleur"),
        (run.ExperimentSettings(source="bestaat_niet"), "no such experiment file"),
    ],
)
def test_impossible_settings_are_messages(settings, fragment):
    with pytest.raises(InputError, match=fragment):
        settings.spec()


def test_the_page_says_how_many_runs_an_experiment_has():
    at = small_page(n=500, replications=2)
    assert "4 runs van 500 huishoudens" in at.caption[-1].value
    at.selectbox(key="exp_preset").set_value("population_policies").run()
    assert not at.exception and "runs van 500" in at.caption[-1].value


def test_repeated_runs_are_cached_by_configuration():
    at = small_page()
    at.button(key="exp_run").click().run()
    run_cached.clear()
    calls = []
    original = run.run_experiment_settings

    def counting(settings, progress=None):
        calls.append(settings)
        return original(settings, progress=progress)

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
    """RSS after 20 runs of the page within 20% of RSS after the first; nothing piles up.

    Every rerun is a fresh run of the models (cache cleared, new seed), so a model kept alive by
    mesa's registries, or results kept by the page, would pile up.
    """
    run_cached.clear()
    at = small_page(n=300)
    at.button(key="exp_run").click().run()
    gc.collect()
    rss_first = rss_bytes()
    for seed in range(2, 21):  # 19 more reruns, each a fresh run of the models
        at.number_input(key="exp_seed").set_value(seed).run()  # shows the last results
        run_cached.clear()
        at.button(key="exp_run").click().run()
    gc.collect()
    rss_last = rss_bytes()
    assert not at.exception and not at.error
    print(
        f"\nexperiment page memory after 1 -> 20 runs: RSS {rss_first / 2**20:.1f} -> "
        f"{rss_last / 2**20:.1f} MiB ({rss_last / rss_first - 1:+.1%})"
    )
    assert rss_last <= 1.2 * rss_first
    assert models_alive() == 0
    outcomes = sum(isinstance(o, run.PageResults) for o in gc.get_objects())
    assert outcomes <= 1  # at most the one on the page; the cache holds pickled bytes
