"""The calibrate and validate commands: files written, provenance, one-line errors."""

import json
import math
import shutil
import tomllib
from pathlib import Path

import numpy as np
import pytest

from lab.calibration import TARGETS_PATH, write_json
from lab.cli import main
from lab.valuefile import PARAMS_DIR, load_value_file

ROOT = Path(__file__).resolve().parents[1]


def strict_json(text: str):
    """``text`` parsed as JSON proper: NaN, Infinity and -Infinity are refused."""

    def refuse(constant):
        raise ValueError(f"{constant} is not JSON")

    return json.loads(text, parse_constant=refuse)


@pytest.fixture
def small_targets(tmp_path):
    text = TARGETS_PATH.read_text(encoding="utf-8")
    start, end = text.index("[calibrate]"), text.index("# -----")
    small = (
        "[calibrate]\nhouseholds = 300\nseeds = [1, 2]\nyear = 2026\nparameters = "
        '["behaviour:take_up.intercept[0]", "population:housing.rent_rise_known_share"]\n\n'
    )
    small = text[:start] + small + text[end:]
    path = tmp_path / "targets.toml"
    path.write_text(small, encoding="utf-8")
    return path


def test_calibrate_writes_the_parameter_file_and_the_fit_report(tmp_path, small_targets, capsys):
    out = tmp_path / "cal"
    code = main(["calibrate", str(small_targets), "--budget", "0.05", "--out", str(out)])
    assert code == 0
    record = tomllib.loads((out / "calibrated.toml").read_text())
    for key in ("date", "commit", "objective", "evaluations", "load_before", "cpus", "start"):
        assert key in record["calibration"]
    assert record["calibration"]["start"] == "values in the parameter files"
    assert "take_up.intercept[0]" in record["behaviour"]
    assert "housing.rent_rise_known_share" in record["population"]
    fit = strict_json((out / "fit.json").read_text())
    row = fit["rows"][0]
    for key in ("target", "band", "simulated", "interval", "fitted", "source"):
        assert key in row
    page = (out / "fit.html").read_text()
    assert "Calibration fit" in page and "out of sample" in page
    printed = capsys.readouterr().out
    assert "fitted targets in their band" in printed


def test_validate_writes_one_table_of_fitted_and_out_of_sample_rows(tmp_path, capsys):
    out = tmp_path / "val"
    code = main(["validate", "--households", "300", "--replications", "2", "--out", str(out)])
    assert code == 0
    rows = strict_json((out / "validation.json").read_text())["rows"]
    kinds = {r["fitted"] for r in rows}
    assert kinds == {True, False}
    names = {r["target"] for r in rows}
    for name in (
        "high_recovery_share",
        "recovery_mean_huurtoeslag",
        "recovery_euro_share_huurtoeslag",
        "nabetaling_euro_share_huurtoeslag",
        "experience_effect_voorzichtig",
        "experience_effect_voorzichtig_surprise",
        "experience_effect_voorzichtig_windfall",
    ):
        assert name in names
    assert any(n.startswith("chosen_percentage_bins.") for n in names)
    page = (out / "validation.html").read_text()
    assert "out of sample" in page and "fitted" in page
    assert "fitted targets in their band" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["calibrate", "--budget", "-1"], "positive number of minutes"),
        (["calibrate", "no_such_targets.toml"], "no such targets file"),
        (["validate", "--households", "0"], "at least 1"),
    ],
)
def test_bad_input_is_one_line_and_exit_code_2(argv, message, capsys):
    with pytest.raises(SystemExit) as stop:
        code = main(argv)
        raise SystemExit(code)
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1


