from pathlib import Path

import pytest

from lab.cli import main
from lab.errors import InputError
from lab.experiment import load_spec
from lab.experiment.spec import EXPERIMENTS_DIR

GOOD = """
name = "tiny"
description = "two arms"
households = 100
replications = 2
seed = 1
#TOP
[arms.control]
[arms.voorzichtig]
voorschot_option = "voorzichtig"
"""


def write(tmp_path: Path, text: str) -> Path:
    """Write ``text``; top-level keys after the arms are moved above them (TOML tables)."""
    head, _, tail = text.partition("#TOP\n")
    body, _, extra = tail.partition('voorschot_option = "voorzichtig"\n')
    top = [line for line in extra.splitlines(keepends=True) if not extra.startswith("[")]
    if extra.startswith("["):
        body, top = body + 'voorschot_option = "voorzichtig"\n' + extra, []
    else:
        body = body + 'voorschot_option = "voorzichtig"\n'
    path = tmp_path / "exp.toml"
    path.write_text(head + "".join(top) + body, encoding="utf-8")
    return path


def error_of(path: Path) -> str:
    with pytest.raises(InputError) as info:
        load_spec(path)
    message = str(info.value)
    assert "\n" not in message
    assert str(path) in message
    return message


def test_good_file_and_defaults(tmp_path):
    spec = load_spec(write(tmp_path, GOOD))
    assert spec.control_arm == "control"
    assert spec.crn  # policy design by default: common random numbers
    assert spec.design_points() == [{}]
    # the lab design also shares the population (split at random over the arms) unless told not to
    assert load_spec(write(tmp_path, GOOD + 'design = "lab"\n')).crn is True
    no_crn = GOOD + 'design = "lab"\ncommon_random_numbers = false\n'
    assert load_spec(write(tmp_path, no_crn)).crn is False


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ("colour = 'blue'\n", "unknown field 'colour'"),
        ("[arms.x]\nvoorschot_percentage = 0.8\n", "arm 'x': unknown field 'voorschot_percentage'"),
        ("[arms.x]\nletter_month = 'june'\n", "field 'letter_month'"),
        ("[arms.x]\nbehaviour = { no_such_value = 1.0 }\n", "override 'no_such_value' is unknown"),
        ("[arms.x]\nn_households = 5\n", "top-level field 'households'"),
        ("outcomes = ['take_up', 'recovery_share']\n", "unknown metric 'take_up'"),
        ("control = 'placebo'\n", "no arm named 'placebo'"),
        ("[sweep]\nparameters = { letter_mont = [3, 6] }\n", "sweep parameter 'letter_mont'"),
        ("[sweep]\nmethod = 'sobol'\nparameters = { letter_month = [6] }\n", "[low, high]"),
    ],
)
def test_broken_files_give_one_line(tmp_path, change, expected):
    assert expected in error_of(write(tmp_path, GOOD + change))


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("households = 100", "households = -5", "field 'households'"),
        ("households = 100", "households = 'many'", "field 'households'"),
        ("replications = 2", "replications = 1", "field 'replications'"),
        ('name = "tiny"', "", "field 'name' is missing"),
        ("seed = 1", "seed = 1\nyear = 2031", "field 'year'"),
        ("seed = 1", "seed = = 1", "not valid TOML"),
    ],
)
def test_bad_values_give_one_line(tmp_path, old, new, expected):
    assert expected in error_of(write(tmp_path, GOOD.replace(old, new)))


def test_missing_file(tmp_path):
    assert "no such experiment file" in error_of(tmp_path / "nope.toml")


def test_cli_prints_one_line_and_exits_2(tmp_path, capsys):
    path = write(tmp_path, GOOD + "[arms.x]\nvoorschot_percentage = 0.8\n")
    assert main(["run", str(path), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert "unknown field 'voorschot_percentage'" in err
    assert not (tmp_path / "out").exists()


def test_grid_and_sobol_sweeps(tmp_path):
    grid = load_spec(
        write(
            tmp_path, GOOD + "[sweep]\nparameters = { letter_month = [3, 9], letters = [true] }\n"
        )
    )
    assert grid.design_points() == [
        {"letter_month": 3, "letters": True},
        {"letter_month": 9, "letters": True},
    ]
    sobol = load_spec(
        write(
            tmp_path,
            GOOD
            + "[sweep]\nmethod = 'sobol'\nsamples = 4\n"
            + "parameters = { letter_month = [2, 10], 'behaviour.fear_mean' = [0.1, 0.5] }\n",
        )
    )
    points = sobol.design_points()
    assert len(points) == 4 * (2 + 2)
    assert all(isinstance(p["letter_month"], int) and 2 <= p["letter_month"] <= 10 for p in points)
    assert all(0.1 <= p["behaviour.fear_mean"] <= 0.5 for p in points)
    config = sobol.config("voorzichtig", points[0])
    assert config.behaviour == {"fear_mean": points[0]["behaviour.fear_mean"]}
    assert config.voorschot_option == "voorzichtig"


def test_shipped_experiments_are_valid(capsys):
    files = sorted(p.name for p in EXPERIMENTS_DIR.glob("*.toml"))
    assert files == [
        "lab_instelbaar.toml",
        "lab_voorzichtig.toml",
        "letters_and_mutation.toml",
        "population_policies.toml",
    ]
    assert main(["list"]) == 0
    out = capsys.readouterr().out
    for name in files:
        assert name in out
        assert load_spec(EXPERIMENTS_DIR / name).description
