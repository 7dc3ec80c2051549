"""Policy: what each arm offers (control, voorzichtig, instelbaar) and the interventions.

Layer 4. Imports the law, Awir and households layers.

- ``arms``: what each arm offers (its percentages from ``lab/params/arms.toml``: ``arm_settings``);
- ``percentage``: the one rule for a typed percentage (80 and 0.8 both mean 80%);
- ``intervention``: what an intervention is (hooks at the year start and in a month);
- ``letters``, ``muteren``, ``outreach``: the interventions; ``interventions``: their order.

The names the other layers use are in ``__all__``: ``from lab.policy import offer`` imports the
module that holds a name when the name is first asked for (:mod:`lab.public_api`), so importing
this package loads none of its modules.
"""

from typing import TYPE_CHECKING

from lab.public_api import lazy_imports

if TYPE_CHECKING:
    from lab.policy.arms import (
        ARMS,
        ArmName,
        arm_settings,
        floor_setting,
        highest_floor,
        lowest_floor,
        offer,
    )
    from lab.policy.intervention import Intervention, MonthReports, YearStart
    from lab.policy.interventions import build_interventions
    from lab.policy.letters import written_to
    from lab.policy.muteren import FLUCTUATING
    from lab.policy.percentage import read_percentage

__all__ = [
    "ARMS",
    "FLUCTUATING",
    "ArmName",
    "Intervention",
    "MonthReports",
    "YearStart",
    "arm_settings",
    "build_interventions",
    "floor_setting",
    "highest_floor",
    "lowest_floor",
    "offer",
    "read_percentage",
    "written_to",
]
__getattr__ = lazy_imports(__name__, __file__)
