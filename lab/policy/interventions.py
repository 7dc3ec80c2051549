"""The interventions a run may switch on, in the order the month loop calls them.

Adding an intervention: write a module with an :class:`lab.policy.intervention.Intervention`
subclass, add its fields to ``ModelConfig`` and its class to :data:`INTERVENTIONS`.
"""

from __future__ import annotations

from typing import Any

from lab.policy.intervention import Intervention
from lab.policy.letters import Letters
from lab.policy.muteren import Muteren
from lab.policy.outreach import Outreach

#: Every intervention, in the order the model calls them each month.
INTERVENTIONS: tuple[type[Intervention], ...] = (Letters, Muteren, Outreach)


def build_interventions(config: Any) -> list[Intervention]:
    """The interventions ``config`` switches on, in order."""
    built = (kind.from_config(config) for kind in INTERVENTIONS)
    return [intervention for intervention in built if intervention is not None]
