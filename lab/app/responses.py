"""Lab responses in SQLite: one row per participant, one row per answer, saved as they are given.

Only pseudonymous ids, the arm, the scenario and the answers are stored; no personal data. Every
answer is written (and committed) at once, so a closed browser tab loses nothing.
"""

from __future__ import annotations

import os
import sqlite3
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from lab.errors import InputError

#: Environment variable that sets the default database path.
DB_ENV = "TOESLAGENLAB_DB"
#: Columns of the participants table, in export order.
PARTICIPANT_COLUMNS = ("participant_id", "arm", "scenario", "started_at", "completed_at")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS participants (
    participant_id TEXT PRIMARY KEY,
    arm TEXT NOT NULL,
    scenario TEXT NOT NULL,
    started_at TEXT NOT NULL,
    completed_at TEXT
);
CREATE TABLE IF NOT EXISTS answers (
    participant_id TEXT NOT NULL REFERENCES participants(participant_id),
    question TEXT NOT NULL,
    value TEXT NOT NULL,
    saved_at TEXT NOT NULL,
    PRIMARY KEY (participant_id, question)
);
"""


def user_data_dir() -> Path:
    """The per-user data folder of the app (outside the repository)."""
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA", Path.home() / "AppData" / "Roaming"))
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "toeslagenlab"


def default_db_path() -> Path:
    """The default database: ``$TOESLAGENLAB_DB``, else ``lab_responses.sqlite`` in the data dir."""
    return Path(os.environ.get(DB_ENV) or user_data_dir() / "lab_responses.sqlite")


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class ResponseStore:
    """The SQLite file of one lab: participants and their answers.

    Every method opens, writes and closes its own connection, so each answer is committed when the
    call returns. Errors (a folder that cannot be made, a full disk, a file that is not a database)
    come out as InputError with a message saying what to do.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path).expanduser()
        with self._connect() as db:
            db.executescript(_SCHEMA)

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.path, timeout=10)
        except (OSError, sqlite3.Error) as exc:
            raise InputError(
                f"de antwoordendatabase {self.path} kan niet worden geopend ({exc}); "
                "kies een ander pad in de zijbalk"
            ) from None
        try:
            with db:
                yield db
        except sqlite3.Error as exc:
            raise InputError(
                f"opslaan in {self.path} is mislukt ({exc}); controleer de vrije schijfruimte "
                "en het databasepad in de zijbalk en probeer het opnieuw"
            ) from None
        finally:
            db.close()

    def start(self, participant_id: str, arm: str, scenario: str) -> None:
        """Record a new participant with the arm it was assigned to."""
        with self._connect() as db:
            db.execute(
                "INSERT INTO participants (participant_id, arm, scenario, started_at) "
                "VALUES (?, ?, ?, ?)",
                (participant_id, arm, scenario, _now()),
            )

    def save_answer(self, participant_id: str, question: str, value: object) -> None:
        """Save (or replace) one answer at once."""
        with self._connect() as db:
            db.execute(
                "INSERT INTO answers (participant_id, question, value, saved_at) "
                "VALUES (?, ?, ?, ?) ON CONFLICT (participant_id, question) "
                "DO UPDATE SET value = excluded.value, saved_at = excluded.saved_at",
                (participant_id, question, str(value), _now()),
            )

    def complete(self, participant_id: str) -> None:
        """Mark a participant's session as finished."""
        with self._connect() as db:
            db.execute(
                "UPDATE participants SET completed_at = ? WHERE participant_id = ?",
                (_now(), participant_id),
            )

    def arm_counts(self) -> dict[str, int]:
        """Participants per arm (started sessions)."""
        with self._connect() as db:
            rows = db.execute("SELECT arm, COUNT(*) FROM participants GROUP BY arm").fetchall()
        return {arm: int(n) for arm, n in rows}

    def answers(self, participant_id: str) -> dict[str, str]:
        """All answers of one participant, by question."""
        with self._connect() as db:
            rows = db.execute(
                "SELECT question, value FROM answers WHERE participant_id = ?", (participant_id,)
            ).fetchall()
        return dict(rows)

    def table(self) -> pd.DataFrame:
        """One row per participant: the participant columns, then one column per question."""
        with self._connect() as db:
            people = pd.read_sql_query(
                f"SELECT {', '.join(PARTICIPANT_COLUMNS)} FROM participants ORDER BY started_at",
                db,
            )
            answers = pd.read_sql_query("SELECT participant_id, question, value FROM answers", db)
        if answers.empty:
            return people
        wide = answers.pivot(index="participant_id", columns="question", values="value")
        return people.merge(wide.reset_index(), on="participant_id", how="left")
