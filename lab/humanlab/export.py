"""The researcher's export of a lab: the responses as CSV and Parquet, with a data dictionary.

One row per participant. The answers are stored as text (:mod:`lab.humanlab.responses`); the export
gives them their types (whole numbers for percentages and scale answers, times as UTC timestamps)
and :func:`data_dictionary` says, per column, what it means and which values it can take.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from lab.humanlab.responses import ResponseStore
from lab.humanlab.session import ARM_LABELS, ARMS, SCALE_QUESTIONS, choice_options

#: File names of an export.
CSV_NAME = "lab_antwoorden.csv"
PARQUET_NAME = "lab_antwoorden.parquet"
DICTIONARY_NAME = "lab_datadictionary.csv"
#: Columns of the data dictionary.
DICTIONARY_COLUMNS = ("kolom", "betekenis", "waarden")
#: Answers stored as whole numbers.
WHOLE_NUMBER_ANSWERS = ("percentage", "months_seen", *SCALE_QUESTIONS)
#: Columns holding a UTC time.
TIME_COLUMNS = ("started_at", "completed_at")


def response_table(store: ResponseStore) -> pd.DataFrame:
    """One row per participant with typed columns (see :func:`data_dictionary`)."""
    table = store.table()
    for column in TIME_COLUMNS:
        table[column] = pd.to_datetime(table[column], utc=True, format="ISO8601")
    for column in WHOLE_NUMBER_ANSWERS:
        if column not in table:
            table[column] = pd.NA
        table[column] = pd.to_numeric(table[column], errors="coerce").astype("Int64")
    if "reason" not in table:
        table["reason"] = pd.NA
    known = [*TIME_COLUMNS, "participant_id", "arm", "scenario", *WHOLE_NUMBER_ANSWERS, "reason"]
    first = ["participant_id", "arm", "scenario", "started_at", "completed_at"]
    order = [*first, *WHOLE_NUMBER_ANSWERS, "reason"]
    order += [c for c in table.columns if c not in known]
    return table[order]


def _percentages(arm: str) -> str:
    options = choice_options(arm)
    if options.kind == "fixed":
        return f"{arm}: {options.options[0]}"
    if options.kind == "two":
        return f"{arm}: {' of '.join(str(o) for o in options.options)}"
    return f"{arm}: {options.options[0]} t/m {options.options[-1]}"


def data_dictionary(table: pd.DataFrame) -> pd.DataFrame:
    """Per column of ``table`` (from :func:`response_table`): its meaning and possible values."""
    arms = "; ".join(f"{arm} = {ARM_LABELS[arm]}" for arm in ARMS)
    entries = {
        "participant_id": (
            "willekeurige deelnemerscode (geen persoonsgegevens)",
            "12 hexadecimale tekens",
        ),
        "arm": ("groep waarin de deelnemer is geloot (gebalanceerd, bij de start)", arms),
        "scenario": ("naam van het scenarioblad dat de deelnemer doorliep", "bestandsnaam"),
        "started_at": ("moment van de start (na toestemming)", "tijdstip, UTC"),
        "completed_at": (
            "moment van afronden; leeg als de deelnemer niet afrondde",
            "tijdstip, UTC, of leeg",
        ),
        "percentage": (
            "gekozen voorschotpercentage (procent van het volle voorschot per maand)",
            "geheel getal per groep: " + "; ".join(_percentages(arm) for arm in ARMS),
        ),
        "months_seen": (
            "aantal maanden van het scenarioblad dat de deelnemer heeft doorlopen",
            "geheel getal vanaf 1 (alle maanden = het scenario afgemaakt)",
        ),
        "reason": ("antwoord op 'Waarom koos je dit percentage?'", "vrije tekst, of leeg"),
    }
    for key, (question, low, high) in SCALE_QUESTIONS.items():
        entries[key] = (f"antwoord op '{question}'", f"1 ({low}) t/m 7 ({high}), of leeg")
    rows = []
    for column in table.columns:
        meaning, values = entries.get(column, (f"antwoord op vraag '{column}'", "tekst"))
        rows.append((column, meaning, values))
    return pd.DataFrame(rows, columns=list(DICTIONARY_COLUMNS))


def write_export(store: ResponseStore, folder: str | Path) -> list[Path]:
    """Write the responses (CSV and Parquet) and the data dictionary to ``folder``; return paths."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    table = response_table(store)
    paths = [folder / CSV_NAME, folder / PARQUET_NAME, folder / DICTIONARY_NAME]
    table.to_csv(paths[0], index=False)
    table.to_parquet(paths[1], index=False)
    data_dictionary(table).to_csv(paths[2], index=False)
    return paths


def csv_bytes(table: pd.DataFrame) -> bytes:
    """A table as UTF-8 CSV (for a download button)."""
    return table.to_csv(index=False).encode("utf-8")


def parquet_bytes(table: pd.DataFrame) -> bytes:
    """A table as Parquet (for a download button)."""
    return table.to_parquet(index=False)
