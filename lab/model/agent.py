"""A ``mesa.Agent`` view of one simulated household: its traits, toeslagen and history."""

from __future__ import annotations

from typing import Any

import mesa

from lab import TOESLAGEN
from lab.households.population import INCOME_TYPES
from lab.model.state import ModelState


class HouseholdAgent(mesa.Agent):
    """Read-only view of one household: traits, state, and its month-by-month history."""

    def __init__(self, model: ModelState, index: int) -> None:
        super().__init__(model)
        self.index = index
        pop, traits = model.population, model.traits
        self.income_type = INCOME_TYPES[int(pop.income_type[index])]
        self.has_partner = bool(pop.has_partner[index])
        self.child_ages = [int(a) for a in pop.child_ages[index] if a >= 0]
        self.rent = float(pop.rent[index])
        self.assets = float(pop.assets[index])
        self.weight = float(pop.weight[index])
        self.traits = {
            "risk_aversion": float(traits.risk_aversion[index]),
            "loss_aversion": float(traits.loss_aversion[index]),
            "attention": float(traits.attention[index]),
            "fear": float(traits.fear[index]),
            "hassle_eur": float(traits.hassle[index]),
            "buffer_eur": float(traits.buffer[index]),
            "perceived_volatility": float(traits.perceived_volatility[index]),
        }
        self.toeslagen: dict[tuple[int, str], dict[str, Any]] = {}
        for year in model.years:
            for t, name in enumerate(TOESLAGEN):
                self.toeslagen[(year.params.year, name)] = {
                    "applied": bool(year.applied[index, t]),
                    "percentage": float(year.percentage[index, t]),
                    "award_on_estimate": float(year.award[index, t]),
                    "paid": float(year.paid[index, t]),
                    "definitive": None
                    if year.definitive is None
                    else float(year.definitive[index, t]),
                    **{k: float(v[index, t]) for k, v in year.settlement.items()},
                }
        self.history = model.history_of(index)

    def describe(self) -> str:
        """The household's history as a readable table, one line per month."""
        lines = [
            f"household {self.index}: {self.income_type}, "
            f"{'with' if self.has_partner else 'without'} toeslagpartner, "
            f"children {self.child_ages}, "
            f"rent {self.rent:.0f} euro/month",
            f"{'month':>8} {'income':>9} {'voorschot':>10} {'balance':>10}  events",
        ]
        for row in self.history:
            lines.append(
                f"{row['month']:>8} {row['income']:>9.0f} {row['voorschot']:>10.0f} "
                f"{row['balance']:>10.0f}  {', '.join(row['events'])}"
            )
        return "\n".join(lines)
