"""Work over the households in blocks of rows, spread over the machine's cores.

A rule that treats each household on its own (no sum across households) may run on parts of
the population at once: :func:`in_parts` hands each part, a run of whole :data:`ROW_BLOCK`
blocks of consecutive rows, to a pool of threads. The compiled kernels release the GIL
(``nogil=True``), as numpy does in its array arithmetic, so a large population uses every core.
A household's numbers depend only on its own row, and every part starts on a block boundary, so
the result is the same, bit for bit, with any number of threads (``tests/test_rows.py``). A
population of fewer than two blocks runs in one call on the calling thread. :func:`in_background`
runs a step that draws from a stream of its own beside the next one, and
:func:`drawn_ahead` makes the next of a sequence of such draws while the caller uses this one.

The number of threads is the cores this process may use, or ``TOESLAGENLAB_THREADS``; the
workers of an experiment or a calibration, which already fill the cores with processes, run one
each (:func:`set_threads`).
"""

from __future__ import annotations

import itertools
import os
import queue
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar, cast

#: Rows per block: numpy work that keeps (rows, 4) temporaries does so one block at a time.
ROW_BLOCK = 1 << 16
#: Environment variable that sets the number of threads (a whole number of at least 1).
THREADS_ENV = "TOESLAGENLAB_THREADS"

T = TypeVar("T")

_threads: int | None = None
_pool: ThreadPoolExecutor | None = None
_pool_key = (0, 0)
_lock = threading.Lock()


def cores() -> int:
    """The CPUs this process may use (its affinity on Linux, else every CPU)."""
    try:
        return max(len(os.sched_getaffinity(0)), 1)
    except AttributeError:  # not on Linux
        return max(os.cpu_count() or 1, 1)


def _default_threads() -> int:
    text = os.environ.get(THREADS_ENV, "").strip()
    if text:
        try:
            count = int(text)
        except ValueError:
            count = 0
        if count < 1:
            from lab.errors import InputError

            raise InputError(f"{THREADS_ENV} must be a whole number of at least 1, got {text!r}")
        return count
    return cores()


def threads() -> int:
    """The number of threads :func:`in_parts` uses."""
    global _threads
    if _threads is None:
        _threads = _default_threads()
    return _threads


def set_threads(count: int) -> None:
    """Use ``count`` threads from now on (1: everything on the calling thread)."""
    global _threads
    if count < 1:
        raise ValueError(f"threads must be at least 1, got {count}")
    _threads = int(count)


