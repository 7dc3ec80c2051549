"""Calibration targets, simulated moments, and the fit of the model to what was measured.

The targets (``lab/data/targets.toml``) are measured facts: a published value, the band the model
must land in, the source, what it was measured on, the moment the model computes for it, and
whether :func:`calibrate` fits it. The moments come from runs of the model at the shipped (or
trial) parameters, with the same seeds at every evaluation (common random numbers) and several
replications:

- the control arm: non-take-up per toeslag, of the self-employed, by amount; the split of final
  awards (terugvordering, nabetaling) per toeslag; recipients and amounts paid; amounts recovered;
- the voorzichtig arm: the share taking the 80% option, and the experience rating against control;
- the outreach arm: the share of the control arm's entitled zorgtoeslag non-users who apply;
- the instelbaar arm (validation only): the chosen-percentage distribution;
- the letter rules over the households a letter reaches in the letter month: the share reacting
  to a muteren letter, doing nothing after a warning, refusing a mutation;
- income paths of two years: the spread of yearly income changes per income group.

:func:`calibrate` minimises the weighted distance of the fitted moments to their bands by bounded
least squares (``scipy.optimize.least_squares``, trust-region reflective) over the calibrated
parameters, each searched within its typed domain (``lab/valuefile.py``).
"""

from __future__ import annotations

import dataclasses
import math
import time
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from lab import TOESLAGEN
from lab.errors import ParameterError
from lab.experiment.metrics import compute_metrics, experience_effects
from lab.households.behaviour import letter_reaction_probability
from lab.households.experience import COMPONENTS as EXPERIENCE_COMPONENTS
from lab.households.income import EVENT_JOB_LOSS, EVENT_JOB_START, draw_income_paths
from lab.households.population import (
    BENEFIT,
    FLEX,
    INCOME_TYPES,
    PENSION,
    SELF_EMPLOYED,
    STABLE,
    build_population,
)
from lab.law.parameters import available_years
from lab.model import ToeslagenModel
from lab.model.config import ModelConfig
from lab.model.estimate import log_estimate_error
from lab.policy.muteren import FLUCTUATING
from lab.valuefile import ValueFile, load_named

TARGETS_PATH = Path(__file__).parent / "data" / "targets.toml"
#: Parameter files a calibrated parameter may live in.
FILES = ("behaviour", "population")
#: Arms the moments need, as ModelConfig overrides.
ARMS: dict[str, dict[str, Any]] = {
    "control": {},
    "voorzichtig": {"voorschot_option": "voorzichtig"},
    "outreach": {"outreach": True},
    "instelbaar": {"voorschot_option": "instelbaar"},
}
#: Amount (euro per month) that splits small from larger entitlements (CPB 2025: up to 50 euro).
SMALL_AMOUNT = 50.0
#: Weight of the pull towards the published value inside the band (the band itself dominates).
CENTRE_WEIGHT = 0.2
#: The fit aims at the band narrowed by this many half-bands on each side, so that a target it
#: lands at the edge of its band at the calibration's seeds is not out of it at other seeds, and
#: so that a small miss weighs in the soft-L1 loss (whose slope is near zero for small residuals).
#: Only the fit's aim: every report and test holds the simulated values against the published band.
AIM_MARGIN = 0.25
#: Income groups of the CBS income-change table, as model income types.
INCOME_GROUPS = {
    "all": (STABLE, FLEX, SELF_EMPLOYED, BENEFIT, PENSION),
    "employees": (STABLE, FLEX),
    "self_employed": (SELF_EMPLOYED,),
    "transfers": (BENEFIT, PENSION),
}
_TARGET_KEYS = {
    "value",
    "band",
    "unit",
    "source",
    "measured_on",
    "moment",
    "band_note",
    "fitted",
    "year",
}


