"""The human lab: participants living through a scenario sheet, their choices and their answers.

Layer 7, below the app and the commands and above the model and the experiments. Imports the law,
Awir and policy layers (and ``lab``, ``lab.errors``); nothing here calls Streamlit:

- ``scenario``: the scenario sheets (format in docs/scenario.md) and how to read one;
- ``scenario_run``: a household's run through a sheet, month by month, and its settlement;
- ``session``: the arms as a participant sees them, balanced assignment, the voorschot choice;
- ``responses``: the response database (SQLite), one transaction per answer;
- ``session_settings``: what every participant of a session gets, saved in that database;
- ``export``: the responses as CSV and Parquet, with a data dictionary;
- ``compare``: the participants' choices beside the agents'.

The app and the commands import the names below from ``lab.humanlab``.
"""

from lab.humanlab.compare import agent_choices, human_choices, side_by_side, toeslag_key
from lab.humanlab.export import (
    CSV_NAME,
    DICTIONARY_COLUMNS,
    DICTIONARY_NAME,
    PARQUET_NAME,
    csv_bytes,
    data_dictionary,
    parquet_bytes,
    response_table,
    write_export,
)
from lab.humanlab.responses import DB_ENV, ResponseStore, default_db_path
from lab.humanlab.scenario import (
    DEFAULT_RECOVERY_NAME,
    DEFAULT_SHEET,
    DEFAULT_TOESLAG_NAME,
    Scenario,
    load_scenario,
    parse_amount,
    parse_scenario,
)
from lab.humanlab.scenario_run import MonthResult, ScenarioResult, run_scenario, sheet_settlement
from lab.humanlab.session import (
    ARM_LABELS,
    ARMS,
    SCALE_QUESTIONS,
    SLIDER_STEP,
    assign_arm,
    choice_options,
    euro,
    new_participant_id,
    rng_for,
)
from lab.humanlab.session_settings import (
    SessionSettings,
    load_session_settings,
    parse_sheet,
    save_session_settings,
)

__all__ = [
    "ARMS",
    "ARM_LABELS",
    "CSV_NAME",
    "DB_ENV",
    "DEFAULT_RECOVERY_NAME",
    "DEFAULT_SHEET",
    "DEFAULT_TOESLAG_NAME",
    "DICTIONARY_COLUMNS",
    "DICTIONARY_NAME",
    "PARQUET_NAME",
    "SCALE_QUESTIONS",
    "SLIDER_STEP",
    "MonthResult",
    "ResponseStore",
    "Scenario",
    "ScenarioResult",
    "SessionSettings",
    "agent_choices",
    "assign_arm",
    "choice_options",
    "csv_bytes",
    "data_dictionary",
    "default_db_path",
    "euro",
    "human_choices",
    "load_scenario",
    "load_session_settings",
    "new_participant_id",
    "parquet_bytes",
    "parse_amount",
    "parse_scenario",
    "parse_sheet",
    "response_table",
    "rng_for",
    "run_scenario",
    "save_session_settings",
    "sheet_settlement",
    "side_by_side",
    "toeslag_key",
    "write_export",
]
