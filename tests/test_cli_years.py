"""``award`` and ``year`` take every toeslag year that has a folder of law parameters (2016 on).

The commands read a year through ``load_year``; here that is ``tests.law_years.year_params``, the
same once a year's folder is complete, and meanwhile filling files other helpers have not yet
written from 2024, so the year's own zorgtoeslag and Awir values are what the commands show.
"""

import json

import pytest

from lab.cli import main
from lab.commands import award, year
from lab.law.awards import compute_awards
from lab.law.parameters import available_years
from lab.law.situation import Situation
from tests.law_years import year_params


@pytest.fixture
def years_from_folders(monkeypatch):
    monkeypatch.setattr(award, "load_year", year_params)
    monkeypatch.setattr(year, "load_year", year_params)


def test_the_parameter_years_start_in_2016():
    assert available_years()[0] == 2016
    assert available_years() == list(range(2016, available_years()[-1] + 1))


@pytest.mark.parametrize("toeslag_year", available_years())
def test_award_takes_every_parameter_year(capsys, years_from_folders, toeslag_year):
    assert main(["award", "--year", str(toeslag_year), "--income", "20000", "--json"]) == 0
    got = json.loads(capsys.readouterr().out)
    expected = compute_awards(year_params(toeslag_year), Situation.one(20_000))
    assert got["zorgtoeslag"] == int(expected["zorgtoeslag"][0]) > 0


def test_award_2016_is_the_2016_zorgtoeslag(capsys, years_from_folders):
    assert main(["award", "--year", "2016", "--income", "20000", "--json"]) == 0
    got = json.loads(capsys.readouterr().out)["zorgtoeslag"]
    # 2016: maximum 998 a year, 13.43% of the income above the drempelinkomen 19,759
    assert got == pytest.approx(998 - 0.1343 * (20_000 - 19_759), abs=1.5)


def test_year_2016_runs_from_december_2015(capsys, years_from_folders):
    argv = ["year", "--year", "2016", "--estimate", "18000", "--actual", "22000"]
    assert main([*argv, "--report-month", "4"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("toeslag year 2016")
    assert "15-12" in out


def test_a_year_without_a_folder_is_one_line_exit_2(capsys):
    assert main(["award", "--year", "2015", "--income", "20000"]) == 2
    err = capsys.readouterr().err.strip()
    assert "2015" in err and "available years: 2016" in err
    assert "\n" not in err
