"""Running an experiment: one pure function per run, on local processes or a Dask cluster.

:func:`execute_run` takes a :class:`RunTask` (arm, design point, replication, seed and the full
ModelConfig) and returns its metric rows; it does no IO, so any ``concurrent.futures`` executor can
run it and the same seed gives the same numbers on every backend. :func:`run_experiment` plans the
runs, skips those already in the results folder (resume), writes each finished run as Parquet and
keeps ``manifest.json`` up to date; a failing run is recorded with its error and the others go on.
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import multiprocessing
import os
import signal
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from lab.errors import InputError
from lab.experiment import store
from lab.experiment.labels import check_lang
from lab.experiment.metrics import compute_metrics, high_recovery_thresholds, subgroup_metrics
from lab.experiment.provenance import parameter_files
from lab.experiment.seeds import assign_arms, assignment_seeds, run_seeds
from lab.experiment.spec import ExperimentSpec
from lab.model import SimulationResult, simulate
from lab.model.config import ModelConfig

#: Seconds between manifest updates while runs finish (the run files themselves are written at
#: once; a run whose file exists counts as done, whatever the manifest says).
MANIFEST_INTERVAL = 1.0
#: ``progress(done, total, run_id, status)`` is called once at the start (status "start", run_id
#: "", done = runs already finished) and after every run (status "done" or "failed").
Progress = Callable[[int, int, str, str], None]


@dataclass(frozen=True)
class Assignment:
    """The lab design's random assignment of one population: this arm keeps its own participants.

    ``seed`` draws the split (the same in every arm of a replication), ``arm_index`` is this arm's
    position among ``n_arms``.
    """

    seed: int
    arm_index: int
    n_arms: int


@dataclass(frozen=True)
class RunTask:
    """Everything one run needs: where it sits in the experiment, its seed and its ModelConfig.

    ``assignment`` is set in the lab design with common random numbers: the run simulates the
    shared population and measures only the households assigned to its arm.
    """

    experiment: str
    arm: str
    point: int
    point_label: str
    replication: int
    seed: int
    config: dict[str, Any]
    assignment: Assignment | None = None

    @property
    def run_id(self) -> str:
        """File-name key of the run: ``<arm>--p<point>--r<replication>``."""
        return f"{self.arm}--p{self.point:03d}--r{self.replication:04d}"


@dataclass(frozen=True)
class RunOutcome:
    """What a run gives back: its rows, or the error that stopped it."""

    run_id: str
    rows: pd.DataFrame | None
    error: str | None
    seconds: float


@dataclass
class ExperimentOutcome:
    """Result of :func:`run_experiment`: the folder, what ran, what was skipped and what failed."""

    out_dir: Path
    total: int
    completed: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    summary: dict[str, Any] | None = None
    #: Notices about damaged run files found at the start, set aside and run again.
    set_aside: list[str] = field(default_factory=list)


def run_rows(task: RunTask, result: Any) -> pd.DataFrame:
    """The long-format rows of one run (:data:`lab.experiment.store.COLUMNS`) from its result."""
    threshold = high_recovery_thresholds(result.awards)
    rows: list[tuple[str, str, str, str, int, float]] = []
    for name, metric_value in compute_metrics(result.awards, result.households, threshold).items():
        rows.append(("metric", name, "", "", -1, metric_value))
    for column, label, metrics in subgroup_metrics(result.awards, result.households, threshold):
        rows += [("subgroup", n, column, label, -1, v) for n, v in metrics.items()]
    for name, series in result.monthly.items():
        if name == "month":
            continue
        rows += [("monthly", name, "", "", m, float(v)) for m, v in enumerate(series)]
    kind, metric, subgroup, group, month, value = zip(*rows, strict=True)
    n = len(rows)
    return pd.DataFrame(
        {
            "experiment": [task.experiment] * n,
            "arm": [task.arm] * n,
            "point": np.full(n, task.point, dtype=np.int32),
            "point_label": [task.point_label] * n,
            "replication": np.full(n, task.replication, dtype=np.int32),
            "seed": np.full(n, task.seed, dtype=np.int64),
            "kind": kind,
            "metric": metric,
            "subgroup": subgroup,
            "group": group,
            "month": np.asarray(month, dtype=np.int32),
            "value": np.asarray(value, dtype=np.float64),
        }
    )


def participants(result: SimulationResult, assignment: Assignment) -> SimulationResult:
    """The part of a run's result that belongs to the households assigned to its arm.

    Their weights are scaled up by (all households / participants), so totals such as
    ``state_cost_eur`` still stand for the whole represented population. The monthly series stay
    those of the whole simulated population under the arm's policy.
    """
    n = result.households["household"].size
    mine = assign_arms(assignment.seed, n, assignment.n_arms) == assignment.arm_index
    scale = n / max(int(mine.sum()), 1)
    households = {k: v[mine] for k, v in result.households.items()}
    households["weight"] = households["weight"] * scale
    keep = mine[result.awards["household"]]
    awards = {k: v[keep] for k, v in result.awards.items()}
    awards["weight"] = awards["weight"] * scale
    return SimulationResult(awards=awards, households=households, monthly=result.monthly)


def execute_run(task: RunTask) -> RunOutcome:
    """Simulate one run and compute its metrics; never raises (the error is returned as text)."""
    start = time.perf_counter()
    try:
        result = simulate(ModelConfig(**task.config), task.seed)
        if task.assignment is not None:
            result = participants(result, task.assignment)
        rows = run_rows(task, result)
    except Exception:  # a failing run is data, not the end of the experiment
        return RunOutcome(task.run_id, None, traceback.format_exc(), time.perf_counter() - start)
    return RunOutcome(task.run_id, rows, None, time.perf_counter() - start)


def plan_runs(spec: ExperimentSpec) -> list[RunTask]:
    """Every run of the experiment, replication-major so early results cover every arm."""
    points = spec.design_points()
    labels = spec.point_labels()
    arms = list(spec.arms)
    seeds = run_seeds(spec.seed, len(arms), len(points), spec.replications, spec.crn)
    split = spec.design == "lab" and spec.crn
    assignment = assignment_seeds(spec.seed, len(points), spec.replications)
    tasks = []
    for r in range(spec.replications):
        for p, point in enumerate(points):
            for a, arm in enumerate(arms):
                config = spec.config(arm, point, where=f"arm '{arm}'")
                tasks.append(
                    RunTask(
                        experiment=spec.name,
                        arm=arm,
                        point=p,
                        point_label=labels[p],
                        replication=r,
                        seed=int(seeds[a, p, r]),
                        config=config.model_dump(mode="json"),
                        assignment=Assignment(int(assignment[p, r]), a, len(arms))
                        if split
                        else None,
                    )
                )
    return tasks


def default_workers() -> int:
    """The CPUs this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


