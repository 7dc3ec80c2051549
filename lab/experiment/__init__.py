"""Experiments: files with arms and a design, a runner that scales out, results that last.

Public API (see docs/experiments.md)::

    from lab.experiment import load_spec, run_experiment, build_report

    spec = load_spec("experiments/lab_voorzichtig.toml", households=5_000, replications=5)
    outcome = run_experiment(spec, "results/try", workers=2, progress=print)
    outcome.summary["effects"]["voorzichtig"]["high_recovery_share"]
"""

from lab.experiment.analysis import summarise_metrics
from lab.experiment.backends import default_workers
from lab.experiment.labels import LANGUAGES
from lab.experiment.metrics import (
    compute_metrics,
    experience_effects,
    high_recovery_thresholds,
    metric_names,
    shared_high_recovery_threshold,
)
from lab.experiment.report import build_report
from lab.experiment.runner import ExperimentOutcome, run_experiment
from lab.experiment.runs import RunTask, execute_run, plan_runs
from lab.experiment.spec import (
    DEFAULT_OUTCOMES,
    EXPERIMENTS_DIR,
    ExperimentSpec,
    load_spec,
    shipped_experiments,
    validate_spec,
)
from lab.experiment.store import REDO, git_commit, load_runs, read_manifest, set_aside_damaged

__all__ = [
    "DEFAULT_OUTCOMES",
    "EXPERIMENTS_DIR",
    "LANGUAGES",
    "REDO",
    "ExperimentOutcome",
    "ExperimentSpec",
    "RunTask",
    "build_report",
    "compute_metrics",
    "default_workers",
    "execute_run",
    "experience_effects",
    "git_commit",
    "high_recovery_thresholds",
    "load_runs",
    "load_spec",
    "metric_names",
    "plan_runs",
    "read_manifest",
    "run_experiment",
    "set_aside_damaged",
    "shared_high_recovery_threshold",
    "shipped_experiments",
    "summarise_metrics",
    "validate_spec",
]
