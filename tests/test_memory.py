"""The memory a large model keeps and maps ahead (lab.model.memory): nothing computed changes."""

import ctypes
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from lab.model import ModelConfig, memory, simulate

ROOT = Path(__file__).resolve().parents[1]
linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc and madvise")


@linux_only
def test_pages_mapped_for_writing_keep_what_they_hold():
    page = 4096
    values = np.random.default_rng(5).standard_normal(3 << 20)  # 24 MiB, most pages written
    values[::7] = 0.0
    expected = values.copy()
    low = -(-values.ctypes.data // page) * page
    high = (values.ctypes.data + values.nbytes) // page * page
    if not memory.map_for_writing(ctypes.CDLL("libc.so.6"), low, high):
        pytest.skip("this kernel has no MADV_POPULATE_WRITE (Linux before 5.14)")
    np.testing.assert_array_equal(values, expected)


# A model built as a large one is (glibc's settings for it last as long as the process): the
# heap kept and mapped ahead beside the population's draws, on two threads.
_LARGE_BUILD = """
import json, sys
from lab import rows
from lab.model import ModelConfig, simulate
from lab.model import memory

memory.LARGE_POPULATION = 1
rows.set_threads(2)
started = []
map_heap_ahead = memory.map_heap_ahead
def watched(n):
    started.append(map_heap_ahead(n))
    return started[-1]
import lab.model.toeslagen_model as toeslagen_model
toeslagen_model.map_heap_ahead = watched
result = simulate(ModelConfig(n_households=int(sys.argv[1]), n_years=2), seed=8)
paid = result.awards["paid_total"]
started.append(memory.map_heap_ahead(int(sys.argv[1])))  # a second model would not
print(json.dumps({"started": started, "paid": paid.tolist()}))
"""


@linux_only
def test_a_model_built_with_the_heap_mapped_ahead_gives_the_same_households_bit_for_bit():
    n = 140_000  # beyond two row blocks: the draws run on their threads as in a large model
    out = subprocess.run(
        [sys.executable, "-c", _LARGE_BUILD, str(n)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )
    child = json.loads(out.stdout.strip().splitlines()[-1])
    assert child["started"] == [True, False]  # the first large model of a process only
    ours = simulate(ModelConfig(n_households=n, n_years=2), seed=8).awards["paid_total"]
    np.testing.assert_array_equal(np.asarray(child["paid"]), ours)


def test_no_mapping_ahead_while_the_process_keeps_the_systems_memory_settings():
    if memory._kept:
        pytest.skip("this test process already keeps freed memory")
    assert memory.map_heap_ahead(6_000_000) is False
