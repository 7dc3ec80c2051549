"""Backends under stress: Ctrl-C with worker processes, and executor failures recorded as runs."""

import concurrent.futures as cf
import json
import os
import signal
import subprocess
import sys
import time
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from lab.experiment import load_spec
from lab.experiment.backends import outcome_of
from lab.experiment.runs import plan_runs

ROOT = Path(__file__).resolve().parents[1]

SPEC = """
name = "interrupt"
description = "control against the 80% option"
design = "policy"
households = 5000
replications = 40
seed = 3
[arms.control]
[arms.voorzichtig]
voorschot_option = "voorzichtig"
"""


def _default_ctrl_c() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_ctrl_c_with_worker_processes_stops_at_once_and_keeps_finished_runs(tmp_path):
    spec = tmp_path / "interrupt.toml"
    spec.write_text(SPEC)
    out = tmp_path / "out"
    process = subprocess.Popen(
        [sys.executable, "-m", "lab", "run", str(spec), "--workers", "2", "--out", str(out)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group, as a terminal's foreground job
        # A foreground job has the default Ctrl-C; a test run started in the background (CI
        # harnesses, `cmd &`) inherits SIGINT ignored, and Python then never raises on it.
        preexec_fn=_default_ctrl_c,
    )
    started = time.monotonic()
    deadline = started + 120
    while len(list((out / "runs").glob("*.parquet"))) < 3 and time.monotonic() < deadline:
        assert process.poll() is None, "the experiment ended before it could be interrupted"
        time.sleep(0.02)
    os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C does: the whole group gets SIGINT
    sent = time.monotonic()
    # Finishing the ~77 queued runs would take about 25 times as long as the first three did; a
    # stop at once takes less than those three (plus a margin for a loaded machine).
    three_runs = sent - started
    _, stderr = process.communicate(timeout=60)
    waited = time.monotonic() - sent
    assert process.returncode == 130
    lines = [line for line in stderr.replace("\r", "\n").splitlines() if line.strip()]
    assert lines[-1] == "toeslagenlab: interrupted; finished work has been kept"
    assert "Traceback" not in stderr  # neither the parent nor the workers print one
    assert waited < max(10.0, three_runs), (
        f"took {waited:.1f} s to stop (the first three runs took {three_runs:.1f} s): "
        "queued runs were finished first"
    )

    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["sessions"][-1]["interrupted"] is True
    done = {k for k, r in manifest["runs"].items() if r["status"] == "done"}
    on_disk = {p.stem for p in (out / "runs").glob("*.parquet")}
    assert done == on_disk and 3 <= len(done) < 80


def test_executor_failure_becomes_a_failed_run_with_a_hint(tmp_path):
    spec = tmp_path / "interrupt.toml"
    spec.write_text(SPEC)
    task = plan_runs(load_spec(spec))[0]

    future: cf.Future = cf.Future()
    try:
        raise RuntimeError("Error during deserialization of the task graph.\nSee the docs")
    except RuntimeError as outer:
        outer.__cause__ = ModuleNotFoundError("No module named 'lab'")
        future.set_exception(outer)
    outcome = outcome_of(future, task, "dask scheduler tcp://example:8786")
    assert outcome.rows is None and outcome.run_id == task.run_id
    assert "\n" not in outcome.error
    assert outcome.error.startswith("dask scheduler tcp://example:8786: RuntimeError: Error during")
    assert "PYTHONPATH=<repository>" in outcome.error

    broken: cf.Future = cf.Future()
    broken.set_exception(BrokenProcessPool("a worker process died"))
    outcome = outcome_of(broken, task, "local processes (2)")
    assert outcome.error == "local processes (2): BrokenProcessPool: a worker process died"
