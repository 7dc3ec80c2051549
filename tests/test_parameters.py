import re
import shutil
from pathlib import Path

import numpy as np
import pytest

from lab.errors import ParameterError
from lab.law.entries import MARKS
from lab.law.parameters import available_years, load_params_dir, load_year

LAW = Path(__file__).resolve().parent.parent / "lab" / "params" / "law"


def test_available_years_run_without_gaps_to_2027():
    years = available_years()
    assert years == list(range(years[0], 2028)) and years[0] <= 2024


@pytest.mark.parametrize("year", available_years())
def test_every_year_loads_with_plain_numbers_and_provenance(year):
    params = load_year(year)
    assert params.year == year
    assert isinstance(params.zorgtoeslag.standaardpremie, float)
    assert isinstance(params.awir.arrangement_max_terms, int)
    source, mark = params.source("zorgtoeslag.standaardpremie")
    assert source and mark in MARKS
    assert params.unit("zorgtoeslag.standaardpremie") == "euro/yr"
    if year >= 2024:
        assert len(params.kot_table.income_from) == (71 if year == 2027 else 69)
    assert np.all(np.diff(params.kot_table.pct_first_child) <= 0)
    assert np.all(np.diff(params.kot_table.pct_next_children) <= 0)


def test_huurtoeslag_structure_changes_in_2026():
    assert load_year(2025).huurtoeslag.structure == "quadratic"
    assert load_year(2026).huurtoeslag.structure == "linear"


def test_load_year_is_cached():
    assert load_year(2026) is load_year(2026)


def test_unknown_year_names_the_year_and_the_available_ones():
    with pytest.raises(ParameterError, match=r"2031.*lab/params/law/2031/.*2024, 2025, 2026, 2027"):
        load_year(2031)


def test_unknown_provenance_key():
    with pytest.raises(ParameterError, match=r"zorgtoeslag\.nonsense"):
        load_year(2026).source("zorgtoeslag.nonsense")


@pytest.fixture
def broken(tmp_path):
    """Copy the 2026 folder to tmp_path and return a function that edits one of its TOML files.

    The edit applies to the one file in which ``pattern`` matches; it returns the folder.
    """
    folder = tmp_path / "2026"
    shutil.copytree(LAW / "2026", folder)

    def edit(pattern: str, replacement: str) -> Path:
        hits = [p for p in sorted(folder.glob("*.toml")) if re.search(pattern, p.read_text(), re.M)]
        assert len(hits) == 1, (pattern, hits)
        text = hits[0].read_text()
        hits[0].write_text(re.sub(pattern, replacement, text, count=1, flags=re.M))
        return folder

    return edit


def test_copy_of_a_good_folder_loads(broken, tmp_path):
    params = load_params_dir(tmp_path / "2026")
    assert params.zorgtoeslag.drempelinkomen == load_year(2026).zorgtoeslag.drempelinkomen


def test_missing_key(broken):
    path = broken(r"^drempelinkomen = .*\n", "")
    with pytest.raises(
        ParameterError,
        match=r"law/2026/zorgtoeslag\.toml: missing key 'zorgtoeslag\.drempelinkomen'",
    ):
        load_params_dir(path)


def test_unknown_key(broken):
    path = broken(
        r"^(\[awir\]\n)",
        r'\1dt_treshold = { value = 1, unit = "euro", source = "x", mark = "U" }\n',
    )
    with pytest.raises(
        ParameterError, match=r"law/2026/awir\.toml: unknown key 'awir\.dt_treshold'"
    ):
        load_params_dir(path)


def test_wrong_type(broken):
    path = broken(r"^standaardpremie = \{ value = 2119\.0", 'standaardpremie = { value = "2119"')
    with pytest.raises(
        ParameterError,
        match=r"law/2026/zorgtoeslag\.toml: key 'zorgtoeslag\.standaardpremie'.*expected a number",
    ):
        load_params_dir(path)


def test_float_where_whole_number_expected(broken):
    path = broken(
        r"^arrangement_max_terms = \{ value = 24,", "arrangement_max_terms = { value = 24.5,"
    )
    with pytest.raises(
        ParameterError, match=r"'awir\.arrangement_max_terms'.*expected a whole number"
    ):
        load_params_dir(path)


