"""Helpers shared by the pages: settings in the sidebar and a guard that never shows a traceback."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from pathlib import Path

import streamlit as st

from lab.app.responses import ResponseStore, default_db_path
from lab.errors import LabError

LOG = logging.getLogger("toeslagenlab.app")
#: session_state key of the database path setting.
DB_PATH_KEY = "db_path"


def guarded(page: Callable[[], None]) -> Callable[[], None]:
    """Wrap a page so that any error is shown as a Dutch message in the page, never a traceback."""

    @functools.wraps(page)
    def run() -> None:
        try:
            page()
        except LabError as exc:
            st.error(f"{exc}")
        except MemoryError:
            st.error("Niet genoeg geheugen voor deze berekening; kies een kleinere populatie.")
        except OSError as exc:
            st.error(f"Lezen of schrijven is mislukt ({exc}); controleer de schijfruimte en paden.")
        except Exception as exc:
            LOG.exception("page %s failed", page.__name__)
            st.error(
                f"Er ging iets onverwachts mis ({type(exc).__name__}: {exc}). "
                "Pas de invoer aan en probeer het opnieuw."
            )

    return run


def sidebar_settings() -> None:
    """Draw the settings every page shares (called by ``app.py`` on every run)."""
    db_path_setting()


def db_path_setting() -> Path:
    """The response database path from the sidebar (default: the user's data folder)."""
    if DB_PATH_KEY not in st.session_state:
        st.session_state[DB_PATH_KEY] = str(default_db_path())
    st.sidebar.text_input(
        "Database met antwoorden (SQLite)",
        key=DB_PATH_KEY,
        help="Pad van het SQLite-bestand waarin elk antwoord meteen wordt opgeslagen.",
    )
    return Path(st.session_state[DB_PATH_KEY])


def response_store() -> ResponseStore:
    """Open the response database at the path set in the sidebar."""
    path = st.session_state.get(DB_PATH_KEY) or default_db_path()
    return ResponseStore(Path(path))
