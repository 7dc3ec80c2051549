"""The policy arms are defined once (lab.policy.arms) and read by the model, the app and the CLI."""

import tomllib

import numpy as np
import pytest

from lab.errors import InputError, ParameterError
from lab.humanlab import ARMS as LAB_ARMS
from lab.humanlab import SLIDER_STEP, choice_options
from lab.law.parameters import PARAMS_DIR, available_years, year_dir
from lab.model.config import ModelConfig
from lab.policy import arms
from lab.policy.arms import ARMS, arm_settings, floor_setting, offer
from lab.policy.percentage import as_fraction, read_percentage
from lab.valuefile import load_value_file

SETTINGS = arm_settings()


def test_the_human_lab_the_model_and_the_policy_have_one_list_of_arms():
    assert LAB_ARMS is ARMS
    model_arms = ModelConfig.model_fields["voorschot_option"].annotation.__args__
    assert tuple(model_arms) == ARMS


def test_each_arm_offers_what_the_parameters_say():
    assert offer("control").percentages == (1.0,)
    assert offer("voorzichtig").percentages == (SETTINGS.voorzichtig_percentage, 1.0)
    grid = offer("instelbaar").percentages
    assert grid[0] == SETTINGS.voorschot_floor and grid[-1] == 1.0
    assert np.allclose(np.diff(grid), SETTINGS.instelbaar_step)
    assert offer("instelbaar", floor=0.62).percentages[0] == 0.62


def test_the_participant_sees_the_same_offer_in_whole_percentages():
    for arm in ARMS:
        shown = choice_options(arm)
        model = offer(arm)
        if shown.kind == "slider":
            assert shown.options == (round(model.floor * 100), 100)
            assert shown.step == SLIDER_STEP == round(model.step * 100)
        else:
            assert shown.options == model.whole()
    bounds = floor_setting()
    assert bounds.high == SETTINGS.voorzichtig_percentage
    assert bounds.default == SETTINGS.voorschot_floor


def test_an_arms_file_with_its_floor_above_the_voorzichtig_option_is_refused(tmp_path, monkeypatch):
    text = (PARAMS_DIR / "arms.toml").read_text(encoding="utf-8")
    bad = tmp_path / "arms.toml"
    bad.write_text(text.replace("value = 0.7,", "value = 0.9,"), encoding="utf-8")
    monkeypatch.setattr(arms, "load_named", lambda name: load_value_file(bad))
    arm_settings.cache_clear()
    try:
        with pytest.raises(ParameterError, match=r"voorschot_floor 0\.9 lies above"):
            arm_settings()
    finally:
        arm_settings.cache_clear()


def test_no_yearly_law_file_holds_the_arms_percentages():
    """The arms are policy, once in arms.toml; the Awir section refuses them as unknown keys."""
    for year in available_years():
        awir = tomllib.loads((year_dir(year) / "awir.toml").read_text(encoding="utf-8"))["awir"]
        assert not set(awir) & set(vars(SETTINGS)), year


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
