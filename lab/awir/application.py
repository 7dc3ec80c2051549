"""Applications: which awards run without the household applying for them.

A toeslag is paid on the household's application (aanvraag, Awir). The kindgebonden budget is
the exception in practice: a household that already has a toeslag from the Belastingdienst
(huurtoeslag or zorgtoeslag) and gets kinderbijslag from the SVB need not apply; the
Belastingdienst grants the kindgebonden budget on the SVB's data and sends the decision
(``awir.kgb_automatic``, with its source in the law files).
"""

from __future__ import annotations

import numpy as np

from lab import TOESLAGEN
from lab.law.sections import Awir

_ZT, _HT, _KGB = (TOESLAGEN.index(t) for t in ("zorgtoeslag", "huurtoeslag", "kindgebonden_budget"))


def with_automatic_awards(applied: np.ndarray, award: np.ndarray, rules: Awir) -> np.ndarray:
    """The awards that run this year (n, 4 bool): those applied for, plus those granted unasked.

    ``applied``: the household's own applications (and continuations), per toeslag in the order
    of :data:`lab.TOESLAGEN`; ``award``: the yearly award on the estimate, euro per year. With
    ``rules.kgb_automatic`` a kindgebonden budget above zero runs wherever the household has the
    huurtoeslag or the zorgtoeslag (the SVB's kinderbijslag data tell the agency of the children).
    """
    if not rules.kgb_automatic:
        return applied
    out = applied.copy()
    out[:, _KGB] |= (applied[:, _ZT] | applied[:, _HT]) & (award[:, _KGB] > 0)
    return out
