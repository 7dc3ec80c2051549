"""The Awir procedure: voorschot year, definitieve toekenning, collection and cash flow.

Layer 2. Imports only the law layer (and ``lab``, ``lab.errors``).

- ``year``: :class:`AwirYear`, one toeslag year of n households, month by month;
- ``calendar``: the months of the terms, the DT, the nabetaling and the collection;
- ``voorschot``: the twelve terms, recomputed on a change;
- ``settlement``: the DT: terugvordering or nabetaling, threshold and interest;
- ``collection``: paying a terugvordering at once or in terms;
- ``month_flows``: what one month pays each household;
- ``application``: the awards that run without an application (automatic kindgebonden budget);
- ``reestimate``: the agency's re-estimate of the income from the aangifte of the year before;
- ``case``: one household's year (the ``year`` command, the household page).

The names the other layers use are in ``__all__``: ``from lab.awir import AwirYear`` imports the
module that holds a name when the name is first asked for (:mod:`lab.public_api`), so importing
this package loads none of its modules.
"""

from typing import TYPE_CHECKING

from lab.public_api import lazy_imports

if TYPE_CHECKING:
    from lab.awir.application import with_automatic_awards
    from lab.awir.calendar import Calendar, month_label
    from lab.awir.case import year_case
    from lab.awir.collection import COLLECTION_MODES
    from lab.awir.month_flows import MonthFlows
    from lab.awir.reestimate import reestimated_income, reestimates_in
    from lab.awir.settlement import (
        HAD_HIGH_RECOVERY,
        HAD_NABETALING,
        HAD_TERUGVORDERING,
        settle_one,
    )
    from lab.awir.voorschot import TERM_SLOTS
    from lab.awir.year import AwirYear

__all__ = [
    "COLLECTION_MODES",
    "HAD_HIGH_RECOVERY",
    "HAD_NABETALING",
    "HAD_TERUGVORDERING",
    "TERM_SLOTS",
    "AwirYear",
    "Calendar",
    "MonthFlows",
    "month_label",
    "reestimated_income",
    "reestimates_in",
    "settle_one",
    "with_automatic_awards",
    "year_case",
]
__getattr__ = lazy_imports(__name__, __file__)
