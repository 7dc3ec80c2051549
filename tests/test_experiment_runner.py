import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import lab.experiment.runs as runs
from lab.cli import main
from lab.errors import InputError
from lab.experiment import load_spec, read_manifest, run_experiment

ROOT = Path(__file__).resolve().parents[1]

SMALL = """
name = "small"
description = "control against the 80% option"
design = "{design}"
households = {households}
replications = {replications}
seed = 7
{extra}
[arms.control]
[arms.voorzichtig]
voorschot_option = "voorzichtig"
"""


def spec_file(tmp_path, design="policy", households=300, replications=3, extra=""):
    path = tmp_path / f"{design}-{households}-{replications}-{abs(hash(extra))}.toml"
    path.write_text(
        SMALL.format(design=design, households=households, replications=replications, extra=extra)
    )
    return path


def numbers(summary):
    """The numbers of a summary (provenance differs between runs by its times)."""
    return {k: summary[k] for k in ("arms", "effects", "subgroups", "monthly")}


def read_summary(folder):
    return json.loads((folder / "summary.json").read_text())


def test_local_and_dask_give_identical_summaries(tmp_path):
    spec = load_spec(spec_file(tmp_path))
    local = run_experiment(spec, tmp_path / "local", workers=1)
    dask = run_experiment(spec, tmp_path / "dask", workers=1, dask_local=True)
    pool = run_experiment(spec, tmp_path / "pool", workers=2)
    assert len(local.completed) == len(dask.completed) == len(pool.completed) == 6
    assert not local.failed and not dask.failed and not pool.failed
    assert numbers(read_summary(tmp_path / "local")) == numbers(read_summary(tmp_path / "dask"))
    assert numbers(read_summary(tmp_path / "local")) == numbers(read_summary(tmp_path / "pool"))
    manifest = read_manifest(tmp_path / "dask")
    assert manifest["sessions"][-1]["backend"].startswith("dask LocalCluster")
    # the summary has the contract's shape
    summary = read_summary(tmp_path / "local")
    effect = summary["effects"]["voorzichtig"]["high_recovery_share"]
    assert set(effect) >= {"diff", "ci_low", "ci_high", "bootstrap_ci_low", "bootstrap_ci_high"}
    assert set(summary["arms"]["control"]["take_up_rate"]) == {"mean", "ci_low", "ci_high"}
    assert summary["arms"]["control"]["reduced_choice_share"]["mean"] == 0.0
    assert summary["arms"]["voorzichtig"]["chosen_percentage_bins.80-85"]["mean"] > 0.0


