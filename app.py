"""The toeslagenlab app: ``streamlit run app.py``.

Pages live in :mod:`lab.app`; this file only sets up the page and the navigation.
"""

from __future__ import annotations

import streamlit as st

from lab.app import experiment_page, household_page, participant_page, researcher_page
from lab.app.ui import sidebar_settings

st.set_page_config(page_title="Toeslagenlab", page_icon="🧪", layout="wide")

PAGES = [
    st.Page(experiment_page.render, title="Experiment", url_path="experiment"),
    st.Page(household_page.render, title="Huishouden: wat betekent 80%?", url_path="huishouden"),
    st.Page(participant_page.render, title="Lab: deelnemen", url_path="deelnemen", default=True),
    st.Page(researcher_page.render, title="Lab: onderzoeker", url_path="onderzoeker"),
]

navigation = st.navigation(PAGES)
sidebar_settings()
navigation.run()
