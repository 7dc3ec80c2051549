"""The model: the monthly loop (``ToeslagenModel``, a ``mesa.Model``) and its configuration.

Layer 5. Imports the law, Awir, households and policy layers.
"""

from lab.model.agent import HouseholdAgent
from lab.model.build import HouseholdDraw
from lab.model.config import ModelConfig, build_config
from lab.model.estimate import log_estimate_error
from lab.model.results import SimulationResult
from lab.model.simulation import simulate
from lab.model.toeslagen_model import ToeslagenModel

__all__ = [
    "HouseholdAgent",
    "HouseholdDraw",
    "ModelConfig",
    "SimulationResult",
    "ToeslagenModel",
    "build_config",
    "log_estimate_error",
    "simulate",
]
