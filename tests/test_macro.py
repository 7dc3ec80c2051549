"""Macro indices per calendar year (lab/params/macro.toml, lab/households/macro.py)."""

import math
import tomllib

import pytest

from lab.errors import ParameterError
from lab.households import macro
from lab.valuefile import PARAMS_DIR

RAW = tomllib.loads((PARAMS_DIR / "macro.toml").read_text(encoding="utf-8"))
MEASURES = sorted(RAW)
RATES = ["cao_wages", "consumer_prices", "rent_increase"]
LEVELS = ["minimum_wage", "households"]


def figure(measure: str, year: int) -> float:
    """The value as written in the file, read without the module."""
    return float(RAW[measure][f"y{year}"]["value"])


def test_every_measure_covers_2014_to_2027_with_a_source_and_mark_per_year():
    assert MEASURES == sorted(RATES + LEVELS)
    for measure in MEASURES:
        assert macro.years(measure) == range(2014, 2028)
        for year in range(2014, 2028):
            leaf = RAW[measure][f"y{year}"]
            assert leaf["mark"] in ("V", "C", "S", "U", "A"), (measure, year)
            assert len(leaf["source"]) > 30, (measure, year)
            if leaf["mark"] == "A":
                assert leaf["source"].startswith("ASSUMPTION"), (measure, year)


def test_rates_and_levels_are_told_apart_by_their_unit():
    assert [m for m in MEASURES if macro.is_rate(m)] == sorted(RATES)


def test_wages_2016_to_2026_is_the_product_of_the_yearly_rises_in_the_file():
    expected = math.prod(1 + figure("cao_wages", y) / 100 for y in range(2017, 2027))
    assert macro.year_index("cao_wages", 2016, 2026) == pytest.approx(expected, rel=1e-12)
    # cao-lonen rose by about 43% from 2016 to 2026 (6.1% in 2023, 6.6% in 2024)
    assert 1.40 < expected < 1.46


@pytest.mark.parametrize("measure", RATES)
def test_one_year_of_a_rate_is_its_own_figure(measure):
    for year in range(2015, 2028):
        assert macro.year_index(measure, year - 1, year) == pytest.approx(
            1 + figure(measure, year) / 100
        )


@pytest.mark.parametrize("measure", LEVELS)
def test_a_level_index_is_the_ratio_of_the_levels(measure):
    assert macro.year_index(measure, 2016, 2024) == pytest.approx(
        figure(measure, 2024) / figure(measure, 2016)
    )


@pytest.mark.parametrize("measure", MEASURES)
def test_indices_chain_invert_and_are_one_within_a_year(measure):
    a, b, c = 2014, 2019, 2027
    assert macro.year_index(measure, a, a) == 1.0
    assert macro.year_index(measure, a, c) == pytest.approx(
        macro.year_index(measure, a, b) * macro.year_index(measure, b, c)
    )
    assert macro.year_index(measure, c, a) == pytest.approx(1 / macro.year_index(measure, a, c))


def test_year_value_reads_the_file():
    assert macro.year_value("consumer_prices", 2022) == 10.0
    assert macro.year_value("minimum_wage", 2023) == 1934.40
    assert macro.year_value("households", 2024) == 8_374_404


def test_the_minimum_wage_reproduces_the_zorgtoeslag_drempelinkomen_it_feeds():
    """Wet op de zorgtoeslag art. 1(1)(f): 108% of twelve January minimum wages."""
    from tests.law_years import year_params

    for year in range(2016, 2028):
        drempel = year_params(year).zorgtoeslag.drempelinkomen
        assert abs(1.08 * 12 * macro.year_value("minimum_wage", year) - drempel) <= 1.0, year


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: macro.year_index("cao_wages", 2016, 2030), "no 'cao_wages' figure for 2030"),
        (lambda: macro.year_index("cao_wages", 2013, 2016), "no 'cao_wages' figure for 2013"),
        (lambda: macro.year_value("households", 2031), "(years 2014-2027)"),
        (lambda: macro.year_value("gdp", 2020), "no measure 'gdp'; known measures:"),
    ],
)
def test_a_year_or_measure_outside_the_file_is_one_clear_line(call, message):
    with pytest.raises(ParameterError) as info:
        call()
    text = str(info.value)
    assert message in text
    assert "\n" not in text
