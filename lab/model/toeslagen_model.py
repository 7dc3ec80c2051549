"""The Mesa model: household agents living through toeslag years, month by month.

State is column-wise (arrays over households, per toeslag), so a whole population runs on one
machine; :meth:`ToeslagenModel.household` gives a ``mesa.Agent`` view of one household. The
households are one :class:`lab.households.state.Households` (:mod:`lab.model.build`); each
toeslag year is a :class:`lab.model.model_year.ModelYear` (an Awir year); the model orders the
phases, which take it as a :class:`lab.model.state.ModelState`: ``year_start`` (take-up,
percentage), ``reports`` (reported changes, the interventions of ``lab.policy``), ``year_end``
(definitive award, experience, how a debt is paid); the household's money is in ``budget``, the
month's arrays in ``month``, what is kept in ``history`` and ``results``.

Time line (month ``k``; ``k = 0`` is December of the year before the first toeslag year). Year
``y`` starts at ``k0 = 12 y``: the household decides and receives term 0; in months ``k0 + 1 ..
k0 + 12`` it earns its income, may report a change (from the next term) and receives the next
term; after December the year is settled; the DT, nabetaling and collection follow the calendar
(docs/awir_year.md). Month ``k`` is Mesa's ``steps - 1``; docs/architecture.md draws the loop.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import mesa
import numpy as np

from lab import TOESLAGEN
from lab.awir.calendar import Calendar
from lab.households.behaviour import Traits
from lab.households.coresidents import Coresidents
from lab.households.income import IncomePaths
from lab.households.population import Population
from lab.law.parameters import load_year
from lab.model.accounts import (
    IN_ARRANGEMENT,
    NABETALINGEN,
    RECIPIENTS,
    RECOVERIES,
    VOORSCHOT_PAID,
    book_flows,
)
from lab.model.agent import HouseholdAgent
from lab.model.budget import Budget
from lab.model.build import HouseholdDraw, households_of
from lab.model.config import ModelConfig
from lab.model.history import (
    EVENT_NABETALING,
    EVENT_REPORTED,
    EVENT_TERUGVORDERING_DUE,
    History,
    event_flag,
)
from lab.model.memory import hand_back_freed_memory, keep_freed_memory, map_heap_ahead
from lab.model.model_year import ModelYear
from lab.model.month import MonthArrays, is_quiet
from lab.model.reports import month_reports
from lab.model.results import SimulationResult, result_tables
from lab.model.year_end import collection_plan, definitive_awards, experience
from lab.model.year_start import start_year
from lab.policy.intervention import Intervention
from lab.policy.interventions import build_interventions
from lab.valuefile import load_named

HISTORY_DEFAULT_LIMIT = 200_000
#: Model-level series collected every month (docs/architecture.md).
MONTHLY_SERIES = (
    "recipients",
    "voorschot_paid",
    "recoveries",
    "nabetalingen",
    "in_arrangement",
    "negative_balance",
)


class ToeslagenModel(mesa.Model):
    """A population of toeslag households under one policy arm, stepped one month at a time.

    Args:
        config: population size, years and policy arm.
        seed: the run's seed; every random draw comes from named streams derived from it, so the
            same seed gives identical results and arms with the same seed share every household
            and income shock.
        keep_history: keep per-household monthly history (income, voorschot, balance, events) for
            :meth:`household`; default on up to 200,000 households.
        observers: interventions that only read, shown each month's reports before the run's
            interventions act (:mod:`lab.policy.intervention`).
        draw, keep_draw: start from a copy of another arm's :attr:`draw` (the same households
            bit for bit), or keep the households as drawn in :attr:`draw` for other arms.
    """

    def __init__(
        self,
        config: ModelConfig | None = None,
        seed: int = 0,
        *,
        keep_history: bool | None = None,
        observers: Sequence[Intervention] = (),
        draw: HouseholdDraw | None = None,
        keep_draw: bool = False,
    ) -> None:
        super().__init__(seed=seed)
        self.config = cfg = config or ModelConfig()
        keep_freed_memory(cfg.n_households)
        map_heap_ahead(cfg.n_households)  # beside the population's draws
        self.run_seed = int(seed)
        self.behaviour = load_named("behaviour").with_overrides(cfg.behaviour)
        self.population_params = load_named("population").with_overrides(cfg.population)
        self.year_params = [load_year(cfg.year + y) for y in range(cfg.n_years)]
        #: The households, their traits (fear now) and lives; the draw shared with other arms.
        self.households, history, self.draw = households_of(
            cfg, seed, self.behaviour, self.population_params, draw, keep_draw
        )
        net_ratio = self.population_params.float("income.net_ratio")
        self.n = n = self.households.n
        self.budget = Budget(self.traits, self.behaviour, net_ratio)
        self.interventions = build_interventions(cfg)
        self.observers = list(observers)
        terms = cfg.arrangement_max_terms or max(
            p.awir.arrangement_max_terms for p in self.year_params
        )
        last = Calendar.of(self.year_params[-1].awir)
        #: Months stepped: every year's terms, and the last year's DT and longest arrangement.
        self.horizon = 12 * (cfg.n_years - 1) + last.months_needed(terms) + 1
        self.years: list[ModelYear] = []
        self.applied_before = np.zeros((n, len(TOESLAGEN)), dtype=bool)
        #: The estimate in force (euro per year): at the start the agency's, from the history
        #: (:mod:`lab.model.estimate`); brought in line by reports during the year.
        self.household_estimate = history.at_start(
            self.year_params[0].awir.estimate_indexation, self.population_params
        )
        #: The toetsingsinkomen of the year before the first toeslag year (euro per year): what
        #: the agency's re-estimate after the aangifte starts from in the first year.
        self.income_before = history.previous_income
        #: Whether a household lost or started a job in the history years (bool per household).
        self.source_changed_before = history.source_changed
        keep = n <= HISTORY_DEFAULT_LIMIT if keep_history is None else keep_history
        self.history = History(n, self.horizon) if keep else None
        self.keep_history = keep
        self.month_arrays = MonthArrays(n, keep)
        self._reset_series()
        self.datacollector = mesa.DataCollector(
            # The month stepped, k: Mesa counts a step before it runs it.
            model_reporters={"month": lambda m: m.steps - 1, **{n: n for n in MONTHLY_SERIES}}
        )
        self.running = True
        hand_back_freed_memory()  # the build's draws and temporaries

    # ----------------------------------------------------------------- the households
    @property
    def population(self) -> Population:
        """The households at the start of the first toeslag year."""
        return self.households.population

    @property
    def traits(self) -> Traits:
        """The households' traits, with the fear now."""
        return self.households.traits

    @property
    def income(self) -> IncomePaths:
        """The households' income paths over the simulated years."""
        return self.households.income

    @property
    def coresidents(self) -> Coresidents:
        """The adult children at home."""
        return self.households.coresidents

    # ----------------------------------------------------------------- the month
    def _reset_series(self) -> None:
        """Zero the month's series (weighted totals, :data:`MONTHLY_SERIES`)."""
        for name in MONTHLY_SERIES:
            setattr(self, name, 0.0)

    def _year_month(self, year: ModelYear, i: int) -> np.ndarray | None:
        """Month ``i`` of ``year``: its term, reports, settlement, DT and collection.

        Returns the households with a flow this month (None: any household).
        """
        calendar = year.calendar
        if i == 12:
            year.release_flows()  # last month's flows are booked: not kept beside the awards
        flows = year.month(
            i,
            definitive=definitive_awards(self, year) if i == 12 else None,
            debtor_instalment=collection_plan(self, year) if i == calendar.dt else None,
        )
        if i == 12:
            experience(self, year)
        arrays = self.month_arrays
        if 1 <= i <= 11:
            reported = month_reports(self, year, i)
            if arrays.events.size:
                arrays.events |= event_flag(reported, EVENT_REPORTED)
        totals = book_flows(
            flows,
            year.arrangement,
            self.population.weight,
            arrays.flow,
            arrays.voorschot,
            arrays.events,
            EVENT_NABETALING,
            # Households without a toeslag have no flow in a month of terms (none in history).
            arrays.idle_none if self.history is not None else year.idle,
        )
        self.voorschot_paid += float(totals[VOORSCHOT_PAID])
        self.recipients += float(totals[RECIPIENTS])
        self.recoveries += float(totals[RECOVERIES])
        self.nabetalingen += float(totals[NABETALINGEN])
        self.in_arrangement += float(totals[IN_ARRANGEMENT])
        if i == calendar.dt and arrays.events.size:
            arrays.events[year.debtors] |= EVENT_TERUGVORDERING_DUE
        return flows.rows

    def _quiet_month(self, k: int) -> None:
        """A quiet month: the years' nabetalingen and collection, visiting only who has a flow."""
        self.month_arrays.start_quiet()
        touched = [self._year_month(year, k - 12 * year.index) for year in self.years]
        weight = self.population.weight
        self.negative_balance = self.month_arrays.close_quiet(touched, self.budget, weight)

    def step(self) -> None:
        """Advance month ``k`` (Mesa's step count less one): income, terms, reports, DT."""
        k = self.steps - 1
        quiet = is_quiet(k, self.config.n_years, self.history is not None)
        has_income = 1 <= k <= 12 * self.config.n_years
        self._reset_series()
        arrays = self.month_arrays
        arrays.reset(quiet, has_income)
        if quiet:
            self._quiet_month(k)
            self._end_month()
            return
        income_m = None
        if has_income:
            income_m = self.income.monthly[:, k - 1]
            self.budget.income_flow(income_m, self.household_estimate, arrays.flow)
            if arrays.events.size:
                arrays.events |= self.income.events[:, k - 1]
        for year in self.years:
            if k > 12 * year.index:
                self._year_month(year, k - 12 * year.index)
        if k % 12 == 0 and k // 12 < self.config.n_years:
            self.years.append(start_year(self, k // 12))
            self._year_month(self.years[-1], 0)
        self.negative_balance = float(self.budget.close_month(arrays.flow, self.population.weight))
        if self.history is not None:
            self.history.record(k, income_m, arrays.voorschot, self.budget.balance)
            self.history.events[:, k] |= arrays.events
        if k % 12 == 0:
            hand_back_freed_memory()  # a year start's and a DT's temporaries
        self._end_month()

    def _end_month(self) -> None:
        self.datacollector.collect(self)
        if self.steps >= self.horizon:
            self.running = False
            # Not needed once the run is over (a further step makes them again).
            self.month_arrays.release(self.budget)
            hand_back_freed_memory()

    def run(self) -> ToeslagenModel:
        """Step until the last collection month of the last toeslag year."""
        while self.running:
            self.step()
        return self

    # ----------------------------------------------------------------- views and results
    def history_of(self, index: int) -> list[dict[str, Any]]:
        """Month-by-month history of one household (income, voorschot, balance, events)."""
        if self.history is None:
            raise ValueError("history was not kept: build the model with keep_history=True")
        return self.history.rows(index, min(self.steps, self.horizon), self.config.year)

    def household(self, index: int) -> HouseholdAgent:
        """A mesa.Agent view of household ``index`` (0-based)."""
        if not 0 <= index < self.n:
            raise IndexError(f"household {index} does not exist; the model has {self.n} households")
        return HouseholdAgent(self, index)

    def close(self) -> None:
        """Release the model from mesa's class-level registries (mesa 3.3.1 keeps models alive)."""
        mesa.Agent._ids.pop(self, None)
        for agent in list(self.agents):
            agent.remove()

    def result(self) -> SimulationResult:
        """The outcome tables of the run (see docs/architecture.md)."""
        return result_tables(self)