def _ignore_interrupt() -> None:
    """Worker processes leave Ctrl-C to the parent, which stops them (no tracebacks per worker)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _stop_now(pool: cf.ProcessPoolExecutor) -> None:
    """Cancel the queued runs and end the worker processes without waiting for running ones."""
    pool.shutdown(wait=False, cancel_futures=True)
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        process.terminate()


def _collect(future: cf.Future, task: RunTask, backend: str) -> RunOutcome:
    """The outcome of a future; an executor failure (lost worker, broken pool) becomes a failed run.

    :func:`execute_run` itself never raises, so an exception here comes from the backend: a worker
    process that died, or a Dask scheduler or worker that cannot import this package.
    """
    try:
        return future.result()
    except Exception as exc:
        chain: list[BaseException] = []
        cause: BaseException | None = exc
        while cause is not None and len(chain) < 5:
            chain.append(cause)
            cause = cause.__cause__ or cause.__context__
        error = " ".join(f"{type(exc).__name__}: {exc}".split())
        if any(isinstance(e, ModuleNotFoundError) for e in chain) or "environments" in error:
            error += (
                "; the Dask scheduler and workers need this package: install it in their "
                "environment, or start them with PYTHONPATH=<repository>"
            )
        return RunOutcome(task.run_id, None, f"{backend}: {error}", 0.0)


@contextlib.contextmanager
def _executor(
    workers: int, scheduler: str | None, dask_local: bool
) -> Iterator[tuple[cf.Executor | None, str]]:
    """The executor for the chosen backend (None = in this process) and its description."""
    if scheduler or dask_local:
        from distributed import Client, LocalCluster

        if scheduler:
            try:
                client = Client(scheduler, timeout="20s")
            except OSError as exc:
                raise InputError(f"--scheduler {scheduler}: cannot connect ({exc})") from None
            cluster = None
            label = f"dask scheduler {scheduler}"
        else:
            cluster = LocalCluster(
                n_workers=workers,
                threads_per_worker=1,
                processes=workers > 1,
                dashboard_address=":0",  # any free port: never clash with a running cluster
            )
            client = Client(cluster)
            label = f"dask LocalCluster ({workers} workers)"
        try:
            yield client.get_executor(pure=False), label
        finally:
            client.close()
            if cluster is not None:
                cluster.close()
    elif workers > 1:
        # mesa switches multiprocessing to "spawn" on import; say so rather than rely on it.
        pool = cf.ProcessPoolExecutor(
            max_workers=workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_ignore_interrupt,
        )
        try:
            yield pool, f"local processes ({workers})"
        except BaseException:
            _stop_now(pool)
            raise
        pool.shutdown(wait=True)
    else:
        yield None, "in-process"


def _prepare_manifest(
    spec: ExperimentSpec, out_dir: Path, tasks: list[RunTask], source: str | None
) -> dict[str, Any]:
    manifest = store.read_manifest(out_dir)
    spec_hash = spec.hash()
    if manifest is not None and manifest.get("spec_hash") != spec_hash:
        raise InputError(
            f"{out_dir} holds results of another version of this experiment (spec hash "
            f"{str(manifest.get('spec_hash'))[:12]} != {spec_hash[:12]}); use another --out or "
            f"remove the folder"
        )
    if manifest is None:
        manifest = {
            "experiment": spec.name,
            "description": spec.description,
            "source": source,
            "spec": spec.model_dump(mode="json"),
            "spec_hash": spec_hash,
            "design": spec.design,
            "common_random_numbers": spec.crn,
            "control": spec.control_arm,
            "design_points": [
                {"point": i, "label": label, "settings": p}
                for i, (p, label) in enumerate(
                    zip(spec.design_points(), spec.point_labels(), strict=True)
                )
            ],
            "seeds": {t.run_id: t.seed for t in tasks},
            "sessions": [],
            "runs": {},
        }
    for task in tasks:
        manifest["runs"].setdefault(
            task.run_id,
            {
                "arm": task.arm,
                "point": task.point,
                "replication": task.replication,
                "seed": task.seed,
                "status": "pending",
            },
        )
    return manifest


def run_experiment(
    spec: ExperimentSpec,
    out_dir: str | Path,
    *,
    workers: int = 1,
    scheduler: str | None = None,
    dask_local: bool = False,
    progress: Progress | None = None,
    source: str | None = None,
    report: bool = True,
    lang: str = "en",
) -> ExperimentOutcome:
    """Run every run of ``spec`` not yet in ``out_dir``, then write summary.json and report.html.

    Args:
        spec: the experiment (see :func:`lab.experiment.load_spec`).
        out_dir: results folder; created if needed. Runs already finished there are skipped
            (the spec hash must match).
        workers: local worker processes (1 = in this process), or Dask workers with
            ``dask_local``.
        scheduler: address of a Dask scheduler (``tcp://host:port``); its workers need this
            package importable.
        dask_local: start a Dask ``LocalCluster`` with ``workers`` workers.
        progress: called after every run as ``progress(done, total, run_id, status)``.
        source: the experiment file, recorded in the manifest.
        report: write summary.json and report.html at the end.
        lang: language of report.html ("en" or "nl").

    Returns:
        The outcome: folder, total runs, those completed now, skipped and failed (with errors),
        and the summary (None if no run has finished).
    """
    check_lang(lang)
    out_dir = Path(out_dir)
    store.make_folder(out_dir)
    tasks = plan_runs(spec)
    manifest = _prepare_manifest(spec, out_dir, tasks, source)
    outcome = ExperimentOutcome(out_dir=out_dir, total=len(tasks))
    outcome.set_aside = store.set_aside_damaged(out_dir)  # redone below like any missing run
    todo = []
    for task in tasks:
        entry = manifest["runs"][task.run_id]
        if store.run_file(out_dir, task.run_id).exists():  # written atomically: the file decides
            entry.update(status="done", error=None, file=f"{store.RUNS}/{task.run_id}.parquet")
            outcome.skipped.append(task.run_id)
        else:
            if entry.get("status") == "done":  # its file was set aside or removed: not done
                entry.update(status="pending", file=None)
            todo.append(task)
    session: dict[str, Any] = {
        "started": store.now(),
        "finished": None,
        "backend": None,
        "versions": store.versions(),
        "git": store.git_commit(),
        "parameters": parameter_files(spec.year, spec.n_years),
        "runs_to_do": len(todo),
        "interrupted": False,
    }
    manifest["sessions"].append(session)
    manifest["versions"] = session["versions"]
    manifest["git"] = session["git"]
    manifest["parameters"] = session["parameters"]
    manifest.setdefault("started", session["started"])
    done = len(outcome.skipped)
    last_write = [time.monotonic()]

    def finish(result: RunOutcome) -> None:
        nonlocal done
        entry = manifest["runs"][result.run_id]
        entry["seconds"] = round(result.seconds, 3)
        entry["finished"] = store.now()
        if result.error is None:
            assert result.rows is not None  # a run without an error has its rows
            store.write_run(out_dir, result.run_id, result.rows)
            entry.update(status="done", error=None, file=f"{store.RUNS}/{result.run_id}.parquet")
            outcome.completed.append(result.run_id)
        else:
            entry.update(status="failed", error=result.error.strip())
            outcome.failed[result.run_id] = result.error.strip().splitlines()[-1]
        now = time.monotonic()
        if now - last_write[0] >= MANIFEST_INTERVAL:
            store.write_json(out_dir / store.MANIFEST, manifest)
            last_write[0] = now
        done += 1
        if progress is not None:
            progress(done, len(tasks), result.run_id, entry["status"])

    store.write_json(out_dir / store.MANIFEST, manifest)
    if progress is not None:
        progress(done, len(tasks), "", "start")
    try:
        with _executor(workers, scheduler, dask_local) as (executor, label):
            session["backend"] = label
            if executor is None:
                for task in todo:
                    finish(execute_run(task))
            else:
                futures = {executor.submit(execute_run, task): task for task in todo}
                for future in cf.as_completed(futures):
                    finish(_collect(future, futures[future], label))
    except KeyboardInterrupt:
        session["interrupted"] = True
        raise
    finally:
        session["finished"] = store.now()
        manifest["finished"] = session["finished"]
        store.write_json(out_dir / store.MANIFEST, manifest)
    if report and any(e["status"] == "done" for e in manifest["runs"].values()):
        from lab.experiment.report import build_report

        outcome.summary = build_report(out_dir, lang=lang)
    return outcome
