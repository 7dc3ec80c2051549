"""The kindgebonden budget runs without an application for households with another toeslag.

SVB (kinderbijslag > kindgebonden budget): a household that already has the huurtoeslag or the
zorgtoeslag need not apply; the Belastingdienst grants the kindgebonden budget on the SVB's data
(``awir.kgb_automatic``).
"""

import numpy as np

from lab import TOESLAGEN
from lab.awir.application import with_automatic_awards
from lab.law.parameters import load_year
from lab.model import ToeslagenModel
from lab.model.config import ModelConfig

ZT, HT, KGB, KOT = range(4)


def test_the_kindgebonden_budget_follows_the_zorgtoeslag_or_the_huurtoeslag():
    rules = load_year(2026).awir
    assert TOESLAGEN[KGB] == "kindgebonden_budget"
    applied = np.array(
        [
            [True, False, False, False],  # zorgtoeslag: granted
            [False, True, False, False],  # huurtoeslag: granted
            [False, False, False, True],  # kinderopvangtoeslag only: not granted
            [True, False, False, False],  # no kindgebonden budget on the estimate: none
            [False, False, True, False],  # applied itself: stays
        ]
    )
    award = np.full(applied.shape, 500.0)
    award[3, KGB] = 0.0
    out = with_automatic_awards(applied, award, rules)
    assert out[:, KGB].tolist() == [True, True, False, False, True]
    assert (out[:, [ZT, HT, KOT]] == applied[:, [ZT, HT, KOT]]).all()
    assert not applied[0, KGB]  # the households' own choices are not changed in place
    off = with_automatic_awards(applied, award, rules.model_copy(update={"kgb_automatic": False}))
    assert (off == applied).all()


def test_in_the_model_no_household_with_a_zorgtoeslag_misses_its_kindgebonden_budget():
    # a low propensity to apply for the kindgebonden budget itself, so that the rule shows
    config = ModelConfig(n_households=4_000, year=2026, behaviour={"take_up.intercept[2]": -1.0})
    model = ToeslagenModel(config, seed=7, keep_history=False)
    model.run()
    a = model.result().awards
    applied = a["applied"].astype(bool)

    def households(name, among):
        return a["household"][(a["toeslag"] == name) & among]

    with_other = np.union1d(households("zorgtoeslag", applied), households("huurtoeslag", applied))
    kgb = (a["toeslag"] == "kindgebonden_budget") & a["eligible"].astype(bool)
    has_other = kgb & np.isin(a["household"], with_other)
    assert has_other.sum() > 50
    assert applied[has_other].all()
    # without another toeslag the household still decides itself, and some do not apply
    alone = kgb & ~np.isin(a["household"], with_other)
    assert alone.sum() > 20 and not applied[alone].all()
