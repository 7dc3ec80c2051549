"""The model and the one-household path run the same Awir year, household by household.

1,500 households of the model (with the agency's letters, so changes are reported all through the
year) go through the year, the DT and collection. Every household is then followed on
its own through :func:`lab.awir.case.follow_year` (the path of the ``year`` command and the
household page) with the model's inputs: its awards at the start and after each reported change,
its percentage, its definitive awards and how it pays its debts. Terms, settlement, nabetaling and
collection must agree month by month for all four toeslagen.
"""

import numpy as np
import pytest

from lab import TOESLAGEN
from lab.awir.case import Change, follow_year
from lab.model import ModelConfig, ToeslagenModel
from lab.model.model_year import ModelYear

CONFIG = ModelConfig(n_households=1_500, letters=True)
KEPT = ("voorschot", "nabetaling", "collection")


@pytest.fixture(scope="module")
def model_run():
    months: list = []
    changes: list = []
    month, report_change = ModelYear.month, ModelYear.report_change

    def record_month(self, i, **kwargs):
        flows = month(self, i, **kwargs)
        if self.index == 0:  # the model writes the next month's flows into the same arrays
            months.append({k: getattr(flows, k).copy() for k in KEPT})
        return flows

    def record_change(self, idx, new_award):
        if self.index == 0:
            changes.append((len(months) - 1, np.asarray(idx).copy(), np.array(new_award)))
        report_change(self, idx, new_award)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(ModelYear, "month", record_month)
        patch.setattr(ModelYear, "report_change", record_change)
        model = ToeslagenModel(CONFIG, seed=11, keep_history=False)
        start_award = None
        while model.running:
            model.step()
            if start_award is None:
                start_award = model.years[0].award.copy()
    year = model.years[0]
    yield model, year, start_award, months, changes
    model.close()


def test_the_run_has_changes_settlements_and_both_ways_of_paying(model_run):
    _, year, _, _, changes = model_run
    reported = np.concatenate([idx for _, idx, _ in changes])
    assert np.unique(reported).size >= 150 and len({m for m, _, _ in changes}) >= 10
    s = year.settlement
    assert (s["collected"] > 0).sum() >= 60 and (s["nabetaling"] > 0).sum() >= 150
    owing = year.due > 0
    assert (owing & year.arrangement).sum() >= 30 and (owing & ~year.arrangement).sum() >= 15
    assert np.all(year.applied.sum(axis=0) > 0), "every toeslag has recipients"


def test_every_household_gets_the_same_year_on_its_own(model_run):
    model, year, start_award, months, changes = model_run
    voorschot, nabetaling, collection = (np.stack([m[k] for m in months], axis=2) for k in KEPT)
    assert voorschot.shape == (model.n, len(TOESLAGEN), model.horizon)
    for h in range(model.n):
        own_changes = [
            Change(m, award[np.flatnonzero(idx == h)[0]][None, :])
            for m, idx, award in changes
            if h in idx
        ]
        alone = follow_year(
            year.awir,
            start_award[h : h + 1],
            year.percentage[h : h + 1],
            year.definitive[h : h + 1],
            applied=year.applied[h : h + 1],
            changes=own_changes,
            lump=~year.arrangement[h : h + 1],
            months=model.horizon,
        )
        where = f"household {h}"
        np.testing.assert_allclose(alone.voorschot[0], voorschot[h], atol=1e-9, err_msg=where)
        np.testing.assert_allclose(alone.nabetaling[0], nabetaling[h], atol=1e-9, err_msg=where)
        np.testing.assert_allclose(alone.collection[0], collection[h], atol=1e-9, err_msg=where)
        for key, value in year.settlement.items():
            np.testing.assert_allclose(alone.settlement[key][0], value[h], atol=1e-9, err_msg=key)