@dataclass(frozen=True)
class Target:
    """One measured fact: published ``value`` (None for an ordering or none found) and ``band``."""

    name: str
    value: float | None
    band: tuple[float, float] | None
    unit: str
    source: str
    measured_on: str
    moment: str
    fitted: bool
    #: The toeslag year the fact was measured in; the model runs it under that year's law,
    #: prices and macro conditions.
    year: int = 2026
    band_note: str = ""

    @property
    def key(self) -> str:
        """The name of the simulated moment in :class:`Moments`: ``moment@year``."""
        return moment_key(self.moment, self.year)

    @property
    def centre(self) -> float | None:
        """The figure to pull towards inside the band: the value, else none."""
        return self.value

    def distance(self, simulated: float) -> float:
        """How far ``simulated`` lies outside the band (0 inside), in the target's unit."""
        if self.band is None or not math.isfinite(simulated):
            return float("nan")
        low, high = self.band
        return max(low - simulated, simulated - high, 0.0)


@dataclass(frozen=True)
class Stage:
    """Parameters fitted before the others, alone, to the one fitted target that measures them.

    The ``parameters`` share one value, found by root finding so that the simulated mean of
    ``target`` equals its published value (:func:`fit_stage`); the fit of the other parameters
    holds it fixed. For parameters that only that fact measures, so that targets they do not
    belong to cannot pull them (the transfer incomes' volatility, ``lab/data/targets.toml``).
    """

    parameters: tuple[str, ...]
    target: str


@dataclass(frozen=True)
class Design:
    """How the moments are simulated: households per run, replication seeds.

    ``year``: the toeslag year of runs that no target names (the sensitivity analysis); every
    target runs in its own year (:attr:`Target.year`).
    """

    households: int = 8_000
    seeds: tuple[int, ...] = (101, 202, 303)
    year: int = 2026
    parameters: tuple[str, ...] = ()
    #: Parameters profiled in the fit report (the trade-off between targets), and on how many
    #: points of their domain.
    profiles: tuple[str, ...] = ()
    profile_points: int = 5
    #: Parameters fitted first, each group alone to its own target (:class:`Stage`).
    first: tuple[Stage, ...] = ()


def _fail(path: Path, text: str) -> ParameterError:
    return ParameterError(f"{path.name}: {text}")


def load_targets(path: Path | str | None = None) -> tuple[list[Target], Design]:
    """Read and check the targets file; a broken entry is one line naming the file and target."""
    path = Path(path) if path is not None else TARGETS_PATH
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ParameterError(f"{path}: no such targets file") from None
    except IsADirectoryError:
        raise ParameterError(f"{path}: is a folder, not a targets file") from None
    except tomllib.TOMLDecodeError as exc:
        raise _fail(path, f"not valid TOML ({exc})") from None
    settings = raw.pop("calibrate", {})
    design = Design(
        households=int(settings.get("households", Design.households)),
        seeds=tuple(int(s) for s in settings.get("seeds", Design.seeds)),
        year=int(settings.get("year", Design.year)),
        parameters=tuple(settings.get("parameters", ())),
        profiles=tuple(settings.get("profiles", ())),
        profile_points=int(settings.get("profile_points", Design.profile_points)),
        first=_stages(path, settings.get("first", [])),
    )
    targets = []
    for name, entry in raw.items():
        if not isinstance(entry, dict):
            raise _fail(path, f"'{name}' should be a [table] of one target")
        extra = set(entry) - _TARGET_KEYS
        if extra:
            raise _fail(path, f"target '{name}' has unknown fields {sorted(extra)}")
        for key in ("unit", "source", "measured_on", "moment"):
            if not isinstance(entry.get(key), str) or not entry[key].strip():
                raise _fail(path, f"target '{name}' needs a non-empty '{key}'")
        band = entry.get("band")
        if band is not None and (
            not isinstance(band, list) or len(band) != 2 or not float(band[0]) <= float(band[1])
        ):
            raise _fail(path, f"target '{name}': band should be [low, high], got {band!r}")
        fitted = entry.get("fitted")
        if not isinstance(fitted, bool):
            raise _fail(path, f"target '{name}' needs fitted = true or false")
        if fitted and band is None:
            raise _fail(path, f"target '{name}' is fitted and needs a band")
        value = entry.get("value")
        year = entry.get("year")
        years = available_years()
        if not isinstance(year, int) or isinstance(year, bool) or year not in years:
            raise _fail(
                path,
                f"target '{name}' needs year = the toeslag year it was measured in "
                f"({years[0]}-{years[-1]}), got {year!r}",
            )
        targets.append(
            Target(
                name=name,
                value=None if value is None else float(value),
                band=None if band is None else (float(band[0]), float(band[1])),
                unit=entry["unit"],
                source=entry["source"],
                measured_on=entry["measured_on"],
                moment=entry["moment"],
                fitted=fitted,
                year=year,
                band_note=entry.get("band_note", ""),
            )
        )
    known = set(moment_names())
    for target in targets:
        if target.moment not in known:
            raise _fail(path, f"target '{target.name}': unknown moment '{target.moment}'")
    by_name = {t.name: t for t in targets}
    for stage in design.first:
        target = by_name.get(stage.target)
        if target is None or not target.fitted or target.value is None:
            raise _fail(
                path,
                f"[calibrate] first: target '{stage.target}' should be a fitted target "
                "with a value",
            )
        both = sorted(set(stage.parameters) & set(design.parameters))
        if both:
            raise _fail(path, f"[calibrate] first: {both} are also in parameters; name them once")
    return targets, design


