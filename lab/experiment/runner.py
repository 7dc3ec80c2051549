"""Running an experiment: every run not yet done, written as it finishes, then the report.

:func:`run_experiment` plans the runs (:func:`lab.experiment.runs.plan_runs`), skips those already
in the results folder (resume), has the rest done on the chosen backend
(:mod:`lab.experiment.backends`), writes each finished run as Parquet and keeps ``manifest.json``
up to date; a failing run is recorded with its error and the others go on.
"""

from __future__ import annotations

import concurrent.futures as cf
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lab.errors import InputError
from lab.experiment import store
from lab.experiment.backends import open_executor, outcome_of
from lab.experiment.labels import check_lang
from lab.experiment.provenance import parameter_files
from lab.experiment.runs import RunOutcome, RunTask, execute_run, plan_runs
from lab.experiment.spec import ExperimentSpec
from lab.jsonfile import make_folder

#: Seconds between manifest updates while runs finish (the run files themselves are written at
#: once; a run whose file exists counts as done, whatever the manifest says).
MANIFEST_INTERVAL = 1.0
#: ``progress(done, total, run_id, status)`` is called once at the start (status "start", run_id
#: "", done = runs already finished) and after every run (status "done" or "failed").
Progress = Callable[[int, int, str, str], None]


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
    make_folder(out_dir)
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
        with open_executor(workers, scheduler, dask_local) as (executor, label):
            session["backend"] = label
            if executor is None:
                for task in todo:
                    finish(execute_run(task))
            else:
                futures = {executor.submit(execute_run, task): task for task in todo}
                for future in cf.as_completed(futures):
                    finish(outcome_of(future, futures[future], label))
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
