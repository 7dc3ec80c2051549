"""The participant's lab session, as pure functions: arms, assignment, the voorschot choice.

The arms and what each offers are defined once, in :mod:`lab.policy.arms` (the model uses the same
definition); this module shows them to a participant as whole percentages.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from lab.policy.arms import ARMS, arm_settings, offer

#: Dutch label of each arm.
ARM_LABELS: dict[str, str] = {
    "control": "Controlegroep (100%)",
    "voorzichtig": "Voorzichtig voorschot (80% of 100%)",
    "instelbaar": "Instelbaar voorschot (zelf kiezen)",
}
#: The closing questions on a 1-7 scale: key -> (question, label at 1, label at 7).
SCALE_QUESTIONS: dict[str, tuple[str, str, str]] = {
    "stress": ("Hoeveel stress gaf het toeslagjaar je?", "geen stress", "heel veel stress"),
    "certainty": ("Hoe goed wist je waar je aan toe was?", "helemaal niet", "heel goed"),
    "trust": ("Hoeveel vertrouwen heb je in de Dienst Toeslagen?", "geen", "heel veel"),
    "satisfaction": ("Hoe tevreden ben je met je keuze?", "heel ontevreden", "heel tevreden"),
}
#: Step of the instelbaar slider, in percentage points (``arms.instelbaar_step``).
SLIDER_STEP = round(arm_settings().instelbaar_step * 100)


@dataclass(frozen=True)
class ChoiceOptions:
    """What an arm lets the participant choose (percentages as whole numbers).

    Attributes:
        arm: the arm name.
        kind: "fixed" (no choice), "two" (80 or 100) or "slider" (floor..100).
        options: the percentages offered (for "slider": the floor and 100).
        step: the slider's step in percentage points (0 without a slider).
    """

    arm: str
    kind: str
    options: tuple[int, ...]
    step: int = 0


def choice_options(arm: str) -> ChoiceOptions:
    """The voorschot choice an arm offers, with the 80% option and floor of ``arms.toml``.

    Raises:
        ValueError: an unknown arm (a programming error, not user input).
    """
    arm_offer = offer(arm)
    if arm_offer.kind == "range":
        step = round(arm_offer.step * 100)
        return ChoiceOptions(arm, "slider", (round(arm_offer.floor * 100), 100), step)
    return ChoiceOptions(arm, arm_offer.kind, arm_offer.whole())


def assign_arm(
    counts: Mapping[str, int], rng: np.random.Generator, arms: Sequence[str] = ARMS
) -> str:
    """Balanced random assignment: one of the arms with the fewest participants so far.

    Args:
        counts: participants per arm so far (missing arms count 0).
        rng: the generator that breaks ties.
        arms: the arms of this lab session (default: all of the lab's arms).

    Returns:
        The arm for the next participant.
    """
    fewest = min(counts.get(arm, 0) for arm in arms)
    candidates = [arm for arm in arms if counts.get(arm, 0) == fewest]
    return candidates[int(rng.integers(len(candidates)))]


def new_participant_id() -> str:
    """A pseudonymous participant id (random, 12 hex characters; says nothing about the person)."""
    return uuid.uuid4().hex[:12]


def rng_for(participant_id: str) -> np.random.Generator:
    """The seeded generator of one participant (its seed is the id, so assignment can be redone)."""
    return np.random.default_rng(int(participant_id, 16))


def euro(amount: float) -> str:
    """Format an amount in euro the Dutch way: ``€ 1.234,50``."""
    text = f"{abs(amount):,.2f}".replace(",", "_").replace(".", ",").replace("_", ".")
    return f"{'-' if amount < 0 else ''}€ {text}"