def _stages(path: Path, raw: Any) -> tuple[Stage, ...]:
    """The ``first`` entries of ``[calibrate]``: ``{parameters = [...], target = "name"}``."""
    if not isinstance(raw, list):
        raise _fail(path, "[calibrate] first should be a list of {parameters, target}")
    out = []
    for entry in raw:
        if (
            not isinstance(entry, dict)
            or set(entry) != {"parameters", "target"}
            or not isinstance(entry["target"], str)
            or not isinstance(entry["parameters"], list)
            or not entry["parameters"]
        ):
            raise _fail(
                path,
                f'[calibrate] first: {entry!r} should be {{parameters = [...], target = "name"}}',
            )
        out.append(Stage(tuple(str(p) for p in entry["parameters"]), entry["target"]))
    return tuple(out)


# --------------------------------------------------------------------------- moments


def moment_names() -> list[str]:
    """Every moment the model computes for a target."""
    names = ["recovery_share", "nabetaling_share", "high_recovery_share", "recovery_mean_eur"]
    for t in TOESLAGEN:
        names += [
            f"non_take_up.{t}",
            f"non_take_up_self_employed.{t}",
            f"recovery_share.{t}",
            f"nabetaling_share.{t}",
            f"recovery_mean_eur.{t}",
            f"recovery_euro_share.{t}",
            f"nabetaling_euro_share.{t}",
            f"recipients.{t}",
            f"paid_eur.{t}",
            f"outreach.applied_among_non_users.{t}",
        ]
    names += [
        "non_take_up_small_minus_large",
        "non_take_up_benefit",
        "voorzichtig.reduced_choice_share",
        "experience_effect.voorzichtig",
        "experience.control",
        "letter_reaction",
        "letter_no_action",
        "reported_after_job_start",
        "muteren_refused",
        "instelbaar.chosen_percentage_bins",
    ]
    names += [f"experience_effect.voorzichtig.{c}" for c in EXPERIENCE_COMPONENTS]
    names += [f"income_spread.{g}" for g in INCOME_GROUPS]
    names += [f"income_fell.{g}" for g in INCOME_GROUPS]
    names += [f"estimate_error.{t}" for t in INCOME_TYPES]
    return names


def moment_key(moment: str, year: int) -> str:
    """The name under which :class:`Moments` holds ``moment`` simulated in toeslag ``year``."""
    return f"{moment}@{year}"