def parts(n: int, count: int | None = None) -> list[slice]:
    """``n`` rows as at most ``count`` (default :func:`threads`) runs of whole blocks, in order.

    Each part starts on a multiple of :data:`ROW_BLOCK`; the last one ends at ``n``.
    """
    count = threads() if count is None else count
    blocks = -(-n // ROW_BLOCK)
    count = max(min(count, blocks), 1)
    edges = [min((blocks * i // count) * ROW_BLOCK, n) for i in range(count + 1)]
    edges[-1] = n
    return [slice(lo, hi) for lo, hi in itertools.pairwise(edges)]


def _the_pool() -> ThreadPoolExecutor:
    """The process's pool of ``threads() - 1`` helpers (the caller works too).

    A forked child makes its own: its parent's threads are not in it.
    """
    global _pool, _pool_key
    key = (os.getpid(), threads())
    with _lock:
        if _pool is None or _pool_key != key:
            _pool = ThreadPoolExecutor(max_workers=max(key[1] - 1, 1), thread_name_prefix="rows")
            _pool_key = key
        return _pool


def in_parts(n: int, work: Callable[[slice], T]) -> list[T]:
    """``work(rows)`` for the parts of ``n`` rows (:func:`parts`), on the threads; results in order.

    ``work`` must touch only its own rows of any array it writes.
    """
    split = parts(n)
    if len(split) == 1:
        return [work(split[0])]
    futures = [_the_pool().submit(work, rows) for rows in split[1:]]
    first = work(split[0])
    return [first, *(future.result() for future in futures)]


def in_blocks(n: int, work: Callable[[slice], None]) -> None:
    """``work(rows)`` for each block of :data:`ROW_BLOCK` rows of ``n``, the blocks in parts.

    For numpy work whose temporaries should be a block's, not the population's; ``work`` must
    touch only its own rows of any array it writes.
    """

    def part(rows: slice) -> None:
        for lo in range(rows.start, rows.stop, ROW_BLOCK):
            work(slice(lo, min(lo + ROW_BLOCK, rows.stop)))

    in_parts(n, part)


def in_background(work: Callable[[], T]) -> Future[T]:
    """``work()`` on a thread of its own while the caller goes on; at once with one thread.

    For work on its own random stream (:mod:`lab.households.streams`) that a later step needs:
    the numbers are the same whichever thread draws them. ``result()`` gives the value (or
    raises what ``work`` raised).
    """
    future: Future[T] = Future()

    def run() -> None:
        try:
            future.set_result(work())
        except BaseException as exc:  # handed to whoever asks for the result
            future.set_exception(exc)

    if threads() == 1:
        run()
    else:
        threading.Thread(target=run, name="rows-background", daemon=True).start()
    return future


def drawn_ahead(items: Iterator[T], count: int = 1) -> DrawnAhead[T]:
    """The items of ``items``, made on a thread of their own up to ``count`` ahead of their use.

    For a sequence of draws from streams of its own (:mod:`lab.households.streams`) whose later
    items do not depend on how the caller uses the earlier ones: the thread starts at once and
    makes the next item while the caller works on this one, and the numbers are the same as made
    one by one. At most ``count`` items are made beside the one in use (the caller lets go of
    each before asking for the next), and ``count`` before the first is asked for. With one
    thread, or ``count`` 0, the items are made as they are asked for. An exception in ``items``
    is raised to the caller at the item it stopped. A caller that stops early calls ``close()``.
    """
    return DrawnAhead(items, count)


class DrawnAhead(Iterator[T]):
    """The iterator of :func:`drawn_ahead`: its thread has started when it is made."""

    def __init__(self, items: Iterator[T], count: int) -> None:
        self._items = items
        self._ahead = threads() > 1 and count >= 1
        self._done = False
        if not self._ahead:
            return
        self._slots = threading.Semaphore(count)
        self._made: queue.SimpleQueue[tuple[int, Any]] = queue.SimpleQueue()
        self._stop = threading.Event()
        # The thread holds the parts it needs, not this iterator: a caller that lets go of it
        # early (an exception) stops the thread when the iterator is collected.
        threading.Thread(
            target=_make_ahead,
            args=(items, self._slots, self._made, self._stop),
            name="rows-ahead",
            daemon=True,
        ).start()

    def __next__(self) -> T:
        if self._done:
            raise StopIteration
        if not self._ahead:
            return next(self._items)
        failed, item = self._made.get()
        if failed:
            self.close()
            raise item
        if item is _END:
            self.close()
            raise StopIteration
        self._slots.release()  # the next item is made while the caller works on this one
        return cast(T, item)

    def close(self) -> None:
        """Stop making items: the thread ends at its next item (the one it makes, it finishes)."""
        if self._done:
            return
        self._done = True
        if self._ahead:
            self._stop.set()
            self._slots.release()

    def __del__(self) -> None:
        self.close()


def _make_ahead(
    items: Iterator[Any],
    slots: threading.Semaphore,
    made: queue.SimpleQueue[tuple[int, Any]],
    stop: threading.Event,
) -> None:
    """The thread of :class:`DrawnAhead`: an item each time a slot is free, until ``stop``."""
    try:
        while True:
            slots.acquire()
            if stop.is_set():
                return
            item = next(items, _END)
            made.put((0, item))
            if item is _END:
                return
    except BaseException as exc:  # handed to the caller at this item
        made.put((1, exc))


#: The end of the items of :func:`drawn_ahead`.
_END = object()
