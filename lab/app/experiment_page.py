"""Experiment page: pick or compose an experiment, run it with a progress bar, compare the arms."""

from __future__ import annotations

import streamlit as st

from lab.app import experiment_view as view
from lab.app.experiment_run import (
    MAX_HOUSEHOLDS,
    MAX_REPLICATIONS,
    ExperimentSettings,
    PageResults,
    run_experiment_settings,
    shipped,
)
from lab.app.ui import guarded
from lab.experiment.runs import plan_runs
from lab.policy.arms import floor_setting
from lab.valuefile import load_named

VOORZICHTIG = ("voorschot_option", "voorzichtig")
INSTELBAAR = ("voorschot_option", "instelbaar")
CUSTOM = "Zelf samenstellen"
#: The experiment the page starts with.
DEFAULT_EXPERIMENT = "lab_voorzichtig"
#: Behaviour levers on the page: (file, section.key, Dutch label, min, max).
LEVERS = (
    ("behaviour", "traits.loss_aversion_median", "Verliesaversie (mediaan)", 1.0, 4.0),
    ("behaviour", "traits.fear_mean", "Angst voor terugvordering (gemiddeld, 0-1)", 0.0, 1.0),
    ("population", "income_process.volatility_scale", "Schaal van inkomensschommelingen", 0.0, 3.0),
)


@st.cache_data(show_spinner=False, max_entries=4)
def run_cached(settings: ExperimentSettings) -> PageResults:
    """Run (or take from the cache) the experiment with these settings; results only, no models.

    The progress bar is made here, so a cached result replays it as finished.
    """
    bar = st.progress(0.0, text="Het experiment rekent...")
    outcome = run_experiment_settings(
        settings, progress=lambda done, text: bar.progress(done, text=text)
    )
    bar.progress(1.0, text="Klaar")
    return outcome


def _custom_arms() -> tuple[tuple[str, tuple], ...]:
    chosen = st.multiselect(
        "Groepen naast de controlegroep",
        ["voorzichtig", "instelbaar"],
        default=["voorzichtig"],
        key="exp_arms",
    )
    bounds = floor_setting()
    floor = st.slider(
        "Ondergrens instelbaar voorschot",
        bounds.low,
        bounds.high,
        bounds.default,
        bounds.step,
        format="%.2f",
        key="exp_floor",
    )
    arms: list[tuple[str, tuple]] = [("control", ())]
    if "voorzichtig" in chosen:
        arms.append(("voorzichtig", (VOORZICHTIG,)))
    if "instelbaar" in chosen:
        arms.append(("instelbaar", (INSTELBAAR, ("voorschot_floor", float(floor)))))
    return tuple(arms)


def _settings() -> ExperimentSettings:
    experiments = shipped()
    names = [*experiments, CUSTOM]
    preset = st.selectbox(
        "Experiment",
        names,
        index=names.index(DEFAULT_EXPERIMENT) if DEFAULT_EXPERIMENT in names else 0,
        format_func=lambda name: name if name == CUSTOM else f"{name}: {experiments[name]}",
        key="exp_preset",
    )
    arms = _custom_arms() if preset == CUSTOM else ()
    left, middle, right = st.columns(3)
    n = left.number_input("Huishoudens per run", 100, MAX_HOUSEHOLDS, 2_000, step=500, key="exp_n")
    replications = middle.number_input(
        "Herhalingen", 2, MAX_REPLICATIONS, 3, key="exp_replications"
    )
    seed = right.number_input("Seed", 0, 2**31 - 1, 1, key="exp_seed")
    base: list[tuple[str, object]] = []
    with st.expander("Brieven en gedrag"):
        if st.checkbox("Attenderingsbrieven bij een inkomenswijziging", key="exp_letters"):
            month = st.slider("Maand van de brieven", 1, 11, 6, key="exp_letter_month")
            base += [("letters", True), ("letter_month", int(month))]
            if st.checkbox("Dienst Toeslagen muteert zelf na een brief", key="exp_muteren"):
                base.append(("muteren", True))
        overrides: dict[str, dict[str, float]] = {"behaviour": {}, "population": {}}
        for file, key, text, low, high in LEVERS:
            values = load_named(file)
            default = values.float(key)
            # The slider stays inside the parameter's domain, which an override may not leave.
            lowest, highest = values.domain(key)
            low, high = max(low, lowest), min(high, highest)
            value = st.slider(text, low, high, default, key=f"exp_{key}")
            if value != default:
                overrides[file][key.split(".")[-1]] = float(value)
        base += [
            (name, tuple(sorted(values.items()))) for name, values in overrides.items() if values
        ]
    return ExperimentSettings(
        source=None if preset == CUSTOM else preset,
        arms=arms,
        n_households=int(n),
        replications=int(replications),
        seed=int(seed),
        base=tuple(base),
    )


def _show(outcome: PageResults) -> None:
    for found in view.page_findings(outcome.summary):
        st.subheader(view.findings_heading(found))
        st.dataframe(view.findings_table(found), hide_index=True)
        st.markdown("\n".join(f"- {sentence}" for sentence in found.sentences))
    st.subheader("Uitkomsten per groep (gemiddelde en 95%-interval over de herhalingen)")
    st.dataframe(view.summary_table(outcome.summary), hide_index=True)
    for i, figure in enumerate(view.page_figures(outcome.summary, outcome.recoveries)):
        st.plotly_chart(figure, key=f"exp_chart_{i}")
    if outcome.failed:
        st.warning(f"{len(outcome.failed)} run(s) mislukt: {next(iter(outcome.failed.values()))}")
    left, middle, right = st.columns(3)
    left.download_button("summary.json", outcome.summary_json(), "summary.json", "application/json")
    middle.download_button("Runs (CSV)", outcome.runs_csv, "runs.csv", "text/csv")
    right.download_button("Rapport (HTML)", outcome.report_html, "report.html", "text/html")


@guarded
def render() -> None:
    """The experiment page."""
    st.title("Experiment: wat doen 80% en een instelbaar voorschot?")
    st.write(
        "Kies een experiment of stel er zelf een samen. Elke groep leeft met dezelfde huishoudens "
        "en dezelfde inkomensschokken (common random numbers); de verschillen komen dus van het "
        "beleid."
    )
    settings = _settings()
    runs = len(plan_runs(settings.spec()))  # a bad setting is a message, not a run
    st.caption(
        f"{runs} runs van {settings.n_households:,} huishoudens".replace(",", ".")
        + " (groepen x ontwerppunten x herhalingen)"
    )
    if st.button("Start het experiment", type="primary", key="exp_run"):
        st.session_state["exp_settings"] = settings
    chosen = st.session_state.get("exp_settings")
    if chosen is None:
        return
    if chosen != settings:
        st.info(
            "De instellingen zijn veranderd; klik op 'Start het experiment' om opnieuw te rekenen."
        )
    _show(run_cached(chosen))
