"""Researcher view of the lab, behind a password: settings, counts, export, humans vs agents."""

from __future__ import annotations

import hmac
import os

import numpy as np
import plotly.express as px
import streamlit as st

from lab.app.lab_settings import kiosk_mode
from lab.app.ui import db_path_setting, guarded, response_store
from lab.humanlab import (
    ARM_LABELS,
    ARMS,
    CSV_NAME,
    DB_ENV,
    DEFAULT_SHEET,
    DEFAULT_TOESLAG_NAME,
    DICTIONARY_NAME,
    PARQUET_NAME,
    ResponseStore,
    SessionSettings,
    agent_choices,
    csv_bytes,
    data_dictionary,
    human_choices,
    load_scenario,
    load_session_settings,
    parquet_bytes,
    parse_sheet,
    response_table,
    run_scenario,
    save_session_settings,
    side_by_side,
    toeslag_key,
)

#: Environment variable with the researcher password (a Streamlit secret takes precedence).
PASSWORD_ENV = "TOESLAGENLAB_RESEARCHER_PASSWORD"
#: Name of the Streamlit secret with the researcher password.
PASSWORD_SECRET = "researcher_password"
#: Households and seed of the agents' run per arm in the comparison.
AGENT_HOUSEHOLDS = 2_000
AGENT_SEED = 20_260_101
#: Agents are "in the same scenario" when their yearly award is within this share of the sheet's.
AWARD_MARGIN = 0.5
#: Label of the shipped scenario sheet in the session settings.
DEFAULT_SCENARIO_LABEL = "Standaardscenario"


def researcher_password() -> str | None:
    """The configured password: the Streamlit secret, else the environment variable, else None."""
    try:
        if st.secrets.load_if_toml_exists() and PASSWORD_SECRET in st.secrets:
            return str(st.secrets[PASSWORD_SECRET])
    except Exception:  # a broken secrets file must not open the view nor crash the page
        pass
    return os.environ.get(PASSWORD_ENV) or None


@st.cache_data(show_spinner="De agenten kiezen...", max_entries=8)
def _agent_awards(arm: str, n: int, seed: int) -> dict[str, np.ndarray]:
    """The agents' award table of one arm (only the columns the comparison reads)."""
    from lab.model import simulate
    from lab.model.config import ModelConfig

    result = simulate(ModelConfig(n_households=n, voorschot_option=arm), seed)
    columns = ("toeslag", "applied", "chosen_percentage", "definitive")
    return {key: result.awards[key] for key in columns}


def _login() -> bool:
    expected = researcher_password()
    if expected is None:
        st.warning(
            f"Er is geen onderzoekerswachtwoord ingesteld. Zet `{PASSWORD_SECRET}` in "
            f"`.streamlit/secrets.toml` of de omgevingsvariabele `{PASSWORD_ENV}`."
        )
        return False
    if st.session_state.get("researcher_ok"):
        return True
    given = st.text_input("Wachtwoord", type="password", key="researcher_password_input")
    if st.button("Inloggen"):
        if hmac.compare_digest(given.encode(), expected.encode()):
            st.session_state["researcher_ok"] = True
            st.rerun()
        st.error("Onjuist wachtwoord.")
    return False


def _session_settings(store: ResponseStore) -> None:
    """The settings every participant gets from now on: scenario, toeslag line, balance, arms."""
    current = load_session_settings(store)
    st.subheader("Sessie-instellingen")
    st.caption(
        f"Nu: scenario {current.sheet_name}, toeslag '{current.toeslag_name}', startsaldo "
        f"{current.start_balance:,.2f} euro, groepen {', '.join(current.arms)}. Deelnemers die "
        "hierna starten krijgen de opgeslagen instellingen."
    )
    source = st.radio(
        "Scenario", [DEFAULT_SCENARIO_LABEL, "Eigen scenario (CSV)"], key="lab_source"
    )
    if source == DEFAULT_SCENARIO_LABEL:
        name, data = DEFAULT_SHEET.name, DEFAULT_SHEET.read_bytes()
    else:
        upload = st.file_uploader("Scenarioblad (CSV, kolommen A-H)", type=["csv"])
        if upload is None:
            st.info("Kies een CSV-bestand of gebruik het standaardscenario.")
            return
        name, data = upload.name, upload.getvalue()
    names = parse_sheet(name, data).income_names()
    wanted = current.toeslag_name if current.sheet_name == name else DEFAULT_TOESLAG_NAME
    default = next((i for i, n in enumerate(names) if n.casefold() == wanted.casefold()), 0)
    toeslag = st.selectbox("Welke inkomstenregel is de toeslag?", names, index=default)
    start = st.number_input(
        "Startsaldo (euro)", value=current.start_balance, step=50.0, key="lab_start"
    )
    arms = st.multiselect(
        "Groepen waarover deelnemers worden verdeeld",
        list(ARMS),
        default=list(current.arms),
        format_func=ARM_LABELS.__getitem__,
        key="lab_arms",
    )
    if st.button("Instellingen opslaan", key="lab_save_settings"):
        settings = SessionSettings(name, data, toeslag, float(start), tuple(arms))
        save_session_settings(store, settings)
        st.success("Opgeslagen: deelnemers die nu starten krijgen deze instellingen.")