#: The runs a moment needs besides the control arm of its year (``income``: two years of income
#: paths, no model run).
def _run_of(moment: str) -> str:
    if moment.startswith("outreach."):
        return "outreach"
    if moment.startswith(("voorzichtig.", "experience_effect.")):
        return "voorzichtig"
    if moment.startswith("instelbaar."):
        return "instelbaar"
    if moment.startswith(("income_spread.", "income_fell.")):
        return "income"
    return "control"


#: The order in which a year's runs are made (control first: the arms are compared with it).
RUNS = ("control", "voorzichtig", "outreach", "instelbaar", "income")


def run_plan(targets: list[Target], fitted_only: bool = False) -> dict[int, tuple[str, ...]]:
    """Per toeslag year, the runs its targets need (:data:`RUNS`), years ascending.

    A year with an arm's moment runs the control arm too. With ``fitted_only`` only the fitted
    targets count (what :func:`calibrate` simulates at every evaluation).
    """
    needed: dict[int, set[str]] = {}
    for target in targets:
        if fitted_only and not target.fitted:
            continue
        runs = needed.setdefault(target.year, set())
        run = _run_of(target.moment)
        runs.add(run)
        if run != "income":
            runs.add("control")
    return {year: tuple(r for r in RUNS if r in needed[year]) for year in sorted(needed)}


def _weighted_share(mask: np.ndarray, weight: np.ndarray, among: np.ndarray) -> float:
    total = float(weight[among].sum())
    return float(weight[among & mask].sum()) / total if total > 0 else float("nan")


def _control_moments(model: ToeslagenModel, result: Any) -> dict[str, float]:
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
    written = np.asarray(model.years[0].letter_candidates, dtype=bool)
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


def _run(config: ModelConfig, seed: int) -> tuple[ToeslagenModel, Any]:
    model = ToeslagenModel(config, seed, keep_history=False)
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
        model, control = _run(base, seed)
        try:
            out = _control_moments(model, control)
            threshold = float(model.year_params[0].awir.high_recovery_threshold)
        finally:
            model.close()
        experience_control = out["experience.control"]
        for arm in arms:
            other, result = _run(base.with_overrides(ARMS[arm]), seed)
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


def _with_year(moments: Mapping[str, float], year: int) -> dict[str, float]:
    return {moment_key(name, year): value for name, value in moments.items()}


def _task(args: tuple[Mapping[str, Mapping[str, Any]], Design, int, int, tuple[str, ...]]) -> dict:
    overrides, design, seed, year, runs = args
    return _with_year(replication_moments(overrides, design, seed, year, runs), year)


_POOLS: dict[int, Any] = {}


def _pool(workers: int) -> Any:
    """A process pool of ``workers`` processes, kept for the next evaluation (spawned once)."""
    if workers not in _POOLS:
        import atexit
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"))
        atexit.register(pool.shutdown, cancel_futures=True)
        _POOLS[workers] = pool
    return _POOLS[workers]


@dataclass
class Moments:
    """Moments over replications: per name (``moment@year``) the values of each seed."""

    values: dict[str, list[float]] = field(default_factory=dict)

    def add(self, moments: Mapping[str, float]) -> None:
        """Add one replication."""
        for key, value in moments.items():
            self.values.setdefault(key, []).append(float(value))

    def mean(self, name: str) -> float:
        """Mean over replications (NaN if the moment was not computed)."""
        values = [v for v in self.values.get(name, []) if math.isfinite(v)]
        return float(np.mean(values)) if values else float("nan")

    def count(self, name: str) -> float:
        """Simulated units behind a moment, summed over replications (0 if not recorded)."""
        return float(sum(self.values.get(f"n:{name}", [])))

    def sampling_se(self, name: str) -> float:
        """Standard error of a moment from population sampling alone (same seeds, same shocks).

        A share ``p`` over ``m`` units: ``sqrt(p (1 - p) / m)``; any other moment (euro totals,
        means, spreads, differences): ``1.5 |value| / sqrt(m)``, a coefficient of variation of
        1.5 per unit. NaN when no count was recorded.
        """
        m = self.count(name)
        value = self.mean(name)
        if m <= 0 or not math.isfinite(value):
            return float("nan")
        if 0.0 <= value <= 1.0 and not name.startswith(
            ("income_spread", "experience", "estimate_error")
        ):
            return math.sqrt(max(value * (1.0 - value), 1e-6) / m)
        return 1.5 * abs(value) / math.sqrt(m)

    def interval(self, name: str) -> tuple[float, float]:
        """95% interval of the mean over replications (t distribution)."""
        from scipy.stats import t as student

        values = np.array([v for v in self.values.get(name, []) if math.isfinite(v)])
        if values.size < 2:
            mean = self.mean(name)
            return mean, mean
        half = student.ppf(0.975, values.size - 1) * values.std(ddof=1) / math.sqrt(values.size)
        return float(values.mean() - half), float(values.mean() + half)


