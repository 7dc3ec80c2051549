"""The policy arms are defined once (lab.policy.arms) and read by the model, the app and the CLI."""

import numpy as np
import pytest

from lab.errors import InputError
from lab.humanlab import ARMS as LAB_ARMS
from lab.humanlab import SLIDER_STEP, choice_options
from lab.law.parameters import load_year
from lab.model.config import ModelConfig
from lab.policy.arms import ARMS, floor_setting, offer
from lab.policy.percentage import as_fraction, read_percentage

AWIR = load_year(2026).awir


def test_the_human_lab_the_model_and_the_policy_have_one_list_of_arms():
    assert LAB_ARMS is ARMS
    model_arms = ModelConfig.model_fields["voorschot_option"].annotation.__args__
    assert tuple(model_arms) == ARMS


def test_each_arm_offers_what_the_parameters_say():
    assert offer("control", AWIR).percentages == (1.0,)
    assert offer("voorzichtig", AWIR).percentages == (AWIR.voorzichtig_percentage, 1.0)
    grid = offer("instelbaar", AWIR).percentages
    assert grid[0] == AWIR.voorschot_floor and grid[-1] == 1.0
    assert np.allclose(np.diff(grid), AWIR.instelbaar_step)
    assert offer("instelbaar", AWIR, floor=0.62).percentages[0] == 0.62


def test_the_participant_sees_the_same_offer_in_whole_percentages():
    for arm in ARMS:
        shown = choice_options(arm)
        model = offer(arm, AWIR)
        if shown.kind == "slider":
            assert shown.options == (round(model.floor * 100), 100)
            assert shown.step == SLIDER_STEP == round(model.step * 100)
        else:
            assert shown.options == model.whole()
    bounds = floor_setting(AWIR)
    assert bounds.high == AWIR.voorzichtig_percentage and bounds.default == AWIR.voorschot_floor


def test_a_floor_above_the_voorzichtig_option_is_refused():
    with pytest.raises(ValueError, match=r"at most 0\.8"):
        ModelConfig(voorschot_floor=0.85)


@pytest.mark.parametrize(
    ("typed", "fraction"),
    [(80, 0.8), (0.8, 0.8), ("80%", 0.8), ("0,75", 0.75), (1, 1.0), (100, 1.0)],
)
def test_80_and_0_8_mean_the_same(typed, fraction):
    assert as_fraction(typed) == pytest.approx(fraction)
    assert read_percentage(typed, 0.7) == pytest.approx(fraction)


@pytest.mark.parametrize("typed", [-80, 50, 0.5, 101, "abc", "nan", float("inf")])
def test_what_is_no_percentage_is_refused_in_one_line(typed):
    with pytest.raises(InputError) as caught:
        read_percentage(typed, 0.7, what="percentage")
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(
        f"percentage {typed if isinstance(typed, str) else f'{typed:g}'} is not"
    )
    assert "between 70 and 100" in message