def test_leave_out_fits_without_the_named_targets(tmp_path, small_targets):
    out = tmp_path / "cal"
    code = main(
        [
            "calibrate",
            str(small_targets),
            "--budget",
            "0.05",
            "--out",
            str(out),
            "--leave-out",
            "dt_recovery_huurtoeslag, dt_recovery_all",
        ]
    )
    assert code == 0
    rows = {r["target"]: r for r in strict_json((out / "fit.json").read_text())["rows"]}
    assert rows["dt_recovery_huurtoeslag"]["fitted"] is False
    assert rows["dt_recovery_all"]["fitted"] is False
    assert rows["dt_recovery_kindgebonden_budget"]["fitted"] is True
    record = tomllib.loads((out / "calibrated.toml").read_text())
    assert "dt_recovery_huurtoeslag" not in record.get("misses", {})


@pytest.mark.parametrize(
    ("flags", "words"),
    [
        (["--leave-out", "no_such_target"], "not a fitted target"),
        (["--leave-out", "dt_recovery_all", "--ship"], "is not shipped"),
    ],
)
def test_leave_out_refuses_bad_use_in_one_line(tmp_path, small_targets, capsys, flags, words):
    code = main(["calibrate", str(small_targets), "--out", str(tmp_path / "c"), *flags])
    assert code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and words in err[0]
    assert not (tmp_path / "c").exists()


def test_from_midpoints_starts_in_the_middle_of_every_domain(tmp_path, small_targets):
    out = tmp_path / "cal"
    args = ["calibrate", str(small_targets), "--budget", "0.02", "--out", str(out)]
    assert main([*args, "--from-midpoints"]) == 0
    record = tomllib.loads((out / "calibrated.toml").read_text())
    assert record["calibration"]["start"] == "domain midpoints"


def test_a_result_with_nan_is_written_as_valid_json(tmp_path):
    path = tmp_path / "fit.json"
    row = {
        "simulated": float("nan"),
        "interval": (np.float64("nan"), math.inf),
        "miss": -math.inf,
        "units": np.int64(3),
        "inside": np.bool_(True),
        "source": "CBS, Statline 2024 (€)",
    }
    write_json(path, {"rows": [row], "objective": np.float64(1.5)})
    with pytest.raises(ValueError, match="not JSON"):
        strict_json('{"x": NaN}')
    assert strict_json(path.read_text(encoding="utf-8")) == {
        "rows": [
            {
                "simulated": None,
                "interval": [None, None],
                "miss": None,
                "units": 3,
                "inside": True,
                "source": "CBS, Statline 2024 (€)",
            }
        ],
        "objective": 1.5,
    }
    assert not list(tmp_path.glob(".*.tmp"))


def test_sensitivity_writes_valid_json(tmp_path, small_targets, capsys):
    out = tmp_path / "sens"
    args = ["sensitivity", str(small_targets), "--samples", "1", "--households", "150"]
    assert main([*args, "--out", str(out)]) == 0
    payload = strict_json((out / "sensitivity.json").read_text(encoding="utf-8"))
    assert payload["points"] == 1 * (2 + 2) and len(payload["rows"]) == 3 * 2
    assert "mean effects over the sample" in capsys.readouterr().out


def test_ship_writes_the_values_and_the_record_never_the_docs(tmp_path, small_targets, monkeypatch):
    import lab.calibration.record as record

    params = tmp_path / "params"
    params.mkdir()
    for name in ("behaviour", "population"):
        shutil.copy(PARAMS_DIR / f"{name}.toml", params)
    monkeypatch.setattr(record, "PARAMS_DIR", params)
    monkeypatch.setattr(record, "SHIPPED_RECORD", tmp_path / "calibrated.toml")
    source = [
        ROOT / "docs" / "model.md",
        *(PARAMS_DIR / f"{n}.toml" for n in ("behaviour", "population")),
    ]
    before = [p.read_bytes() for p in source]
    out = tmp_path / "cal"
    args = ["calibrate", str(small_targets), "--budget", "0.02", "--out", str(out), "--ship"]
    assert main(args) == 0
    assert [p.read_bytes() for p in source] == before
    assert (tmp_path / "calibrated.toml").read_text() == (out / "calibrated.toml").read_text()
    fitted = tomllib.loads((out / "calibrated.toml").read_text())
    for file, key, index in (
        ("behaviour", "take_up.intercept", 0),
        ("population", "housing.rent_rise_known_share", None),
    ):
        value = load_value_file(params / f"{file}.toml").values[key]
        value = value if index is None else value[index]
        wanted = fitted[file][key if index is None else f"{key}[{index}]"]
        assert value == pytest.approx(wanted, rel=1e-3)


