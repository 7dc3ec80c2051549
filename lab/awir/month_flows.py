"""What one month of a toeslag year pays each household: terms, at once, nabetaling, collection.

:class:`MonthFlows` is what :meth:`lab.awir.year.AwirYear.month` gives back and what the model
books (:mod:`lab.model.accounts`). Amounts in euro, per household and toeslag.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class MonthFlows:
    """What one month of the year pays (euro per household and toeslag; 0 where nothing happens).

    ``voorschot``: the term paid (negative where more is recovered at once than paid);
    ``at_once``: the part paid (+) or recovered (-) at once after a change; ``recovered``: euro
    recovered in the year (always collected); ``nabetaling``: the nabetaling with its interest;
    ``collection``: what the household pays on its terugvordering. Each is an (n, T) array, but
    ``at_once`` is (n, 1), the household's sum over the toeslagen, from a year that keeps it so
    (:attr:`lab.awir.year.AwirYear.household_at_once`).

    After the year's terms only a few households have a flow: then ``rows`` lists them and the
    ``*_rows`` arrays hold their flows ((len(rows), T), or None where nothing is paid); the (n, T)
    properties fill in the zeros. With ``rows`` None the ``*_rows`` arrays are every household.
    """

    n: int
    n_toeslagen: int
    rows: np.ndarray | None = None
    voorschot_rows: np.ndarray | None = None
    at_once_rows: np.ndarray | None = None
    nabetaling_rows: np.ndarray | None = None
    collection_rows: np.ndarray | None = None

    def _dense(self, part: np.ndarray | None) -> np.ndarray:
        if part is not None and self.rows is None:
            return part
        out = np.zeros((self.n, self.n_toeslagen))
        if part is not None:
            out[self.rows] = part
        return out

    @property
    def voorschot(self) -> np.ndarray:
        """(n, T) the term paid, euro."""
        return self._dense(self.voorschot_rows)

    @property
    def at_once(self) -> np.ndarray:
        """(n, T) paid (+) or recovered (-) at once, euro."""
        return self._dense(self.at_once_rows)

    @property
    def recovered(self) -> np.ndarray:
        """(n, T) recovered in the year, euro."""
        return np.maximum(-self.voorschot, 0.0)

    @property
    def nabetaling(self) -> np.ndarray:
        """(n, T) the nabetaling with its interest, euro."""
        return self._dense(self.nabetaling_rows)

    @property
    def collection(self) -> np.ndarray:
        """(n, T) paid on the terugvordering, euro."""
        return self._dense(self.collection_rows)

    @property
    def net(self) -> np.ndarray:
        """(n, T) money in (+) and out (-) of the household this month, euro."""
        return self.voorschot + self.nabetaling - self.collection
