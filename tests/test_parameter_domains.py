"""Behaviour and population parameters are typed: unit, domain and source, checked on every use."""

import math

import pytest

from lab.cli import main
from lab.errors import ParameterError
from lab.model.config import ModelConfig
from lab.model.toeslagen_model import ToeslagenModel
from lab.valuefile import load_named, load_value_file

FILES = ("behaviour", "population")
ARM_WITH_FEAR = """
name = "fear"
households = 50
replications = 2
outcomes = ["take_up_rate"]
[arms.control]
[arms.scared]
behaviour = {{ fear_mean = {value} }}
"""


@pytest.mark.parametrize("name", FILES)
def test_every_value_has_a_unit_a_domain_and_a_source_outside_the_machine(name):
    values = load_named(name)
    for key in values.values:
        entry = values.parameter(key)
        assert entry.unit.strip() and entry.source.strip(), key
        assert "/work/" not in entry.source and "shared/domain" not in entry.source, key
        if entry.numeric:
            low, high = entry.domain
            assert low <= high and not math.isnan(low), key
    header = (values.path.read_text(encoding="utf-8")).split("\n[", 1)[0]
    assert "/work/" not in header and "shared/domain" not in header


def test_arm_override_outside_the_domain_is_refused_in_one_line(tmp_path, capsys):
    path = tmp_path / "fear.toml"
    path.write_text(ARM_WITH_FEAR.format(value=1.5))
    code = main(["run", str(path), "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and "Traceback" not in err
    for part in ("fear.toml", "arm 'scared'", "fear_mean", "[0.01, 0.99]"):
        assert part in err, (part, err)
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("value", ["-0.1", "7"])
def test_other_values_outside_the_domain_are_refused_too(tmp_path, capsys, value):
    path = tmp_path / "fear.toml"
    path.write_text(ARM_WITH_FEAR.format(value=value))
    assert main(["run", str(path), "--out", str(tmp_path / "out")]) == 2
    assert "outside its domain" in capsys.readouterr().err


def test_unknown_key_in_an_arm_is_refused_naming_file_arm_and_key(tmp_path, capsys):
    path = tmp_path / "fear.toml"
    path.write_text(ARM_WITH_FEAR.format(value=0.4).replace("fear_mean", "fear_meen"))
    assert main(["run", str(path), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "fear.toml" in err and "arm 'scared'" in err and "override 'fear_meen' is unknown" in err


def test_the_model_refuses_an_override_outside_the_domain():
    config = ModelConfig(n_households=10, behaviour={"fear_mean": 1.5})
    with pytest.raises(ParameterError, match=r"fear_mean.*outside its domain \[0.01, 0.99\]"):
        ToeslagenModel(config, seed=1)


def test_an_override_inside_the_domain_is_used():
    b = load_named("behaviour").with_overrides({"fear_mean": 0.6, "take_up.intercept[1]": 2.0})
    assert b.float("traits.fear_mean") == 0.6
    assert b.floats("take_up.intercept", 4)[1] == 2.0
    with pytest.raises(ParameterError, match=r"no element 9"):
        b.with_overrides({"take_up.intercept[9]": 1.0})
    with pytest.raises(ParameterError, match=r"outside its domain"):
        b.with_overrides({"take_up.intercept[0]": 99.0})


@pytest.mark.parametrize(
    ("leaf", "message"),
    [
        ('{ value = 1.5, unit = "share", domain = [0.0, 1.0], source = "x" }', "outside its"),
        ('{ value = 0.5, unit = "share", source = "x" }', "needs domain"),
        ('{ value = 0.5, domain = [0.0, 1.0], source = "x" }', "unit ="),
        ('{ value = 0.5, unit = "share", domain = [1.0, 0.0], source = "x" }', "low <= high"),
        ('{ value = [0.5, 2.0], unit = "share", domain = [0.0, 1.0], source = "x" }', "outside"),
    ],
)
def test_a_file_value_outside_its_domain_is_refused_on_loading(tmp_path, leaf, message):
    path = tmp_path / "behaviour.toml"
    path.write_text(f"[traits]\nfear_mean = {leaf}\n")
    with pytest.raises(ParameterError, match=rf"behaviour.toml: key 'traits.fear_mean'.*{message}"):
        load_value_file(path)


def test_a_file_changed_since_it_was_loaded_is_read_again(tmp_path):
    path = tmp_path / "values.toml"
    leaf = 'unit = "euro", domain = [0.0, 10.0], source = "a test"'
    path.write_text(f"[a]\nx = {{ value = 1.0, {leaf} }}\n", encoding="utf-8")
    first = load_value_file(path)
    assert load_value_file(path) is first  # unchanged: not parsed again
    path.write_text(f"[a]\nx = {{ value = 2.0, {leaf} }}\n", encoding="utf-8")  # same size
    assert load_value_file(path).float("a.x") == 2.0
    path.write_text(f"[a]\nx = {{ value = 12.0, {leaf} }}\n", encoding="utf-8")
    with pytest.raises(ParameterError, match="outside its domain"):
        load_value_file(path)