def simulate_moments(
    overrides: Mapping[str, Mapping[str, Any]],
    design: Design,
    plan: Mapping[int, tuple[str, ...]],
    workers: int = 1,
) -> Moments:
    """The moments at ``overrides`` over the design's replication seeds (common random numbers).

    ``plan``: per toeslag year the runs to make (:func:`run_plan`). With ``workers`` > 1 the
    (seed, year) replications run in that many processes; each is the same computation as in
    one process and they are added in the same order, so the moments are the same bit for bit.
    """
    tasks = [
        (overrides, design, seed, year, runs)
        for seed in design.seeds
        for year, runs in plan.items()
    ]
    if workers > 1 and len(tasks) > 1:
        results = list(_pool(workers).map(_task, tasks))
    else:
        results = [_task(task) for task in tasks]
    moments = Moments()
    for seed_index in range(len(design.seeds)):
        replication: dict[str, float] = {}
        for result in results[seed_index * len(plan) : (seed_index + 1) * len(plan)]:
            replication |= result
        moments.add(replication)
    return moments


def moment_value(moments: Moments, name: str) -> float:
    """A moment's mean; a family (``instelbaar.chosen_percentage_bins``) has no single value."""
    return moments.mean(name)


# --------------------------------------------------------------------------- fitting


@dataclass(frozen=True)
class FreeParameter:
    """A calibrated parameter: file, key (``section.key`` or ``section.key[i]``) and domain."""

    file: str
    key: str
    start: float
    low: float
    high: float


def free_parameters(names: tuple[str, ...]) -> list[FreeParameter]:
    """The calibrated parameters (``file:section.key[i]``) with their start values and domains."""
    files = {name: load_named(name) for name in FILES}
    out = []
    for full in names:
        file, _, key = full.partition(":")
        if file not in files or not key:
            raise ParameterError(
                f"calibrated parameter '{full}' should be 'behaviour:section.key' or "
                "'population:section.key[i]'"
            )
        values = files[file]
        resolved = values.resolve(key)
        low, high = values.domain(resolved)
        base, _, index = resolved.partition("[")
        value = values.values[base]
        start = float(value[int(index.rstrip("]"))]) if index else float(value)
        out.append(FreeParameter(file, resolved, start, low, high))
    return out


def overrides_of(free: list[FreeParameter], x: np.ndarray) -> dict[str, dict[str, float]]:
    """ModelConfig overrides (per file) for the values ``x`` of the free parameters."""
    out: dict[str, dict[str, float]] = {name: {} for name in FILES}
    for p, value in zip(free, x, strict=True):
        out[p.file][p.key] = float(value)
    return out


