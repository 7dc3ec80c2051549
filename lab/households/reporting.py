"""Whether a household reports a change of its income, and how it reacts to the agency's letters.

- **Reporting a change.** A household receiving a toeslag that notices its projected yearly
  income is more than ``reporting.tolerance`` away from its estimate reports it this month with
  probability attention x ``reporting.monthly_rate``, times ``reporting.fall_factor`` when the
  income fell (:func:`reports`). Awir art. 17
  asks a household to report a change without delay; many do not, or not at once.
- **Letters.** A household written to (an attendering) reports its change itself with probability
  attention x ``reporting.letter_response``; a letter that announces the agency's own change
  (muteren) less often, as doing nothing already corrects the income
  (:func:`letter_reaction_probability`); a mutation is refused or reversed by a few
  (:func:`keeps_mutation`).

Every coefficient is in ``lab/params/behaviour.toml``, section ``reporting``.
"""

from __future__ import annotations

import numba
import numpy as np

from lab.valuefile import ValueFile


@numba.njit(cache=True, nogil=True, inline="always")
def reports(
    gap: float,
    applied: bool,
    attention: float,
    u: float,
    tolerance: float,
    monthly_rate: float,
    fall_factor: float,
) -> bool:
    """Whether one household reports its income change this month (bool).

    ``gap`` is the projected yearly income minus the estimate, relative to the estimate (negative
    for a fall). A household receiving a toeslag (``applied``) notices a change when ``|gap|``
    exceeds ``tolerance``; it then reports with probability ``attention x monthly_rate``, times
    ``fall_factor`` for a fall (calibrated to the DT split; no Dutch figure on reporting falls
    against rises was found); ``u`` is its uniform draw. Compiled: the model's month loops call
    it per household (:func:`lab.model.reports.project_and_report`).
    """
    if not (applied and abs(gap) > tolerance):
        return False
    rate = attention * monthly_rate
    if gap < 0:
        rate = rate * fall_factor
    return u < rate


def reporting_rates(b: ValueFile) -> tuple[float, float, float]:
    """``(tolerance, monthly_rate, fall_factor)``: the ``reporting`` rates of :func:`reports`."""
    return (
        b.float("reporting.tolerance"),
        b.float("reporting.monthly_rate"),
        b.float("reporting.fall_factor"),
    )


def letter_reaction_probability(
    attention: np.ndarray, b: ValueFile, announces_mutation: np.ndarray | bool = False
) -> np.ndarray:
    """Chance that a household written to reports its change itself (share, n).

    ``attention x reporting.letter_response`` for a warning (attendering): about half act
    (Stand van de uitvoering toeslagen 2022). A letter that announces that the agency will change
    the estimate itself (muteren) has a default that already corrects the income: doing nothing is
    enough, so fewer act themselves (x ``reporting.muteren_response``; the 2024 pilot: 19.7%
    corrected their income themselves).
    """
    rate = attention * b.float("reporting.letter_response")
    rate = np.where(announces_mutation, rate * b.float("reporting.muteren_response"), rate)
    return np.minimum(rate, 1.0)


def reacts_to_letter(
    attention: np.ndarray,
    u: np.ndarray,
    b: ValueFile,
    announces_mutation: np.ndarray | bool = False,
) -> np.ndarray:
    """Whether a household that gets a letter reports its change itself (bool, n).

    ``u``: uniform draws; see :func:`letter_reaction_probability`.
    """
    return u < letter_reaction_probability(attention, b, announces_mutation)


def keeps_mutation(u: np.ndarray, b: ValueFile) -> np.ndarray:
    """Whether a household lets the agency's own change of its estimate (muteren) stand (bool).

    It refuses (``reporting.muteren_refuse``) or reverses it (``reporting.muteren_reverse``)
    otherwise; ``u`` uniform draws.
    """
    return u >= b.float("reporting.muteren_refuse") + b.float("reporting.muteren_reverse")