def _interrupt_after(monkeypatch, module, name: str, calls: int) -> list[int]:
    """``module.name`` runs as it is for ``calls`` calls, then stands for a Ctrl-C."""
    real = getattr(module, name)
    made = [0]

    def then_ctrl_c(*args, **kwargs):
        if made[0] >= calls:
            raise KeyboardInterrupt
        made[0] += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, then_ctrl_c)
    return made


def test_a_ctrl_c_in_the_search_keeps_the_best_point_so_far(
    tmp_path, small_targets, monkeypatch, capsys
):
    import lab.calibration.fit as fit
    import lab.calibration.record as record

    monkeypatch.setattr(record, "PARAMS_DIR", tmp_path / "params")  # --ship would write here
    monkeypatch.setattr(record, "SHIPPED_RECORD", tmp_path / "shipped.toml")
    made = _interrupt_after(monkeypatch, fit, "simulate_moments", 3)
    out = tmp_path / "cal"
    args = ["calibrate", str(small_targets), "--budget", "5", "--out", str(out), "--ship"]
    assert main(args) == 130
    assert made[0] == 3
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].startswith("toeslagenlab: interrupted; the best point so far is kept (")
    assert f"after 3 evaluations, in {out / 'calibrated.toml'}" in err[-1]
    assert "not shipped" in err[-1] and "Traceback" not in "\n".join(err)
    kept = tomllib.loads((out / "calibrated.toml").read_text())
    assert kept["calibration"]["stopped"] == "interrupted"
    assert kept["calibration"]["evaluations"] == 3
    assert "take_up.intercept[0]" in kept["behaviour"]
    seen = [float(line.split("best ")[1].rstrip(")")) for line in err if "  evaluation " in line]
    assert len(seen) == 3
    assert kept["calibration"]["objective"] == pytest.approx(seen[-1], rel=1e-3)
    rows = strict_json((out / "fit.json").read_text())["rows"]
    assert rows and all(row["fitted"] for row in rows)
    assert not (out / "fit.html").exists()  # no report of a fit that did not end
    assert not (tmp_path / "params").exists() and not (tmp_path / "shipped.toml").exists()


def test_a_ctrl_c_after_the_search_keeps_the_fit(tmp_path, small_targets, monkeypatch, capsys):
    import lab.calibration as calibration

    # The search's evaluations call lab.calibration.fit's simulate_moments; the final run after
    # the search is the first call of the package's.
    _interrupt_after(monkeypatch, calibration, "simulate_moments", 0)
    out = tmp_path / "cal"
    assert main(["calibrate", str(small_targets), "--budget", "0.02", "--out", str(out)]) == 130
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].startswith("toeslagenlab: interrupted; the fit is kept (")
    record = tomllib.loads((out / "calibrated.toml").read_text())
    assert record["calibration"]["stopped"] != "interrupted"
    assert record["calibration"]["evaluations"] >= 1


def test_a_ctrl_c_before_the_first_evaluation_writes_nothing(
    tmp_path, small_targets, monkeypatch, capsys
):
    import lab.calibration.fit as fit

    _interrupt_after(monkeypatch, fit, "simulate_moments", 0)
    out = tmp_path / "cal"
    assert main(["calibrate", str(small_targets), "--budget", "5", "--out", str(out)]) == 130
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1] == "toeslagenlab: interrupted; nothing was written"
    assert list(out.iterdir()) == []
