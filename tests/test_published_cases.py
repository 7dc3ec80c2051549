"""The awards match published calculations of single households (tests/data/published.toml).

Each case is one household as published by the agency, the law's own examples or the press with
the agency's calculator; the award must match within 3 euro a year beyond the rounding of the
published figure (a monthly figure in whole euros carries up to 12 x 0.50 of rounding).
"""

import tomllib

import pytest

from lab.law.awards import compute_awards
from lab.law.situation import Situation
from tests.conftest import DATA
from tests.law_years import year_params

with (DATA / "published.toml").open("rb") as handle:
    CASES = tomllib.load(handle)["case"]

TOLERANCE = 3.0  # euro a year


def bounds(published: float, per: str) -> tuple[float, float]:
    """The yearly award range the published figure allows (before the 3-euro tolerance)."""
    if per == "year":
        return published, published
    if per == "month":
        return 12 * (published - 0.005), 12 * (published + 0.005)
    if per == "month_whole":
        return 12 * (published - 0.5), 12 * (published + 0.5)
    if per == "month_floor":
        return 12 * published, 12 * (published + 1)
    raise ValueError(f"unknown 'per' {per!r}")


@pytest.mark.parametrize(
    "case",
    CASES,
    ids=[f"{c['toeslag']}-{c['year']}-{i}" for i, c in enumerate(CASES)],
)
def test_award_matches_the_published_case(case):
    situation = Situation.one(**case["household"])
    params = year_params(case["year"], case["toeslag"])
    award = float(compute_awards(params, situation)[case["toeslag"]][0])
    low, high = bounds(case["published"], case["per"])
    assert low - TOLERANCE <= award <= high + TOLERANCE, (award, low, high, case["source"])


def test_every_case_names_its_source():
    for case in CASES:
        assert len(case["source"]) > 30, case
