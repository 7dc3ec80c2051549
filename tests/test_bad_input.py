"""Bad input and hostile surroundings on the command line: one line, exit code 2, nothing lost.

Issue 11, items 1-4 and 6: a binary experiment file, an output folder that cannot be made, a run
file cut short, output piped into a reader that leaves early, amounts and ages out of range, a
command-line value blamed on the file, an empty progress bar before an error, an empty lab arm.
"""

import signal
import subprocess
import sys
from pathlib import Path

import pytest

from lab.cli import EXIT_BROKEN_PIPE, EXIT_INTERRUPTED, main
from lab.experiment import load_spec, run_experiment

ROOT = Path(__file__).resolve().parents[1]
SPEC = """
name = "tiny"
design = "{design}"
households = {households}
replications = 2
seed = 3

[arms.control]
[arms.voorzichtig]
voorschot_option = "voorzichtig"
"""


def spec_file(tmp_path: Path, design: str = "policy", households: int = 200) -> Path:
    path = tmp_path / f"tiny-{design}-{households}.toml"
    path.write_text(SPEC.format(design=design, households=households))
    return path


def one_error_line(capsys) -> str:
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1, captured.err
    assert lines[0].startswith("toeslagenlab: error: ")
    assert "Traceback" not in captured.err
    return lines[0]


def test_a_binary_experiment_file_is_one_line(tmp_path, capsys):
    path = tmp_path / "b.toml"
    path.write_bytes(b"\x00\x01\xff\xfe")
    assert main(["run", str(path), "--out", str(tmp_path / "out")]) == 2
    line = one_error_line(capsys)
    assert "b.toml: not a text file" in line and "TOML" in line
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("out", "reason"),
    [
        ("/proc/toeslag_out", "No such file or directory"),
        ("/sys/kernel/toeslag", ""),  # permission refused; the exact words depend on the kernel
        ("{file}/sub", "part of the path is a file"),
    ],
)
def test_an_output_folder_that_cannot_be_made_is_one_line(tmp_path, capsys, out, reason):
    existing = tmp_path / "EXISTINGFILE"
    existing.write_text("a file, not a folder")
    out = out.format(file=existing)
    assert main(["run", str(spec_file(tmp_path)), "--out", out]) == 2
    line = one_error_line(capsys)
    assert f"{out}: cannot make or write the results folder" in line
    assert reason in line and "choose another --out" in line
    assert existing.read_text() == "a file, not a folder"


@pytest.mark.parametrize(
    ("command", "work"),
    [
        (["validate"], "simulate_moments"),
        (["sensitivity", "--samples", "2"], "sobol_sensitivity"),
        (["calibrate", "--budget", "1"], "calibrate"),
    ],
)
def test_a_report_folder_that_cannot_be_made_is_refused_before_any_run(
    tmp_path, capsys, monkeypatch, command, work
):
    """validate, sensitivity and calibrate check --out first: minutes of runs are never lost."""
    import lab.calibration

    def must_not_run(*args, **kwargs):
        raise AssertionError(f"{work} ran before --out was checked")

    monkeypatch.setattr(lab.calibration, work, must_not_run)
    existing = tmp_path / "EXISTINGFILE"
    existing.write_text("a file, not a folder")
    for out, reason in (
        ("/proc/toeslag_out", "No such file or directory"),
        (f"{existing}/sub", "part of the path is a file"),
        (str(existing), "exists and is not a folder"),
    ):
        assert main([*command, "--out", out]) == 2
        line = one_error_line(capsys)
        assert line.startswith(f"toeslagenlab: error: {out}: ")
        assert reason in line and "choose another --out" in line
    assert existing.read_text() == "a file, not a folder"