def test_bool_where_number_expected(broken):
    path = broken(r"^minimum_award = \{ value = 24\.0", "minimum_award = { value = true")
    with pytest.raises(ParameterError, match=r"'awir\.minimum_award'.*expected a number"):
        load_params_dir(path)


def test_bad_mark(broken):
    path = broken(r'^(standaardpremie = .*mark = )"V"', r'\1"X"')
    with pytest.raises(
        ParameterError,
        match=r"law/2026/zorgtoeslag\.toml: key 'zorgtoeslag\.standaardpremie': mark 'X'",
    ):
        load_params_dir(path)


def test_bare_value_without_provenance(broken):
    path = broken(r"^standaardpremie = .*$", "standaardpremie = 2119.0")
    with pytest.raises(
        ParameterError, match=r"'zorgtoeslag\.standaardpremie' must be an inline table"
    ):
        load_params_dir(path)


def test_entry_without_source(broken):
    path = broken(
        r'^(standaardpremie = \{ value = 2119\.0, unit = "euro/yr"), source = "[^"]*"', r"\1"
    )
    with pytest.raises(
        ParameterError, match=r"'zorgtoeslag\.standaardpremie' missing \['source'\]"
    ):
        load_params_dir(path)


def test_unknown_huurtoeslag_structure(broken):
    path = broken(r'^structure = \{ value = "linear"', 'structure = { value = "cubic"')
    with pytest.raises(ParameterError, match=r"huurtoeslag\.structure.*quadratic.*linear"):
        load_params_dir(path)


def test_value_out_of_range(broken):
    path = broken(r"^dt_month = \{ value = 9,", "dt_month = { value = 3,")
    with pytest.raises(ParameterError, match=r"'awir\.dt_month'.*3"):
        load_params_dir(path)


def test_not_toml(broken):
    path = broken(r"^\[awir\]", "[awir")
    with pytest.raises(ParameterError, match=r"law/2026/awir\.toml: not valid TOML"):
        load_params_dir(path)


def test_kot_table_gap_names_file_and_row(broken, tmp_path):
    csv_path = tmp_path / "2026" / "kinderopvangtoeslag.csv"
    lines = csv_path.read_text().splitlines()
    lines[3] = lines[3].replace("25757", "25758", 1)
    csv_path.write_text("\n".join(lines) + "\n")
    with pytest.raises(
        ParameterError,
        match=r"kinderopvangtoeslag\.csv: row 4: income_from 25758 must be 25757",
    ):
        load_params_dir(tmp_path / "2026")


def test_kot_table_bad_percentage(broken, tmp_path):
    csv_path = tmp_path / "2026" / "kinderopvangtoeslag.csv"
    text = csv_path.read_text().replace("0,24149,0.96,", "0,24149,96,", 1)
    csv_path.write_text(text)
    with pytest.raises(ParameterError, match=r"row 2: pct_first_child 96.0 must be a fraction"):
        load_params_dir(tmp_path / "2026")


def test_kot_table_missing_file(broken):
    path = broken(
        r'^income_table = \{ value = "kinderopvangtoeslag\.csv"',
        'income_table = { value = "nope.csv"',
    )
    with pytest.raises(ParameterError, match=r"nope\.csv not found"):
        load_params_dir(path)


def test_a_section_in_the_wrong_file(broken):
    path = broken(r"^\[awir\]", "[awir]\n[zorgtoeslag]\n[awirx]")
    with pytest.raises(ParameterError, match=r"law/2026/awir\.toml: holds \[zorgtoeslag, awirx\]"):
        load_params_dir(path)


def test_a_missing_file_names_the_files_a_year_needs(tmp_path):
    folder = tmp_path / "2026"
    shutil.copytree(LAW / "2026", folder)
    (folder / "huurtoeslag.toml").unlink()
    with pytest.raises(
        ParameterError, match=r"law/2026/huurtoeslag\.toml: parameter file not found"
    ):
        load_params_dir(folder)