def residuals(targets: list[Target], moments: Moments) -> np.ndarray:
    """Weighted residuals of the fitted targets: outside-the-aim distance and a pull inside.

    Per target, in half-bands: ``distance outside the aim / half-band`` (the aim is the band
    narrowed by ``AIM_MARGIN`` half-bands on each side) and
    ``CENTRE_WEIGHT x (simulated - published) / half-band`` (the second only with a value).
    """
    out = []
    for target in targets:
        if not target.fitted or target.band is None:
            continue
        simulated = moments.mean(target.key)
        half = max((target.band[1] - target.band[0]) / 2.0, 1e-9)
        if not math.isfinite(simulated):
            out += [10.0, 0.0]
            continue
        low, high = target.band
        margin = AIM_MARGIN * half
        out.append(max(low + margin - simulated, simulated - high + margin, 0.0) / half)
        centre = target.centre
        out.append(0.0 if centre is None else CENTRE_WEIGHT * (simulated - centre) / half)
    return np.asarray(out)


def robust_objective(r: np.ndarray) -> float:
    """The soft-L1 objective the fit minimises: sum of 2 (sqrt(1 + r^2) - 1) over residuals."""
    return float((2.0 * (np.sqrt(1.0 + r * r) - 1.0)).sum())


#: Restarts of the local search from the best point so far (the simulated objective is noisy, so a
#: converged trust region can stop short); a restart that gains less than RESTART_GAIN ends it.
RESTARTS = 3
RESTART_GAIN = 0.01


class BudgetSpent(Exception):
    """The calibration's time budget is used up; the best point so far is kept."""


@dataclass
class Fit:
    """Result of :func:`calibrate`: the best parameters, their moments and the search record."""

    free: list[FreeParameter]
    x: np.ndarray
    objective: float
    moments: Moments
    evaluations: int
    seconds: float
    stopped: str
    history: list[tuple[float, float]] = field(default_factory=list)
    #: The values fitted first (:func:`fit_stage`), per file and key, held in the search.
    fixed: dict[str, dict[str, float]] = field(default_factory=dict)

    def values(self) -> dict[str, dict[str, float]]:
        """The calibrated values, per file and key (the first stages' and the search's)."""
        return merge_overrides(self.fixed, overrides_of(self.free, self.x))


def merge_overrides(
    *parts: Mapping[str, Mapping[str, float]],
) -> dict[str, dict[str, float]]:
    """ModelConfig overrides per file, later parts over earlier ones."""
    out: dict[str, dict[str, float]] = {name: {} for name in FILES}
    for part in parts:
        for file, entries in part.items():
            out.setdefault(file, {}).update(entries)
    return out


def fit_stage(
    stage: Stage, targets: list[Target], design: Design, workers: int = 1
) -> tuple[dict[str, dict[str, float]], float]:
    """The common value of ``stage.parameters`` at which its target's mean hits the value.

    Brent's method on the intersection of the parameters' domains, over the design's seeds
    (common random numbers, so the moment is a smooth function of the value). Where the
    published value lies outside what the domain reaches, the nearer end of the domain. Returns
    the overrides and the value.
    """
    from scipy.optimize import brentq

    target = next(t for t in targets if t.name == stage.target)
    free = free_parameters(stage.parameters)
    low, high = max(p.low for p in free), min(p.high for p in free)
    if target.value is None:
        raise ParameterError(f"[calibrate] first: target '{target.name}' has no value to hit")
    published = target.value
    plan = run_plan([target])

    def gap(value: float) -> float:
        x = np.full(len(free), value)
        moments = simulate_moments(overrides_of(free, x), design, plan, workers)
        return moments.mean(target.key) - published

    at_low, at_high = gap(low), gap(high)
    if at_low * at_high > 0:
        value = low if abs(at_low) <= abs(at_high) else high
    else:
        value = float(brentq(gap, low, high, xtol=1e-5 * (high - low), rtol=1e-6))
    return overrides_of(free, np.full(len(free), value)), value