def test_a_damaged_run_file_is_reported_set_aside_and_redone(tmp_path, capsys):
    spec = load_spec(spec_file(tmp_path))
    out = tmp_path / "out"
    assert len(run_experiment(spec, out).completed) == 4
    runs = sorted((out / "runs").glob("*.parquet"))
    damaged = runs[1]
    original = damaged.read_bytes()
    others = {p.name: p.read_bytes() for p in runs if p != damaged}
    damaged.write_bytes(original[: len(original) // 2])  # a copy cut short

    capsys.readouterr()
    assert main(["report", str(out)]) == 0
    captured = capsys.readouterr()
    warning = captured.err.strip().splitlines()
    assert len(warning) == 1 and "Traceback" not in captured.err
    assert f"runs/{damaged.name} could not be read" in warning[0]
    assert f"set aside as {damaged.name}.corrupt" in warning[0]
    assert "3 of 4 runs" in captured.out
    assert not damaged.exists() and (out / "runs" / f"{damaged.name}.corrupt").exists()

    damaged.write_bytes(original[:100])  # damaged again, found this time by the rerun
    assert main(["run", str(spec_file(tmp_path)), "--out", str(out)]) == 0
    captured = capsys.readouterr()
    assert f"runs/{damaged.name} could not be read" in captured.err
    assert "1 runs done now, 3 already done" in captured.out
    assert damaged.read_bytes() == original  # redone, byte for byte
    assert {p.name: p.read_bytes() for p in runs if p != damaged} == others  # kept untouched
    assert (out / "runs" / f"{damaged.name}.corrupt2").exists()  # the evidence is kept


def test_a_damaged_run_file_met_while_reading_is_one_line(tmp_path):
    from lab.errors import InputError
    from lab.experiment import load_runs

    out = tmp_path / "out"
    run_experiment(load_spec(spec_file(tmp_path)), out, report=False)
    victim = sorted((out / "runs").glob("*.parquet"))[0]
    victim.write_bytes(b"PAR1 not really")
    with pytest.raises(InputError, match=r"could not be read.*run the experiment again"):
        load_runs(out)
    assert not victim.exists()


@pytest.mark.parametrize(
    "argv",
    [
        ["scenario", "--json"],
        ["year", "--year", "2026", "--estimate", "28000", "--actual", "34000", "--json"],
        ["award", "--year", "2026", "--income", "30000", "--json"],
        ["list"],
    ],
)
def test_output_into_a_reader_that_left_is_quiet(argv):
    """As ``toeslagenlab ... | head -c 300``: the reader closes its end before we write."""
    process = subprocess.Popen(
        [sys.executable, "-m", "lab", *argv],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    process.stdout.close()  # the reader is gone before the command has written anything
    err = process.stderr.read().decode()
    process.stderr.close()
    assert process.wait(timeout=120) == EXIT_BROKEN_PIPE
    assert err == ""


def test_head_reads_the_start_and_the_command_stays_quiet(tmp_path):
    result = subprocess.run(
        f"{sys.executable} -m lab scenario --json | head -c 300",
        shell=True,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert len(result.stdout) == 300 and result.stdout.startswith("{")
    assert result.stderr == ""


@pytest.mark.parametrize(
    ("flags", "expected"),
    [
        (["--income", "inf"], "--income must be a finite number, got inf"),
        (["--income", "nan"], "--income must be at least 0, got nan"),
        (["--income", "20000", "--rent", "inf"], "--rent must be a finite number"),
        (["--income", "20000", "--applicant-age", "200"], "--applicant-age must be an age from"),
        (["--income", "20000", "--applicant-age", "-1"], "got -1"),
    ],
)
def test_amounts_and_ages_out_of_range_are_refused(capsys, flags, expected):
    assert main(["award", "--year", "2026", *flags]) == 2
    assert expected in one_error_line(capsys)


def test_an_applicant_age_in_range_is_accepted(capsys):
    assert main(["award", "--year", "2026", "--income", "15000", "--applicant-age", "20"]) == 0


def test_a_command_line_value_is_blamed_on_the_command_line(tmp_path, capsys):
    path = spec_file(tmp_path)
    assert main(["run", str(path), "--replications", "1", "--out", str(tmp_path / "o")]) == 2
    line = one_error_line(capsys)  # also: no empty progress bar before the error
    assert line.startswith("toeslagenlab: error: --replications:") and "2" in line
    assert str(path) not in line
    (tmp_path / "bad.toml").write_text(SPEC.format(design="policy", households=10) + "\n")
    text = (tmp_path / "bad.toml").read_text().replace("replications = 2", "replications = 1")
    (tmp_path / "bad.toml").write_text(text)
    assert main(["run", str(tmp_path / "bad.toml"), "--out", str(tmp_path / "o")]) == 2
    assert "bad.toml: field 'replications'" in one_error_line(capsys)


def test_an_error_after_planning_prints_no_progress_bar(tmp_path, capsys):
    out = tmp_path / "out"
    run_experiment(load_spec(spec_file(tmp_path, households=100)), out, report=False)
    capsys.readouterr()
    # the same folder, another experiment: refused before any run
    assert main(["run", str(spec_file(tmp_path, households=150)), "--out", str(out)]) == 2
    assert "another version of this experiment" in one_error_line(capsys)


def test_a_lab_design_with_an_empty_arm_is_refused(tmp_path, capsys):
    assert main(["run", str(spec_file(tmp_path, "lab", households=1))]) == 2
    line = one_error_line(capsys)
    assert "field 'households'" in line and "at least 2 households (got 1)" in line
    path = spec_file(tmp_path, "lab", households=50)
    assert main(["run", str(path), "--households", "1", "--out", str(tmp_path / "o")]) == 2
    assert one_error_line(capsys).startswith("toeslagenlab: error: --households: the lab design")
    spec = load_spec(spec_file(tmp_path, "lab", households=2))  # one participant per arm: allowed
    assert spec.households == 2


# A Ctrl-C while the command is still finding its sub-commands (they import numpy, numba and
# mesa, the slowest second of a start): the child interrupts itself at the first one.
_CTRL_C_WHILE_STARTING = """
import os, signal, sys
import lab.cli

real_import = lab.cli.importlib.import_module

def import_then_ctrl_c(name):
    os.kill(os.getpid(), signal.SIGINT)
    return real_import(name)

lab.cli.importlib.import_module = import_then_ctrl_c
raise SystemExit(lab.cli.main(sys.argv[1:]))
"""


def test_ctrl_c_while_the_command_starts_gives_one_line_and_no_traceback(tmp_path):
    out = tmp_path / "out"
    argv = ["run", "experiments/lab_voorzichtig.toml", "--out", str(out)]
    result = subprocess.run(
        [sys.executable, "-c", _CTRL_C_WHILE_STARTING, *argv],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    assert result.returncode == EXIT_INTERRUPTED
    assert result.stderr == (
        "toeslagenlab: interrupted before the command started; nothing was written\n"
    )
    assert not out.exists()
