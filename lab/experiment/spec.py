"""Experiment files: what to compare, on which population, how often, and what to report.

An experiment file (TOML, under ``experiments/``) names its arms as overrides of the baseline
:class:`lab.model.ModelConfig`, the design (``lab``: one population whose households are randomly
assigned to the arms, as in the human lab; ``policy``: the same households under every arm), the
replications and root seed, optional sweeps over model settings, and the outcomes to report. See
docs/experiments.md.

Every error names the file, the field and what was expected, in one line.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import re
import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from lab.errors import InputError, LabError
from lab.experiment.metrics import expand_outcomes, known_outcome, metric_names
from lab.model.config import ModelConfig, build_config
from lab.valuefile import load_named

#: Where the shipped experiments live (relative to the repository root).
EXPERIMENTS_DIR = Path(__file__).resolve().parents[2] / "experiments"
#: ModelConfig fields an arm or sweep may not set: they belong to the whole experiment.
EXPERIMENT_LEVEL = {"n_households": "households", "year": "year", "n_years": "n_years"}
#: Outcomes reported when a file names none.
DEFAULT_OUTCOMES = [
    "take_up_rate",
    "reduced_choice_share",
    "chosen_percentage_mean",
    "chosen_percentage_bins",
    "recovery_share",
    "high_recovery_share",
    "recovery_mean_eur",
    "nabetaling_share",
    "negative_balance_months",
    "state_cost_eur",
]
_NESTED = ("behaviour", "population")
ARM_NAME = re.compile(r"[A-Za-z0-9_-]+")


class SweepSpec(BaseModel):
    """Settings varied over design points: a full grid of values, or a Sobol sample of ranges.

    ``parameters`` maps a ModelConfig field (``letter_month``) or a behaviour / population value
    (``behaviour.take_up.fear_coefficient``) to a list of values (grid) or to ``[low, high]``
    (sobol; whole numbers when both bounds are whole numbers).
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    method: Literal["grid", "sobol"] = "grid"
    samples: int = Field(8, ge=1, le=4096, description="sobol: base sample size N (N*(D+2) points)")
    parameters: dict[str, list[Any]] = Field(min_length=1)