def calibrate(
    targets: list[Target],
    design: Design,
    budget_minutes: float = 25.0,
    progress: Callable[[int, float, float], None] | None = None,
    from_midpoints: bool = False,
    workers: int = 1,
) -> Fit:
    """Fit the free parameters to the fitted targets by simulated method of moments.

    Bounded least squares (trust-region reflective) in coordinates scaled to each parameter's
    domain, finite differences of 3% of the domain, the same seeds at every evaluation, restarted
    from the best point while that still gains (``RESTARTS``, ``RESTART_GAIN``). The search starts
    from the values in the parameter files (the shipped ones), or with ``from_midpoints`` from the
    middle of every parameter's domain (a start that knows nothing of earlier fits). The loss
    is robust (soft L1, :func:`robust_objective`: linear beyond one half-band outside a band), so
    that a target the model cannot reach does not drag every other target out of its band. Stops at
    convergence or when ``budget_minutes`` are spent; the best evaluation is returned either way.
    Every fitted target runs in its own toeslag year (:func:`run_plan`); ``workers`` processes
    share an evaluation's replications, with the same result as one.
    """
    from scipy.optimize import least_squares

    free = free_parameters(design.parameters)
    plan = run_plan(targets, fitted_only=True)
    if not free:
        raise ParameterError("the targets file names no parameters to calibrate ([calibrate])")
    began = time.monotonic()
    fixed: dict[str, dict[str, float]] = {}
    for stage in design.first:
        fixed = merge_overrides(fixed, fit_stage(stage, targets, design, workers)[0])
    low = np.array([p.low for p in free])
    width = np.array([p.high - p.low for p in free])
    width = np.where(width > 0, width, 1.0)
    start = np.clip((np.array([p.start for p in free]) - low) / width, 0.0, 1.0)
    if from_midpoints:
        start = np.full_like(start, 0.5)
    deadline = began + 60.0 * budget_minutes
    best: dict[str, Any] = {"objective": math.inf}
    history: list[tuple[float, float]] = []
    cache: dict[bytes, np.ndarray] = {}

    def evaluate(z: np.ndarray) -> np.ndarray:
        key = np.round(z, 10).tobytes()
        if key in cache:
            return cache[key]
        if time.monotonic() > deadline and history:
            raise BudgetSpent
        x = low + width * np.clip(z, 0.0, 1.0)
        overrides = merge_overrides(fixed, overrides_of(free, x))
        moments = simulate_moments(overrides, design, plan, workers)
        r = residuals(targets, moments)
        objective = robust_objective(r)
        cache[key] = r
        history.append((time.monotonic() - began, objective))
        if objective < best["objective"]:
            best.update(objective=objective, x=x, moments=moments)
        if progress is not None:
            progress(len(history), objective, best["objective"])
        return r

    stopped = "converged"
    try:
        for _ in range(RESTARTS + 1):
            before = best["objective"]
            z0 = start if "x" not in best else np.clip((best["x"] - low) / width, 0.0, 1.0)
            least_squares(
                evaluate,
                z0,
                bounds=(np.zeros_like(start), np.ones_like(start)),
                method="trf",
                loss="soft_l1",
                f_scale=1.0,
                diff_step=0.03,
                x_scale=1.0,
                xtol=1e-3,
                ftol=1e-3,
            )
            if best["objective"] > (1.0 - RESTART_GAIN) * before:
                break
    except BudgetSpent:
        stopped = "time budget spent"
    return Fit(
        free=free,
        x=best["x"],
        objective=best["objective"],
        moments=best["moments"],
        evaluations=len(history),
        seconds=time.monotonic() - began,
        stopped=stopped,
        history=history,
        fixed=fixed,
    )


# --------------------------------------------------------------------------- trade-offs


@dataclass
class Profile:
    """The fitted targets along one parameter, the others at the calibrated values.

    ``parameter``: ``file:section.key``; ``grid``: its values (euro, share, ... in its unit);
    ``calibrated``: the calibrated value (one of the grid points); ``moments``: per grid point.
    """

    parameter: str
    grid: list[float]
    calibrated: float
    moments: list[Moments]


