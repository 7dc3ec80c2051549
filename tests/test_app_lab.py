from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from lab.humanlab import (
    ARMS,
    DEFAULT_SHEET,
    ResponseStore,
    assign_arm,
    choice_options,
    euro,
    load_scenario,
    rng_for,
    run_scenario,
)
from lab.policy.arms import arm_settings

ROOT = Path(__file__).resolve().parent.parent
PAGE_SCRIPT = """
from lab.app import {module}
{module}.render()
"""


def page(module: str, db: Path) -> AppTest:
    at = AppTest.from_string(PAGE_SCRIPT.format(module=module), default_timeout=60)
    at.session_state["db_path"] = str(db)
    return at


def errors_of(at: AppTest) -> list[str]:
    assert not at.exception, [e.value for e in at.exception]
    return [e.value for e in at.error]


def shown_text(at: AppTest) -> str:
    """Every text and widget label on the page (not the session state behind it)."""
    kinds = ("title", "subheader", "markdown", "caption", "info", "warning", "error", "text")
    parts = [str(e.value) for kind in kinds for e in getattr(at, kind)]
    parts += [str(w.label) for kind in ("checkbox", "button", "radio") for w in getattr(at, kind)]
    return "\n".join(parts)


def force_arm(db: Path, arm: str) -> None:
    """Fill the database so that ``arm`` has the fewest participants."""
    store = ResponseStore(db)
    for i, other in enumerate(a for a in ARMS if a != arm):
        store.start(f"seed{i:08x}", other, "test")


@pytest.mark.parametrize(("arm", "percentage"), [("control", 100), ("voorzichtig", 80)])
def test_participant_session_is_completed_and_read_back(tmp_path, arm, percentage):
    db = tmp_path / "lab.sqlite"
    force_arm(db, arm)
    at = page("participant_page", db).run()
    assert errors_of(at) == []
    at.checkbox(key="lab_consent").check().run()
    at.button[0].click().run()
    assert at.session_state["lab_arm"] == arm
    if arm == "voorzichtig":
        assert at.radio(key="lab_choice_two").options == ["80%", "100%"]
        at.radio(key="lab_choice_two").set_value(f"{percentage}%").run()
    at.button[0].click().run()  # confirm the choice
    expected = run_scenario(load_scenario(DEFAULT_SHEET), percentage=percentage / 100)
    for i, month in enumerate(expected.months):
        assert month.month in at.subheader[0].value
        assert euro(month.balance) in [m.value for m in at.metric]
        if month.settlement > 0:
            assert euro(month.settlement) in at.warning[0].value
        assert at.button[0].label == (
            "Naar de vragen" if i == len(expected.months) - 1 else "Volgende maand"
        )
        at.button[0].click().run()
        assert errors_of(at) == []
    pid = at.session_state["lab_pid"]
    answers = {"stress": 5, "certainty": 3, "trust": 4, "satisfaction": 6}
    for key, value in answers.items():
        at.radio(key=f"lab_q_{key}").set_value(value).run()
    # saved as given, before the session is finished
    assert ResponseStore(db).answers(pid)["stress"] == "5"
    at.text_area(key="lab_q_reason").input("Ik wil geen grote terugvordering").run()
    at.button[0].click().run()
    assert errors_of(at) == []
    assert "Bedankt" in at.success[0].value
    row = ResponseStore(db).table().set_index("participant_id").loc[pid]
    assert row["arm"] == arm and row["completed_at"]
    assert int(row["percentage"]) == percentage
    assert int(row["months_seen"]) == len(expected.months)
    assert {k: int(row[k]) for k in answers} == answers
    assert row["reason"] == "Ik wil geen grote terugvordering"


def test_instelbaar_slider_runs_from_the_floor_and_sets_the_recovery(tmp_path):
    db = tmp_path / "lab.sqlite"
    force_arm(db, "instelbaar")
    at = page("participant_page", db).run()
    at.checkbox(key="lab_consent").check().run()
    at.button[0].click().run()
    slider = at.slider(key="lab_choice_slider")
    assert slider.min == round(arm_settings().voorschot_floor * 100) and slider.max == 100
    slider.set_value(75).run()
    at.button[0].click().run()
    months = run_scenario(load_scenario(DEFAULT_SHEET), percentage=0.75).months
    for _ in months[:-1]:
        at.button[0].click().run()
    # the last month: 1000 - 25% of 3600 = 100 euro terugvordering
    assert euro(100) in at.warning[0].value
    assert ResponseStore(db).answers(at.session_state["lab_pid"])["percentage"] == "75"


