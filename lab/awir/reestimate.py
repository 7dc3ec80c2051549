"""The agency's re-estimate of a running toeslag's income from the aangifte of the year before.

When the aangifte inkomstenbelasting of year t-1 shows that a household's income changed, the
agency re-estimates the toetsingsinkomen of the running year t on it (letters "uw jaarinkomen is
opnieuw geschat", documented for toeslag year 2019; assumed for every year). A household that
changed its income itself in the weeks before keeps its own estimate. The new estimate becomes the
basis of the voorschot from the next term, like a reported change (Awir art. 16(1), 17).
``awir.reestimate_month`` is the month (0: none) and ``awir.estimate_indexation`` the index that
carries last year's income into this year.
"""

from __future__ import annotations

import numpy as np

from lab.law.sections import Awir


def reestimated_income(previous_income: np.ndarray, awir: Awir) -> np.ndarray:
    """The agency's estimate of this year's toetsingsinkomen, euro per year.

    ``previous_income``: the toetsingsinkomen of the year before (euro per year), as the aangifte
    shows it; raised by the year's indexation of estimates.
    """
    return np.asarray(previous_income, dtype=np.float64) * (1.0 + awir.estimate_indexation)


def reestimates_in(month: int, awir: Awir) -> bool:
    """Whether the agency re-estimates in calendar ``month`` (1..11) of the year."""
    return awir.reestimate_month > 0 and month == awir.reestimate_month
