"""Memory the model's arrays are freed into and taken from again: kept, not handed back.

On Linux, glibc gives every large array (above 32 MB at most) pages of its own and returns them
to the system when the array is freed, so the next array of that size must have its pages zeroed
and mapped again: at 6 million households a month's (n, 4) arrays are 192 MB, and on a virtual
machine mapping them costs about as much as the arithmetic on them. Once a model of
``LARGE_POPULATION`` households or more is built, large arrays come from the process's heap and
freed memory stays there for the next array (peak memory is the same; it is not returned until
the process ends); every thread allocates from that one heap (one arena), so memory freed by a
thread of :mod:`lab.rows` serves the next array too. At the end of each phase that frees much more
than the months reuse (the build, a year start, the DT, the end of the run) the model hands the
free pages inside the heap back (:func:`hand_back_freed_memory`), so the peak is what is alive and
not what earlier phases left free. Smaller models leave the process as it is.
``TOESLAGENLAB_MALLOC=system`` keeps the system's default. Elsewhere (macOS, Windows, musl)
nothing changes.

A fresh page costs its first write a fault, in which the system zeroes it (on a virtual machine
whose host has taken the page back, about 1-2.5 s per GiB). The population is drawn on one
thread; meanwhile :func:`map_heap_ahead` has another core map the pages the build writes first
(``MADV_POPULATE_WRITE``: what is in a page already stays as it is), so the build's own threads
find them mapped.
"""

from __future__ import annotations

import ctypes
import os
import sys
import threading

from lab.rows import threads

#: The population from which a model keeps freed memory: below it the arrays are small enough that
#: mapping them is cheap, and a long-lived process (the app, an experiment worker) keeps handing
#: memory back to the system as usual.
LARGE_POPULATION = 1_000_000

#: glibc's mallopt parameters (malloc.h).
_M_TRIM_THRESHOLD, _M_MMAP_MAX, _M_ARENA_MAX = -1, -4, -8
_kept = False
#: The C library once it is in use (keep_freed_memory).
_libc: ctypes.CDLL | None = None

#: Bytes per household that :func:`map_heap_ahead` maps: about half of what a build's draws
#: write (its heap grows by about 600 bytes per household), so all of it is used.
MAP_AHEAD_BYTES_PER_HOUSEHOLD = 300
#: At most this much: a free block at the top of the heap of 2 GiB (the trim threshold set by
#: keep_freed_memory) would be handed back to the system at once.
MAP_AHEAD_MAX_BYTES = 3 << 29
#: madvise advice (linux/mman.h): huge pages where possible; map for writing, contents kept.
_MADV_HUGEPAGE, _MADV_POPULATE_WRITE = 14, 23
_HUGE_PAGE = 2 << 20
_MAP_STEP = 32 << 20
#: The thread of map_heap_ahead while it maps; whether a build has mapped ahead in this process.
_mapping: threading.Thread | None = None
_mapped_ahead = False


def keep_freed_memory(n_households: int) -> bool:
    """Let freed arrays' memory serve the next ones; whether it is in effect.

    Once per process, and only for a model of ``LARGE_POPULATION`` households or more.
    """
    global _kept, _libc
    if _kept or n_households < LARGE_POPULATION or not sys.platform.startswith("linux"):
        return _kept
    if os.environ.get("TOESLAGENLAB_MALLOC", "").lower() == "system":
        return False
    try:
        _libc = libc = ctypes.CDLL("libc.so.6")
        _kept = (
            bool(libc.mallopt(_M_MMAP_MAX, 0))
            and bool(libc.mallopt(_M_TRIM_THRESHOLD, 2**31 - 1))
            and bool(libc.mallopt(_M_ARENA_MAX, 1))
        )
    except (OSError, AttributeError):
        return False
    return _kept


def hand_back_freed_memory() -> None:
    """Give the system back the whole free pages inside the heap (glibc ``malloc_trim``).

    Only while :func:`keep_freed_memory` is in effect: then freed memory is otherwise kept until
    the process ends. A phase's temporaries are handed back when it ends; the next phase maps
    again only what it uses.
    """
    if _kept and _libc is not None:
        _finish_mapping()
        _libc.malloc_trim(0)


def map_heap_ahead(n_households: int) -> bool:
    """Map the pages the build of ``n_households`` households writes first; whether it started.

    The pages are mapped on a thread of its own, beside the population's draws. Only while
    :func:`keep_freed_memory` is in effect, with more than one thread (:func:`lab.rows.threads`;
    experiment workers run one each), and for the first model of the process: then the heap has
    no free memory yet but the block set free here at its top, which the build's first arrays
    fill, so the pages mapped ahead are pages the build would map anyway (the peak stays the
    same). Nothing computed changes: a mapped page holds what it held.
    """
    global _mapping, _mapped_ahead
    if not _kept or _libc is None or _mapped_ahead or threads() < 2:
        return False
    _mapped_ahead = True
    libc = _libc
    libc.malloc.restype = ctypes.c_void_p
    libc.malloc.argtypes = [ctypes.c_size_t]
    libc.free.argtypes = [ctypes.c_void_p]
    size = min(MAP_AHEAD_BYTES_PER_HOUSEHOLD * n_households, MAP_AHEAD_MAX_BYTES)
    start = libc.malloc(size)
    if not start:
        return False
    libc.free(start)  # a free block at the top of the heap, its pages not yet mapped
    low = -(-start // _HUGE_PAGE) * _HUGE_PAGE
    high = (start + size) // _HUGE_PAGE * _HUGE_PAGE
    if high <= low:
        return False

    _mapping = threading.Thread(
        target=map_for_writing, args=(libc, low, high), name="map-heap-ahead", daemon=True
    )
    _mapping.start()
    return True


def map_for_writing(libc: ctypes.CDLL, low: int, high: int) -> bool:
    """Map the pages from address ``low`` to ``high`` for writing; whether all were mapped.

    ``low`` and ``high`` are page-aligned; huge pages where the system has them. What a page
    holds stays as it is. Refused on a system without ``MADV_POPULATE_WRITE`` (Linux before
    5.14), and for pages no longer part of the process (a heap handed back below them): then the
    first write maps them.
    """
    libc.madvise.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int]
    libc.madvise(low, high - low, _MADV_HUGEPAGE)  # refused without THP: no harm
    for at in range(low, high, _MAP_STEP):
        if libc.madvise(at, min(_MAP_STEP, high - at), _MADV_POPULATE_WRITE) != 0:
            return False
    return True


def _finish_mapping() -> None:
    """Wait for :func:`map_heap_ahead`: pages it maps after a trim would stay mapped."""
    global _mapping
    if _mapping is not None:
        _mapping.join()
        _mapping = None
