"""The lab's response store under a full lab: many participants at once, a killed server, export.

Issue 11: at least 50 participants answering at once against one database, each in its own process
using the app's own storage code; every answer there exactly once; assignment balanced.
"""

import multiprocessing
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pandas as pd
import pytest

from lab.humanlab import (
    ARMS,
    CSV_NAME,
    DICTIONARY_COLUMNS,
    DICTIONARY_NAME,
    PARQUET_NAME,
    SCALE_QUESTIONS,
    ResponseStore,
    assign_arm,
    choice_options,
    data_dictionary,
    response_table,
    rng_for,
    write_export,
)

ROOT = Path(__file__).resolve().parents[1]
PARTICIPANTS = 60
MONTHS = 12


def participant(db: str, number: int, barrier, results) -> None:
    """One participant's whole session, as the participant page stores it."""
    store = ResponseStore(db)
    pid = f"{number:012x}"
    barrier.wait(timeout=120)  # everyone starts at the same moment
    rng = rng_for(pid)
    arm = store.enrol(pid, "concurrent.csv", lambda counts: assign_arm(counts, rng))
    options = choice_options(arm).options
    answers = {"percentage": str(options[number % len(options)])}
    store.save_answer(pid, "percentage", answers["percentage"])
    for month in range(1, MONTHS + 1):
        store.save_answer(pid, "months_seen", month)
    answers["months_seen"] = str(MONTHS)
    for i, key in enumerate(SCALE_QUESTIONS):
        answers[key] = str(1 + (number + i) % 7)
        store.save_answer(pid, key, answers[key])
    answers["reason"] = f"reden van deelnemer {number}; met 'quotes' en een komma, ja"
    store.save_answer(pid, "reason", answers["reason"])
    store.complete(pid)
    results.put((pid, arm, answers))


def test_sixty_participants_at_once_lose_nothing_and_stay_balanced(tmp_path):
    db = tmp_path / "lab.sqlite"
    ResponseStore(db)  # the server opens the database before the participants arrive
    context = multiprocessing.get_context("fork")  # the children run only the store code
    barrier = context.Barrier(PARTICIPANTS)
    results = context.Queue()
    processes = [
        context.Process(target=participant, args=(str(db), n, barrier, results))
        for n in range(PARTICIPANTS)
    ]
    for process in processes:
        process.start()
    sent = [results.get(timeout=240) for _ in processes]
    for process in processes:
        process.join(timeout=60)
        assert process.exitcode == 0

    store = ResponseStore(db)
    rows = store.answer_rows()
    # every answer exactly once, with the value last given
    assert len(rows) == PARTICIPANTS * (3 + len(SCALE_QUESTIONS))
    assert not rows.duplicated(["participant_id", "question"]).any()
    for pid, _, answers in sent:
        assert store.answers(pid) == answers
    table = store.table().set_index("participant_id")
    assert len(table) == PARTICIPANTS and table["completed_at"].notna().all()
    assert {pid: arm for pid, arm, _ in sent} == table["arm"].to_dict()
    # balanced: arm sizes differ by at most one (the design's tolerance), every arm used
    counts = store.arm_counts()
    assert set(counts) == set(ARMS) and sum(counts.values()) == PARTICIPANTS
    assert max(counts.values()) - min(counts.values()) <= 1, counts
    with sqlite3.connect(db) as check:
        assert check.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


WRITER = """
import sys
from lab.humanlab import ResponseStore
store = ResponseStore(sys.argv[1])
store.start("killed000001", "control", "test")
for k in range(100_000):
    store.save_answer("killed000001", f"q{k:06d}", k)
    print(k, flush=True)  # only after the answer was committed
"""


def test_a_killed_server_loses_no_saved_answer(tmp_path):
    db = tmp_path / "lab.sqlite"
    process = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(WRITER), str(db)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    saved = []
    for line in process.stdout:
        saved.append(int(line))
        if len(saved) == 200:
            process.send_signal(signal.SIGKILL)
            break
    process.wait(timeout=60)
    saved += [int(line) for line in process.stdout]  # reported before the kill landed
    process.stdout.close()
    assert process.returncode == -signal.SIGKILL
    answers = ResponseStore(db).answers("killed000001")
    assert {f"q{k:06d}": str(k) for k in saved}.items() <= answers.items()
    with sqlite3.connect(db) as check:
        assert check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_assignment_is_decided_against_the_committed_counts(tmp_path):
    store = ResponseStore(tmp_path / "lab.sqlite")
    seen = []

    def choose(counts):
        seen.append(dict(counts))
        return assign_arm(counts, rng_for("00000000000a"), ("control", "voorzichtig"))

    arms = [store.enrol(f"{n:012x}", "test", choose) for n in range(6)]
    assert seen[0] == {} and sum(seen[-1].values()) == 5
    assert sorted(arms) == ["control"] * 3 + ["voorzichtig"] * 3


