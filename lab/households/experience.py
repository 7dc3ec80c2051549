"""How a toeslag year felt to a household ("beleving"), as a rating on a 0-10 scale.

The human toeslagenlab asked participants how they experienced the year and the choice (stress,
certainty, trust) and found no significant effect of being offered the 80% option on that rating.
The model's counterpart is one number per household, built from what the household lived through,
each term with its weight in ``lab/params/behaviour.toml`` (section ``experience``, where each
weight cites its evidence):

- **surprise at the DT** (``surprise``): the terugvorderingen of the run in months of the
  household's net income (a lump a year later hurts more for a small income);
- **the nabetalingen** (``windfall``): in months of net income too, with a negative weight: a
  nabetaling is a gain against the same reference point (a zero balance at the DT), weighing
  about half a terugvordering of the same size (loss aversion about 2);
- **a terugvordering at all** (``recovery``): a letter and a debt, whatever the amount;
- **months with a negative balance** (``negative_months``): liquidity strain;
- **certainty during the year** (``changes``): a toeslag year in which the voorschot was
  recalculated (a reported change or a mutation) brings new decisions to take in ("u weet waar u
  aan toe bent").

``experience = clip(10 - sum of weighted terms, 0, 10)``: 10 is a year without any of these (a
nabetaling cannot lift a year above 10). :func:`experience_terms` gives each term per household in
rating points lost, :func:`experience_components` adds what the clip changes, so that
``10 - sum(components)`` is the rating; :func:`experience_score` is the rating from the same
terms. The weights are not fitted (no measured level exists to fit them to); the measure is meant
for differences between arms, the way the lab used its rating.
"""

from __future__ import annotations

import numpy as np

from lab.valuefile import ValueFile

#: Best rating: a toeslag year without surprise, recovery, negative balance or recalculation.
TOP = 10.0

#: The terms of the rating, in the order they are summed (:func:`experience_terms`).
TERMS = ("surprise", "windfall", "recovery", "negative_months", "changes")
#: What the clip of the rating to 0..10 changes, in rating points lost, so that
#: ``experience = TOP - sum(TERMS) - FLOOR - CAP`` holds for every household: ``floor`` (zero or
#: negative) is the strain beyond 10 that the floor at 0 does not count, ``cap`` (zero or positive)
#: the lift above 10 (a nabetaling in a year without strain) that the top of the scale does not
#: count.
FLOOR, CAP = "floor", "cap"
#: Every component of the rating: the terms and the two sides of the clip.
COMPONENTS = (*TERMS, FLOOR, CAP)


def experience_terms(
    terugvordering: np.ndarray,
    nabetaling: np.ndarray,
    monthly_net_income: np.ndarray,
    negative_months: np.ndarray,
    voorschot_changes: np.ndarray,
    b: ValueFile,
) -> dict[str, np.ndarray]:
    """Each term of the rating per household, in rating points lost (:data:`TERMS`, in order).

    Positive: the term lowers the rating by that much; a negative ``windfall_weight`` makes the
    windfall term negative (a nabetaling lifts the rating). Arguments as :func:`experience_score`.
    """
    months_of_income = np.maximum(monthly_net_income, 1.0)
    return {
        "surprise": b.float("experience.surprise_weight") * terugvordering / months_of_income,
        "windfall": b.float("experience.windfall_weight") * nabetaling / months_of_income,
        "recovery": b.float("experience.recovery_weight") * (terugvordering > 0),
        "negative_months": b.float("experience.negative_month_weight") * negative_months,
        "changes": b.float("experience.change_weight") * voorschot_changes,
    }


def strain(terms: dict[str, np.ndarray]) -> np.ndarray:
    """The rating points lost: the terms summed left to right in the order of :data:`TERMS`."""
    total = terms[TERMS[0]]
    for name in TERMS[1:]:
        total = total + terms[name]
    return total


def score_of(terms: dict[str, np.ndarray]) -> np.ndarray:
    """The rating 0..10 from the terms of :func:`experience_terms`."""
    return np.clip(TOP - strain(terms), 0.0, TOP)


def experience_components(terms: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """The terms and the two sides of the clip (:data:`COMPONENTS`), in rating points lost.

    ``TOP - sum(components)`` is the score up to rounding.
    """
    unclipped = TOP - strain(terms)
    above_floor = np.maximum(unclipped, 0.0)
    return {
        **terms,
        FLOOR: unclipped - above_floor,
        CAP: above_floor - np.clip(unclipped, 0.0, TOP),
    }


def experience_score(
    terugvordering: np.ndarray,
    nabetaling: np.ndarray,
    monthly_net_income: np.ndarray,
    negative_months: np.ndarray,
    voorschot_changes: np.ndarray,
    b: ValueFile,
) -> np.ndarray:
    """The experience rating per household, 0..10 (10 best).

    Args:
        terugvordering: euro recovered at the DT over the run, summed over toeslagen and years.
        nabetaling: euro paid back at the DT over the run.
        monthly_net_income: the household's net income, euro per month.
        negative_months: months with a negative bank balance over the run.
        voorschot_changes: toeslag years in which the voorschot was recalculated.
        b: the behaviour parameters (section ``experience``).
    """
    return score_of(
        experience_terms(
            terugvordering, nabetaling, monthly_net_income, negative_months, voorschot_changes, b
        )
    )
