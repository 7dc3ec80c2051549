"""Situation: the column-wise facts of households that the toeslag awards read.

One array per fact, length ``n`` (households), or shape ``(n, K)`` for facts per child (``K`` = the
largest number of children, shorter households padded with age -1). The same object describes one
household (``n = 1``, see :meth:`Situation.one`) or a whole population.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from typing import Any

import numba
import numpy as np

from lab.errors import InputError


def household_size(partner: Any, n_children: Any, coresident: Any) -> Any:
    """Persons in the household: the applicant, a toeslagpartner, the children and a medebewoner.

    The huurtoeslag counts every person living in the home (Wet op de huurtoeslag art. 1: the
    medebewoner, the meerpersoonshuishouden); ``partner`` and ``coresident`` are 0 or 1. Numbers
    or arrays of households; :data:`household_size_compiled` is the same rule in a compiled pass.
    """
    return 1 + partner + n_children + coresident


#: :func:`household_size` for compiled passes over households (inlined).
household_size_compiled = numba.njit(cache=True, inline="always")(household_size)


#: Childcare types as stored in ``Situation.childcare_type``.
CHILDCARE_TYPES: dict[str, int] = {"none": 0, "dagopvang": 1, "bso": 2, "gastouder": 3}

_HOUSEHOLD_COLUMNS = {
    "income": np.float64,
    "has_partner": np.bool_,
    "assets": np.float64,
    "rent": np.float64,
    "service_costs": np.float64,
    "n_persons": np.int64,
}
_CHILD_COLUMNS = {
    "child_ages": np.int64,
    "childcare_hours": np.float64,
    "childcare_type": np.int8,
    "childcare_price": np.float64,
}


@dataclass(frozen=True)
class Situation:
    """The facts of ``n`` households for one toeslag year (arrays, see docs/architecture.md).

    Attributes:
        income: toetsingsinkomen, joint with the toeslagpartner, euro per year.
        has_partner: the household has a toeslagpartner.
        assets: vermogen on 1 January of the year, whole household, euro.
        rent: kale huur, euro per month (0 = not renting).
        service_costs: service costs, euro per month.
        n_persons: persons in the household (applicant, partner, children, co-residents).
        child_ages: age of each child on 1 January, shape (n, K); -1 = no child in that slot.
        childcare_hours: hours of childcare per month per child, shape (n, K).
        childcare_type: 0 none, 1 dagopvang, 2 bso, 3 gastouder, shape (n, K).
        childcare_price: hourly price charged, euro per hour, shape (n, K).
        applicant_age: age of the oldest adult (youth rule of the huurtoeslag); ``None`` means
            every household is past the youth limit.
        parents_work: every parent (the applicant and the toeslagpartner, or the single parent)
            works, studies or follows a trajectory (Wet kinderopvang, BWBR0017017, art. 1.6), the
            condition for kinderopvangtoeslag; ``None`` means every household meets it.
        coresident_income: toetsingsinkomen of the medebewoners (co-residents other than the
            toeslagpartner, e.g. an adult child living at home), euro per year; it counts for the
            huurtoeslag only (Awir art. 7(2)); ``None`` means none (0).
        coresident_child_age: age on 1 January of a medebewoner who is a child of the applicant
            or partner (the vrijstelling under 23, Awir art. 7(6)); -1 means no such child (the
            medebewoners' income counts in full); ``None`` means -1 for every household.
    """

    income: np.ndarray
    has_partner: np.ndarray
    assets: np.ndarray
    rent: np.ndarray
    service_costs: np.ndarray
    n_persons: np.ndarray
    child_ages: np.ndarray
    childcare_hours: np.ndarray
    childcare_type: np.ndarray
    childcare_price: np.ndarray
    applicant_age: np.ndarray | None = None
    parents_work: np.ndarray | None = None
    coresident_income: np.ndarray | None = None
    coresident_child_age: np.ndarray | None = None

    def __post_init__(self) -> None:
        """Coerce the columns to their dtypes and check their shapes and ranges."""
        columns = {**_HOUSEHOLD_COLUMNS, **_CHILD_COLUMNS}
        for name, dtype in columns.items():
            object.__setattr__(self, name, np.asarray(getattr(self, name), dtype=dtype))
        n = self.income.shape[0] if self.income.ndim == 1 else -1
        if n < 0:
            raise InputError(f"Situation.income must be one-dimensional, got {self.income.shape}")
        for name in _HOUSEHOLD_COLUMNS:
            if getattr(self, name).shape != (n,):
                raise InputError(
                    f"Situation.{name} has shape {getattr(self, name).shape}; expected ({n},)"
                )
        if self.child_ages.ndim != 2 or self.child_ages.shape[0] != n:
            raise InputError(
                f"Situation.child_ages has shape {self.child_ages.shape}; expected ({n}, K)"
            )
        for name in _CHILD_COLUMNS:
            if getattr(self, name).shape != self.child_ages.shape:
                raise InputError(
                    f"Situation.{name} has shape {getattr(self, name).shape}; expected "
                    f"{self.child_ages.shape} like child_ages"
                )
        if self.applicant_age is not None:
            object.__setattr__(self, "applicant_age", np.asarray(self.applicant_age, np.int64))
            if self.applicant_age.shape != (n,):
                raise InputError(f"Situation.applicant_age must have shape ({n},)")
        parents_work = np.ones(n, dtype=bool) if self.parents_work is None else self.parents_work
        parents_work = np.asarray(parents_work, dtype=bool)
        object.__setattr__(self, "parents_work", parents_work)
        if parents_work.shape != (n,):
            raise InputError(f"Situation.parents_work must have shape ({n},)")
        for name, dtype, none in (
            ("coresident_income", np.float64, 0.0),
            ("coresident_child_age", np.int64, -1),
        ):
            value = getattr(self, name)
            column = np.full(n, none, dtype=dtype) if value is None else np.asarray(value, dtype)
            if column.shape != (n,):
                raise InputError(f"Situation.{name} must have shape ({n},)")
            object.__setattr__(self, name, column)
        if np.any(self.n_persons < 1):
            raise InputError("Situation.n_persons must be at least 1")
        if np.any((self.childcare_type < 0) | (self.childcare_type > 3)):
            raise InputError(
                "Situation.childcare_type must be 0..3 (none, dagopvang, bso, gastouder)"
            )
        for name in (
            "assets",
            "rent",
            "service_costs",
            "childcare_hours",
            "childcare_price",
            "coresident_income",
        ):
            if np.any(getattr(self, name) < 0):
                raise InputError(f"Situation.{name} must not be negative")

    @property
    def n(self) -> int:
        """Number of households."""
        return int(self.income.shape[0])

    @property
    def has_child(self) -> np.ndarray:
        """Boolean (n, K): the slot holds a child."""
        return self.child_ages >= 0

    @classmethod
    def one(
        cls,
        income: float,
        *,
        partner: bool = False,
        assets: float = 0.0,
        rent: float = 0.0,
        service_costs: float = 0.0,
        child_ages: Sequence[int] = (),
        childcare_hours: float | Sequence[float] = 0.0,
        childcare_type: str | Sequence[str] = "none",
        childcare_price: float | Sequence[float] = 0.0,
        n_persons: int | None = None,
        applicant_age: int | None = None,
        parents_work: bool = True,
        coresident_income: float = 0.0,
        coresident_child_age: int | None = None,
    ) -> Situation:
        """Build the situation of one household (n = 1).

        Args:
            income: joint toetsingsinkomen, euro per year.
            partner: has a toeslagpartner.
            assets: vermogen on 1 January, euro.
            rent: kale huur, euro per month.
            service_costs: service costs, euro per month.
            child_ages: ages of the children.
            childcare_hours: hours per month, one number for every child or one per child.
            childcare_type: "none", "dagopvang", "bso" or "gastouder", one or one per child.
            childcare_price: euro per hour, one or one per child.
            n_persons: household size; default adults plus children, plus one medebewoner when
                ``coresident_income`` or ``coresident_child_age`` is given.
            applicant_age: age of the oldest adult, for the huurtoeslag youth rule.
            parents_work: every parent works, studies or follows a trajectory (Wet kinderopvang
                art. 1.6); without it no kinderopvangtoeslag.
            coresident_income: toetsingsinkomen of a medebewoner (not one of ``child_ages``),
                euro per year; huurtoeslag only.
            coresident_child_age: the medebewoner's age on 1 January when it is a child of the
                applicant or partner (the vrijstelling under 23); None: not a child, counted in
                full.
        """
        k = len(child_ages)

        def per_child(value: object, name: str) -> list:
            if isinstance(value, str) or not isinstance(value, Sequence):
                return [value] * k
            if len(value) != k:
                raise InputError(f"{name} needs one value per child ({k}), got {len(value)}")
            return list(value)

        types = per_child(childcare_type, "childcare_type")
        unknown = [t for t in types if t not in CHILDCARE_TYPES]
        if unknown:
            raise InputError(
                f"unknown childcare type {unknown[0]!r}; use one of {', '.join(CHILDCARE_TYPES)}"
            )
        coresident = coresident_income > 0 or coresident_child_age is not None
        size = n_persons
        if size is None:
            size = household_size(int(partner), k, int(coresident))
        return cls(
            income=np.asarray([income], dtype=np.float64),
            has_partner=np.asarray([partner], dtype=np.bool_),
            assets=np.asarray([assets], dtype=np.float64),
            rent=np.asarray([rent], dtype=np.float64),
            service_costs=np.asarray([service_costs], dtype=np.float64),
            n_persons=np.asarray([size], dtype=np.int64),
            child_ages=np.asarray([list(child_ages)], dtype=np.int64).reshape(1, k),
            childcare_hours=np.asarray([per_child(childcare_hours, "childcare_hours")]).reshape(
                1, k
            ),
            childcare_type=np.asarray([[CHILDCARE_TYPES[t] for t in types]]).reshape(1, k),
            childcare_price=np.asarray([per_child(childcare_price, "childcare_price")]).reshape(
                1, k
            ),
            applicant_age=None
            if applicant_age is None
            else np.asarray([applicant_age], dtype=np.int64),
            parents_work=np.asarray([parents_work], dtype=bool),
            coresident_income=np.asarray([coresident_income], dtype=np.float64),
            coresident_child_age=np.asarray(
                [-1 if coresident_child_age is None else coresident_child_age], dtype=np.int64
            ),
        )

    @classmethod
    def build(
        cls,
        income: np.ndarray | Sequence[float] | float,
        *,
        has_partner: np.ndarray | bool = False,
        assets: np.ndarray | float = 0.0,
        rent: np.ndarray | float = 0.0,
        service_costs: np.ndarray | float = 0.0,
        n_persons: np.ndarray | int | None = None,
        child_ages: np.ndarray | Sequence[int] = (),
        childcare_hours: np.ndarray | float = 0.0,
        childcare_type: np.ndarray | int = 0,
        childcare_price: np.ndarray | float = 0.0,
        applicant_age: np.ndarray | int | None = None,
        parents_work: np.ndarray | bool = True,
        coresident_income: np.ndarray | float = 0.0,
        coresident_child_age: np.ndarray | int = -1,
    ) -> Situation:
        """Build ``n`` households from columns, broadcasting scalars (n = length of ``income``).

        ``child_ages`` is either one list of ages shared by every household or an (n, K) array.
        The childcare columns are a scalar, one value per household (shape (n,)) or an array
        that broadcasts to (n, K). ``n_persons`` defaults to adults plus children, plus one
        medebewoner where ``coresident_income`` is above 0 or ``coresident_child_age`` at least 0.
        """
        income = np.atleast_1d(np.asarray(income, dtype=np.float64))
        n = income.shape[0]
        ages = np.asarray(child_ages, dtype=np.int64)
        if ages.ndim == 1:
            ages = np.broadcast_to(ages, (n, ages.shape[0]))
        partner = np.broadcast_to(np.asarray(has_partner, dtype=bool), (n,))
        if n_persons is None:
            coresident = (np.asarray(coresident_income) > 0) | (
                np.asarray(coresident_child_age) >= 0
            )
            n_children = (ages >= 0).sum(axis=1)
            n_persons = household_size(partner.astype(np.int64), n_children, coresident)

        def column(value: object) -> np.ndarray:
            return np.broadcast_to(np.asarray(value), (n,)).copy()

        def per_child(value: object) -> np.ndarray:
            array = np.asarray(value)
            if array.ndim == 1:
                array = array[:, None]  # one value per household, for each of its children
            return np.broadcast_to(array, ages.shape).copy()

        return cls(
            income=income,
            has_partner=partner.copy(),
            assets=column(assets),
            rent=column(rent),
            service_costs=column(service_costs),
            n_persons=column(n_persons),
            child_ages=ages.copy(),
            childcare_hours=per_child(childcare_hours),
            childcare_type=per_child(childcare_type),
            childcare_price=per_child(childcare_price),
            applicant_age=None if applicant_age is None else column(applicant_age),
            parents_work=column(np.asarray(parents_work, dtype=bool)),
            coresident_income=column(coresident_income),
            coresident_child_age=column(coresident_child_age),
        )

    def replace(self, **changes: object) -> Situation:
        """Return a copy with some columns replaced (validated again)."""
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        values.update(changes)
        return Situation(**values)
