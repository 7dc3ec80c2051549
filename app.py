"""The toeslagenlab app: ``streamlit run app.py`` (add ``-- --kiosk`` for a lab session).

Pages live in :mod:`lab.app`; this file only sets up the page and the navigation. In participant
(kiosk) mode, switched on by the researcher (:func:`lab.app.lab_settings.kiosk_mode`), the menu is
hidden and only the participant page and, by its address ``/onderzoeker`` and behind its password,
the researcher page exist.
"""

from __future__ import annotations

import streamlit as st

from lab.app import experiment_page, household_page, participant_page, researcher_page
from lab.app.lab_settings import kiosk_mode

st.set_page_config(page_title="Toeslagenlab", page_icon="🧪", layout="wide")

PARTICIPANT = st.Page(
    participant_page.render, title="Lab: deelnemen", url_path="deelnemen", default=True
)
RESEARCHER = st.Page(researcher_page.render, title="Lab: onderzoeker", url_path="onderzoeker")

if kiosk_mode():
    navigation = st.navigation([PARTICIPANT, RESEARCHER], position="hidden")
else:
    navigation = st.navigation(
        [
            st.Page(experiment_page.render, title="Experiment", url_path="experiment"),
            st.Page(
                household_page.render, title="Huishouden: wat betekent 80%?", url_path="huishouden"
            ),
            PARTICIPANT,
            RESEARCHER,
        ]
    )
navigation.run()