def profile(
    name: str,
    values: Mapping[str, Mapping[str, float]],
    design: Design,
    plan: Mapping[int, tuple[str, ...]],
    workers: int = 1,
) -> Profile:
    """Simulate the moments over ``design.profile_points`` points of one parameter's domain.

    The other parameters stay at ``values`` (the calibrated ones, per file); the grid includes
    the calibrated value. This shows which targets a parameter moves, and in which directions:
    where one target comes into its band only as another leaves its own, the targets pull against
    each other through that parameter.
    """
    [free] = free_parameters((name,))
    calibrated = float(values.get(free.file, {}).get(free.key, free.start))
    grid = np.linspace(free.low, free.high, max(design.profile_points, 2)).tolist()
    grid = sorted({round(v, 10) for v in grid} | {calibrated})
    moments = []
    for value in grid:
        overrides = {file: dict(entries) for file, entries in values.items()}
        overrides.setdefault(free.file, {})[free.key] = value
        moments.append(simulate_moments(overrides, design, plan, workers))
    return Profile(f"{free.file}:{free.key}", grid, calibrated, moments)


def profile_rows(targets: list[Target], prof: Profile) -> list[dict[str, Any]]:
    """The fitted targets a profile moves: per target its band and value at each grid point.

    A target is listed when it lies outside its band at some point of the grid and its value
    moves over the grid by more than a tenth of its half-band.
    """
    rows = []
    for target in targets:
        if not target.fitted or target.band is None:
            continue
        simulated = [m.mean(target.key) for m in prof.moments]
        half = (target.band[1] - target.band[0]) / 2.0
        finite = [v for v in simulated if math.isfinite(v)]
        if not finite or max(finite) - min(finite) <= 0.1 * half:
            continue
        if all(target.distance(v) == 0.0 for v in finite):
            continue
        rows.append(
            {
                "target": target.name,
                "band": list(target.band),
                "simulated": simulated,
                "inside": [target.distance(v) == 0.0 for v in simulated],
            }
        )
    return rows


# --------------------------------------------------------------------------- report rows


def fit_rows(targets: list[Target], moments: Moments) -> list[dict[str, Any]]:
    """One row per target: published value, band, simulated value with interval, distance."""
    rows = []
    for target in targets:
        suffix = f"@{target.year}"
        if target.moment == "instelbaar.chosen_percentage_bins":
            prefix = "instelbaar.chosen_percentage_bins."
            names = [k for k in moments.values if k.startswith(prefix) and k.endswith(suffix)]
            for key in sorted(names, key=lambda k: int(k.removeprefix(prefix).split("-")[0])):
                mean = moments.mean(key)
                if mean < 5e-4 and max(moments.values[key]) < 5e-4:
                    continue
                low, high = moments.interval(key)
                name = key.removeprefix("instelbaar.").removesuffix(suffix)
                rows.append(_row(target, name, mean, low, high))
            continue
        if target.moment.startswith("estimate_error."):
            # The percentiles behind the spread, as rows of their own (no band).
            bare = dataclasses.replace(target, value=None, band=None)
            for q in ("p20", "p50", "p80"):
                key = moment_key(f"{target.moment}.{q}", target.year)
                low, high = moments.interval(key)
                name = f"{target.moment}.{q}"
                rows.append(_row(bare, name, moments.mean(key), low, high))
        mean = moments.mean(target.key)
        low, high = moments.interval(target.key)
        rows.append(_row(target, target.name, mean, low, high))
    return rows


def _row(target: Target, name: str, mean: float, low: float, high: float) -> dict[str, Any]:
    inside = None if target.band is None else target.distance(mean) == 0.0
    return {
        "target": name,
        "year": target.year,
        "fitted": target.fitted,
        "published": target.value,
        "band": list(target.band) if target.band else None,
        "simulated": mean,
        "interval": [low, high],
        "miss": None if target.band is None else target.distance(mean),
        "difference": None if target.value is None else mean - target.value,
        "inside": inside,
        "unit": target.unit,
        "source": target.source,
        "measured_on": target.measured_on,
        "band_note": target.band_note,
    }