def test_kill_halfway_and_resume(tmp_path):
    path = spec_file(tmp_path, households=4000, replications=5)
    out = tmp_path / "killed"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        [sys.executable, "-m", "lab", "run", str(path), "--workers", "1", "--out", str(out)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while not list((out / "runs").glob("*.parquet")) and time.monotonic() < deadline:
        assert process.poll() is None, "the run ended before it could be killed"
        time.sleep(0.02)
    process.send_signal(signal.SIGKILL)
    process.wait()
    finished = {p.name: p.stat().st_mtime_ns for p in (out / "runs").glob("*.parquet")}
    assert 1 <= len(finished) < 10

    spec = load_spec(path)
    resumed = run_experiment(spec, out, workers=1)
    assert sorted(f"{r}.parquet" for r in resumed.skipped) == sorted(finished)
    assert len(resumed.completed) == 10 - len(finished)
    for name, mtime in finished.items():
        assert (out / "runs" / name).stat().st_mtime_ns == mtime  # not recomputed

    whole = run_experiment(spec, tmp_path / "whole", workers=1)
    assert len(whole.completed) == 10
    assert numbers(read_summary(out)) == numbers(read_summary(tmp_path / "whole"))


def test_other_spec_in_the_same_folder_is_refused(tmp_path):
    out = tmp_path / "out"
    run_experiment(load_spec(spec_file(tmp_path, households=200, replications=2)), out)
    with pytest.raises(InputError, match="another version of this experiment"):
        run_experiment(load_spec(spec_file(tmp_path, households=300, replications=2)), out)
    (tmp_path / "a_file").write_text("not a folder")
    with pytest.raises(InputError, match="is not a folder"):
        run_experiment(
            load_spec(spec_file(tmp_path, households=200, replications=2)), tmp_path / "a_file"
        )


def test_a_failing_run_is_recorded_and_the_others_go_on(tmp_path, monkeypatch):
    spec = load_spec(spec_file(tmp_path, replications=3))
    real = runs.simulate

    def flaky(config, seed):
        if config.voorschot_option == "voorzichtig" and seed == bad_seed:
            raise RuntimeError("model exploded on purpose")
        return real(config, seed)

    tasks = runs.plan_runs(spec)
    bad_seed = next(t.seed for t in tasks if t.arm == "voorzichtig" and t.replication == 1)
    monkeypatch.setattr(runs, "simulate", flaky)
    outcome = run_experiment(spec, tmp_path / "out", workers=1)
    assert list(outcome.failed) == ["voorzichtig--p000--r0001"]
    assert len(outcome.completed) == 5
    manifest = read_manifest(tmp_path / "out")
    entry = manifest["runs"]["voorzichtig--p000--r0001"]
    assert entry["status"] == "failed"
    assert "model exploded on purpose" in entry["error"]
    summary = read_summary(tmp_path / "out")
    assert summary["provenance"]["runs_failed"]
    assert summary["effects"]["voorzichtig"]["take_up_rate"]["n"] == 2  # paired on the others
    # a rerun retries only the failed run
    monkeypatch.setattr(runs, "simulate", real)
    again = run_experiment(spec, tmp_path / "out", workers=1)
    assert again.completed == ["voorzichtig--p000--r0001"]
    assert not again.failed


def test_common_random_numbers_narrow_the_effect_interval(tmp_path):
    widths = {}
    for crn in (True, False):
        extra = f"common_random_numbers = {str(crn).lower()}"
        spec = load_spec(spec_file(tmp_path, households=2000, replications=8, extra=extra))
        run_experiment(spec, tmp_path / f"crn-{crn}", workers=1)
        effect = read_summary(tmp_path / f"crn-{crn}")["effects"]["voorzichtig"]
        high = effect["high_recovery_share"]
        widths[crn] = high["ci_high"] - high["ci_low"]
    print(
        f"95% CI width of the effect on high_recovery_share: CRN {widths[True]:.5f}, "
        f"independent seeds {widths[False]:.5f}"
    )
    assert widths[True] < widths[False]


def test_report_command_rebuilds_an_offline_report(tmp_path, capsys):
    out = tmp_path / "out"
    run_experiment(load_spec(spec_file(tmp_path, households=200, replications=2)), out)
    (out / "summary.json").unlink()
    (out / "report.html").unlink()
    assert main(["report", str(out)]) == 0
    assert "2 arms" not in capsys.readouterr().err
    page = (out / "report.html").read_text()
    assert not re.search(r"<script[^>]*\ssrc=", page)  # plotly.js is inlined: opens offline
    assert "Plotly.newPlot" in page
    assert read_manifest(out)["spec_hash"] in page
    assert main(["report", str(tmp_path / "nothing")]) == 2


def test_sobol_sweep_gives_design_points_and_indices(tmp_path):
    extra = (
        "[sweep]\nmethod = 'sobol'\nsamples = 2\n"
        "parameters = { 'behaviour.fear_mean' = [0.05, 0.6] }\n"
    )
    path = spec_file(tmp_path, households=300, replications=2)
    path.write_text(path.read_text() + extra)
    outcome = run_experiment(load_spec(path), tmp_path / "out", workers=1)
    assert outcome.total == 2 * (1 + 2) * 2 * 2 and not outcome.failed
    summary = read_summary(tmp_path / "out")
    assert len(summary["arms"]) == 2 * 6
    assert all(": behaviour.fear_mean=" in key for key in summary["arms"])
    assert all(key.startswith("voorzichtig [") for key in summary["effects"])
    indices = summary["sobol"]["control"]["take_up_rate"]
    assert set(indices) == {"S1", "S1_conf", "ST", "ST_conf"}
    assert set(indices["ST"]) == {"behaviour.fear_mean"}
