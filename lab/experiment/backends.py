"""Where an experiment's runs are done: in this process, local processes or a Dask cluster.

:func:`open_executor` gives the ``concurrent.futures`` executor of the chosen backend (None: in
this process); :func:`outcome_of` turns a finished future into a run's outcome, a backend's
failure (a lost worker, a Dask worker that cannot import this package) into a failed run.
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import signal
import threading
from collections.abc import Iterator
from multiprocessing.context import SpawnContext, SpawnProcess

from lab.errors import InputError
from lab.experiment.runs import RunOutcome, RunTask
from lab.rows import cores, set_threads


def default_workers() -> int:
    """The CPUs this process may use (:func:`lab.rows.cores`)."""
    return cores()


def _ignore_interrupt() -> None:
    """Worker processes leave Ctrl-C to the parent, which stops them (no tracebacks per worker).

    The workers fill the cores already: each runs its households on one thread (:mod:`lab.rows`).
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    set_threads(1)


class _QuietProcess(SpawnProcess):
    """A worker process started with Ctrl-C ignored, so it never has a KeyboardInterrupt.

    A worker still starting (importing this package) when Ctrl-C comes would print its
    traceback: the ignored SIGINT is inherited through the new interpreter's start, and Python
    then installs no handler for it. The parent's own handler is back as soon as the process has
    started (a Ctrl-C in those milliseconds is not seen).
    """

    def start(self) -> None:
        """Start the process with SIGINT ignored (only the main thread may set a handler)."""
        if threading.current_thread() is not threading.main_thread():
            super().start()
            return
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
        try:
            super().start()
        finally:
            signal.signal(signal.SIGINT, previous)


class _QuietSpawn(SpawnContext):
    """The "spawn" start method, with :class:`_QuietProcess` workers."""

    Process = _QuietProcess


def _stop_now(pool: cf.ProcessPoolExecutor) -> None:
    """Cancel the queued runs and end the worker processes without waiting for running ones."""
    pool.shutdown(wait=False, cancel_futures=True)
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        process.terminate()


def outcome_of(future: cf.Future, task: RunTask, backend: str) -> RunOutcome:
    """The outcome of a future; an executor failure (lost worker, broken pool) becomes a failed run.

    :func:`lab.experiment.runs.execute_run` itself never raises, so an exception here comes from
    the backend: a worker process that died, or a Dask scheduler or worker that cannot import this
    package.
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
def open_executor(
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
            if workers > 1:
                client.run(set_threads, 1)  # the worker processes fill the cores already
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
            mp_context=_QuietSpawn(),
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