def test_questions_must_be_answered_before_finishing(tmp_path):
    db = tmp_path / "lab.sqlite"
    at = page("participant_page", db)
    ResponseStore(db).start("abc123abc123", "control", "test")
    for key, value in {
        "lab_stage": "questions",
        "lab_pid": "abc123abc123",
        "lab_arm": "control",
        "lab_percentage": 100,
    }.items():
        at.session_state[key] = value
    at.run()
    at.button[0].click().run()
    assert "Beantwoord eerst alle vragen" in at.warning[0].value
    assert ResponseStore(db).table()["completed_at"].isna().all()


def test_an_unusable_database_path_gives_a_message_not_a_traceback(tmp_path):
    blocker = tmp_path / "bestand"
    blocker.write_text("not a folder")
    at = page("participant_page", blocker / "lab.sqlite").run()
    at.checkbox(key="lab_consent").check().run()
    at.button[0].click().run()
    errors = errors_of(at)
    assert len(errors) == 1 and "kies een ander databasepad" in errors[0]


def test_assignment_is_balanced_and_reproducible():
    counts: Counter[str] = Counter()
    rng = np.random.default_rng(7)
    for _ in range(31):
        counts[assign_arm(counts, rng)] += 1
    assert max(counts.values()) - min(counts.values()) <= 1 and set(counts) == set(ARMS)
    assert assign_arm({}, rng_for("00ff00ff00ff")) == assign_arm({}, rng_for("00ff00ff00ff"))
    firsts = {assign_arm({}, np.random.default_rng(seed)) for seed in range(30)}
    assert firsts == set(ARMS)  # ties are broken at random


def test_choice_options_come_from_the_parameters():
    arms = arm_settings()
    assert choice_options("control").options == (100,)
    assert choice_options("voorzichtig").options == (round(arms.voorzichtig_percentage * 100), 100)
    assert choice_options("instelbaar").kind == "slider"


def test_researcher_view_needs_the_password(tmp_path, monkeypatch):
    db = tmp_path / "lab.sqlite"
    monkeypatch.delenv("TOESLAGENLAB_RESEARCHER_PASSWORD", raising=False)
    at = page("researcher_page", db).run()
    assert "geen onderzoekerswachtwoord" in at.warning[0].value
    assert not at.get("download_button")

    monkeypatch.setenv("TOESLAGENLAB_RESEARCHER_PASSWORD", "geheim")
    store = ResponseStore(db)
    store.start("aaaaaaaaaaaa", "voorzichtig", "test")
    store.save_answer("aaaaaaaaaaaa", "percentage", 80)
    store.start("bbbbbbbbbbbb", "control", "test")
    store.save_answer("bbbbbbbbbbbb", "percentage", 100)
    at = page("researcher_page", db).run()
    at.text_input(key="researcher_password_input").input("fout").run()
    at.button[0].click().run()
    assert "Onjuist wachtwoord" in at.error[0].value
    at.text_input(key="researcher_password_input").input("geheim").run()
    at.button[0].click().run()
    assert errors_of(at) == []
    counts = at.dataframe[0].value.set_index("groep")
    assert counts["gestart"].tolist() == [1, 1, 0]
    download = at.get("download_button")[0]
    assert download.proto.label == "Download antwoorden (CSV)"


HEADER = "Maand,Inkomen,Bedrag,Vaste last,Bedrag,Uitgave,Toelichting,Bedrag\n"


def researcher(db: Path, monkeypatch) -> AppTest:
    """The researcher page, logged in."""
    monkeypatch.setenv("TOESLAGENLAB_RESEARCHER_PASSWORD", "geheim")
    at = page("researcher_page", db)
    at.session_state["researcher_ok"] = True
    return at.run()


def upload(at: AppTest, name: str, data: bytes) -> AppTest:
    at.radio(key="lab_source").set_value("Eigen scenario (CSV)").run()
    at.file_uploader[0].set_value((name, data, "text/csv"))
    return at.run()