def _export(store: ResponseStore) -> None:
    """Counts per arm and the downloads: CSV, Parquet and the data dictionary."""
    table = response_table(store)
    counts = store.arm_counts()
    st.subheader("Deelnemers per groep")
    done = table.groupby("arm")["completed_at"].count().to_dict() if not table.empty else {}
    summary = [
        {"groep": ARM_LABELS[arm], "gestart": counts.get(arm, 0), "afgerond": done.get(arm, 0)}
        for arm in ARMS
    ]
    st.dataframe(summary, hide_index=True)
    left, middle, right = st.columns(3)
    left.download_button(
        "Download antwoorden (CSV)", csv_bytes(table), file_name=CSV_NAME, mime="text/csv"
    )
    middle.download_button(
        "Download antwoorden (Parquet)",
        parquet_bytes(table),
        file_name=PARQUET_NAME,
        mime="application/vnd.apache.parquet",
    )
    right.download_button(
        "Download datadictionary (CSV)",
        csv_bytes(data_dictionary(table)),
        file_name=DICTIONARY_NAME,
        mime="text/csv",
    )
    with st.expander("Datadictionary: wat elke kolom betekent"):
        st.dataframe(data_dictionary(table), hide_index=True)


@guarded
def render() -> None:
    """The researcher page (behind the password)."""
    st.title("Toeslagenlab: onderzoekersoverzicht")
    if not _login():
        return
    if kiosk_mode():
        st.info(
            f"Kioskmodus staat aan: deelnemers zien alleen de deelnemerspagina. Database: "
            f"`{response_store().path}` (in te stellen met `{DB_ENV}` of `database` in de "
            "secrets)."
        )
    else:
        db_path_setting()
    store = response_store()
    _session_settings(store)
    _export(store)
    table = store.table()
    st.subheader("Keuzes van mensen en agenten")
    humans = human_choices(table)
    toeslag_name = st.text_input("Toeslag in het scenario", value=DEFAULT_TOESLAG_NAME)
    key = toeslag_key(toeslag_name)
    if key is None:
        st.info(f"'{toeslag_name}' is geen toeslag van het model; alleen de mensen staan hier.")
        st.dataframe(humans)
        return
    try:
        import lab.model  # noqa: F401
    except ImportError:
        st.info("Het agentmodel is nog niet beschikbaar; alleen de mensen staan hier.")
        st.dataframe(humans)
        return
    yearly = run_scenario(load_scenario(DEFAULT_SHEET), toeslag_name=toeslag_name).toeslag_full
    if st.checkbox("Laat de agenten kiezen (kleine populatie per groep)", key="researcher_agents"):
        low, high = (1 - AWARD_MARGIN) * yearly, (1 + AWARD_MARGIN) * yearly
        st.caption(
            f"Agenten met een {toeslag_name.lower()} van {low:,.0f} tot {high:,.0f} euro per jaar, "
            f"zoals in het standaardscenario ({yearly:,.0f} euro)."
        )
        agents = agent_choices(
            key,
            lambda arm: _agent_awards(arm, AGENT_HOUSEHOLDS, AGENT_SEED),
            award_range=(low, high),
        )
        both = side_by_side(humans, agents)
        st.dataframe(both)
        long = both[["mensen_mean_percentage", "agenten_mean_percentage"]].rename(
            columns={"mensen_mean_percentage": "mensen", "agenten_mean_percentage": "agenten"}
        )
        figure = px.bar(
            long.reset_index(names="groep").melt(id_vars="groep", var_name="wie", value_name="%"),
            x="groep",
            y="%",
            color="wie",
            barmode="group",
            title="Gemiddeld gekozen voorschotpercentage",
        )
        st.plotly_chart(figure)
    else:
        st.dataframe(humans)
