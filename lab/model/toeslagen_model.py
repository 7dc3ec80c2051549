"""The Mesa model: household agents living through toeslag years, month by month.

State is held column-wise (numpy arrays over households, per toeslag), and every rule is an array
operation, so a whole population runs on one machine; :meth:`ToeslagenModel.household` gives a
``mesa.Agent`` view of one household with its traits, state and month-by-month history.

Time line (month index ``k``; ``k = 0`` is December of the year before the first toeslag
year). For toeslag year ``y`` (starting at ``k0 = 12 y``) the household decides on take-up and
the voorschot percentage at ``k0`` and receives term 0. In months ``k0 + 1 .. k0 + 12`` it earns
its income, may report a change (effective from the next term), may get a letter (and a mutation)
from the agency, and receives the next term. After December the definitive award is known. The DT
comes in month ``dt_month`` of the following year with a terugvordering (collected from 6 weeks
later, at once or in a standard arrangement) or a nabetaling (paid within 4 weeks).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import mesa
import numpy as np

from lab import TOESLAGEN
from lab.awir.collection import standard_arrangement
from lab.awir.settlement import settle_under
from lab.awir.voorschot import recompute_terms
from lab.households.behaviour import (
    Traits,
    choose_percentage,
    continue_probability,
    draw_traits,
    recovery_outlook,
    take_up_probability,
    update_fear,
)
from lab.households.income import EVENT_NAMES, IncomePaths, draw_income_paths
from lab.households.population import (
    FLEX,
    INCOME_TYPES,
    SELF_EMPLOYED,
    Population,
    build_population,
)
from lab.households.streams import stream
from lab.law.awards import compute_awards
from lab.law.parameters import YearParams, load_year
from lab.law.situation import Situation
from lab.model.config import ModelConfig
from lab.policy.arms import offer
from lab.valuefile import load_named

N_TOESLAGEN = len(TOESLAGEN)
#: Months after the last toeslag year that the model keeps stepping: DT (up to December of the
#: next year), 6 weeks to the due date, and up to 24 arrangement terms.
TAIL_MONTHS = 12 + 2 + 24
HISTORY_DEFAULT_LIMIT = 200_000
#: Relative income step over which a household sees how fast its award falls (the taper).
SLOPE_STEP = 0.1


@dataclass
class _Year:
    """Column-wise state of one toeslag year in progress (arrays (n,) or (n, 4))."""

    index: int
    params: YearParams
    estimate: np.ndarray
    applied: np.ndarray
    percentage: np.ndarray
    award: np.ndarray
    target: np.ndarray
    last_target: np.ndarray
    per_term: np.ndarray
    paid: np.ndarray
    recovered_in_year: np.ndarray
    reported: np.ndarray
    definitive: np.ndarray | None = None
    eligible: np.ndarray | None = None
    settlement: dict[str, np.ndarray] = field(default_factory=dict)
    remaining: np.ndarray | None = None
    instalment: np.ndarray | None = None
    arrangement: np.ndarray | None = None
    collected_paid: np.ndarray | None = None


@dataclass(frozen=True)
class SimulationResult:
    """Outcome tables of one run (see docs/architecture.md, "Model output")."""

    awards: dict[str, np.ndarray]
    households: dict[str, np.ndarray]
    monthly: dict[str, np.ndarray]


class HouseholdAgent(mesa.Agent):
    """Read-only view of one household: traits, state, and its month-by-month history."""

    def __init__(self, model: ToeslagenModel, index: int) -> None:
        super().__init__(model)
        self.index = index
        pop, traits = model.population, model.traits
        self.income_type = INCOME_TYPES[int(pop.income_type[index])]
        self.has_partner = bool(pop.has_partner[index])
        self.child_ages = [int(a) for a in pop.child_ages[index] if a >= 0]
        self.rent = float(pop.rent[index])
        self.assets = float(pop.assets[index])
        self.weight = float(pop.weight[index])
        self.traits = {
            "risk_aversion": float(traits.risk_aversion[index]),
            "loss_aversion": float(traits.loss_aversion[index]),
            "attention": float(traits.attention[index]),
            "fear": float(model.fear[index]),
            "hassle_eur": float(traits.hassle[index]),
            "buffer_eur": float(traits.buffer[index]),
            "perceived_volatility": float(traits.perceived_volatility[index]),
        }
        self.toeslagen = {}
        for year in model.years:
            for t, name in enumerate(TOESLAGEN):
                self.toeslagen[(year.params.year, name)] = {
                    "applied": bool(year.applied[index, t]),
                    "percentage": float(year.percentage[index, t]),
                    "award_on_estimate": float(year.award[index, t]),
                    "paid": float(year.paid[index, t]),
                    "definitive": None
                    if year.definitive is None
                    else float(year.definitive[index, t]),
                    **{k: float(v[index, t]) for k, v in year.settlement.items()},
                }
        self.history = model.history_of(index)

    def describe(self) -> str:
        """The household's history as a readable table, one line per month."""
        lines = [
            f"household {self.index}: {self.income_type}, "
            f"{'with' if self.has_partner else 'without'} toeslagpartner, "
            f"children {self.child_ages}, "
            f"rent {self.rent:.0f} euro/month",
            f"{'month':>8} {'income':>9} {'voorschot':>10} {'balance':>10}  events",
        ]
        for row in self.history:
            lines.append(
                f"{row['month']:>8} {row['income']:>9.0f} {row['voorschot']:>10.0f} "
                f"{row['balance']:>10.0f}  {', '.join(row['events'])}"
            )
        return "\n".join(lines)


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

    def __init__(
        self, config: ModelConfig | None = None, seed: int = 0, *, keep_history: bool | None = None
    ) -> None:
        super().__init__(seed=seed)
        self.config = config or ModelConfig()
        self.run_seed = int(seed)
        cfg = self.config
        self.behaviour = load_named("behaviour").with_overrides(cfg.behaviour)
        self.population_params = load_named("population").with_overrides(cfg.population)
        self.year_params = [load_year(cfg.year + y) for y in range(cfg.n_years)]
        first = self.year_params[0].kinderopvangtoeslag
        prices = (
            first.max_uurprijs_dagopvang,
            first.max_uurprijs_bso,
            first.max_uurprijs_gastouder,
        )
        self.population: Population = build_population(
            cfg.n_households, seed, cfg.year, prices, self.population_params
        )
        self.income: IncomePaths = draw_income_paths(
            self.population, cfg.n_years, seed, self.population_params
        )
        self.net_ratio = self.population_params.float("income.net_ratio")
        self.traits: Traits = draw_traits(self.population, seed, self.behaviour, self.net_ratio)
        n = self.population.n
        self.n = n
        self.fear = self.traits.fear.copy()
        self.fear_start = self.traits.fear.copy()
        self.horizon = 12 * cfg.n_years + TAIL_MONTHS + 1
        self.month = 0
        self.balance = self.traits.buffer.copy()
        self.negative_months = np.zeros(n, dtype=np.int32)
        self.years: list[_Year] = []
        self.applied_before = np.zeros((n, N_TOESLAGEN), dtype=bool)
        self.household_estimate = self.population.base_income * (
            1.0 + self.year_params[0].awir.estimate_indexation
        )
        keep = n <= HISTORY_DEFAULT_LIMIT if keep_history is None else keep_history
        self.keep_history = keep
        if keep:
            self.hist_income = np.zeros((n, self.horizon), dtype=np.float32)
            self.hist_voorschot = np.zeros((n, self.horizon), dtype=np.float32)
            self.hist_balance = np.zeros((n, self.horizon), dtype=np.float32)
            self.hist_events = np.zeros((n, self.horizon), dtype=np.uint16)
        self._reset_month_totals()
        self.datacollector = mesa.DataCollector(
            model_reporters={
                "month": "month",
                "recipients": "recipients",
                "voorschot_paid": "voorschot_paid",
                "recoveries": "recoveries",
                "nabetalingen": "nabetalingen",
                "in_arrangement": "in_arrangement",
                "negative_balance": "negative_balance",
            }
        )
        self.running = True

    # ----------------------------------------------------------------- helpers
    def _reset_month_totals(self) -> None:
        self.recipients = 0.0
        self.voorschot_paid = 0.0
        self.recoveries = 0.0
        self.nabetalingen = 0.0
        self.in_arrangement = 0.0
        self.negative_balance = 0.0
        self._flow = np.zeros(self.n)
        self._voorschot_month = np.zeros(self.n)
        self._events = np.zeros(self.n, dtype=np.uint16)

    def situation(
        self, y: int, income: np.ndarray, partner: np.ndarray, idx: np.ndarray | None = None
    ) -> Situation:
        """The facts of households (all, or ``idx``) in toeslag year ``y`` with the given income."""
        pop = self.population
        sel = slice(None) if idx is None else idx
        ages = pop.child_ages[sel].astype(np.int16)
        ages = np.where(ages >= 0, ages + y, -1)
        ages = np.where(ages >= 18, -1, ages)
        care = (ages >= 0) & (ages <= self.year_params[y].kinderopvangtoeslag.max_child_age)
        growth = (1.0 + self.population_params.float("housing.rent_growth")) ** y
        n_children = (ages >= 0).sum(axis=1)
        return Situation(
            income=np.asarray(income, dtype=np.float64),
            has_partner=np.asarray(partner, dtype=bool),
            assets=pop.assets[sel],
            rent=np.round(pop.rent[sel] * growth, 2),
            service_costs=pop.service_costs[sel],
            n_persons=1 + np.asarray(partner, dtype=np.int64) + n_children,
            child_ages=ages,
            childcare_hours=np.where(care, pop.childcare_hours[sel], 0.0),
            childcare_type=np.where(care, pop.childcare_type[sel], 0).astype(np.int8),
            childcare_price=np.where(care, pop.childcare_price[sel], 0.0),
            parents_work=pop.parents_work[sel],
        )

    def awards(
        self, y: int, income: np.ndarray, partner: np.ndarray, idx: np.ndarray | None = None
    ) -> np.ndarray:
        """The four yearly awards (euro per year), as an (n, 4) array, in the order of TOESLAGEN."""
        result = compute_awards(self.year_params[y], self.situation(y, income, partner, idx))
        return np.stack([result[name] for name in TOESLAGEN], axis=1).astype(np.float64)

    def _partner_now(self, k: int) -> np.ndarray:
        return self.income.partner[:, max(k - 1, 0)] if k >= 1 else self.population.has_partner

    # ----------------------------------------------------------------- year start
    def _start_year(self, y: int) -> None:
        cfg, b = self.config, self.behaviour
        params = self.year_params[y]
        if y > 0:
            self.household_estimate = self.household_estimate * (
                1.0 + params.awir.estimate_indexation
            )
        estimate = self.household_estimate.copy()
        partner = self._partner_now(12 * y)
        award = self.awards(y, estimate, partner)
        shifted = self.awards(y, estimate * (1.0 + SLOPE_STEP), partner)
        slope = np.maximum(award - shifted, 0.0) / np.maximum(SLOPE_STEP * estimate, 1.0)[:, None]
        income_sd = self.traits.perceived_volatility * estimate
        high = float(params.awir.high_recovery_threshold)
        options = np.array(
            offer(cfg.voorschot_option, params.awir, cfg.voorschot_floor).percentages
        )
        percentage = choose_percentage(options, award, slope, income_sd, self.traits, b, high)
        self.traits.fear = self.fear
        feared, p_any, _ = recovery_outlook(award, slope, income_sd[:, None], percentage, high)
        p_apply = take_up_probability(
            award, feared, p_any, self.traits, self.population.income_type, b, cfg.outreach
        )
        u = stream(self.run_seed, f"take_up/{y}").random((self.n, N_TOESLAGEN))
        if y == 0:
            applied = u < p_apply
        else:
            p_continue = continue_probability(self.fear, self.fear_start, b)[:, None]
            applied = np.where(self.applied_before, u < p_continue, u < p_apply) & (award > 0)
        self.applied_before = applied
        percentage = np.where(applied, percentage, np.nan)
        target = np.where(applied, np.nan_to_num(percentage) * award, 0.0)
        self.years.append(
            _Year(
                index=y,
                params=params,
                estimate=estimate,
                applied=applied,
                percentage=percentage,
                award=award,
                target=target,
                last_target=np.full_like(target, np.nan),
                per_term=np.zeros_like(target),
                paid=np.zeros_like(target),
                recovered_in_year=np.zeros_like(target),
                reported=np.zeros(self.n, dtype=bool),
            )
        )

    # ----------------------------------------------------------------- within the year
    def _pay_term(self, year: _Year, term: int) -> None:
        """Pay voorschot term ``term`` (0..12), recomputing the year where the target changed."""
        payment = np.where(term < 12, year.per_term, 0.0)
        changed = year.target != year.last_target
        at_once = np.zeros_like(payment)
        if changed.any():
            per_term, at_once_changed = recompute_terms(
                year.paid[changed], year.target[changed], term
            )
            year.per_term[changed] = per_term
            year.last_target[changed] = year.target[changed]
            at_once[changed] = at_once_changed
            payment = np.where(term < 12, year.per_term, 0.0) + at_once
        recovery = np.maximum(-payment, 0.0)
        year.paid += payment
        year.recovered_in_year += recovery
        # Planned spending includes the regular terms; at-once payments and recoveries are not.
        self._flow += at_once.sum(axis=1)
        self._voorschot_month += payment.sum(axis=1)
        w = self.population.weight
        self.voorschot_paid += float((np.maximum(payment, 0.0).sum(axis=1) * w).sum())
        self.recoveries += float((recovery.sum(axis=1) * w).sum())
        self.recipients += float(w[(payment > 0).any(axis=1)].sum())

    def _report_changes(self, year: _Year, m: int) -> None:
        """Households (and the agency's letters) bring the estimate in line in month ``m``."""
        cfg, b = self.config, self.behaviour
        y = year.index
        cols = slice(12 * y, 12 * y + m)
        so_far = self.income.monthly[:, cols].sum(axis=1)
        projection = so_far + self.income.monthly[:, 12 * y + m - 1] * (12 - m)
        estimate = self.household_estimate
        gap = np.abs(projection - estimate) / np.maximum(estimate, 1.0)
        any_applied = year.applied.any(axis=1)
        noticed = any_applied & (gap > b.float("reporting.tolerance"))
        u = stream(self.run_seed, f"reporting/{y}/{m}").random(self.n)
        report = noticed & (u < self.traits.attention * b.float("reporting.monthly_rate"))
        if cfg.letters and m == cfg.letter_month:
            written = (
                any_applied
                & ~report
                & (projection > estimate * (1.0 + b.float("reporting.letter_margin")))
            )
            u_letter = stream(self.run_seed, f"letters/{y}").random((self.n, 2))
            reacts = written & (
                u_letter[:, 0] < self.traits.attention * b.float("reporting.letter_response")
            )
            report |= reacts
            if cfg.muteren:
                fluctuating = np.isin(self.population.income_type, (FLEX, SELF_EMPLOYED))
                if cfg.muteren_fluctuating:
                    fluctuating = np.zeros_like(fluctuating)
                mutate = written & ~reacts & ~fluctuating
                mutate &= u_letter[:, 1] >= b.float("reporting.muteren_refuse") + b.float(
                    "reporting.muteren_reverse"
                )
                report |= mutate
        if not report.any():
            return
        idx = np.flatnonzero(report)
        self.household_estimate = estimate.copy()
        self.household_estimate[idx] = projection[idx]
        year.reported[idx] = True
        partner = self.income.partner[idx, 12 * y + m - 1]
        new_award = self.awards(y, projection[idx], partner, idx)
        year.award[idx] = new_award
        pct = np.nan_to_num(year.percentage[idx])
        year.target[idx] = np.where(year.applied[idx], pct * new_award, 0.0)
        self._events[idx] |= 64

    def _end_year(self, year: _Year) -> None:
        """After December: the definitive award on the actual income, and the experience."""
        y = year.index
        actual = self.income.annual(y)
        definitive = self.awards(y, actual, self.income.partner_at_year_end(y))
        year.definitive = definitive
        year.eligible = definitive > 0
        params = year.params
        result = settle_under(
            params.awir,
            np.where(year.applied, year.paid, 0.0),
            np.where(year.applied, definitive, 0.0),
            dt_threshold=self.config.dt_threshold,
            interest_enabled=self.config.interest_enabled,
        )
        year.settlement = {k: np.asarray(v, dtype=np.float64) for k, v in result.items()}
        terug = year.settlement["terugvordering"] > 0
        high = year.settlement["high_recovery"] > 0
        nabet = year.settlement["nabetaling"] > 0
        self.fear = update_fear(
            self.fear, terug.any(axis=1), high.any(axis=1), nabet.any(axis=1), self.behaviour
        )
        self.traits.fear = self.fear

    def _dt(self, year: _Year) -> None:
        """The DT month: nabetaling paid, recovery due; collection set up."""
        s = year.settlement
        params = year.params
        nabetaling = s["nabetaling"] + s["interest_nabetaling"]
        self._flow += nabetaling.sum(axis=1)
        self.nabetalingen += float((nabetaling.sum(axis=1) * self.population.weight).sum())
        self._events |= np.where(nabetaling.sum(axis=1) > 0, 128, 0).astype(np.uint16)
        amount = s["collected"] + s["interest_terugvordering"]
        share = self.behaviour.float("budget.lump_payment_share")
        lump = self.balance[:, None] * share >= amount
        max_terms = self.config.arrangement_max_terms or params.awir.arrangement_max_terms
        instalment, _terms = standard_arrangement(
            amount, max_terms, params.awir.arrangement_min_instalment
        )
        year.instalment = np.where(lump, amount, instalment)
        year.arrangement = ~lump & (amount > 0)
        year.remaining = amount.copy()
        year.collected_paid = np.zeros_like(amount)
        self._events |= np.where((amount > 0).any(axis=1), 256, 0).astype(np.uint16)

    def _collect(self, year: _Year) -> None:
        """One month of collection: lump sums and arrangement instalments."""
        pay = np.minimum(year.instalment, year.remaining)
        year.remaining = year.remaining - pay
        year.collected_paid += pay
        total = pay.sum(axis=1)
        self._flow -= total
        w = self.population.weight
        self.recoveries += float((total * w).sum())
        active = (year.arrangement & (pay > 0)).any(axis=1)
        self.in_arrangement += float(w[active].sum())

    # ----------------------------------------------------------------- the month
    def step(self) -> None:
        """Advance one month: income, reports and letters, voorschot terms, DT and collection."""
        k = self.month
        self._reset_month_totals()
        cfg = self.config
        b = self.behaviour
        in_income_years = 1 <= k <= 12 * cfg.n_years
        if in_income_years:
            income_m = self.income.monthly[:, k - 1]
            # With a buffer, spending follows the planned (estimated) income and income surprises
            # go to the balance; without one, spending follows the income actually received.
            planned = np.where(self.traits.has_buffer, self.household_estimate / 12.0, income_m)
            spend_share = np.where(
                self.traits.has_buffer,
                b.float("budget.spend_share_buffer"),
                b.float("budget.spend_share_no_buffer"),
            )
            self._flow += self.net_ratio * (income_m - spend_share * planned)
            if self.keep_history:
                self.hist_income[:, k] = income_m
            self._events |= self.income.events[:, k - 1]
        for year in self.years:
            k0 = 12 * year.index
            term = k - k0
            if 1 <= term <= 12:
                self._pay_term(year, term)
                if term < 12:
                    self._report_changes(year, term)
            if term == 12:
                self._end_year(year)
            dt_k = k0 + 12 + year.params.awir.dt_month
            if k == dt_k:
                self._dt(year)
            elif k >= dt_k + 2 and year.remaining is not None:
                self._collect(year)
        if k % 12 == 0 and k // 12 < cfg.n_years:
            y = k // 12
            self._start_year(y)
            self._pay_term(self.years[y], 0)
        self.balance = self.balance + self._flow
        negative = self.balance < 0
        self.negative_months += negative
        self.negative_balance = float(self.population.weight[negative].sum())
        if self.keep_history:
            self.hist_voorschot[:, k] = self._voorschot_month
            self.hist_balance[:, k] = self.balance
            self.hist_events[:, k] |= self._events
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
        if not self.keep_history:
            raise ValueError("history was not kept: build the model with keep_history=True")
        rows = []
        for k in range(min(self.month, self.horizon)):
            year, month = (
                (self.config.year - 1, 12)
                if k == 0
                else (
                    self.config.year + (k - 1) // 12,
                    (k - 1) % 12 + 1,
                )
            )
            flags = int(self.hist_events[index, k])
            names = [name for bit, name in EVENT_NAMES.items() if flags & bit]
            names += [
                n
                for bit, n in (
                    (64, "reported change"),
                    (128, "nabetaling"),
                    (256, "terugvordering due"),
                )
                if flags & bit
            ]
            rows.append(
                {
                    "month": f"{year}-{month:02d}",
                    "income": float(self.hist_income[index, k]),
                    "voorschot": float(self.hist_voorschot[index, k]),
                    "balance": float(self.hist_balance[index, k]),
                    "events": names,
                }
            )
        return rows

    def household(self, index: int) -> HouseholdAgent:
        """A mesa.Agent view of household ``index`` (0-based)."""
        if not 0 <= index < self.n:
            raise IndexError(f"household {index} does not exist; the model has {self.n} households")
        agent = HouseholdAgent(self, index)
        return agent

    def close(self) -> None:
        """Release the model from mesa's class-level registries (mesa 3.3.1 keeps models alive)."""
        mesa.Agent._ids.pop(self, None)
        for agent in list(self.agents):
            agent.remove()

    def result(self) -> SimulationResult:
        """The outcome tables of the run (see docs/architecture.md)."""
        rows: dict[str, list[np.ndarray]] = {
            k: []
            for k in (
                "household",
                "year",
                "toeslag",
                "weight",
                "eligible",
                "applied",
                "chosen_percentage",
                "paid_total",
                "definitive",
                "terugvordering",
                "nabetaling",
                "collected",
                "not_collected",
            )
        }
        w = self.population.weight
        for year in self.years:
            if year.definitive is None:
                continue
            s = year.settlement
            for t, name in enumerate(TOESLAGEN):
                keep = year.eligible[:, t] | year.applied[:, t]
                idx = np.flatnonzero(keep)
                rows["household"].append(idx.astype(np.int64))
                rows["year"].append(np.full(idx.size, year.params.year, dtype=np.int16))
                rows["toeslag"].append(np.full(idx.size, name, dtype=object))
                rows["weight"].append(w[idx])
                rows["eligible"].append(year.eligible[idx, t])
                rows["applied"].append(year.applied[idx, t])
                rows["chosen_percentage"].append(year.percentage[idx, t])
                rows["paid_total"].append(np.where(year.applied[idx, t], year.paid[idx, t], 0.0))
                rows["definitive"].append(year.definitive[idx, t])
                for key in ("terugvordering", "nabetaling", "collected"):
                    rows[key].append(s[key][idx, t])
                rows["not_collected"].append(s["terugvordering"][idx, t] - s["collected"][idx, t])
        awards = {k: np.concatenate(v) if v else np.zeros(0) for k, v in rows.items()}
        volatility = self.income.volatility
        tertile = lambda x: np.searchsorted(np.quantile(x, [1 / 3, 2 / 3]), x, side="right") + 1  # noqa: E731
        households = {
            "household": np.arange(self.n, dtype=np.int64),
            "weight": w,
            "income_type": np.asarray(INCOME_TYPES, dtype=object)[self.population.income_type],
            "volatility_tertile": tertile(volatility + 1e-9 * self.population.base_income / 1e5),
            "risk_aversion_tertile": tertile(self.traits.risk_aversion),
            "buffer": np.where(self.traits.has_buffer, "some", "none").astype(object),
            "negative_balance_months": self.negative_months.copy(),
        }
        frame = self.datacollector.get_model_vars_dataframe()
        monthly = {col: frame[col].to_numpy() for col in frame.columns}
        return SimulationResult(awards=awards, households=households, monthly=monthly)


def simulate(config: ModelConfig, seed: int) -> SimulationResult:
    """Run one arm for one seed to the end and return its outcome tables (no history kept)."""
    model = ToeslagenModel(config, seed, keep_history=False)
    try:
        model.run()
        return model.result()
    finally:
        model.close()