def test_a_bad_uploaded_sheet_names_row_and_column(tmp_path, monkeypatch):
    at = researcher(tmp_path / "lab.sqlite", monkeypatch)
    upload(at, "kapot.csv", (HEADER + "jan,Salaris,veel,,,,,\n").encode())
    errors = errors_of(at)
    assert len(errors) == 1
    assert "kapot.csv: row 2, column C" in errors[0] and "not an amount" in errors[0]


def test_an_uploaded_sheet_is_used_with_its_own_toeslag_line(tmp_path, monkeypatch):
    db = tmp_path / "lab.sqlite"
    force_arm(db, "control")
    sheet = HEADER + "jan,Loon,1000,Huur,600,,,\n,Zorgtoeslag,100,,,,,\nfeb,,,,,,,\n"
    at = researcher(db, monkeypatch)
    upload(at, "eigen.csv", sheet.encode())
    assert at.selectbox[0].options == ["Loon", "Zorgtoeslag"]
    at.selectbox[0].set_value("Zorgtoeslag").run()
    at.button(key="lab_save_settings").click().run()
    assert errors_of(at) == [] and "Opgeslagen" in at.success[0].value
    # a participant in another browser session gets the researcher's sheet
    at = page("participant_page", db).run()
    at.checkbox(key="lab_consent").check().run()
    at.button[0].click().run()
    at.button[0].click().run()  # control: 100%
    assert euro(500) in [m.value for m in at.metric]  # 1000 + 100 - 600
    at.button[0].click().run()
    assert "verspringt" in at.info[0].value  # feb is a time jump
    assert "eigen.csv" in set(ResponseStore(db).table()["scenario"])


def test_the_researcher_sets_the_arms_and_the_start_balance(tmp_path, monkeypatch):
    db = tmp_path / "lab.sqlite"
    at = researcher(db, monkeypatch)
    at.multiselect(key="lab_arms").set_value(["voorzichtig"]).run()
    at.number_input(key="lab_start").set_value(250.0).run()
    at.button(key="lab_save_settings").click().run()
    assert errors_of(at) == []
    for _ in range(3):  # every participant goes to the only arm left
        at = page("participant_page", db).run()
        at.checkbox(key="lab_consent").check().run()
        at.button[0].click().run()
        assert at.session_state["lab_arm"] == "voorzichtig"
        assert at.session_state["lab_sheet"][3] == 250.0
    assert ResponseStore(db).arm_counts() == {"voorzichtig": 3}


def test_researcher_sees_humans_beside_the_agents(tmp_path, monkeypatch):
    db = tmp_path / "lab.sqlite"
    monkeypatch.setenv("TOESLAGENLAB_RESEARCHER_PASSWORD", "geheim")
    store = ResponseStore(db)
    for pid, arm, pct in [
        ("a1", "voorzichtig", 80),
        ("a2", "voorzichtig", 100),
        ("a3", "instelbaar", 70),
    ]:
        store.start(pid, arm, "test")
        store.save_answer(pid, "percentage", pct)
    at = page("researcher_page", db)
    at.session_state["researcher_ok"] = True
    at.run()
    at.checkbox(key="researcher_agents").check().run()
    assert errors_of(at) == []
    both = at.dataframe[-1].value
    assert both.loc["voorzichtig", "mensen_n"] == 2
    assert both.loc["voorzichtig", "mensen_reduced_share"] == 0.5
    assert both.loc["control", "agenten_mean_percentage"] == 100.0
    assert both.loc["instelbaar", "agenten_n"] > 0
    assert 70 <= both.loc["instelbaar", "agenten_mean_percentage"] <= 100
    assert len(at.get("plotly_chart")) == 1
    assert "1,800 tot 5,400 euro per jaar" in at.caption[-1].value  # 3,600 in the default sheet


def test_a_full_disk_while_answering_is_a_message(tmp_path, monkeypatch):
    import sqlite3

    import lab.humanlab.responses as responses

    db = tmp_path / "lab.sqlite"
    force_arm(db, "control")
    at = page("participant_page", db).run()
    at.checkbox(key="lab_consent").check().run()
    at.button[0].click().run()
    real_connect = sqlite3.connect

    class FullDisk:
        def __init__(self, *args, **kwargs):
            self.db = real_connect(*args, **kwargs)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def execute(self, sql, *args):
            if sql.lstrip().upper().startswith("INSERT"):
                raise sqlite3.OperationalError("database or disk is full")
            return self.db.execute(sql, *args)

        def executescript(self, sql):
            return self.db.executescript(sql)

        def close(self):
            self.db.close()

    monkeypatch.setattr(responses.sqlite3, "connect", FullDisk)
    at.button[0].click().run()  # confirm the choice: saving fails
    errors = errors_of(at)
    assert len(errors) == 1 and "database or disk is full" in errors[0]
    assert "controleer de vrije schijfruimte" in errors[0]


