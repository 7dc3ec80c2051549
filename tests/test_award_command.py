import json
import subprocess
import sys
from pathlib import Path

import pytest

from lab import TOESLAGEN
from lab.cli import main
from lab.law.awards import compute_awards
from lab.law.parameters import load_year
from lab.law.situation import Situation

ROOT = Path(__file__).resolve().parent.parent


def run_json(capsys, *argv):
    assert main(["award", *argv, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_json_has_the_four_awards_matching_the_engine(capsys):
    got = run_json(
        capsys, "--year", "2026", "--income", "30000", "--rent", "750", "--child-ages", "3,8"
    )
    assert list(got) == list(TOESLAGEN)
    expected = compute_awards(load_year(2026), Situation.one(30_000, rent=750, child_ages=[3, 8]))
    assert got == {name: int(expected[name][0]) for name in TOESLAGEN}
    assert got["huurtoeslag"] > 0 and got["kindgebonden_budget"] > 0


def test_partner_changes_the_zorgtoeslag(capsys):
    single = run_json(capsys, "--year", "2025", "--income", "20000")
    couple = run_json(capsys, "--year", "2025", "--income", "20000", "--partner")
    assert couple["zorgtoeslag"] > single["zorgtoeslag"]


def test_assets_above_the_limit_clear_the_vermogen_toeslagen(capsys):
    limit = load_year(2026).zorgtoeslag.vermogensgrens_single
    got = run_json(
        capsys, "--year", "2026", "--income", "20000", "--assets", str(limit + 1), "--rent", "600"
    )
    assert got["zorgtoeslag"] == 0 and got["huurtoeslag"] == 0


def test_childcare_hours_go_to_children_of_childcare_age_at_the_max_price(capsys):
    got = run_json(
        capsys,
        "--year",
        "2026",
        "--income",
        "20000",
        "--child-ages",
        "2,14",
        "--childcare-hours",
        "100",
        "--childcare-type",
        "dagopvang",
    )
    max_price = load_year(2026).kinderopvangtoeslag.max_uurprijs_dagopvang
    # only the 2-year-old is of childcare age; 96% at this income
    assert got["kinderopvangtoeslag"] == round(12 * 100 * max_price * 0.96)


def test_hourly_price_below_the_maximum_is_used(capsys):
    got = run_json(
        capsys,
        "--year",
        "2026",
        "--income",
        "20000",
        "--child-ages",
        "6",
        "--childcare-hours",
        "50",
        "--hourly-price",
        "8",
    )
    assert got["kinderopvangtoeslag"] == round(12 * 50 * 8 * 0.96)


def test_readable_table(capsys):
    assert main(["award", "--year", "2026", "--income", "20000"]) == 0
    out = capsys.readouterr().out
    for name in TOESLAGEN:
        assert name in out
    assert "euro/yr" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--year", "2031", "--income", "1"], "no parameters for year 2031"),
        (["--year", "2026", "--income", "-1"], "--income must be at least 0"),
        (["--year", "2026", "--income", "1", "--child-ages", "3;8"], "--child-ages must be"),
        (["--year", "2026", "--income", "1", "--child-ages", "-3"], "--child-ages must be"),
        (
            ["--year", "2026", "--income", "1", "--childcare-type", "creche"],
            "unknown --childcare-type",
        ),
        (["--year", "2026", "--income", "1", "--rent", "-100"], "--rent must be at least 0"),
    ],
)
def test_bad_arguments_give_one_line_and_exit_2(capsys, argv, message):
    assert main(["award", *argv]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1
    assert message in lines[0]


def test_unparsable_income_exits_2():
    with pytest.raises(SystemExit) as exc:
        main(["award", "--year", "2026", "--income", "lots"])
    assert exc.value.code == 2


def test_python_dash_m_lab_award_in_a_subprocess():
    done = subprocess.run(
        [sys.executable, "-m", "lab", "award", "--year", "2024", "--income", "25000", "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    got = json.loads(done.stdout)
    # 2024's kinderopvangtoeslag table is an approximation: the JSON names it under "assumptions"
    assert set(got) == {*TOESLAGEN, "assumptions"}
    assert got["assumptions"] == ["kinderopvangtoeslag.income_table"]
    assert got["zorgtoeslag"] > 0
    bad = subprocess.run(
        [sys.executable, "-m", "lab", "award", "--year", "2015", "--income", "25000"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert bad.returncode == 2
    assert "Traceback" not in bad.stderr
    assert len(bad.stderr.strip().splitlines()) == 1


def test_no_work_gives_no_kinderopvangtoeslag(capsys):
    argv = ["--year", "2026", "--income", "20000", "--child-ages", "2", "--childcare-hours", "100"]
    working = run_json(capsys, *argv)
    idle = run_json(capsys, *argv, "--no-work")
    assert working["kinderopvangtoeslag"] > 0
    assert idle["kinderopvangtoeslag"] == 0
    assert idle["kindgebonden_budget"] == working["kindgebonden_budget"]


def test_year_2027_works_and_names_its_assumptions(capsys):
    got = run_json(capsys, "--year", "2027", "--income", "25000", "--rent", "700")
    assert got["zorgtoeslag"] > 0 and got["huurtoeslag"] > 0
    assert "zorgtoeslag.standaardpremie" in got["assumptions"]
    assert main(["award", "--year", "2027", "--income", "25000"]) == 0
    lines = capsys.readouterr().out.splitlines()
    notes = [line for line in lines if line.startswith("note:")]
    assert len(notes) == 1 and "assumptions" in notes[0] and "standaardpremie" in notes[0]
    assert "assumptions" not in run_json(capsys, "--year", "2026", "--income", "25000")
