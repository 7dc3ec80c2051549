import json
import subprocess
import sys

import numpy as np
import pytest

from lab import TOESLAGEN
from lab.cli import main
from lab.commands.year import JSON_KEYS


def _json(capsys, *argv):
    assert main(["year", *argv, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_json_has_every_key_per_toeslag_and_settles_the_difference(capsys):
    out = _json(capsys, "--year", "2026", "--estimate", "28000", "--actual", "38000")
    assert set(out) == set(TOESLAGEN)
    zt = out["zorgtoeslag"]
    assert set(JSON_KEYS) <= set(zt)
    assert len(zt["voorschot_monthly"]) == 12
    paid = sum(zt["voorschot_monthly"]) + zt["december_settlement"]
    assert paid == pytest.approx(zt["paid_total"], abs=0.05)
    diff = zt["paid_total"] - zt["definitive"]
    assert zt["terugvordering"] - zt["nabetaling"] == pytest.approx(diff, abs=0.01)
    assert zt["terugvordering"] > 500 and zt["high_recovery"] is True
    assert 1 <= zt["arrangement_months"] <= 24 and zt["monthly_instalment"] >= 20


def test_reporting_in_april_avoids_the_recovery(capsys):
    late = _json(capsys, "--year", "2026", "--estimate", "28000", "--actual", "34000")
    early = _json(
        capsys, "--year", "2026", "--estimate", "28000", "--actual", "34000", "--report-month", "4"
    )
    assert late["zorgtoeslag"]["terugvordering"] > 0
    assert early["zorgtoeslag"]["terugvordering"] == pytest.approx(0, abs=0.01)
    # Terms Dec..Apr unchanged, May..Nov lower.
    terms = early["zorgtoeslag"]["voorschot_monthly"]
    assert terms[0] == terms[4] > terms[5] == terms[11]


def test_change_reported_in_december_is_settled_at_once(capsys):
    out = _json(
        capsys, "--year", "2026", "--estimate", "34000", "--actual", "28000", "--report-month", "12"
    )
    zt = out["zorgtoeslag"]
    assert zt["december_settlement"] > 0
    assert zt["nabetaling"] == pytest.approx(0, abs=0.01)


def test_offset_against_next_years_voorschot(capsys):
    out = _json(
        capsys,
        "--year",
        "2026",
        "--estimate",
        "28000",
        "--actual",
        "33000",
        "--collection",
        "offset",
    )
    zt = out["zorgtoeslag"]
    next_term = round(zt["definitive"] / 12, 2)
    assert zt["monthly_instalment"] == pytest.approx(min(next_term, zt["collected"]), abs=0.01)
    assert zt["arrangement_months"] >= 1


def test_eighty_percent_gives_a_smaller_recovery(capsys):
    full = _json(capsys, "--year", "2026", "--estimate", "30000", "--actual", "33000")
    cautious = _json(
        capsys, "--year", "2026", "--estimate", "30000", "--actual", "33000", "--percentage", "80"
    )
    assert cautious["zorgtoeslag"]["terugvordering"] < full["zorgtoeslag"]["terugvordering"]


@pytest.mark.parametrize(
    "argv, message",
    [
        (["--percentage", "50"], "--percentage 50 is not a percentage between 70 and 100"),
        (["--percentage", "-80"], "--percentage -80 is not a percentage between 70 and 100"),
        (["--percentage", "0.5"], "--percentage 0.5 is not a percentage between 70 and 100"),
        (["--report-month", "13"], "--report-month"),
        (["--dt-month", "3"], "DT month"),
        (["--estimate", "-5"], "--estimate must be at least 0"),
    ],
)
def test_bad_arguments_give_one_line_and_exit_2(capsys, argv, message):
    base = {"--year": "2026", "--estimate": "28000", "--actual": "30000"}
    for flag, value in zip(argv[::2], argv[1::2], strict=True):
        base[flag] = value
    args = [x for pair in base.items() for x in pair]
    with pytest.raises(SystemExit) if "--report-month" in argv else _no_raise():
        code = main(["year", *args])
        assert code == 2
    err = capsys.readouterr().err.strip()
    assert message in err and "\n" not in err and "Traceback" not in err


class _no_raise:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def test_human_output_runs_as_a_process():
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "lab",
            "year",
            "--year",
            "2025",
            "--estimate",
            "25000",
            "--actual",
            "31000",
            "--report-month",
            "10",
            "--rent",
            "650",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "zorgtoeslag" in proc.stdout and "definitive" in proc.stdout


def test_lump_and_personal_collection(capsys):
    base = ["--year", "2026", "--estimate", "28000", "--actual", "38000"]
    lump = _json(capsys, *base, "--collection", "lump")["zorgtoeslag"]
    assert lump["arrangement_months"] == 0 and lump["monthly_instalment"] == 0
    # Paid in one amount two months after the DT (September 2027: index 21).
    outgoing = [(i, v) for i, v in enumerate(lump["cash_flow"]) if v < 0]
    assert len(outgoing) == 1 and outgoing[0][0] == 23
    assert -outgoing[0][1] == pytest.approx(lump["collected"] + lump["interest"], abs=0.01)
    personal = _json(capsys, *base, "--collection", "personal", "--ability-to-pay", "15")
    zt = personal["zorgtoeslag"]
    assert zt["monthly_instalment"] == 15.0
    assert zt["arrangement_months"] > 24  # a personal arrangement may run past 24 terms
    assert zt["arrangement_months"] * 15 >= zt["collected"]


@pytest.mark.parametrize(
    "argv, message",
    [
        (["--percentage", "150"], "--percentage 150 is not a percentage between 70 and 100"),
        (["--percentage", "0.65"], "--percentage 0.65 is not a percentage between 70 and 100"),
        (["--collection", "personal"], "--ability-to-pay"),
    ],
)
def test_more_bad_arguments(capsys, argv, message):
    code = main(["year", "--year", "2026", "--estimate", "28000", "--actual", "30000", *argv])
    err = capsys.readouterr().err.strip()
    assert code == 2 and message in err and "\n" not in err


def test_a_personal_arrangement_is_the_households_ability_to_pay_for_all_its_toeslagen(capsys):
    base = ("--year", "2026", "--estimate", "28000", "--actual", "34000", "--rent", "700")
    out = _json(capsys, *base, "--collection", "personal", "--ability-to-pay", "10")
    flows = np.array([row["cash_flow"] for row in out.values()])
    owed = sum(row["collected"] for row in out.values())
    assert owed > 1000  # zorgtoeslag and huurtoeslag both have a terugvordering
    after_dt = flows[:, 13 + 9 :].sum(axis=0)  # all toeslagen together, month by month
    assert after_dt.min() == pytest.approx(-10.0) and np.all(after_dt >= -10.0 - 1e-9)
    assert -after_dt.sum() == pytest.approx(owed + sum(r["interest"] for r in out.values()))
    nothing = _json(capsys, *base, "--collection", "personal", "--ability-to-pay", "0")
    assert all(row["collected"] == 0.0 for row in nothing.values())
    assert nothing["huurtoeslag"]["outstanding"] > 1600  # 1,620 plus interest, still owed
    assert min(sum(row["cash_flow"][12:]) for row in nothing.values()) == 0.0
