"""Helpers shared by the pages: the response database and a guard that never shows a traceback."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from pathlib import Path

import streamlit as st

from lab.app.lab_settings import configured_db_path, kiosk_mode
from lab.errors import LabError
from lab.humanlab import ResponseStore

LOG = logging.getLogger("toeslagenlab.app")
#: session_state key of a browser session's own database path (researcher page, not in kiosk mode).
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


def db_path_setting() -> Path:
    """Researcher page, outside kiosk mode: point this browser session at another database."""
    if DB_PATH_KEY not in st.session_state:
        st.session_state[DB_PATH_KEY] = str(configured_db_path())
    st.text_input(
        "Database met antwoorden (SQLite)",
        key=DB_PATH_KEY,
        help="Pad van het SQLite-bestand waarin elk antwoord meteen wordt opgeslagen. Geldt voor "
        "deze browsersessie; voor het lab zet je TOESLAGENLAB_DB of `database` in de secrets.",
    )
    return Path(st.session_state[DB_PATH_KEY])


@st.cache_resource(show_spinner=False, max_entries=16)
def _open_store(path: str) -> ResponseStore:
    """One ResponseStore per database file for the whole server (it holds only the path)."""
    return ResponseStore(Path(path))


def response_store() -> ResponseStore:
    """The response database: the configured one (kiosk mode), or this session's choice."""
    chosen = None if kiosk_mode() else st.session_state.get(DB_PATH_KEY)
    return _open_store(str(Path(chosen or configured_db_path()).expanduser()))
