import numpy as np
import pytest

from lab.errors import InputError
from lab.law.situation import Situation


def columns(n=3, k=2):
    return dict(
        income=np.zeros(n),
        has_partner=np.zeros(n, bool),
        assets=np.zeros(n),
        rent=np.zeros(n),
        service_costs=np.zeros(n),
        n_persons=np.ones(n, int),
        child_ages=-np.ones((n, k), int),
        childcare_hours=np.zeros((n, k)),
        childcare_type=np.zeros((n, k), np.int8),
        childcare_price=np.zeros((n, k)),
    )


def test_valid_columns_are_coerced():
    s = Situation(**columns())
    assert s.n == 3
    assert s.childcare_type.dtype == np.int8
    assert s.has_partner.dtype == bool


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("rent", np.zeros(4), r"rent has shape \(4,\); expected \(3,\)"),
        ("child_ages", -np.ones(3, int), r"child_ages has shape \(3,\); expected \(3, K\)"),
        ("childcare_hours", np.zeros((3, 1)), r"childcare_hours has shape \(3, 1\)"),
        ("n_persons", np.zeros(3, int), "n_persons must be at least 1"),
        ("childcare_type", np.full((3, 2), 5), "childcare_type must be 0..3"),
        ("assets", -np.ones(3), "assets must not be negative"),
    ],
)
def test_bad_shapes_and_values(name, value, message):
    with pytest.raises(InputError, match=message):
        Situation(**{**columns(), name: value})


def test_one_household_defaults():
    s = Situation.one(30_000, partner=True, child_ages=[4, 7])
    assert s.n == 1
    assert s.n_persons[0] == 4
    assert s.child_ages.shape == (1, 2)


def test_one_household_rejects_unknown_care_type():
    with pytest.raises(InputError, match="unknown childcare type 'creche'"):
        Situation.one(30_000, child_ages=[4], childcare_type="creche")


def test_one_household_needs_one_value_per_child():
    with pytest.raises(InputError, match=r"childcare_hours needs one value per child \(2\)"):
        Situation.one(30_000, child_ages=[4, 5], childcare_hours=[10.0])
