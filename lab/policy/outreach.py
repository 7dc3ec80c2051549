"""Outreach: proactive letters to eligible households that do not apply (raises take-up).

The effect on the decision to apply is a behaviour parameter (``take_up.outreach_boost``, read by
:func:`lab.households.behaviour.take_up_probability`).
"""

from __future__ import annotations

from typing import Any

from lab.policy.intervention import Intervention, YearStart


class Outreach(Intervention):
    """Letters to eligible non-users before every toeslag year."""

    fields = ("outreach",)

    @classmethod
    def from_config(cls, config: Any) -> Outreach | None:
        """Outreach when ``config.outreach``."""
        return cls() if config.outreach else None

    def at_year_start(self, start: YearStart) -> None:
        """Households decide on take-up having had the letter."""
        start.outreach = True
