"""Lab responses in SQLite: one row per participant, one row per answer, saved as they are given.

Only pseudonymous ids, the arm, the scenario and the answers are stored; no personal data.

Many participants answer at once on one server, so the file is shared by many writers:

- the database runs in WAL mode (readers never block the writer) with a busy timeout, so a writer
  waits for its turn instead of failing;
- every answer is one ``BEGIN IMMEDIATE`` transaction, committed (and synced, ``synchronous=FULL``)
  before the call returns: a closed tab or a killed server loses no answer that was saved;
- a participant's arm is chosen inside the same transaction that records the participant, against
  the counts at that moment, so concurrent starts cannot all pick the same "emptiest" arm.

The lab's session settings (scenario sheet, toeslag line, start balance, arms) live in the same
file, in ``settings``: the researcher sets them once and every participant's browser reads them.
"""

from __future__ import annotations

import json
import os
import sqlite3
import sys
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lab.errors import InputError

if TYPE_CHECKING:
    import pandas as pd

#: Environment variable that sets the default database path.
DB_ENV = "TOESLAGENLAB_DB"
#: Columns of the participants table, in export order.
PARTICIPANT_COLUMNS = ("participant_id", "arm", "scenario", "started_at", "completed_at")
#: Milliseconds a writer waits for another writer before giving up.
BUSY_TIMEOUT_MS = 30_000

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
CREATE TABLE IF NOT EXISTS settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    saved_at TEXT NOT NULL
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
    return datetime.now(UTC).isoformat(timespec="milliseconds")


class ResponseStore:
    """The SQLite file of one lab: participants, their answers and the session settings.

    Every method opens its own connection and commits one transaction before it returns, so the
    store can be used from many threads and processes at once. Errors (a folder that cannot be
    made, a full disk, a file that is not a database) come out as InputError saying what to do.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path).expanduser()
        with self._connect() as db:
            mode = db.execute("PRAGMA journal_mode=WAL").fetchone()[0]
            if str(mode).lower() != "wal":  # e.g. a network file system without shared memory
                db.execute("PRAGMA journal_mode=DELETE")
            db.executescript(_SCHEMA)

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        """A connection in autocommit mode (transactions are explicit, see :meth:`_write`)."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        except (OSError, sqlite3.Error) as exc:
            raise InputError(
                f"de antwoordendatabase {self.path} kan niet worden geopend ({exc}); "
                "kies een ander databasepad (TOESLAGENLAB_DB of de onderzoekerspagina)"
            ) from None
        try:
            db.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            db.execute("PRAGMA synchronous=FULL")
            db.execute("PRAGMA foreign_keys=ON")
            yield db
        except sqlite3.Error as exc:
            raise InputError(
                f"opslaan in {self.path} is mislukt ({exc}); controleer de vrije schijfruimte "
                "en het databasepad en probeer het opnieuw"
            ) from None
        finally:
            db.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, taken at once (``BEGIN IMMEDIATE``), committed on success."""
        with self._connect() as db:
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")

    def start(self, participant_id: str, arm: str, scenario: str) -> None:
        """Record a new participant with an arm chosen elsewhere (tests, imports)."""
        with self._write() as db:
            _insert_participant(db, participant_id, arm, scenario)

    def enrol(
        self, participant_id: str, scenario: str, choose: Callable[[dict[str, int]], str]
    ) -> str:
        """Record a new participant and give it an arm, in one transaction; return the arm.

        Args:
            participant_id: the participant's pseudonymous id.
            scenario: name of the scenario sheet the participant gets.
            choose: picks the arm from the participants per arm so far (e.g. balanced random
                assignment); it sees the counts of every participant committed before this one,
                and no other start can commit in between.
        """
        with self._write() as db:
            arm = choose(_arm_counts(db))
            _insert_participant(db, participant_id, arm, scenario)
        return arm

    def save_answer(self, participant_id: str, question: str, value: object) -> None:
        """Save (or replace) one answer, committed before this returns."""
        with self._write() as db:
            db.execute(
                "INSERT INTO answers (participant_id, question, value, saved_at) "
                "VALUES (?, ?, ?, ?) ON CONFLICT (participant_id, question) "
                "DO UPDATE SET value = excluded.value, saved_at = excluded.saved_at",
                (participant_id, question, str(value), _now()),
            )

    def complete(self, participant_id: str) -> None:
        """Mark a participant's session as finished."""
        with self._write() as db:
            db.execute(
                "UPDATE participants SET completed_at = ? WHERE participant_id = ?",
                (_now(), participant_id),
            )

    def arm_counts(self) -> dict[str, int]:
        """Participants per arm (started sessions)."""
        with self._connect() as db:
            return _arm_counts(db)

    def answers(self, participant_id: str) -> dict[str, str]:
        """All answers of one participant, by question."""
        with self._connect() as db:
            rows = db.execute(
                "SELECT question, value FROM answers WHERE participant_id = ?", (participant_id,)
            ).fetchall()
        return dict(rows)

    def save_settings(self, values: Mapping[str, Any]) -> None:
        """Save session settings (JSON values) for every participant's session, in one go."""
        with self._write() as db:
            db.executemany(
                "INSERT INTO settings (key, value, saved_at) VALUES (?, ?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value, "
                "saved_at = excluded.saved_at",
                [(key, json.dumps(value), _now()) for key, value in values.items()],
            )

    def settings(self) -> dict[str, Any]:
        """The saved session settings (empty when the researcher saved none)."""
        with self._connect() as db:
            rows = db.execute("SELECT key, value FROM settings").fetchall()
        return {key: json.loads(value) for key, value in rows}

    def answer_rows(self) -> pd.DataFrame:
        """Every saved answer, one row each: participant_id, question, value, saved_at."""
        import pandas as pd

        with self._connect() as db:
            return pd.read_sql_query(
                "SELECT participant_id, question, value, saved_at FROM answers "
                "ORDER BY participant_id, question",
                db,
            )

    def table(self) -> pd.DataFrame:
        """One row per participant: the participant columns, then one column per question."""
        import pandas as pd

        with self._connect() as db:
            people = pd.read_sql_query(
                f"SELECT {', '.join(PARTICIPANT_COLUMNS)} FROM participants "
                "ORDER BY started_at, participant_id",
                db,
            )
            answers = pd.read_sql_query("SELECT participant_id, question, value FROM answers", db)
        if answers.empty:
            return people
        wide = answers.pivot(index="participant_id", columns="question", values="value")
        return people.merge(wide.reset_index(), on="participant_id", how="left")


def _insert_participant(
    db: sqlite3.Connection, participant_id: str, arm: str, scenario: str
) -> None:
    db.execute(
        "INSERT INTO participants (participant_id, arm, scenario, started_at) VALUES (?, ?, ?, ?)",
        (participant_id, arm, scenario, _now()),
    )


def _arm_counts(db: sqlite3.Connection) -> dict[str, int]:
    rows = db.execute("SELECT arm, COUNT(*) FROM participants GROUP BY arm").fetchall()
    return {arm: int(n) for arm, n in rows}
