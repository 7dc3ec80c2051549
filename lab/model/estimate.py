"""The income estimate a household starts its first toeslag year with: what the agency knows.

The voorschot rests on an estimate of the year's toetsingsinkomen (Awir art. 16(1) and 17). The
model does not draw that estimate's error: it follows how the estimate comes about, over an income
history drawn before the first toeslag year by the same income process
(:func:`lab.households.income.draw_income_paths` with ``estimate.burn_in_years`` years of history):

- **Continuation.** A running toeslag is continued into the next year on the estimate in force,
  raised by the agency's indexation of that year (``awir.estimate_indexation``; "Het geschatte
  inkomen wordt jaarlijks bijgesteld aan de hand van de stijging van het wettelijk minimumloon",
  Reformatorisch Dagblad / ANP, December 2024; since December 2024 plus 3 points, Rijksoverheid,
  5 December 2024). For the history years without a law folder the index of the first toeslag
  year is used (an assumption, ``docs/model.md``).
- **The household's own reports.** In every month of the history the household projects its year
  income from the months so far and the last month and reports a change by the same rule as in
  the toeslag years (:func:`lab.model.reports.project_and_report`, the rule
  :func:`lab.households.reporting.reports`); the projection becomes the estimate in force.
  The history treats every household as a claimant.
- **New applications.** A share ``estimate.new_application_share`` of households applies anew at
  the start of the first toeslag year instead of continuing: it estimates its own year income as
  twelve times its last regular monthly income (November, before the December bonus), the
  "current monthly income times twelve" of the agency's proefberekening.
- **The re-estimate after the aangifte.** In ``awir.reestimate_month`` (June) the agency
  re-estimates the running year's income of every household that has not changed it itself that
  year from the previous year's income as the aangifte inkomstenbelasting shows it, indexed
  (:mod:`lab.awir.reestimate`; letters "uw jaarinkomen is opnieuw geschat", documented for 2019;
  the agency's own adjustments of 400,000 incomes during 2018, press release of 12 October 2018).
  The same rule runs in the toeslag years (:func:`lab.model.reports.month_reports`).
- **The agency's own data during the year.** Beyond that, the agency does not correct the estimate
  from the polisadministratie (wages, benefits, pensions) as a rule: it did so only in the 2024
  pilot "muteren op inkomen" (12,279 letters; Kamerbrief 1 July 2025), which the model has as the
  ``muteren`` intervention.

Amounts are euro per year (the estimate) and euro per month (incomes).
"""

from __future__ import annotations

from concurrent.futures import Future

import numpy as np

from lab.awir.reestimate import reestimated_income, reestimates_in
from lab.households.behaviour import Traits
from lab.households.income import IncomePaths
from lab.households.reporting import reporting_rates
from lab.households.streams import stream
from lab.law.parameters import available_years, load_year
from lab.law.sections import Awir
from lab.model.reports import projected_reports
from lab.valuefile import ValueFile

#: The calendar month whose income a new applicant multiplies by twelve (November: the last
#: month before the December bonus).
OWN_ESTIMATE_MONTH = 11


def awir_of(year: int, first_year: int) -> Awir:
    """The Awir settings of calendar ``year``: its law folder's, else ``first_year``'s."""
    return load_year(year if year in available_years() else first_year).awir


class EstimateHistory:
    """The estimate in force over the income history before the first toeslag year.

    Called once per history year by :func:`lab.households.income.draw_income_paths` (its
    ``on_history``): the estimate is continued at the year start and brought in line by the
    household's own reports in months 1-11. ``estimate`` (n,) euro per year; starts at the
    income of the year before the history (``Population.base_income``).
    """

    def __init__(
        self,
        base_income: np.ndarray,
        traits: Traits | Future[Traits],
        behaviour: ValueFile,
        seed: int,
        first_year: int,
    ) -> None:
        self.estimate = base_income.astype(np.float64, copy=True)
        self._traits = traits
        self.behaviour = behaviour
        self.seed = int(seed)
        self.first_year = int(first_year)
        self.last_month_income = np.zeros_like(self.estimate)
        #: The toetsingsinkomen of the year before (euro per year): the aangifte the agency
        #: re-estimates from; the last history year's once the history is drawn.
        self.previous_income = base_income.astype(np.float64, copy=True)
        self.reports = np.zeros(self.estimate.shape[0], dtype=np.int16)
        #: Whether the household's main income source changed in the history (a job lost or
        #: started): the estimate it starts with then spans two sources.
        self.source_changed = np.zeros(self.estimate.shape[0], dtype=bool)

    @property
    def traits(self) -> Traits:
        """The households' traits (waited for if they are still being drawn)."""
        if isinstance(self._traits, Future):
            self._traits = self._traits.result()
        return self._traits

    def __call__(self, y: int, monthly: np.ndarray, source_changed: np.ndarray) -> None:
        """One history year ``y`` (-burn_in .. -1): ``monthly`` (n, 12) euro per month.

        ``source_changed`` (n,): the household lost or started a job in the year.
        """
        n: int = self.estimate.shape[0]
        awir = awir_of(self.first_year + y, self.first_year)
        self.estimate *= 1.0 + awir.estimate_indexation
        everyone = np.ones(n, dtype=bool)
        reported = np.zeros(n, dtype=bool)
        projection = np.empty(n)
        attention, rates = self.traits.attention, reporting_rates(self.behaviour)
        for m in range(1, 12):
            u = stream(self.seed, f"estimate_history/{y}/{m}").random(n)
            report = projected_reports(
                monthly, 0, m, self.estimate, projection, everyone, attention, u, rates
            )
            np.copyto(self.estimate, projection, where=report)
            self.reports += report
            reported |= report
            if reestimates_in(m, awir):
                again = ~reported
                self.estimate[again] = reestimated_income(self.previous_income[again], awir)
        self.source_changed |= source_changed
        self.last_month_income = monthly[:, OWN_ESTIMATE_MONTH - 1].copy()
        self.previous_income = monthly.sum(axis=1)

    def at_start(self, index: float, population_params: ValueFile) -> np.ndarray:
        """The estimate at the start of the first toeslag year (n,), euro per year.

        ``index``: the agency's indexation into that year. A continued toeslag carries the
        estimate in force, raised by ``index``; a new application (``estimate.new_application_
        share``, from the ``estimate_new`` stream) twelve times the last regular monthly income.
        """
        n = self.estimate.shape[0]
        share = population_params.float("estimate.new_application_share")
        new = stream(self.seed, "estimate_new").random(n) < share
        continued = self.estimate * (1.0 + index)
        return np.where(new, 12.0 * self.last_month_income, continued)


def log_estimate_error(
    income: IncomePaths, estimate: np.ndarray, year_index: int = 0
) -> np.ndarray:
    """``log(actual yearly toetsingsinkomen / estimate at the year start)`` per household.

    Positive: the income came out higher than the voorschot assumed (a terugvordering risk).
    """
    actual = np.maximum(income.annual(year_index), 1.0)
    return np.log(actual / np.maximum(estimate, 1.0))
