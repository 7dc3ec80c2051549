"""Sobol indices of the three main effects, with intervals, over calibrated parameters."""

import math

from lab.calibration import (
    EFFECTS,
    Design,
    free_parameters,
    parameter_bounds,
    sobol_sensitivity,
    table_rows,
)


def test_indices_with_intervals_for_the_three_effects():
    design = Design(
        households=200,
        seeds=(1,),
        parameters=("behaviour:voorschot_choice.logit_scale", "behaviour:reporting.fall_factor"),
    )
    result = sobol_sensitivity(design, samples=1, spread=0.2, seed=3)
    assert result.points == 1 * (2 + 2)
    assert set(result.indices) == {name for name, _, _ in EFFECTS}
    rows = table_rows(result)
    assert len(rows) == 3 * 2
    for row in rows:
        assert math.isfinite(row["S1"]) and math.isfinite(row["ST"])
        assert row["S1_ci"][0] <= row["S1"] <= row["S1_ci"][1]
        assert row["ST_ci"][0] <= row["ST"] <= row["ST_ci"][1]


def test_bounds_stay_in_the_domain_around_the_shipped_value():
    free = free_parameters(("behaviour:reporting.fall_factor", "behaviour:take_up.intercept[1]"))
    for p, (low, high) in zip(free, parameter_bounds(free, 0.3), strict=True):
        assert p.low <= low < high <= p.high
        assert low <= p.start <= high
