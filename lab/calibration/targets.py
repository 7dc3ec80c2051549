"""The calibration targets: measured facts from ``lab/data/targets.toml``, and the moments' names.

A target is a published value, the band the model must land in, the source, what it was
measured on, the moment the model computes for it, the toeslag year it was measured in, and
whether :func:`lab.calibration.calibrate` fits it. The ``[calibrate]`` section of the file is the
:class:`Design`: households per run, replication seeds, the calibrated parameters and the profiles.
"""

from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lab import TOESLAGEN
from lab.errors import ParameterError
from lab.households.experience import COMPONENTS as EXPERIENCE_COMPONENTS
from lab.households.population import (
    BENEFIT,
    FLEX,
    INCOME_TYPES,
    PENSION,
    SELF_EMPLOYED,
    STABLE,
)
from lab.law.parameters import available_years

TARGETS_PATH = Path(__file__).parent.parent / "data" / "targets.toml"
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
        fitted = by_name.get(stage.target)
        if fitted is None or not fitted.fitted or fitted.value is None:
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
