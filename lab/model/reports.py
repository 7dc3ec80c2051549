"""Reported changes in a month: the household's own reports and the interventions' letters.

In calendar month ``m`` of year ``y`` a household projects its yearly income from the months so
far and the last month's income. It may report a change itself
(:func:`lab.households.behaviour.reports_change`); the interventions (letters, muteren, ...) run
next, in order. Every household that reports gets the projection as its new estimate and a new
award in force from the next term (:meth:`lab.awir.year.AwirYear.report_change`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from lab.households.behaviour import reports_change
from lab.households.streams import stream
from lab.policy.intervention import MonthReports

if TYPE_CHECKING:
    from lab.model.toeslagen_model import ToeslagenModel
    from lab.model.year_start import ModelYear


def month_reports(model: ToeslagenModel, year: ModelYear, m: int) -> np.ndarray:
    """Bring estimates in line in calendar month ``m`` (1..11); returns who reported (bool, n)."""
    y = year.index
    income = model.income.monthly
    so_far = income[:, 12 * y : 12 * y + m].sum(axis=1)
    projection = so_far + income[:, 12 * y + m - 1] * (12 - m)
    estimate = model.household_estimate
    gap = (projection - estimate) / np.maximum(estimate, 1.0)  # negative for a fall
    applied = year.applied.any(axis=1)
    u = stream(model.run_seed, f"reporting/{y}/{m}").random(model.n)
    reports = MonthReports(
        seed=model.run_seed,
        year=y,
        month=m,
        projection=projection,
        estimate=estimate,
        applied=applied,
        income_type=model.population.income_type,
        traits=model.traits,
        behaviour=model.behaviour,
        report=reports_change(gap, applied, model.traits.attention, u, model.behaviour),
    )
    for intervention in model.interventions:
        intervention.in_month(reports)
    report = reports.report
    if report.any():
        idx = np.flatnonzero(report)
        model.household_estimate = estimate.copy()
        model.household_estimate[idx] = projection[idx]
        year.reported[idx] = True
        partner = model.income.partner[idx, 12 * y + m - 1]
        year.report_change(idx, model.awards(y, projection[idx], partner, idx))
    return report
