"""Experiments: files with arms and a design, a runner that scales out, results that last.

Public API (see docs/experiments.md)::

    from lab.experiment import load_spec, run_experiment, build_report

    spec = load_spec("experiments/lab_voorzichtig.toml", households=5_000, replications=5)
    outcome = run_experiment(spec, "results/try", workers=2, progress=print)
    outcome.summary["effects"]["voorzichtig"]["high_recovery_share"]
"""

from lab.experiment.analysis import summarise_metrics
from lab.experiment.metrics import compute_metrics, metric_names
from lab.experiment.report import build_report
from lab.experiment.runner import ExperimentOutcome, run_experiment
from lab.experiment.runs import RunTask, execute_run
from lab.experiment.spec import ExperimentSpec, load_spec, shipped_experiments, validate_spec
from lab.experiment.store import load_runs, read_manifest

__all__ = [
    "ExperimentOutcome",
    "ExperimentSpec",
    "RunTask",
    "build_report",
    "compute_metrics",
    "execute_run",
    "load_runs",
    "load_spec",
    "metric_names",
    "read_manifest",
    "run_experiment",
    "shipped_experiments",
    "summarise_metrics",
    "validate_spec",
]
