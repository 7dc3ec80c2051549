"""The yearly rent rise (lab/households/rent.py), the muteren letter's reaction, and the profiles.

- A rent rise the agency does not hear of is paid at the DT: with the rise unknown to every
  tenant, more huurtoeslag awards end with a nabetaling than with the rise known to every tenant,
  and only huurtoeslag moves; without a rise the share known changes nothing.
- The definitive huurtoeslag counts the months from the rise at the new rent.
- A letter announcing the agency's own change (muteren) is reacted to less than a warning.
- A profile lists the fitted targets it moves out of their band, and no others.
"""

import numpy as np
import pytest

from lab import TOESLAGEN
from lab.calibration import Moments, Profile, Target, profile_rows
from lab.calibration.replication import LetterCandidates
from lab.households.rent import new_rent_share, rent_in_year
from lab.households.reporting import letter_reaction_probability
from lab.households.year_awards import year_awards
from lab.model import ToeslagenModel
from lab.model.config import ModelConfig
from lab.valuefile import load_named

HT = TOESLAGEN.index("huurtoeslag")


def _year(population: dict, n: int = 3_000, **config) -> ToeslagenModel:
    model = ToeslagenModel(
        ModelConfig(n_households=n, year=2026, population=population, **config),
        seed=7,
        keep_history=False,
    )
    model.run()
    return model


def _nabetaling_share(model: ToeslagenModel) -> np.ndarray:
    year = model.years[0]
    s = year.settlement
    applied = year.applied
    return np.array([(s["nabetaling"][applied[:, k], k] > 0).mean() for k in range(len(TOESLAGEN))])


@pytest.fixture(scope="module")
def known_and_unknown():
    known = _year({"housing.rent_rise_known_share": 1.0})
    unknown = _year({"housing.rent_rise_known_share": 0.0})
    yield known, unknown
    known.close()
    unknown.close()


def test_an_unknown_rent_rise_is_a_nabetaling_of_huurtoeslag_only(known_and_unknown):
    known, unknown = known_and_unknown
    a, b = _nabetaling_share(known), _nabetaling_share(unknown)
    assert b[HT] > a[HT] + 0.15
    others = [k for k in range(len(TOESLAGEN)) if k != HT]
    np.testing.assert_array_equal(a[others], b[others])


def test_without_a_rise_the_known_share_changes_nothing():
    flat = {"housing.rent_growth": 0.0, "housing.rent_rise_scale": 0.0}
    known = _year(flat | {"housing.rent_rise_known_share": 1.0}, n=1_500)
    unknown = _year(flat | {"housing.rent_rise_known_share": 0.0}, n=1_500)
    np.testing.assert_array_equal(
        known.years[0].settlement["nabetaling"], unknown.years[0].settlement["nabetaling"]
    )
    known.close()
    unknown.close()


def test_the_definitive_award_counts_the_months_from_the_rise_at_the_new_rent(known_and_unknown):
    model, _ = known_and_unknown
    params = load_named("population")
    assert new_rent_share(params) == pytest.approx(6 / 12)  # a rise on 1 July
    income = model.income.annual(0)
    partner = model.income.partner_at_year_end(0)
    before = year_awards(model.households, model.year_params[0], 0, income, partner)
    after = year_awards(model.households, model.year_params[0], 0, income, partner, None, 1.0)
    definitive = year_awards(
        model.households, model.year_params[0], 0, income, partner, None, new_rent_share(params)
    )
    np.testing.assert_allclose(definitive, 0.5 * before + 0.5 * after)
    assert (after[:, HT] >= before[:, HT]).all() and (after[:, HT] > before[:, HT]).any()
    rent = np.array([500.0])
    assert rent_in_year(rent, 0.04, 0, after_rise=True)[0] == pytest.approx(520.0)
    assert rent_in_year(rent, 0.04, 1)[0] == pytest.approx(520.0)


def test_a_muteren_letter_is_reacted_to_less_than_a_warning():
    b = load_named("behaviour")
    attention = np.linspace(0.05, 0.95, 19)
    warning = letter_reaction_probability(attention, b)
    announced = letter_reaction_probability(attention, b, True)
    factor = b.float("reporting.muteren_response")
    assert factor < 1.0
    raw = attention * b.float("reporting.letter_response")
    np.testing.assert_allclose(announced, np.minimum(raw * factor, 1.0))
    assert (announced <= warning).all() and (announced < warning).any()
    off = b.with_overrides({"reporting.muteren_response": 1.0})
    np.testing.assert_allclose(letter_reaction_probability(attention, off, True), warning)


def test_a_profile_lists_the_targets_it_moves_out_of_their_band():
    def target(name, band):
        return Target(name, None, band, "share", "s", "m", name, True)

    targets = [target("moves_out", (0.2, 0.3)), target("stays_in", (0.0, 1.0))]
    targets.append(target("still", (0.2, 0.3)))
    moments = []
    for value in (0.25, 0.35, 0.45):
        m = Moments()
        m.add({t.key: v for t, v in zip(targets, (value, value, 0.5), strict=True)})
        moments.append(m)
    rows = profile_rows(targets, Profile("population:x", [0.0, 0.5, 1.0], 0.0, moments))
    assert [r["target"] for r in rows] == ["moves_out"]
    assert rows[0]["inside"] == [True, False, False]


def test_an_observer_sees_the_month_before_the_interventions_act():
    """The calibration's letter candidates are the same with letters or without: the observer
    reads each month's reports before the letters add the households that reacted."""
    seen = {}
    for letters in (False, True):
        config = ModelConfig(n_households=3000, year=2024, letters=letters)
        observer = LetterCandidates(config.n_households, config.letter_month)
        model = ToeslagenModel(config, seed=5, keep_history=False, observers=(observer,))
        model.run()
        model.close()
        seen[letters] = observer.written
    assert seen[False].sum() > 20
    np.testing.assert_array_equal(seen[False], seen[True])
