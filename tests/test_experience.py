"""The experience rating and its components (lab/households/experience.py, issue 19 part 4).

The score is one rule: its terms come from ``experience_terms`` and the score from their sum, the
same float operations in the same order as the formula before the split (compared bit for bit).
The components (the terms, the floor and the cap) sum to the rating points lost; the effect of an
arm on each component sums to the effect on the rating.
"""

import dataclasses

import numpy as np
import pytest

from lab.calibration import load_targets, moment_names, replication_moments
from lab.experiment.metrics import experience_component_means, experience_effects, experience_mean
from lab.households.experience import (
    CAP,
    COMPONENTS,
    FLOOR,
    TERMS,
    TOP,
    experience_components,
    experience_score,
    experience_terms,
    strain,
)
from lab.valuefile import load_named

BEHAVIOUR = load_named("behaviour")


def _old_score(terugvordering, nabetaling, monthly_net_income, negative_months, changes, b):
    """The formula of experience_score before the terms were split out (commit b74d9a4)."""
    months_of_income = np.maximum(monthly_net_income, 1.0)
    strain = (
        b.float("experience.surprise_weight") * terugvordering / months_of_income
        + b.float("experience.windfall_weight") * nabetaling / months_of_income
        + b.float("experience.recovery_weight") * (terugvordering > 0)
        + b.float("experience.negative_month_weight") * negative_months
        + b.float("experience.change_weight") * changes
    )
    return np.clip(TOP - strain, 0.0, TOP)


def _inputs(rng, n=20_000):
    terug = np.where(rng.random(n) < 0.4, rng.lognormal(6.0, 1.5, n), 0.0)
    nabet = np.where(rng.random(n) < 0.3, rng.lognormal(5.5, 1.5, n), 0.0)
    income = np.where(rng.random(n) < 0.02, 0.0, rng.lognormal(7.5, 0.6, n))
    negative = rng.integers(0, 36, n).astype(np.int64)
    changes = rng.integers(0, 4, n).astype(float)
    return terug, nabet, income, negative, changes


def _weights(rng):
    return BEHAVIOUR.with_overrides(
        {
            "experience.surprise_weight": float(rng.uniform(0.0, 20.0)),
            "experience.windfall_weight": float(rng.uniform(-20.0, 20.0)),
            "experience.recovery_weight": float(rng.uniform(0.0, 10.0)),
            "experience.negative_month_weight": float(rng.uniform(0.0, 5.0)),
            "experience.change_weight": float(rng.uniform(0.0, 5.0)),
        }
    )


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_the_score_is_the_old_formula_bit_for_bit(seed):
    rng = np.random.default_rng(seed)
    args = _inputs(rng)
    for b in (BEHAVIOUR, _weights(rng)):
        new = experience_score(*args, b)
        old = _old_score(*args, b)
        assert new.dtype == old.dtype
        assert np.array_equal(new, old)  # exact, not approximate
        assert np.array_equal(new.view(np.int64), old.view(np.int64))


def test_the_terms_sum_to_the_strain_and_the_components_give_the_score():
    rng = np.random.default_rng(11)
    args = _inputs(rng)
    terms = experience_terms(*args, BEHAVIOUR)
    assert tuple(terms) == TERMS
    total = strain(terms)
    np.testing.assert_allclose(np.sum([terms[t] for t in TERMS], axis=0), total, rtol=1e-12)
    components = experience_components(terms)
    assert tuple(components) == COMPONENTS
    score = experience_score(*args, BEHAVIOUR)
    lost = np.sum([components[c] for c in COMPONENTS], axis=0)
    np.testing.assert_allclose(TOP - lost, score, rtol=0, atol=1e-9)
    # The floor and the cap are zero where the strain is within 0..10; the floor is negative
    # where the strain is above 10, the cap positive where it is below 0 (a nabetaling cannot
    # lift a year above 10).
    inside = (total >= 0) & (total <= TOP)
    assert np.all(components[FLOOR][inside] == 0.0) and np.all(components[CAP][inside] == 0.0)
    assert np.all(components[FLOOR][total > TOP] < 0.0) and np.all(components[CAP] >= 0.0)
    assert np.all(components[CAP][total < 0] > 0.0) and np.all(components[FLOOR] <= 0.0)
    assert (total > TOP).any() and inside.any() and (total < 0).any()


