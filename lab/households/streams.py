"""Named, seeded random streams.

Every random draw of a run comes from a stream named after what it is for ("population", "income",
"traits", "take_up", ...), derived from the run's seed. Two runs with the same seed draw the same
numbers in every stream, whatever their policy arm: that is what gives experiments common random
numbers. Adding a stream never shifts the draws of another.
"""

from __future__ import annotations

import zlib

import numpy as np


def stream(seed: int, name: str) -> np.random.Generator:
    """The generator for stream ``name`` of the run with ``seed``."""
    key = zlib.crc32(name.encode("utf-8"))
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed, spawn_key=(key,))))
