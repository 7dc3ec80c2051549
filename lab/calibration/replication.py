"""The moments of one replication: one seed, one toeslag year, the runs its targets need.

- the control arm: non-take-up per toeslag, of the self-employed, by amount; the split of final
  awards (terugvordering, nabetaling) per toeslag; recipients and amounts paid; amounts recovered;
- the voorzichtig arm: the share taking the 80% option, and the experience rating against control;
- the outreach arm: the share of the control arm's entitled zorgtoeslag non-users who apply;
- the instelbaar arm (validation only): the chosen-percentage distribution;
- the letter rules over the households a letter reaches in the letter month: the share reacting
  to a muteren letter, doing nothing after a warning, refusing a mutation;
- income paths of two years: the spread of yearly income changes per income group.

Every moment ``name`` comes with ``n:name``, the simulated units behind it
(:meth:`lab.calibration.Moments.sampling_se`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np

from lab import TOESLAGEN
from lab.calibration.targets import INCOME_GROUPS, Design
from lab.experiment.metrics import compute_metrics, experience_effects
from lab.households.income import EVENT_JOB_LOSS, EVENT_JOB_START, draw_income_paths
from lab.households.population import INCOME_TYPES, build_population
from lab.households.reporting import letter_reaction_probability
from lab.model import HouseholdDraw, ToeslagenModel
from lab.model.config import ModelConfig
from lab.model.estimate import log_estimate_error
from lab.policy.intervention import Intervention, MonthReports
from lab.policy.letters import written_to
from lab.policy.muteren import FLUCTUATING
from lab.valuefile import ValueFile, load_named

#: Arms the moments need, as ModelConfig overrides.
ARMS: dict[str, dict[str, Any]] = {
    "control": {},
    "voorzichtig": {"voorschot_option": "voorzichtig"},
    "outreach": {"outreach": True},
    "instelbaar": {"voorschot_option": "instelbaar"},
}
#: Amount (euro per month) that splits small from larger entitlements (CPB 2025: up to 50 euro).
SMALL_AMOUNT = 50.0


def _weighted_share(mask: np.ndarray, weight: np.ndarray, among: np.ndarray) -> float:
    total = float(weight[among].sum())
    return float(weight[among & mask].sum()) / total if total > 0 else float("nan")


class LetterCandidates(Intervention):
    """Who the agency's letters would reach in the first year's letter month (an observer).

    Recorded in every arm, with letters or without: the population the letter response targets
    were measured on (:func:`lab.policy.letters.written_to`, before any intervention acts).
    """

    def __init__(self, n: int, letter_month: int) -> None:
        self.letter_month = letter_month
        #: (n,) bool: reached by a letter.
        self.written = np.zeros(n, dtype=bool)

    def in_month(self, reports: MonthReports) -> None:
        """Keep who a letter reaches, in the letter month of the first toeslag year."""
        if reports.year == 0 and reports.month == self.letter_month:
            self.written = written_to(reports)


def _control_moments(
    model: ToeslagenModel, result: Any, letters: LetterCandidates
) -> dict[str, float]:
    a, h = result.awards, result.households
    threshold = float(model.year_params[0].awir.high_recovery_threshold)
    m = compute_metrics(a, h, threshold)
    out = {
        "recovery_share": m["recovery_share"],
        "nabetaling_share": m["nabetaling_share"],
        "high_recovery_share": m["high_recovery_share"],
        "recovery_mean_eur": m["recovery_mean_eur"],
        "experience.control": m["experience_mean"],
    }
    w = a["weight"]
    eligible, applied = a["eligible"], a["applied"].astype(bool)
    counts = {
        "recovery_share": int(applied.sum()),
        "nabetaling_share": int(applied.sum()),
        "high_recovery_share": int(applied.sum()),
        "recovery_mean_eur": int((a["terugvordering"] > 0).sum()),
        "experience.control": int(h["has_toeslag"].sum()),
    }
    income_type = h["income_type"][np.searchsorted(h["household"], a["household"])]
    self_employed = income_type == "self_employed"
    monthly = a["definitive"] / 12.0
    for t in TOESLAGEN:
        on = a["toeslag"] == t
        out[f"non_take_up.{t}"] = 1.0 - m[f"take_up_rate.{t}"]
        out[f"non_take_up_self_employed.{t}"] = _weighted_share(
            ~applied, w, eligible & on & self_employed
        )
        for key in ("recovery_share", "nabetaling_share", "recovery_mean_eur"):
            out[f"{key}.{t}"] = m[f"{key}.{t}"]
        paid = float((a["paid_total"] * w)[on & applied].sum())
        out[f"recovery_euro_share.{t}"] = (
            float((a["terugvordering"] * w)[on & applied].sum()) / paid if paid else math.nan
        )
        out[f"nabetaling_euro_share.{t}"] = (
            float((a["nabetaling"] * w)[on & applied].sum()) / paid if paid else math.nan
        )
        receiving = on & applied & (a["definitive"] > 0)
        out[f"recipients.{t}"] = float(w[receiving].sum())
        out[f"paid_eur.{t}"] = float((a["definitive"] * w)[receiving].sum())
        counts[f"non_take_up.{t}"] = int((eligible & on).sum())
        counts[f"non_take_up_self_employed.{t}"] = int((eligible & on & self_employed).sum())
        for key in ("recovery_share", "nabetaling_share", "recovery_euro_share"):
            counts[f"{key}.{t}"] = int((on & applied).sum())
        counts[f"nabetaling_euro_share.{t}"] = int((on & applied).sum())
        counts[f"recovery_mean_eur.{t}"] = int((on & (a["terugvordering"] > 0)).sum())
        counts[f"recipients.{t}"] = int(receiving.sum())
        counts[f"paid_eur.{t}"] = int(receiving.sum())
    small = monthly <= SMALL_AMOUNT
    out["non_take_up_small_minus_large"] = _weighted_share(
        ~applied, w, eligible & small
    ) - _weighted_share(~applied, w, eligible & ~small)
    out["non_take_up_benefit"] = _weighted_share(~applied, w, eligible & (income_type == "benefit"))
    counts["non_take_up_small_minus_large"] = int(eligible.sum())
    counts["non_take_up_benefit"] = int((eligible & (income_type == "benefit")).sum())
    # The letter rules over the households the letters reach (a toeslag, no report of their own,
    # a projected income well above the estimate, in the letter month): the chance to react to a
    # warning, and to a muteren letter (only those muteren may change, as in the pilot).
    b = model.behaviour
    with_toeslag = h["has_toeslag"].astype(bool)
    hw = h["weight"]
    written = letters.written
    mutable_ = written & ~np.isin(model.population.income_type, FLUCTUATING)
    warning = letter_reaction_probability(model.traits.attention, b)
    announced = letter_reaction_probability(model.traits.attention, b, True)

    def _mean(p: np.ndarray, among: np.ndarray) -> float:
        total = float(hw[among].sum())
        return float((p[among] * hw[among]).sum()) / total if total > 0 else math.nan

    reaction = _mean(announced, mutable_)
    out["letter_reaction"] = reaction
    out["letter_no_action"] = 1.0 - _mean(warning, written)
    out["muteren_refused"] = (1.0 - reaction) * b.float("reporting.muteren_refuse")
    counts["letter_reaction"] = counts["muteren_refused"] = int(mutable_.sum())
    counts["letter_no_action"] = int(written.sum())
    # Households with a toeslag that start a job (from a benefit) in months 1-9 of the first year:
    # the share whose voorschot was recalculated (own report or an intervention) that year.
    started = ((model.income.events[:, :9] & EVENT_JOB_START) > 0).any(axis=1) & with_toeslag
    reported = np.asarray(model.years[0].reported, dtype=bool)
    out["reported_after_job_start"] = _weighted_share(reported, h["weight"], started)
    counts["reported_after_job_start"] = int(started.sum())
    # The estimate error: log(actual yearly income / the estimate at the year start), per income
    # type, over the households with a toeslag whose main income source stayed the same in the
    # year and in the history years the estimate was formed in (no job loss or job start), as
    # CBS's yearly spreads are measured (persons with the same main income source in both years).
    error = log_estimate_error(model.income, model.years[0].estimate)
    switched = ((model.income.events[:, :12] & (EVENT_JOB_LOSS | EVENT_JOB_START)) > 0).any(axis=1)
    switched |= model.source_changed_before
    for k, name in enumerate(INCOME_TYPES):
        among = with_toeslag & ~switched & (model.population.income_type == k)
        values = error[among]
        if values.size < 10:
            p20 = p50 = p80 = math.nan
        else:
            p20, p50, p80 = (100.0 * float(v) for v in np.percentile(values, [20, 50, 80]))
        key = f"estimate_error.{name}"
        out |= {f"{key}.p20": p20, f"{key}.p50": p50, f"{key}.p80": p80, key: p80 - p20}
        for suffix in ("", ".p20", ".p50", ".p80"):
            counts[key + suffix] = int(values.size)
    return out | {f"n:{k}": float(v) for k, v in counts.items()}


def _paired_outreach(control: Any, outreach: Any) -> dict[str, float]:
    """Share of the control arm's entitled non-users that apply when written to (same seed)."""
    a, o = control.awards, outreach.awards
    out = {}
    for t in TOESLAGEN:
        on_a, on_o = a["toeslag"] == t, o["toeslag"] == t
        key_a = a["household"][on_a]
        key_o = o["household"][on_o]
        idx = np.searchsorted(key_o, key_a)
        idx = np.minimum(idx, max(key_o.size - 1, 0))
        match = key_o.size > 0
        found = (key_o[idx] == key_a) if match else np.zeros(key_a.size, bool)
        non_user = a["eligible"][on_a] & ~a["applied"][on_a].astype(bool) & found
        applied_o = np.where(found, o["applied"][on_o][idx], False).astype(bool)
        out[f"outreach.applied_among_non_users.{t}"] = _weighted_share(
            applied_o, a["weight"][on_a], non_user
        )
        out[f"n:outreach.applied_among_non_users.{t}"] = float(non_user.sum())
    return out


