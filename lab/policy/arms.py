"""What each policy arm offers a household: the voorschot percentages it may choose.

The lab's arms (and the model's ``ModelConfig.voorschot_option``):

- ``control``: 100% only, the voorschot as the Awir pays it today (art. 16(1));
- ``voorzichtig``: 80% or 100% (the voorzichtig option, ``awir.voorzichtig_percentage``);
- ``instelbaar``: any percentage from the floor up to 100%, in steps (``awir.voorschot_floor``,
  the 70% margin agreed for the pilot design, and ``awir.instelbaar_step``).

A lower voorschot does not exist in today's law; the percentages are policy parameters kept in the
year's Awir parameter file. All percentages here are fractions (0.8 = 80%).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

from lab.law.parameters import Awir

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


def offer(arm: str, awir: Awir, floor: float | None = None) -> Offer:
    """The percentages arm ``arm`` offers under the year's Awir settings.

    Args:
        arm: one of :data:`ARMS`.
        awir: the year's Awir parameters (the voorzichtig option, the floor and the step).
        floor: an experiment's own floor for ``instelbaar`` (fraction); None = the parameter's.

    Raises:
        ValueError: an unknown arm (configuration is validated before it gets here).
    """
    if arm == "control":
        return Offer(arm, "fixed", (1.0,), 1.0, 0.0)
    if arm == "voorzichtig":
        cautious = float(awir.voorzichtig_percentage)
        return Offer(arm, "two", (cautious, 1.0), cautious, 0.0)
    if arm == "instelbaar":
        low = float(awir.voorschot_floor if floor is None else floor)
        step = float(awir.instelbaar_step)
        grid = np.round(np.arange(1.0, low - 1e-9, -step), 4)
        values = np.unique(np.append(grid, low))
        return Offer(arm, "range", tuple(float(v) for v in values), low, step)
    raise ValueError(f"unknown arm {arm!r}; expected one of {', '.join(ARMS)}")


def lowest_floor(awir: Awir) -> float:
    """The lowest percentage any arm may offer: the agreed floor (``awir.voorschot_floor``)."""
    return float(awir.voorschot_floor)


def highest_floor(awir: Awir) -> float:
    """The highest floor an experiment may set for instelbaar: the voorzichtig option (80%).

    A higher floor would take away the 80% that the voorzichtig arm offers.
    """
    return float(awir.voorzichtig_percentage)


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


def floor_setting(awir: Awir) -> FloorSetting:
    """Bounds, default and step of an experiment's instelbaar floor (the experiment page slider)."""
    return FloorSetting(0.0, highest_floor(awir), lowest_floor(awir), float(awir.instelbaar_step))
