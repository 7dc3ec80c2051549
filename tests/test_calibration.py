"""The synthetic population lands within 10% of the published totals (200,000 households)."""

import pytest

from lab import TOESLAGEN
from lab.calibration import calibration_table
from lab.model import ToeslagenModel
from lab.model.config import ModelConfig
from lab.valuefile import load_named


@pytest.fixture(scope="module")
def table():
    model = ToeslagenModel(
        ModelConfig(n_households=200_000, year=2026), seed=2026, keep_history=False
    )
    model.run()
    yield calibration_table(model)
    model.close()


@pytest.mark.slow
@pytest.mark.parametrize("toeslag", TOESLAGEN)
@pytest.mark.parametrize("measure", ["households", "paid_eur"])
def test_totals_within_tolerance_of_published(table, toeslag, measure):
    tolerance = load_named("calibration").float("targets.tolerance")
    row = table[toeslag]
    simulated, published = row[measure], row[f"{measure}_target"]
    assert abs(simulated / published - 1) <= tolerance, (toeslag, measure, simulated, published)