def _bins(result: Any, threshold: float) -> dict[str, float]:
    m = compute_metrics(result.awards, result.households, threshold)
    return {k: v for k, v in m.items() if k.startswith("chosen_percentage_bins.")}


def income_moments(params: ValueFile, households: int, seed: int, year: int) -> dict[str, float]:
    """Spread (P80 - P20, percentage points) and share fallen of yearly income changes per group.

    Two simulated years of gross toetsingsinkomen, the second on the first, of households whose
    main income source stayed the same (no job loss or job start in either year). The share fallen
    is of the real change, as CBS measures it (purchasing power: the nominal change deflated by
    ``income_process.price_inflation``); the spread does not depend on the deflator.
    """
    pop = build_population(households, seed, year, params)
    paths = draw_income_paths(pop, 2, seed, params, first_year=year)
    change = paths.annual(1) / np.maximum(paths.annual(0), 1.0) - 1.0
    real = (1.0 + change) / (1.0 + params.float("income_process.price_inflation")) - 1.0
    switched = ((paths.events & (EVENT_JOB_LOSS | EVENT_JOB_START)) > 0).any(axis=1)
    out = {}
    for group, types in INCOME_GROUPS.items():
        keep = np.isin(pop.income_type, types) & ~switched
        values = change[keep]
        fell = real[keep] < 0
        if values.size < 10:
            out[f"income_spread.{group}"] = math.nan
            out[f"income_fell.{group}"] = math.nan
            continue
        p20, p80 = np.percentile(values, [20, 80])
        out[f"income_spread.{group}"] = 100.0 * float(p80 - p20)
        out[f"income_fell.{group}"] = float(fell.mean())
        out[f"n:income_spread.{group}"] = float(values.size)
        out[f"n:income_fell.{group}"] = float(values.size)
    return out


