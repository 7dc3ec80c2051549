"""Reported changes in a month: the household's own reports and the interventions' letters.

In calendar month ``m`` of year ``y`` a household projects its yearly income from the months so far
and the last month's income. It may report a change itself
(:func:`lab.households.reporting.reports`); the run's observers see these reports, then the
interventions (letters, muteren, ...) run, in order. Every household that reports gets the
projection as its new estimate and a new award in force from the next term
(:meth:`lab.awir.year.AwirYear.report_change`). In the month of the yearly rent rise the agency
hears of it for some tenants and recomputes their award on the new rent
(:mod:`lab.households.rent`); a household that reports after the rise reports its new rent too. A
report may bring the agency the current income of an adult child at home, and its departure
(:func:`lab.households.coresidents.report`; huurtoeslag only). In ``awir.reestimate_month`` the
agency re-estimates every running toeslag whose household has not reported this year from the
previous year's income (:mod:`lab.awir.reestimate`), with the rent it knows.
"""

from __future__ import annotations

import functools

import numba
import numpy as np

from lab.awir.reestimate import reestimated_income, reestimates_in
from lab.households import coresidents
from lab.households.rent import new_rent_share, rise_known, rise_month
from lab.households.reporting import reporting_rates, reports
from lab.households.streams import stream
from lab.households.year_awards import year_awards
from lab.model.accounts import row_block_sum
from lab.model.model_year import ModelYear
from lab.model.state import ModelState
from lab.policy.intervention import MonthReports
from lab.rows import in_parts


@numba.njit(cache=True, nogil=True)
def project_and_report(
    income: np.ndarray,
    first: int,
    m: int,
    estimate: np.ndarray,
    projection: np.ndarray,
    applied: np.ndarray,
    attention: np.ndarray,
    u: np.ndarray,
    tolerance: float,
    monthly_rate: float,
    fall_factor: float,
) -> np.ndarray:
    """The yearly income each household projects in calendar month ``m``, and who reports it.

    ``income`` (n, months) euro per month, the year's January in column ``first``: the months so
    far plus the last month's income for the months left (euro per year, into ``projection``).
    Its gap to ``estimate``, relative to the estimate (negative for a fall), decides whether the
    household reports this month (:func:`lab.households.reporting.reports`, with ``u`` its
    uniform draws and the ``reporting`` rates). Returns who reports (bool, n).
    """
    n = income.shape[0]
    report = np.empty(n, dtype=np.bool_)
    for h in range(n):
        p = row_block_sum(income, h, first, m) + income[h, first + m - 1] * (12 - m)
        projection[h] = p
        e = estimate[h]
        gap = (p - e) / (e if e > 1.0 else 1.0)
        report[h] = reports(
            gap, applied[h], attention[h], u[h], tolerance, monthly_rate, fall_factor
        )
    return report


def projected_reports(
    income: np.ndarray,
    first: int,
    m: int,
    estimate: np.ndarray,
    projection: np.ndarray,
    applied: np.ndarray,
    attention: np.ndarray,
    u: np.ndarray,
    rates: tuple[float, float, float],
) -> np.ndarray:
    """:func:`project_and_report` of every household, in parts on the cores (:mod:`lab.rows`).

    ``rates``: the ``reporting`` rates (:func:`lab.households.reporting.reporting_rates`).
    """
    n = income.shape[0]
    report = np.empty(n, dtype=np.bool_)

    def part(r: slice) -> None:
        report[r] = project_and_report(
            income[r], first, m, estimate[r], projection[r], applied[r], attention[r], u[r], *rates
        )

    in_parts(n, part)
    return report


def month_reports(model: ModelState, year: ModelYear, m: int) -> np.ndarray:
    """Bring estimates in line in calendar month ``m`` (1..11); returns who reported (bool, n)."""
    y = year.index
    projection = np.empty(model.n)
    estimate = model.household_estimate
    applied = year.applicant
    u = stream(model.run_seed, f"reporting/{y}/{m}").random(model.n)
    attention = model.traits.attention
    rates = reporting_rates(model.behaviour)
    report = projected_reports(
        model.income.monthly, 12 * y, m, estimate, projection, applied, attention, u, rates
    )
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
        report=report,
    )
    for observer in model.observers:
        observer.in_month(reports)
    for intervention in model.interventions:
        intervention.in_month(reports)
    report = reports.report
    params = model.population_params
    share = new_rent_share(params)
    risen = m >= rise_month(params)
    rent_only = np.zeros(model.n, dtype=bool)
    if m == rise_month(params):
        rent_only = rise_known(model.run_seed, y, model.n, params) & applied & ~report
        year.rent_known |= rent_only
    if risen:
        year.rent_known |= report
    #: The household's four yearly awards in this year, euro per year (n, 4).
    award = functools.partial(year_awards, model.households, year.params, y)
    idx = np.flatnonzero(report)
    if idx.size:
        estimate[idx] = projection[idx]
        year.reported[idx] = True
        coresidents.report(model.coresidents, m, idx)
        partner = model.income.partner[idx, 12 * y + m - 1]
        rent = np.where(year.rent_known[idx], share, 0.0)
        year.report_change(idx, award(projection[idx], partner, idx, rent))
    if reestimates_in(m, year.params.awir):
        # The agency re-estimates from last year's aangifte every running toeslag whose household
        # has not changed its income itself this year (lab/awir/reestimate.py).
        idx = np.flatnonzero(applied & ~year.reported)
        before = model.income_before if y == 0 else model.income.annual(y - 1)
        new = reestimated_income(before[idx], year.params.awir)
        estimate[idx] = new
        partner = model.income.partner[idx, 12 * y + m - 1]
        rent = np.where(year.rent_known[idx], share, 0.0)
        year.report_change(idx, award(new, partner, idx, rent))
        rent_only &= ~(applied & ~year.reported)
    if rent_only.any():
        # The agency hears of the rent rise (the landlord's delivery or the tenant's report): only
        # the rent changes, so the award in force gains the rise's effect over the months from the
        # rise, on the same estimate (the other toeslagen do not depend on the rent: they gain 0).
        idx = np.flatnonzero(rent_only)
        partner = model.income.partner[idx, 12 * y + m - 1]
        on = model.household_estimate[idx]
        rise = award(on, partner, idx, share) - award(on, partner, idx)
        year.report_change(idx, year.award[idx] + rise)
    return report
