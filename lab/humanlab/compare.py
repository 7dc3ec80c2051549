"""Human choices beside the agents': the voorschot percentage chosen per arm.

Pure functions over the response table (:meth:`lab.humanlab.responses.ResponseStore.table`) and the
model's award table (:class:`lab.model.SimulationResult`), so the researcher page only draws.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import numpy as np
import pandas as pd

from lab import TOESLAGEN
from lab.humanlab.session import ARMS

#: Columns of a choice summary, per arm.
SUMMARY_COLUMNS = ("n", "mean_percentage", "reduced_share")


def human_choices(responses: pd.DataFrame) -> pd.DataFrame:
    """Per arm: participants who chose, mean chosen percentage (0-100), share below 100%."""
    rows = {}
    for arm in ARMS:
        if responses.empty or "percentage" not in responses:
            chosen = np.zeros(0)
        else:
            mine = responses.loc[responses["arm"] == arm, "percentage"].dropna()
            chosen = pd.to_numeric(mine, errors="coerce").dropna().to_numpy(float)
        rows[arm] = _summary(chosen)
    return pd.DataFrame.from_dict(rows, orient="index", columns=list(SUMMARY_COLUMNS))


def _summary(percentages: np.ndarray) -> tuple[int, float, float]:
    if percentages.size == 0:
        return 0, float("nan"), float("nan")
    return int(percentages.size), float(percentages.mean()), float(np.mean(percentages < 100))


def toeslag_key(name: str) -> str | None:
    """The model's toeslag key for a sheet's income name ("Huurtoeslag" -> "huurtoeslag")."""
    key = name.strip().casefold().replace(" ", "_")
    return key if key in TOESLAGEN else None


def agent_choices(
    toeslag: str,
    simulate_arm: Callable[[str], dict[str, np.ndarray]],
    arms: Iterable[str] = ARMS,
    award_range: tuple[float, float] | None = None,
) -> pd.DataFrame:
    """Per arm: the agents' chosen percentages (0-100) on the same toeslag.

    Args:
        toeslag: the model's toeslag key (one of ``lab.TOESLAGEN``).
        simulate_arm: returns the model's ``awards`` table for an arm name.
        arms: the arms to run.
        award_range: keep agents whose definitive award (euro per year) lies in this range, so
            that they face a toeslag like the scenario's; None keeps all.

    Returns:
        n (awards applied for), mean chosen percentage and share below 100%, weighted equally.
    """
    rows = {}
    for arm in arms:
        awards = simulate_arm(arm)
        mask = (awards["toeslag"] == toeslag) & awards["applied"].astype(bool)
        if award_range is not None:
            definitive = np.asarray(awards["definitive"], float)
            mask &= (definitive >= award_range[0]) & (definitive <= award_range[1])
        chosen = np.asarray(awards["chosen_percentage"], float)[mask] * 100
        rows[arm] = _summary(np.round(chosen[np.isfinite(chosen)], 6))
    return pd.DataFrame.from_dict(rows, orient="index", columns=list(SUMMARY_COLUMNS))


def side_by_side(humans: pd.DataFrame, agents: pd.DataFrame) -> pd.DataFrame:
    """One row per arm: humans' and agents' n, mean percentage and share below 100%."""
    table = humans.add_prefix("mensen_").join(agents.add_prefix("agenten_"), how="outer")
    return table.reindex([arm for arm in ARMS if arm in table.index])