class ExperimentSpec(BaseModel):
    """One experiment: arms, design, population size, replications, seed, sweeps and outcomes."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(pattern=r"^[A-Za-z0-9_.-]+$", description="short name, used for folders")
    description: str = ""
    households: int = Field(10_000, ge=1, le=6_000_000, description="simulated households per run")
    year: int = Field(2026, description="first toeslag year")
    n_years: int = Field(1, ge=1, description="consecutive toeslag years")
    design: Literal["lab", "policy"] = "policy"
    common_random_numbers: bool | None = Field(
        None,
        description="same seed in every arm (default true); in the lab design the shared "
        "population is then split at random over the arms",
    )
    replications: int = Field(10, ge=2, le=10_000)
    seed: int = Field(0, ge=0, description="root seed of numpy.random.SeedSequence")
    control: str | None = None
    arms: dict[str, dict[str, Any]] = Field(min_length=1)
    sweep: SweepSpec | None = None
    outcomes: list[str] = Field(default_factory=lambda: list(DEFAULT_OUTCOMES), min_length=1)

    @field_validator("outcomes")
    @classmethod
    def _known_outcomes(cls, outcomes: list[str]) -> list[str]:
        unknown = [name for name in outcomes if not known_outcome(name)]
        if unknown:
            raise ValueError(
                f"unknown metric {unknown[0]!r}; known: chosen_percentage_bins, "
                + ", ".join(n for n in metric_names() if "bins." not in n)
            )
        return outcomes

    # ------------------------------------------------------------------ derived
    @property
    def crn(self) -> bool:
        """Whether every arm runs with the same seeds (common random numbers)."""
        return self.common_random_numbers is not False

    @property
    def control_arm(self) -> str:
        """The arm the others are compared with: ``control``, else the first arm."""
        return self.control or next(iter(self.arms))

    @property
    def metrics(self) -> list[str]:
        """The outcome metric names, with families expanded."""
        return expand_outcomes(self.outcomes)

    def baseline(self, where: str = "experiment") -> ModelConfig:
        """The ModelConfig every arm starts from; InputError names a bad year or size."""
        values = {"n_households": self.households, "year": self.year, "n_years": self.n_years}
        return build_config(values, where=where)

    def design_points(self) -> list[dict[str, Any]]:
        """The sweep's settings per design point (one empty point without a sweep)."""
        if self.sweep is None:
            return [{}]
        names = list(self.sweep.parameters)
        if self.sweep.method == "grid":
            combos = itertools.product(*(self.sweep.parameters[n] for n in names))
            return [dict(zip(names, combo, strict=True)) for combo in combos]
        from SALib.sample import sobol

        bounds = [self.sweep.parameters[n] for n in names]
        problem = {"num_vars": len(names), "names": names, "bounds": bounds}
        sample = sobol.sample(
            problem, self.sweep.samples, calc_second_order=False, scramble=True, seed=self.seed
        )
        points = []
        for row in sample:
            point = {}
            for name, (low, high), value in zip(names, bounds, row, strict=True):
                whole = all(isinstance(b, int) and not isinstance(b, bool) for b in (low, high))
                point[name] = round(value) if whole else float(value)
            points.append(point)
        return points

    def point_label(self, point: dict[str, Any]) -> str:
        """A short readable label of a design point (``letter_month=3``; ``""`` without sweep)."""
        return ", ".join(f"{k}={_short(v)}" for k, v in point.items())

    def point_labels(self) -> list[str]:
        """Labels of all design points, unique (Sobol points are numbered: ``p3: x=0.2``)."""
        points = self.design_points()
        if self.sweep is not None and self.sweep.method == "sobol":
            return [f"p{i}: {self.point_label(p)}" for i, p in enumerate(points)]
        return [self.point_label(p) for p in points]

    def config(self, arm: str, point: dict[str, Any], where: str = "experiment") -> ModelConfig:
        """The ModelConfig of ``arm`` at design ``point``; InputError names what is wrong."""
        overrides = dict(self.arms[arm])
        for key, value in point.items():
            section, _, name = key.partition(".")
            if section in _NESTED and name:
                overrides[section] = {**overrides.get(section, {}), name: value}
            else:
                overrides[key] = value
        config = self.baseline(where).with_overrides(overrides, where=where)
        for section in _NESTED:
            values = getattr(config, section)
            if values:
                try:
                    load_named(section).with_overrides(values)
                except LabError as exc:
                    raise InputError(f"{where}: {section}: {exc}") from None
        return config

    def hash(self) -> str:
        """SHA-256 of the spec's canonical JSON: two runs with the same hash did the same thing."""
        text = json.dumps(self.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _short(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)


def _one_line(exc: ValidationError, where: str, flags: dict[str, str]) -> InputError:
    first = exc.errors()[0]
    field = ".".join(str(p) for p in first["loc"]) or "(file)"
    if field in flags:  # a value given on the command line: blame the flag, not the file
        message = first["msg"].removeprefix("Value error, ").lower()
        return InputError(f"{flags[field]}: {message} (got {first.get('input')!r})")
    if first["type"] == "extra_forbidden":
        known = ", ".join(
            SweepSpec.model_fields if field.startswith("sweep.") else ExperimentSpec.model_fields
        )
        return InputError(f"{where}: unknown field '{field}'; known fields: {known}")
    if first["type"] == "missing":
        return InputError(f"{where}: field '{field}' is missing")
    message = first["msg"].removeprefix("Value error, ")
    return InputError(f"{where}: field '{field}': {message} (got {first.get('input')!r})")


def validate_spec(
    values: dict[str, Any], where: str = "experiment", flags: dict[str, str] | None = None
) -> ExperimentSpec:
    """Validate a parsed experiment (a dict) into an ExperimentSpec; errors are one line.

    Besides the fields, this checks every arm and design point against ModelConfig (unknown or
    mistyped settings, unknown behaviour or population values), the control arm's name, and that
    the lab design leaves no arm without participants.

    Args:
        values: the experiment's fields.
        where: what to name in messages (the file).
        flags: fields whose value came from the command line, with their flag
            (``{"replications": "--replications"}``): an error in them names the flag.
    """
    flags = flags or {}
    try:
        spec = ExperimentSpec(**values)
    except ValidationError as exc:
        raise _one_line(exc, where, flags) from None
    except TypeError as exc:
        raise InputError(f"{where}: {exc}") from None
    if spec.control is not None and spec.control not in spec.arms:
        raise InputError(
            f"{where}: field 'control': no arm named {spec.control!r}; arms: {', '.join(spec.arms)}"
        )
    spec.baseline(where)
    _check_lab_split(spec, where, flags)
    for arm, overrides in spec.arms.items():
        if not ARM_NAME.fullmatch(arm):
            raise InputError(
                f"{where}: arm name {arm!r} may only hold letters, digits, '_' and '-'"
            )
        if not isinstance(overrides, dict):
            raise InputError(f"{where}: arm '{arm}' should be a table of settings")
        _check_level(overrides, f"{where} arm '{arm}'")
    if spec.sweep is not None:
        _check_sweep(spec.sweep, where)
    points = spec.design_points()
    for arm in spec.arms:
        for point in points:
            label = f" at {spec.point_label(point)}" if point else ""
            spec.config(arm, point, where=f"{where} arm '{arm}'{label}")
    return spec


def _check_lab_split(spec: ExperimentSpec, where: str, flags: dict[str, str]) -> None:
    """Refuse a lab design whose population is too small to give every arm a participant.

    The lab design with common random numbers splits one population of ``households`` over the
    arms (sizes differ by at most one). Fewer households than arms leaves an arm empty: its
    outcomes and effects would be undefined, and a report of null effects would mislead.
    """
    n_arms = len(spec.arms)
    if spec.design != "lab" or not spec.crn or spec.households >= n_arms:
        return
    blame = flags.get("households", f"{where}: field 'households'")
    raise InputError(
        f"{blame}: the lab design splits the households over {n_arms} arms, so it needs at "
        f"least {n_arms} households (got {spec.households}); an arm without participants has no "
        "outcomes to compare"
    )


def _check_level(keys: dict[str, Any], where: str) -> None:
    for key in keys:
        if key in EXPERIMENT_LEVEL:
            raise InputError(
                f"{where}: '{key}' is set for the whole experiment; use the top-level field "
                f"'{EXPERIMENT_LEVEL[key]}'"
            )


def _check_sweep(sweep: SweepSpec, where: str) -> None:
    _check_level(sweep.parameters, f"{where} sweep")
    for name, values in sweep.parameters.items():
        section, _, key = name.partition(".")
        if not (section in _NESTED and key) and name not in ModelConfig.model_fields:
            raise InputError(
                f"{where}: sweep parameter '{name}' is not a ModelConfig field nor "
                f"'behaviour.<key>' / 'population.<key>'"
            )
        if not values:
            raise InputError(f"{where}: sweep parameter '{name}' has no values")
        if sweep.method == "sobol":
            numbers = all(isinstance(v, int | float) and not isinstance(v, bool) for v in values)
            if len(values) != 2 or not numbers or not values[0] < values[1]:
                raise InputError(
                    f"{where}: sobol sweep parameter '{name}' should be [low, high] with "
                    f"low < high, got {values!r}"
                )


def load_spec(
    path: str | Path, households: int | None = None, replications: int | None = None
) -> ExperimentSpec:
    """Read and validate an experiment file, optionally with another size or replication count.

    Args:
        path: the TOML file.
        households: simulated households per run, replacing the file's value.
        replications: replications per arm and design point, replacing the file's value.

    Raises:
        InputError: the file is missing, not TOML, or not a valid experiment (one-line message
            naming the file, the field and what was expected).
    """
    path = Path(path)
    try:
        values = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(
            f"{path}: no such experiment file (shipped ones: toeslagenlab list)"
        ) from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a folder, not an experiment file") from None
    except UnicodeDecodeError:
        raise InputError(
            f"{path}: not a text file; an experiment file is TOML text in UTF-8 "
            "(see experiments/*.toml)"
        ) from None
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"{path}: not valid TOML ({exc})") from None
    flags = {}
    if households is not None:
        values["households"] = households
        flags["households"] = "--households"
    if replications is not None:
        values["replications"] = replications
        flags["replications"] = "--replications"
    return validate_spec(values, where=str(path), flags=flags)


def shipped_experiments() -> list[tuple[Path, str]]:
    """The shipped experiment files with their one-line description."""
    out = []
    for path in sorted(EXPERIMENTS_DIR.glob("*.toml")):
        spec = load_spec(path)
        out.append((path, spec.description.strip().splitlines()[0] if spec.description else ""))
    return out
