"""The (n, T) arrays a toeslag year starts from: the award, the percentage and who applied."""

from __future__ import annotations

import numpy as np


def _can_keep(array: np.ndarray, shape: tuple[int, ...]) -> bool:
    """Whether a year may keep ``array`` as its own (n, T) array: C-ordered float64 it may write."""
    return (
        array.shape == shape
        and array.dtype == np.float64
        and array.flags.c_contiguous
        and array.flags.writeable
    )


def year_arrays(
    award: np.ndarray,
    percentage: np.ndarray | float,
    applied: np.ndarray | None,
    hand_over: bool = False,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(award, percentage, applied) as an :class:`lab.awir.year.AwirYear` keeps them, (n, T).

    ``award`` euro per year (n, T); ``percentage`` the voorschot percentage (fraction) per
    household and toeslag, per household (n,) or one for all, NaN where not applied; ``applied``
    None: all. With ``hand_over`` an (n, T) C-ordered float64 award or percentage the caller
    may write is kept as it is (the percentage's NaN written into it) instead of copied.
    """
    award = np.atleast_2d(np.asarray(award, dtype=np.float64))
    given = np.asarray(percentage, dtype=np.float64)
    pct = np.broadcast_to(given.reshape(-1, 1) if given.ndim == 1 else given, award.shape)
    applied_all = (
        np.ones(award.shape, dtype=bool)
        if applied is None
        else np.ascontiguousarray(np.broadcast_to(np.asarray(applied, bool), award.shape))
    )
    if hand_over and _can_keep(given, award.shape):
        given[~applied_all] = np.nan  # what np.where below gives, in the caller's array
        kept_percentage = given
    else:
        kept_percentage = np.where(applied_all, pct, np.nan)
    kept_award = (
        award
        if hand_over and _can_keep(award, award.shape)
        else np.array(award, dtype=np.float64, order="C")
    )
    return kept_award, kept_percentage, applied_all
