import re
import shutil
from pathlib import Path

import numpy as np
import pytest

from lab.errors import ParameterError
from lab.law.parameters import MARKS, available_years, load_params_file, load_year

PARAMS = Path(__file__).resolve().parent.parent / "lab" / "params"


def test_available_years_are_2024_to_2027():
    assert available_years() == [2024, 2025, 2026, 2027]


@pytest.mark.parametrize("year", [2024, 2025, 2026, 2027])
def test_every_year_loads_with_plain_numbers_and_provenance(year):
    params = load_year(year)
    assert params.year == year
    assert isinstance(params.zorgtoeslag.standaardpremie, float)
    assert isinstance(params.awir.arrangement_max_terms, int)
    source, mark = params.source("zorgtoeslag.standaardpremie")
    assert source and mark in MARKS
    assert params.unit("zorgtoeslag.standaardpremie") == "euro/yr"
    assert len(params.kot_table.income_from) == (71 if year == 2027 else 69)
    assert np.all(np.diff(params.kot_table.pct_first_child) <= 0)
    assert np.all(np.diff(params.kot_table.pct_next_children) <= 0)


def test_huurtoeslag_structure_changes_in_2026():
    assert load_year(2025).huurtoeslag.structure == "quadratic"
    assert load_year(2026).huurtoeslag.structure == "linear"


def test_load_year_is_cached():
    assert load_year(2026) is load_year(2026)


def test_unknown_year_names_the_year_and_the_available_ones():
    with pytest.raises(ParameterError, match=r"2031.*awir_2031\.toml.*2024, 2025, 2026, 2027"):
        load_year(2031)


def test_unknown_provenance_key():
    with pytest.raises(ParameterError, match=r"zorgtoeslag\.nonsense"):
        load_year(2026).source("zorgtoeslag.nonsense")


@pytest.fixture
def broken(tmp_path):
    """Copy the 2026 files to tmp_path and return a function that edits the TOML text."""
    for name in ("awir_2026.toml", "kinderopvangtoeslag_2026.csv"):
        shutil.copy(PARAMS / name, tmp_path / name)
    path = tmp_path / "awir_2026.toml"

    def edit(pattern: str, replacement: str) -> Path:
        text = path.read_text()
        new, count = re.subn(pattern, replacement, text, count=1, flags=re.M)
        assert count == 1, pattern
        path.write_text(new)
        return path

    return edit


def test_copy_of_a_good_file_loads(broken, tmp_path):
    params = load_params_file(tmp_path / "awir_2026.toml")
    assert params.zorgtoeslag.drempelinkomen == load_year(2026).zorgtoeslag.drempelinkomen


def test_missing_key(broken):
    path = broken(r"^drempelinkomen = .*\n", "")
    with pytest.raises(
        ParameterError, match=r"awir_2026\.toml: missing key 'zorgtoeslag\.drempelinkomen'"
    ):
        load_params_file(path)


def test_unknown_key(broken):
    path = broken(
        r"^(\[awir\]\n)",
        r'\1dt_treshold = { value = 1, unit = "euro", source = "x", mark = "U" }\n',
    )
    with pytest.raises(ParameterError, match=r"awir_2026\.toml: unknown key 'awir\.dt_treshold'"):
        load_params_file(path)


def test_wrong_type(broken):
    path = broken(r"^standaardpremie = \{ value = 2119\.0", 'standaardpremie = { value = "2119"')
    with pytest.raises(
        ParameterError,
        match=r"awir_2026\.toml: key 'zorgtoeslag\.standaardpremie'.*expected a number",
    ):
        load_params_file(path)


def test_float_where_whole_number_expected(broken):
    path = broken(
        r"^arrangement_max_terms = \{ value = 24,", "arrangement_max_terms = { value = 24.5,"
    )
    with pytest.raises(
        ParameterError, match=r"'awir\.arrangement_max_terms'.*expected a whole number"
    ):
        load_params_file(path)


def test_bool_where_number_expected(broken):
    path = broken(r"^minimum_award = \{ value = 24\.0", "minimum_award = { value = true")
    with pytest.raises(ParameterError, match=r"'awir\.minimum_award'.*expected a number"):
        load_params_file(path)


def test_bad_mark(broken):
    path = broken(r'^(standaardpremie = .*mark = )"V"', r'\1"X"')
    with pytest.raises(
        ParameterError, match=r"awir_2026\.toml: key 'zorgtoeslag\.standaardpremie': mark 'X'"
    ):
        load_params_file(path)


def test_bare_value_without_provenance(broken):
    path = broken(r"^standaardpremie = .*$", "standaardpremie = 2119.0")
    with pytest.raises(
        ParameterError, match=r"'zorgtoeslag\.standaardpremie' must be an inline table"
    ):
        load_params_file(path)


def test_entry_without_source(broken):
    path = broken(
        r'^(standaardpremie = \{ value = 2119\.0, unit = "euro/yr"), source = "[^"]*"', r"\1"
    )
    with pytest.raises(
        ParameterError, match=r"'zorgtoeslag\.standaardpremie' missing \['source'\]"
    ):
        load_params_file(path)


def test_unknown_huurtoeslag_structure(broken):
    path = broken(r'^structure = \{ value = "linear"', 'structure = { value = "cubic"')
    with pytest.raises(ParameterError, match=r"huurtoeslag\.structure.*quadratic.*linear"):
        load_params_file(path)


def test_value_out_of_range(broken):
    path = broken(r"^dt_month = \{ value = 9,", "dt_month = { value = 3,")
    with pytest.raises(ParameterError, match=r"'awir\.dt_month'.*3"):
        load_params_file(path)


def test_not_toml(broken):
    path = broken(r"^\[awir\]", "[awir")
    with pytest.raises(ParameterError, match=r"awir_2026\.toml: not valid TOML"):
        load_params_file(path)


def test_kot_table_gap_names_file_and_row(broken, tmp_path):
    csv_path = tmp_path / "kinderopvangtoeslag_2026.csv"
    lines = csv_path.read_text().splitlines()
    lines[3] = lines[3].replace("25757", "25758", 1)
    csv_path.write_text("\n".join(lines) + "\n")
    with pytest.raises(
        ParameterError,
        match=r"kinderopvangtoeslag_2026\.csv: row 4: income_from 25758 must be 25757",
    ):
        load_params_file(tmp_path / "awir_2026.toml")


def test_kot_table_bad_percentage(broken, tmp_path):
    csv_path = tmp_path / "kinderopvangtoeslag_2026.csv"
    text = csv_path.read_text().replace("0,24149,0.96,", "0,24149,96,", 1)
    csv_path.write_text(text)
    with pytest.raises(ParameterError, match=r"row 2: pct_first_child 96.0 must be a fraction"):
        load_params_file(tmp_path / "awir_2026.toml")


def test_kot_table_missing_file(broken):
    path = broken(
        r'^income_table = \{ value = "kinderopvangtoeslag_2026\.csv"',
        'income_table = { value = "nope.csv"',
    )
    with pytest.raises(ParameterError, match=r"nope\.csv not found"):
        load_params_file(path)
