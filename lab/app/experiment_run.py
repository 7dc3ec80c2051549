"""Running an experiment for the app through the experiment runner (:mod:`lab.experiment`).

The page's settings (a shipped experiment or composed arms, population size, replications, seed,
letters and behaviour levers) become an :class:`~lab.experiment.ExperimentSpec`; the runner runs it
in a temporary folder (in this process) and the page keeps plain results: the ``summary``
(``summary.json``), the runner's ``report.html`` (in Dutch), the runs as CSV, and the recovery
amounts of the first replication per arm (the summary has no distribution of amounts). Nothing
here keeps a model alive: every run's model is closed by ``simulate`` before it returns.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from lab import TOESLAGEN
from lab.errors import InputError
from lab.experiment import ExperimentSpec, load_runs, load_spec, run_experiment, validate_spec
from lab.experiment.runs import plan_runs
from lab.experiment.spec import DEFAULT_OUTCOMES, EXPERIMENTS_DIR
from lab.model import simulate

#: Largest population the page runs (a demo, not a cluster).
MAX_HOUSEHOLDS = 50_000
#: Largest number of replications the page runs (the runner needs at least 2).
MAX_REPLICATIONS = 20
#: The outcomes the page shows (every arm, every figure).
APP_OUTCOMES = [*DEFAULT_OUTCOMES, *(f"take_up_rate.{t}" for t in TOESLAGEN)]
#: Override sections that hold a table of values (merged, not replaced).
NESTED = ("behaviour", "population")
Progress = Callable[[float, str], object]  # what it returns is not used


@dataclass(frozen=True)
class ExperimentSettings:
    """An experiment as the page runs it; hashable, so it is the cache key.

    Attributes:
        source: name of a shipped experiment (file stem in ``experiments/``), or None.
        arms: for a composed experiment: (arm name, overrides as (field, value) pairs) per arm,
            the control first.
        n_households: households per run.
        replications: runs per arm.
        seed: root seed.
        base: overrides added to every arm (letters, behaviour and population levers).
    """

    source: str | None = None
    arms: tuple[tuple[str, tuple[tuple[str, Any], ...]], ...] = ()
    n_households: int = 2_000
    replications: int = 3
    seed: int = 1
    base: tuple[tuple[str, Any], ...] = field(default_factory=tuple)

    def spec(self) -> ExperimentSpec:
        """The runner's experiment spec (InputError names a bad file, field or size)."""
        if not 1 <= self.n_households <= MAX_HOUSEHOLDS:
            raise InputError(
                f"de populatie moet 1 tot {MAX_HOUSEHOLDS:,} huishoudens zijn in de app, "
                f"niet {self.n_households:,}; grotere experimenten: toeslagenlab run"
            )
        if not 2 <= self.replications <= MAX_REPLICATIONS:
            raise InputError(f"kies 2 tot {MAX_REPLICATIONS} herhalingen")
        if self.source is None and not self.arms:
            raise InputError("kies minstens één groep")
        base = {k: dict(v) if k in NESTED else v for k, v in self.base}
        if self.source is not None:
            shipped = load_spec(EXPERIMENTS_DIR / f"{self.source}.toml")
            values = shipped.model_dump(mode="json")
            arms = values["arms"]
        else:
            values = {"name": "app", "description": "composed in the app", "design": "policy"}
            arms = {name: dict(overrides) for name, overrides in self.arms}
        values.update(
            households=self.n_households,
            replications=self.replications,
            seed=self.seed,
            outcomes=APP_OUTCOMES,
            arms={name: _merge(base, overrides) for name, overrides in arms.items()},
        )
        return validate_spec(values, where=self.source or "app")


def _merge(base: dict[str, Any], overrides: dict[str, Any]) -> dict[str, Any]:
    merged = {**base, **overrides}
    for section in NESTED:
        if section in base or section in overrides:
            merged[section] = {**base.get(section, {}), **overrides.get(section, {})}
    return merged


@dataclass(frozen=True)
class PageResults:
    """What the experiment page shows of a run: plain results (no model objects, no folder).

    Not :class:`lab.experiment.runner.ExperimentOutcome` (the runner's account of which runs were
    done, skipped or failed in an output folder).
    """

    settings: ExperimentSettings
    summary: dict[str, Any]
    report_html: bytes
    runs_csv: bytes
    recoveries: dict[str, np.ndarray]
    failed: dict[str, str]

    def summary_json(self) -> bytes:
        """``summary.json`` as the runner wrote it (UTF-8 bytes)."""
        return json.dumps(self.summary, indent=2, default=str).encode("utf-8")


def shipped() -> dict[str, str]:
    """The shipped experiments: name -> one-line description."""
    out = {}
    for path in sorted(EXPERIMENTS_DIR.glob("*.toml")):
        spec = load_spec(path)
        out[path.stem] = spec.description.strip().splitlines()[0] if spec.description else ""
    return out


def recovery_amounts(spec: ExperimentSpec) -> dict[str, np.ndarray]:
    """Recovery amounts (euro, awards with a terugvordering) of each arm's first run."""
    out: dict[str, np.ndarray] = {}
    for task in plan_runs(spec):
        if task.replication != 0 or task.point != 0 or task.arm in out:
            continue
        result = simulate(spec.config(task.arm, {}), task.seed)
        amounts = np.asarray(result.awards["terugvordering"], dtype=float)
        out[task.arm] = amounts[amounts > 0].copy()
        del result
    return out


def run_experiment_settings(
    settings: ExperimentSettings, progress: Progress | None = None
) -> PageResults:
    """Run the experiment with the runner, in a temporary folder, and keep the page's results.

    Args:
        settings: the experiment.
        progress: called after each run with (fraction done, Dutch text).
    """
    spec = settings.spec()

    def report(done: int, total: int, run_id: str, status: str) -> None:
        if progress is not None:
            progress(done / total, f"run {done} van {total} ({run_id}): {status}")

    with tempfile.TemporaryDirectory(prefix="toeslagenlab-app-") as folder:
        outcome = run_experiment(spec, folder, workers=1, progress=report, report=True, lang="nl")
        if outcome.summary is None:
            first = next(iter(outcome.failed.values()), "geen run is gelukt")
            raise RuntimeError(f"het experiment leverde geen uitkomsten: {first}")
        report_html = (Path(folder) / "report.html").read_bytes()
        runs_csv = load_runs(Path(folder)).to_csv(index=False).encode("utf-8")
    return PageResults(
        settings=settings,
        summary=outcome.summary,
        report_html=report_html,
        runs_csv=runs_csv,
        recoveries=recovery_amounts(spec),
        failed=dict(outcome.failed),
    )
