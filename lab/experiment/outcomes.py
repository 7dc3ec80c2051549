"""How an experiment's outcomes are shown: their names, units and numbers, in English and Dutch.

An outcome is a metric of :mod:`lab.experiment.metrics` with a readable name. :data:`OUTCOMES` says
how each is shown (a share in percent with effects in percentage points, months, euro, or million
euro), :data:`HEADLINE` which the report answers first; :func:`level`, :func:`change` and
:func:`bound` write a value, an effect and an interval bound with their units, the words from
:mod:`lab.experiment.labels`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from lab.experiment.labels import TEXTS, number, text


@dataclass(frozen=True)
class Outcome:
    """How an outcome is shown: its unit label key, the scale to display units and the kind.

    ``kind`` is ``share`` (a fraction shown in percent, effects in percentage points), ``months``,
    ``eur`` or ``meur`` (euro shown in million euro). ``decimals`` is the least number of decimals.
    """

    unit: str
    scale: float
    kind: str
    decimals: int


#: The outcomes with a readable name, by metric name (``METRIC.<toeslag>`` uses METRIC's entry).
OUTCOMES: dict[str, Outcome] = {
    "take_up_rate": Outcome("unit.share_eligible", 100.0, "share", 1),
    "reduced_choice_share": Outcome("unit.share_applied", 100.0, "share", 1),
    "chosen_percentage_mean": Outcome("unit.percentage", 100.0, "share", 1),
    "recovery_share": Outcome("unit.share_applied", 100.0, "share", 1),
    "high_recovery_share": Outcome("unit.share_applied", 100.0, "share", 1),
    "recovery_mean_eur": Outcome("unit.eur_award", 1.0, "eur", 0),
    "nabetaling_share": Outcome("unit.share_applied", 100.0, "share", 1),
    "negative_balance_months": Outcome("unit.months", 1.0, "months", 2),
    "state_cost_eur": Outcome("unit.meur_run", 1e-6, "meur", 0),
    "not_collected_eur": Outcome("unit.meur_run", 1e-6, "meur", 0),
}
#: The outcomes the report's first screen answers with, in order.
HEADLINE: tuple[str, ...] = (
    "take_up_rate",
    "recovery_share",
    "high_recovery_share",
    "nabetaling_share",
    "negative_balance_months",
    "state_cost_eur",
)


def base_metric(name: str) -> str:
    """``take_up_rate`` for ``take_up_rate.zorgtoeslag``; the name itself otherwise."""
    return name.split(".", 1)[0]


def outcome_of(name: str) -> Outcome | None:
    """How metric ``name`` is shown (None for a metric without a readable entry)."""
    return OUTCOMES.get(base_metric(name))


def outcome_name(name: str, lang: str = "en") -> str:
    """The readable name of metric ``name``: ``Take-up: zorgtoeslag`` for a per-toeslag metric."""
    base, _, toeslag = name.partition(".")
    label = text(base, lang) if base in TEXTS else name
    return f"{label}: {toeslag.replace('_', ' ')}" if toeslag else label


def decimals_for(outcome: Outcome, half_width: float | None) -> int:
    """Decimals that show the half-width of an interval (display units) to its first digit (<= 3).

    At least the outcome's own decimals: a half-width of 0.15 points gives 1 decimal, 0.04 gives 2.
    """
    if half_width is None or not math.isfinite(half_width) or half_width <= 0:
        return outcome.decimals
    return max(outcome.decimals, min(3, -math.floor(math.log10(half_width))))


def level(name: str, value: float | None, decimals: int, lang: str = "en") -> str:
    """A value of metric ``name`` with its unit: ``2.5%``, ``2.31 months``, ``512 million euro``."""
    outcome = outcome_of(name)
    if outcome is None or value is None:
        return number(value if value is not None else float("nan"), decimals, lang)
    shown = number(value * outcome.scale, decimals, lang)
    if shown == "–":
        return shown
    return shown + _unit_suffix(outcome, lang, effect=False)


def change(name: str, value: float | None, decimals: int, lang: str = "en") -> str:
    """An effect on metric ``name`` with its unit: ``-1.0 points``, ``+0.05 months``."""
    outcome = outcome_of(name)
    scale = outcome.scale if outcome else 1.0
    shown = number(value * scale if value is not None else float("nan"), decimals, lang, sign=True)
    if shown == "–" or outcome is None:
        return shown
    return shown + _unit_suffix(outcome, lang, effect=True)


def bound(name: str, value: float | None, decimals: int, lang: str = "en") -> str:
    """An interval bound of an effect, in display units without the unit (``-1.2``)."""
    outcome = outcome_of(name)
    scale = outcome.scale if outcome else 1.0
    return number(value * scale if value is not None else float("nan"), decimals, lang)


def _unit_suffix(outcome: Outcome, lang: str, effect: bool) -> str:
    if outcome.kind == "share":
        return " " + text("unit.points", lang) if effect else "%"
    word = {"months": "unit.month_word", "eur": "unit.eur_word", "meur": "unit.meur_word"}
    return " " + text(word[outcome.kind], lang)