def test_the_app_starts_on_the_participant_page(tmp_path, monkeypatch):
    monkeypatch.setenv("TOESLAGENLAB_DB", str(tmp_path / "lab.sqlite"))
    monkeypatch.delenv("TOESLAGENLAB_KIOSK", raising=False)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert not at.exception and not at.error
    assert at.title[0].value == "Toeslagenlab: doe mee"
    # no researcher controls for a participant, even outside kiosk mode (issue 11 item 7)
    assert not at.text_input and not at.sidebar.text_input and not at.get("file_uploader")
    assert "Sessie-instellingen" not in str(at.sidebar) and not at.expander
    at.checkbox(key="lab_consent").check().run()
    at.button[0].click().run()
    assert ResponseStore(tmp_path / "lab.sqlite").arm_counts()  # the configured database


def test_kiosk_mode_shows_only_the_participant_flow(tmp_path, monkeypatch):
    db = tmp_path / "kiosk.sqlite"
    monkeypatch.setenv("TOESLAGENLAB_DB", str(db))
    monkeypatch.setenv("TOESLAGENLAB_KIOSK", "1")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state["db_path"] = str(tmp_path / "elsewhere.sqlite")  # ignored in kiosk mode
    at.run()
    assert not at.exception and not at.error
    assert at.title[0].value == "Toeslagenlab: doe mee"
    assert not at.text_input and not at.sidebar.text_input and not at.get("file_uploader")
    shown = shown_text(at)
    assert "sqlite" not in shown and "Sessie-instellingen" not in shown and "Scenario" not in shown
    at.checkbox(key="lab_consent").check().run()
    at.button[0].click().run()
    assert sum(ResponseStore(db).arm_counts().values()) == 1
    assert not (tmp_path / "elsewhere.sqlite").exists()


@pytest.mark.parametrize(
    ("argv", "env", "secret", "expected"),
    [
        ([], "", None, False),
        (["--kiosk"], "", None, True),
        ([], "1", None, True),
        ([], "ja", None, True),
        ([], "0", None, False),
        ([], "", "kiosk = true", True),
        ([], "", "kiosk = false", False),
    ],
)
def test_kiosk_mode_is_switched_on_by_the_researcher(
    tmp_path, monkeypatch, argv, env, secret, expected
):
    import streamlit as st

    from lab.app import lab_settings

    monkeypatch.setenv("TOESLAGENLAB_KIOSK", env)
    monkeypatch.chdir(tmp_path)
    if secret is not None:
        (tmp_path / ".streamlit").mkdir()
        (tmp_path / ".streamlit" / "secrets.toml").write_text(secret + "\n")
    monkeypatch.setattr(st.secrets, "_secrets", None)  # read the secrets of this folder
    monkeypatch.setattr(lab_settings, "_secret", lambda name: _secret_in(tmp_path, name))
    assert lab_settings.kiosk_mode(argv) is expected


def _secret_in(folder: Path, name: str):
    import tomllib

    path = folder / ".streamlit" / "secrets.toml"
    return tomllib.loads(path.read_text()).get(name) if path.exists() else None


def test_in_kiosk_mode_a_storage_error_shows_no_path(tmp_path, monkeypatch):
    from lab.app.participant_page import KIOSK_ERROR

    blocker = tmp_path / "bestand"
    blocker.write_text("not a folder")
    monkeypatch.setenv("TOESLAGENLAB_DB", str(blocker / "lab.sqlite"))
    monkeypatch.setenv("TOESLAGENLAB_KIOSK", "1")
    at = AppTest.from_string(PAGE_SCRIPT.format(module="participant_page"), default_timeout=60)
    at.run()
    at.checkbox(key="lab_consent").check().run()
    at.button[0].click().run()
    assert errors_of(at) == [KIOSK_ERROR]
    assert str(tmp_path) not in shown_text(at)