def _run(
    config: ModelConfig,
    seed: int,
    observers: tuple[Intervention, ...] = (),
    draw: HouseholdDraw | None = None,
    keep_draw: bool = False,
) -> tuple[ToeslagenModel, Any]:
    """One run to the end (on ``draw``'s households; ``keep_draw`` keeps them for other arms)."""
    model = ToeslagenModel(
        config, seed, keep_history=False, observers=observers, draw=draw, keep_draw=keep_draw
    )
    model.run()
    return model, model.result()


def replication_moments(
    overrides: Mapping[str, Mapping[str, Any]],
    design: Design,
    seed: int,
    year: int,
    runs: tuple[str, ...] = ("control", "voorzichtig", "outreach"),
) -> dict[str, float]:
    """Every moment of one replication (seed) in toeslag ``year`` at the given overrides.

    ``runs``: which of :data:`RUNS` to make (the control arm is made whenever an arm is).
    Moment names without the year (:func:`simulate_moments` adds it).
    """
    base = ModelConfig(
        n_households=design.households,
        year=year,
        behaviour=dict(overrides.get("behaviour", {})),
        population=dict(overrides.get("population", {})),
    )
    out: dict[str, float] = {}
    arms = [r for r in runs if r in ARMS and r != "control"]
    if arms or "control" in runs:
        letters = LetterCandidates(base.n_households, base.letter_month)
        model, control = _run(base, seed, (letters,), keep_draw=bool(arms))
        try:
            out = _control_moments(model, control, letters)
            threshold = float(model.year_params[0].awir.high_recovery_threshold)
            # The arms run on the control's households (the arm does not change the draws).
            draw = model.draw
        finally:
            model.close()
        experience_control = out["experience.control"]
        for arm in arms:
            other, result = _run(base.with_overrides(ARMS[arm]), seed, draw=draw)
            other.close()
            if arm == "voorzichtig":
                m = compute_metrics(result.awards, result.households, threshold)
                out["voorzichtig.reduced_choice_share"] = m["reduced_choice_share"]
                out["experience_effect.voorzichtig"] = m["experience_mean"] - experience_control
                applied = float(result.awards["applied"].sum())
                out["n:voorzichtig.reduced_choice_share"] = applied
                out["n:experience_effect.voorzichtig"] = float(
                    result.households["has_toeslag"].sum()
                )
                out |= experience_effects(arm, control.households, result.households)
            elif arm == "outreach":
                out |= _paired_outreach(control, result)
            elif arm == "instelbaar":
                out |= {f"instelbaar.{k}": v for k, v in _bins(result, threshold).items()}
    if "income" in runs:
        population = load_named("population").with_overrides(overrides.get("population", {}))
        out |= income_moments(population, design.households, seed, year)
    return out
