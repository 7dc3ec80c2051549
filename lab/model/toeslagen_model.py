"""The Mesa model: household agents living through toeslag years, month by month.

State is held column-wise (numpy arrays over households, per toeslag), and every rule is an array
operation, so a whole population runs on one machine; :meth:`ToeslagenModel.household` gives a
``mesa.Agent`` view of one household with its traits, state and month-by-month history.

The month loop is thin: each toeslag year is an :class:`lab.awir.year.AwirYear` (terms, DT,
nabetaling, collection on the calendar of the law parameters); the decisions live in
``year_start`` (take-up, percentage), ``reports`` (reported changes and the interventions of
``lab.policy``) and ``year_end`` (definitive award, experience, how a debt is paid); the
household's money in ``budget``; what is kept in ``history`` and ``results``.

Time line (month index ``k``; ``k = 0`` is December of the year before the first toeslag year).
Toeslag year ``y`` starts at ``k0 = 12 y``: the household decides and receives term 0; in months
``k0 + 1 .. k0 + 12`` it earns its income, may report a change (from the next term) and receives
the next term; after December the year is settled; the DT, nabetaling and collection follow the
calendar (docs/awir_year.md).
"""

from __future__ import annotations

from typing import Any, cast

import mesa
import numpy as np

from lab import TOESLAGEN
from lab.awir.year import Calendar
from lab.households.behaviour import Traits, draw_traits
from lab.households.coresidents import Coresidents, draw_coresidents, facts_of_rows
from lab.households.income import IncomePaths, draw_income_paths
from lab.households.population import Population, build_population
from lab.households.rent import yearly_rises
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
from lab.model.config import ModelConfig
from lab.model.estimate import EstimateHistory
from lab.model.facts import awards_in_year
from lab.model.history import (
    EVENT_NABETALING,
    EVENT_REPORTED,
    EVENT_TERUGVORDERING_DUE,
    History,
    event_flag,
)
from lab.model.memory import keep_freed_memory
from lab.model.reports import month_reports
from lab.model.results import SimulationResult, result_tables
from lab.model.year_end import collection_plan, definitive_awards, experience
from lab.model.year_start import ModelYear, start_year
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
    """

    #: The month's flow per household, euro (made by the first :meth:`_reset_month`).
    _flow: np.ndarray

    def __init__(
        self, config: ModelConfig | None = None, seed: int = 0, *, keep_history: bool | None = None
    ) -> None:
        super().__init__(seed=seed)
        self.config = cfg = config or ModelConfig()
        keep_freed_memory(cfg.n_households)
        self.run_seed = int(seed)
        self.behaviour = load_named("behaviour").with_overrides(cfg.behaviour)
        self.population_params = load_named("population").with_overrides(cfg.population)
        self.year_params = [load_year(cfg.year + y) for y in range(cfg.n_years)]
        burn_in = self.population_params.int("estimate.burn_in_years")
        self.population: Population = build_population(
            cfg.n_households, seed, cfg.year, self.population_params, history_years=burn_in
        )
        net_ratio = self.population_params.float("income.net_ratio")
        self.traits: Traits = draw_traits(self.population, seed, self.behaviour, net_ratio)
        history = EstimateHistory(
            self.population.base_income, self.traits, self.behaviour, seed, cfg.year
        )
        self.income: IncomePaths = draw_income_paths(
            self.population,
            cfg.n_years,
            seed,
            self.population_params,
            burn_in,
            history,
            first_year=cfg.year,
        )
        #: The July rent rise of each simulated year (fraction; lab/households/rent.py).
        self.rent_rises = yearly_rises(cfg.year, cfg.n_years, self.population_params)
        self.coresidents: Coresidents = draw_coresidents(
            self.population, seed, self.population_params
        )
        self.n = n = self.population.n
        self.fear = self.traits.fear.copy()
        self.fear_start = self.traits.fear.copy()
        self.budget = Budget(self.traits, self.behaviour, net_ratio)
        self.interventions = build_interventions(cfg)
        self.horizon = 12 * cfg.n_years + self._tail_months() + 1
        self.month = 0
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
        self._quiet_rows: np.ndarray | None = None
        self.keep_history = keep
        self._reset_month()
        self.datacollector = mesa.DataCollector(
            model_reporters={"month": "month", **{name: name for name in MONTHLY_SERIES}}
        )
        self.running = True

    # ----------------------------------------------------------------- the households' facts
    def _tail_months(self) -> int:
        """Months stepped after the last year: DT, due date and the longest arrangement."""
        awir = self.year_params[-1].awir
        terms = self.config.arrangement_max_terms or max(
            p.awir.arrangement_max_terms for p in self.year_params
        )
        return 12 + Calendar.of(awir).due_delay + terms

    def partner_now(self, k: int) -> np.ndarray:
        """Whether each household has a toeslagpartner in month ``k``."""
        return self.income.partner[:, k - 1] if k >= 1 else self.population.has_partner

    def awards(
        self,
        y: int,
        income: np.ndarray,
        partner: np.ndarray,
        idx: np.ndarray | None = None,
        new_rent_share: float | np.ndarray = 0.0,
        coresident: tuple[np.ndarray, np.ndarray] | None = None,
    ) -> np.ndarray:
        """The four yearly awards (euro per year), as an (n, 4) array, in the order of TOESLAGEN.

        ``new_rent_share`` (scalar or per household): share of the year at the rent after the
        yearly rise (:mod:`lab.households.rent`); 0 gives the award on the January rent.
        ``coresident``: the adult children at home as ``(income, months at home)``, one per
        household (default: the agency's view, :attr:`coresidents`). The huurtoeslag is a right
        per month (Wet op de huurtoeslag art. 7), so the year is the sum of its months: the first
        months at the January rent, the last ``new_rent_share`` after the rise; the child's
        income counts in the months it lives at home (the first ones), not after it leaves.
        """
        c = self.coresidents
        view = (c.agency_income, c.agency_months) if coresident is None else coresident
        at, c_income, c_age, c_months = facts_of_rows(c, y, idx, view)
        rent_growth = self.rent_rises
        params = self.year_params[y]
        income, partner = np.asarray(income), np.asarray(partner)

        def on(after_rise: bool, gone: np.ndarray | None = None) -> np.ndarray:
            """The awards at the rent before or after the rise; ``gone``: those rows, no child."""
            if gone is None:
                return awards_in_year(
                    self.population,
                    params,
                    rent_growth,
                    y,
                    income,
                    partner,
                    idx,
                    after_rise,
                    (at, c_income, c_age),
                )
            households = gone if idx is None else np.asarray(idx)[gone]
            return awards_in_year(
                self.population,
                params,
                rent_growth,
                y,
                income[gone],
                partner[gone],
                households,
                after_rise,
            )

        share = np.asarray(new_rent_share, dtype=np.float64)
        award = on(False)
        after = on(True) if share.any() else award
        part = c_months < 12
        leaves = at[part]
        if leaves.size:
            # A month's award is on the month's facts: the child lives at home the first
            # ``c_months`` months, the new rent runs the last ``share`` of the year.
            home = c_months[part] / 12.0
            new = np.broadcast_to(share, (len(award),))[leaves]
            with_before = np.minimum(home, 1.0 - new)
            with_after = home - with_before
            without_before = (1.0 - new) - with_before
            without_after = new - with_after
            gone_before = on(False, leaves)
            gone_after = on(True, leaves) if new.any() else gone_before
            mixed = (
                with_before[:, None] * award[leaves]
                + with_after[:, None] * after[leaves]
                + without_before[:, None] * gone_before
                + without_after[:, None] * gone_after
            )
        if share.any():
            award = award + np.reshape(share, (-1, 1)) * (after - award)
        if leaves.size:
            award[leaves] = mixed
        return award

    # ----------------------------------------------------------------- the month
    def _quiet(self, k: int) -> bool:
        """Whether month ``k`` is quiet (after every year's terms and income; no history kept).

        Then only the few households with a nabetaling or a debt have a flow.
        """
        return self.history is None and k > 12 * self.config.n_years

    def _reset_month(self, quiet: bool = False, income: bool = False) -> None:
        """Zero the month's series and arrays (the same arrays every month).

        In a quiet month the households with a flow last month were set back to 0 after it; in
        a month with income the flow starts from it (:meth:`Budget.income_flow`); the voorschot
        and events of each household are kept only for the history.
        """
        for name in MONTHLY_SERIES:
            setattr(self, name, 0.0)
        if getattr(self, "_flow", None) is None or self._flow.shape[0] != self.n:
            self._flow = np.zeros(self.n)
            keep = self.history is not None
            self._voorschot_month = np.zeros(self.n if keep else 0)
            self._events = np.zeros(self.n if keep else 0, dtype=np.uint16)
            self._idle_none = np.zeros(0, dtype=np.bool_)
            return
        if quiet:
            return
        if not income:
            self._flow.fill(0.0)
        self._voorschot_month.fill(0.0)
        self._events.fill(0)

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
        elif 1 <= i <= 11:
            reported = month_reports(self, year, i)
            if self._events.size:
                self._events |= event_flag(reported, EVENT_REPORTED)
        totals = book_flows(
            flows,
            year.arrangement,
            self.population.weight,
            self._flow,
            self._voorschot_month,
            self._events,
            EVENT_NABETALING,
            # Households without a toeslag have no flow in a month of terms (none in history).
            self._idle_none if self.history is not None else year.idle,
        )
        self.voorschot_paid += float(totals[VOORSCHOT_PAID])
        self.recipients += float(totals[RECIPIENTS])
        self.recoveries += float(totals[RECOVERIES])
        self.nabetalingen += float(totals[NABETALINGEN])
        self.in_arrangement += float(totals[IN_ARRANGEMENT])
        if i == calendar.dt and self._events.size:
            self._events[year.debtors] |= EVENT_TERUGVORDERING_DUE
        return flows.rows

    def _quiet_month(self, k: int) -> None:
        """A quiet month: the years' nabetalingen and collection, visiting only who has a flow."""
        if self._quiet_rows is None:  # the first quiet month
            self._flow.fill(0.0)
        # In a quiet month every year names the households with a flow (rows are never None).
        touched = cast(
            list[np.ndarray], [self._year_month(year, k - 12 * year.index) for year in self.years]
        )
        rows = touched[0] if len(touched) == 1 else np.unique(np.concatenate(touched))
        weight = self.population.weight
        self.negative_balance = float(self.budget.close_quiet_month(self._flow, weight, rows))
        self._flow[rows] = 0.0
        self._quiet_rows = rows

    def step(self) -> None:
        """Advance one month: income, voorschot terms and reports, DT and collection."""
        k = self.month
        quiet = self._quiet(k)
        has_income = 1 <= k <= 12 * self.config.n_years
        self._reset_month(quiet, has_income)
        if quiet:
            self._quiet_month(k)
            self._end_month()
            return
        income_m = None
        if has_income:
            income_m = self.income.monthly[:, k - 1]
            self.budget.income_flow(income_m, self.household_estimate, self._flow)
            if self._events.size:
                self._events |= self.income.events[:, k - 1]
        for year in self.years:
            if k > 12 * year.index:
                self._year_month(year, k - 12 * year.index)
        if k % 12 == 0 and k // 12 < self.config.n_years:
            self.years.append(start_year(self, k // 12))
            self._year_month(self.years[-1], 0)
        self.negative_balance = float(self.budget.close_month(self._flow, self.population.weight))
        if self.history is not None:
            self.history.record(k, income_m, self._voorschot_month, self.budget.balance)
            self.history.events[:, k] |= self._events
        self._end_month()

    def _end_month(self) -> None:
        self.datacollector.collect(self)
        self.month += 1
        if self.month >= self.horizon:
            self.running = False

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
        return self.history.rows(index, min(self.month, self.horizon), self.config.year)

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


def simulate(config: ModelConfig, seed: int) -> SimulationResult:
    """Run one arm for one seed to the end and return its outcome tables (no history kept)."""
    model = ToeslagenModel(config, seed, keep_history=False)
    try:
        model.run()
        return model.result()
    finally:
        model.close()
