"""How a lab session is set up: participant (kiosk) mode, the database, the session settings.

The researcher decides, the participant never does:

- **kiosk mode** (participants see only the participant flow) is switched on by the environment
  variable ``TOESLAGENLAB_KIOSK=1``, by ``kiosk = true`` in ``.streamlit/secrets.toml`` or by
  ``streamlit run app.py -- --kiosk``;
- the **database** is ``$TOESLAGENLAB_DB``, else ``database`` in the secrets, else the user's data
  folder (:func:`lab.humanlab.responses.default_db_path`); outside kiosk mode the researcher may
  point a browser session at another file on the researcher page;
- the **session settings** (scenario sheet, its toeslag line, the start balance, the arms) are
  set on the researcher page, behind its password, and saved in the database, so every
  participant's browser uses them and they survive a restart of the server
  (:mod:`lab.humanlab.session_settings`).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from lab.humanlab import DB_ENV, default_db_path

#: Environment variable that switches kiosk mode on ("1", "true", "yes", "ja").
KIOSK_ENV = "TOESLAGENLAB_KIOSK"
#: Command-line flag (after ``--``) that switches kiosk mode on.
KIOSK_FLAG = "--kiosk"
#: Name of the secret (``.streamlit/secrets.toml``) that switches kiosk mode on.
KIOSK_SECRET = "kiosk"
#: Name of the secret with the database path.
DB_SECRET = "database"
_TRUE = {"1", "true", "yes", "ja", "on"}


def _secret(name: str) -> Any:
    """A top-level Streamlit secret, or None (no secrets file, or a broken one)."""
    try:
        import streamlit as st

        if st.secrets.load_if_toml_exists() and name in st.secrets:
            return st.secrets[name]
    except Exception:  # a broken secrets file must not open anything nor crash the page
        return None
    return None


def kiosk_mode(argv: list[str] | None = None) -> bool:
    """Whether the researcher switched participant (kiosk) mode on (flag, variable or secret)."""
    argv = sys.argv[1:] if argv is None else argv
    if KIOSK_FLAG in argv:
        return True
    if os.environ.get(KIOSK_ENV, "").strip().lower() in _TRUE:
        return True
    value = _secret(KIOSK_SECRET)
    return value is True or str(value).strip().lower() in _TRUE


def configured_db_path() -> Path:
    """The database the researcher configured: ``$TOESLAGENLAB_DB``, the secret, or the default."""
    if os.environ.get(DB_ENV):
        return default_db_path()
    secret = _secret(DB_SECRET)
    return Path(str(secret)).expanduser() if secret else default_db_path()