def test_with_the_shipped_weights_a_nabetaling_lifts_a_strained_year_and_weighs_less():
    # The same 400 euro as a terugvordering or a nabetaling, on top of 6 months short.
    income, months = np.array([1600.0] * 3), np.array([6, 6, 6])
    terug, nabet, zero = np.array([0.0, 400.0, 0.0]), np.array([0.0, 0.0, 400.0]), np.zeros(3)
    score = experience_score(terug, nabet, income, months, zero, BEHAVIOUR)
    assert score[2] > score[0] > score[1]
    terms = experience_terms(terug, nabet, income, months, zero, BEHAVIOUR)
    ratio = -terms["surprise"][1] / terms["windfall"][2]
    assert 1.8 <= ratio <= 2.3  # loss aversion (docs/model.md, "Experience")


def test_a_terugvordering_has_a_surprise_and_a_recovery_term_and_none_without():
    terug = np.array([800.0, 0.0, 0.0])
    nabet = np.array([0.0, 300.0, 0.0])
    income = np.array([1600.0, 1600.0, 1600.0])
    zero = np.zeros(3)
    terms = experience_terms(terug, nabet, income, zero, zero, BEHAVIOUR)
    w = BEHAVIOUR.float
    assert terms["surprise"][0] == pytest.approx(w("experience.surprise_weight") * 0.5)
    assert terms["surprise"][0] > 0 and terms["surprise"][1] == terms["surprise"][2] == 0
    assert terms["recovery"][0] == w("experience.recovery_weight")
    assert terms["recovery"][1] == terms["recovery"][2] == 0
    assert terms["windfall"][1] == pytest.approx(w("experience.windfall_weight") * 300 / 1600)
    assert terms["windfall"][0] == 0
    assert experience_score(terug, nabet, income, zero, zero, BEHAVIOUR)[2] == TOP


def _table(rng, n, b):
    terms = experience_terms(*_inputs(rng, n), b)
    components = experience_components(terms)
    table = {
        "weight": rng.uniform(0.5, 2.0, n),
        "has_toeslag": rng.random(n) < 0.8,
        "experience": np.clip(TOP - strain(terms), 0.0, TOP),
    }
    return table | {f"experience_{c}": v for c, v in components.items()}


def test_the_effects_per_component_sum_to_the_effect_on_the_rating_with_its_sign():
    rng = np.random.default_rng(5)
    control, arm = _table(rng, 5000, BEHAVIOUR), _table(rng, 5000, BEHAVIOUR)
    means = experience_component_means(control)
    assert TOP - sum(means.values()) == pytest.approx(experience_mean(control), abs=1e-9)
    effects = experience_effects("voorzichtig", control, arm)
    parts = [effects[f"experience_effect.voorzichtig.{c}"] for c in COMPONENTS]
    total = experience_mean(arm) - experience_mean(control)
    assert sum(parts) == pytest.approx(total, abs=1e-9)
    assert effects["n:experience_effect.voorzichtig.surprise"] == arm["has_toeslag"].sum()
    # An arm with half the terugvordering strain feels better on that component.
    better = dict(arm)
    better["experience_surprise"] = arm["experience_surprise"] / 2
    gain = experience_effects("voorzichtig", arm, better)["experience_effect.voorzichtig.surprise"]
    assert gain > 0


def test_the_voorzichtig_arm_reports_every_component_and_they_add_up():
    assert {f"experience_effect.voorzichtig.{c}" for c in COMPONENTS} <= set(moment_names())
    design = dataclasses.replace(load_targets()[1], households=400)
    out = replication_moments({}, design, 3, 2024, ("control", "voorzichtig"))
    parts = [out[f"experience_effect.voorzichtig.{c}"] for c in COMPONENTS]
    assert all(np.isfinite(parts))
    assert sum(parts) == pytest.approx(out["experience_effect.voorzichtig"], abs=1e-9)
    assert out["n:experience_effect.voorzichtig.surprise"] > 0
