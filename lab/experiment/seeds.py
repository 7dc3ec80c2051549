"""Seeds of an experiment's runs, all derived from its root seed.

Every (design point, replication) gets a child of ``numpy.random.SeedSequence(root)``. With common
random numbers every arm uses that seed, so the arms see the same households and the same income
shocks and differ only by the policy (the paired differences have a small variance). Without them
each arm gets its own children; the first arm keeps the common ones.

The ``lab`` design with common random numbers splits that one population at random over the arms
(:func:`assign_arms`, from :func:`assignment_seeds`), as the human lab assigns its participants.
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


#: Mixed into the root seed for the lab design's assignment, so its draws never repeat a run seed.
ASSIGNMENT_KEY = 0xA551


def assignment_seeds(root: int, n_points: int, replications: int) -> np.ndarray:
    """Seeds of the lab design's random assignment, an array ``[point, replication]``.

    A replication's assignment is the same in every arm, so each household is a participant of
    exactly one arm.
    """
    children = np.random.SeedSequence([root, ASSIGNMENT_KEY]).spawn(n_points * replications)
    values = [int(c.generate_state(1, dtype=np.uint64)[0] >> np.uint64(1)) for c in children]
    return np.array(values, dtype=np.int64).reshape(n_points, replications)


def assign_arms(seed: int, n_households: int, n_arms: int) -> np.ndarray:
    """Balanced random assignment of households to arms: the arm index of every household.

    Args:
        seed: the replication's assignment seed (:func:`assignment_seeds`).
        n_households: households in the simulated population.
        n_arms: number of arms; arm sizes differ by at most one household.
    """
    order = np.random.default_rng(seed).permutation(n_households)
    arm = np.empty(n_households, dtype=np.int64)
    arm[order] = np.arange(n_households) % n_arms
    return arm