def test_export_has_types_and_a_data_dictionary(tmp_path):
    store = ResponseStore(tmp_path / "lab.sqlite")
    store.start("aaaaaaaaaaaa", "voorzichtig", "standaard.csv")
    store.save_answer("aaaaaaaaaaaa", "percentage", 80)
    store.save_answer("aaaaaaaaaaaa", "months_seen", 12)
    for key in SCALE_QUESTIONS:
        store.save_answer("aaaaaaaaaaaa", key, 6)
    store.save_answer("aaaaaaaaaaaa", "reason", "minder terugbetalen, later meer")
    store.complete("aaaaaaaaaaaa")
    store.start("bbbbbbbbbbbb", "control", "standaard.csv")  # stopped before choosing
    paths = write_export(store, tmp_path / "export")
    assert [p.name for p in paths] == [CSV_NAME, PARQUET_NAME, DICTIONARY_NAME]

    table = pd.read_parquet(tmp_path / "export" / PARQUET_NAME).set_index("participant_id")
    assert table.loc["aaaaaaaaaaaa", "percentage"] == 80
    assert str(table["percentage"].dtype) == "Int64" and str(table["stress"].dtype) == "Int64"
    assert pd.isna(table.loc["bbbbbbbbbbbb", "percentage"])
    assert pd.isna(table.loc["bbbbbbbbbbbb", "completed_at"])
    assert str(table["started_at"].dtype).startswith("datetime64")
    from_csv = pd.read_csv(tmp_path / "export" / CSV_NAME).set_index("participant_id")
    assert from_csv.loc["aaaaaaaaaaaa", "reason"] == "minder terugbetalen, later meer"

    dictionary = pd.read_csv(tmp_path / "export" / DICTIONARY_NAME)
    assert tuple(dictionary.columns) == DICTIONARY_COLUMNS
    assert dictionary["kolom"].tolist() == ["participant_id", *table.columns]  # every column
    assert dictionary["betekenis"].str.len().gt(10).all()
    described = dictionary.set_index("kolom")
    assert "voorzichtig: 80 of 100" in described.loc["percentage", "waarden"]
    assert "1 (geen stress) t/m 7 (heel veel stress)" in described.loc["stress", "waarden"]
    assert all(arm in described.loc["arm", "waarden"] for arm in ARMS)


def test_an_empty_lab_exports_the_columns(tmp_path):
    table = response_table(ResponseStore(tmp_path / "lab.sqlite"))
    assert table.empty and "percentage" in table.columns
    assert len(data_dictionary(table)) == len(table.columns)


@pytest.mark.parametrize("arms", [("control",), ("voorzichtig", "instelbaar")])
def test_assignment_stays_within_the_sessions_arms(tmp_path, arms):
    store = ResponseStore(tmp_path / "lab.sqlite")
    for n in range(7):
        rng = rng_for(f"{n:012x}")
        store.enrol(f"{n:012x}", "t", lambda counts, rng=rng: assign_arm(counts, rng, arms))
    counts = store.arm_counts()
    assert set(counts) == set(arms) and max(counts.values()) - min(counts.values()) <= 1


def test_the_export_command_writes_the_three_files(tmp_path, capsys):
    from lab.cli import main

    db = tmp_path / "lab.sqlite"
    store = ResponseStore(db)
    store.start("cccccccccccc", "instelbaar", "standaard.csv")
    store.save_answer("cccccccccccc", "percentage", 75)
    assert main(["lab-export", "--db", str(db), "--out", str(tmp_path / "x")]) == 0
    assert capsys.readouterr().out.split() == [
        str(tmp_path / "x" / name) for name in (CSV_NAME, PARQUET_NAME, DICTIONARY_NAME)
    ]
    assert pd.read_parquet(tmp_path / "x" / PARQUET_NAME)["percentage"].tolist() == [75]
    # a database that does not exist is not created, and said in one line
    assert main(["lab-export", "--db", str(tmp_path / "nee.sqlite"), "--out", "x"]) == 2
    assert "no such response database" in capsys.readouterr().err
    assert not (tmp_path / "nee.sqlite").exists()
    (tmp_path / "kapot.sqlite").write_bytes(b"this is not a database at all, just some text" * 50)
    assert main(["lab-export", "--db", str(tmp_path / "kapot.sqlite"), "--out", "x"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "not a database" in err[0]
