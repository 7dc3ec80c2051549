"""Seeds of an experiment's runs, all derived from its root seed.

Every (design point, replication) gets a child of ``numpy.random.SeedSequence(root)``. With common
random numbers every arm uses that seed, so the arms see the same households and the same income
shocks and differ only by the policy (the paired differences have a small variance). Without them
(the ``lab`` design's default, like independent participants per arm) each arm gets its own
children; the first arm keeps the common ones.
"""

from __future__ import annotations

import numpy as np


def run_seeds(root: int, n_arms: int, n_points: int, replications: int, common: bool) -> np.ndarray:
    """Run seeds as an array ``[arm, point, replication]`` of non-negative 63-bit integers.

    Args:
        root: the experiment's root seed.
        n_arms: number of arms.
        n_points: number of design points (1 without a sweep).
        replications: replications per arm and design point.
        common: the same seed in every arm (common random numbers).
    """
    blocks = 1 if common else n_arms
    children = np.random.SeedSequence(root).spawn(blocks * n_points * replications)
    values = np.array(
        [int(c.generate_state(1, dtype=np.uint64)[0] >> np.uint64(1)) for c in children],
        dtype=np.int64,
    ).reshape(blocks, n_points, replications)
    return np.broadcast_to(values, (n_arms, n_points, replications)).copy()
