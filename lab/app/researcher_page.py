"""Researcher view of the lab: counts per arm, the responses as CSV, humans beside the agents."""

from __future__ import annotations

import hmac
import os

import numpy as np
import plotly.express as px
import streamlit as st

from lab.app.compare import agent_choices, human_choices, side_by_side, toeslag_key
from lab.app.session import ARM_LABELS, ARMS
from lab.app.ui import guarded, response_store
from lab.scenario import DEFAULT_SHEET, DEFAULT_TOESLAG_NAME, load_scenario, run_scenario

#: Environment variable with the researcher password (a Streamlit secret takes precedence).
PASSWORD_ENV = "TOESLAGENLAB_RESEARCHER_PASSWORD"
#: Name of the Streamlit secret with the researcher password.
PASSWORD_SECRET = "researcher_password"
#: Households and seed of the agents' run per arm in the comparison.
AGENT_HOUSEHOLDS = 2_000
AGENT_SEED = 20_260_101
#: Agents are "in the same scenario" when their yearly award is within this share of the sheet's.
AWARD_MARGIN = 0.5


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


@guarded
def render() -> None:
    """The researcher page (behind the password)."""
    st.title("Toeslagenlab: onderzoekersoverzicht")
    if not _login():
        return
    store = response_store()
    table = store.table()
    counts = store.arm_counts()
    st.subheader("Deelnemers per groep")
    done = table.groupby("arm")["completed_at"].count().to_dict() if not table.empty else {}
    summary = [
        {"groep": ARM_LABELS[arm], "gestart": counts.get(arm, 0), "afgerond": done.get(arm, 0)}
        for arm in ARMS
    ]
    st.dataframe(summary, hide_index=True)
    st.download_button(
        "Download antwoorden (CSV)",
        table.to_csv(index=False).encode("utf-8"),
        file_name="lab_antwoorden.csv",
        mime="text/csv",
    )
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
