"""The voorschot percentage as a person types it, read by one rule.

Inside the engine a percentage is a fraction (0.8 = 80%). People type either: ``80`` and ``0.8``
both mean 80%. A number above 1 is read as percentage points, a number from 0 up to 1 as a fraction
(so ``1`` is 100%). What cannot be read, or falls outside the range allowed at that place, is
refused in one line that names what was typed and the range in whole percentages.
"""

from __future__ import annotations

import math

from lab.errors import InputError


def as_fraction(typed: float | str) -> float:
    """The fraction meant by a typed percentage (80 or 0.8 -> 0.8); NaN where it is no number."""
    try:
        value = float(str(typed).strip().rstrip("%").replace(",", "."))
    except ValueError:
        return math.nan
    if not math.isfinite(value):
        return math.nan
    return value / 100.0 if value > 1.0 else value


def read_percentage(
    typed: float | str, low: float, high: float = 1.0, what: str = "percentage"
) -> float:
    """Read a typed percentage into a fraction in ``low .. high`` (fractions).

    Args:
        typed: what the person typed: 80, 0.8, "80%" or "0,8".
        low: the lowest fraction allowed here (the floor for a voorschot, 0 for a scenario sheet).
        high: the highest fraction allowed (1 = 100%).
        what: how to name the value in the message (e.g. "--percentage").

    Raises:
        InputError: one line, e.g. "percentage -80 is not a percentage between 70 and 100".
    """
    fraction = as_fraction(typed)
    if not (fraction >= low - 1e-12 and fraction <= high + 1e-12):  # also refuses NaN
        shown = typed if isinstance(typed, str) else f"{typed:g}"
        raise InputError(
            f"{what} {shown} is not a percentage between {low * 100:g} and {high * 100:g}; "
            "type it as a whole percentage (80) or a fraction (0.8)"
        )
    return min(max(fraction, low), high)
