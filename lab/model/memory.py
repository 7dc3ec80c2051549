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
"""

from __future__ import annotations

import ctypes
import os
import sys

#: The population from which a model keeps freed memory: below it the arrays are small enough that
#: mapping them is cheap, and a long-lived process (the app, an experiment worker) keeps handing
#: memory back to the system as usual.
LARGE_POPULATION = 1_000_000

#: glibc's mallopt parameters (malloc.h).
_M_TRIM_THRESHOLD, _M_MMAP_MAX, _M_ARENA_MAX = -1, -4, -8
_kept = False
#: The C library once it is in use (keep_freed_memory).
_libc: ctypes.CDLL | None = None


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
        _libc.malloc_trim(0)
