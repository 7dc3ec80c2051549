"""What each policy arm offers a household: the voorschot percentages it may choose.

The lab's arms (and the model's ``ModelConfig.voorschot_option``):

- ``control``: 100% only, the voorschot as the Awir pays it today (art. 16(1));
- ``voorzichtig``: 80% or 100% (the voorzichtig option, ``arms.voorzichtig_percentage``);
- ``instelbaar``: any percentage from the floor up to 100%, in steps (``arms.voorschot_floor``,
  the 70% margin agreed for the pilot design, and ``arms.instelbaar_step``).

A lower voorschot does not exist in today's law; the percentages are the pilot design's settings,
the same in every toeslag year, read once from ``lab/params/arms.toml`` (:func:`arm_settings`).
All percentages here are fractions (0.8 = 80%).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Literal

import numpy as np

from lab.errors import ParameterError
from lab.valuefile import load_named

#: The arms, in display order (the values of ModelConfig.voorschot_option).
ARMS: tuple[str, ...] = ("control", "voorzichtig", "instelbaar")
ArmName = Literal["control", "voorzichtig", "instelbaar"]
#: How the choice is presented: no choice, two options, or a range in steps.
OfferKind = Literal["fixed", "two", "range"]


@dataclass(frozen=True)
class Offer:
    """The voorschot percentages an arm offers (fractions).

    Attributes:
        arm: the arm name.
        kind: "fixed" (100% only), "two" (the voorzichtig option or 100%) or "range" (from the floor
            to 100% in steps of ``step``).
        percentages: every percentage that may be chosen, ascending, 100% last.
        floor: the lowest percentage offered.
        step: the step of a range (0 for "fixed" and "two").
    """

    arm: str
    kind: OfferKind
    percentages: tuple[float, ...]
    floor: float
    step: float

    def whole(self) -> tuple[int, ...]:
        """The percentages as whole numbers (80 for 0.8), for people."""
        return tuple(round(p * 100) for p in self.percentages)


@dataclass(frozen=True)
class ArmSettings:
    """The pilot design's voorschot percentages (fractions), from ``lab/params/arms.toml``.

    Attributes:
        voorzichtig_percentage: the reduced percentage of the voorzichtig option (0.8).
        voorschot_floor: the lowest percentage of the instelbaar option (0.7).
        instelbaar_step: the step of the instelbaar range (0.05).
    """

    voorzichtig_percentage: float
    voorschot_floor: float
    instelbaar_step: float


@functools.cache
def arm_settings() -> ArmSettings:
    """The arms' percentages as shipped in ``lab/params/arms.toml`` (read once).

    Raises:
        ParameterError: the floor lies above the voorzichtig option (the instelbaar range would
            not hold the 80% the voorzichtig arm offers).
    """
    values = load_named("arms")
    settings = ArmSettings(
        voorzichtig_percentage=values.float("arms.voorzichtig_percentage"),
        voorschot_floor=values.float("arms.voorschot_floor"),
        instelbaar_step=values.float("arms.instelbaar_step"),
    )
    if settings.voorschot_floor > settings.voorzichtig_percentage:
        raise ParameterError(
            f"arms.toml: voorschot_floor {settings.voorschot_floor:g} lies above "
            f"voorzichtig_percentage {settings.voorzichtig_percentage:g}; lower the floor"
        )
    return settings


def offer(arm: str, floor: float | None = None) -> Offer:
    """The percentages arm ``arm`` offers (:func:`arm_settings`).

    Args:
        arm: one of :data:`ARMS`.
        floor: an experiment's own floor for ``instelbaar`` (fraction); None = the agreed floor.

    Raises:
        ValueError: an unknown arm (configuration is validated before it gets here).
    """
    if arm == "control":
        return Offer(arm, "fixed", (1.0,), 1.0, 0.0)
    settings = arm_settings()
    if arm == "voorzichtig":
        cautious = settings.voorzichtig_percentage
        return Offer(arm, "two", (cautious, 1.0), cautious, 0.0)
    if arm == "instelbaar":
        low = float(settings.voorschot_floor if floor is None else floor)
        step = settings.instelbaar_step
        grid = np.round(np.arange(1.0, low - 1e-9, -step), 4)
        values = np.unique(np.append(grid, low))
        return Offer(arm, "range", tuple(float(v) for v in values), low, step)
    raise ValueError(f"unknown arm {arm!r}; expected one of {', '.join(ARMS)}")


def lowest_floor() -> float:
    """The lowest percentage an arm offers by default, the floor (``arms.voorschot_floor``)."""
    return arm_settings().voorschot_floor


def highest_floor() -> float:
    """The highest floor an experiment may set for instelbaar: the voorzichtig option (80%).

    A higher floor would take away the 80% that the voorzichtig arm offers.
    """
    return arm_settings().voorzichtig_percentage


@dataclass(frozen=True)
class FloorSetting:
    """The range in which an experiment may set the instelbaar floor (fractions).

    ``low`` is 0 (a researcher may study any floor), ``high`` the voorzichtig option, ``default``
    the agreed floor and ``step`` the instelbaar step.
    """

    low: float
    high: float
    default: float
    step: float


def floor_setting() -> FloorSetting:
    """Bounds, default and step of an experiment's instelbaar floor (the experiment page slider)."""
    return FloorSetting(0.0, highest_floor(), lowest_floor(), arm_settings().instelbaar_step)
