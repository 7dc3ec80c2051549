"""The law: the four toeslagen, their year parameters, the household situation they read.

Layer 1 (bottom). Imports nothing else from the package but ``lab`` (TOESLAGEN) and ``lab.errors``.

- ``parameters``: :class:`YearParams`, the law of one toeslag year, and its loader (``load_year``);
- ``sections``: the sections of a year's law (the toeslagen's values, ``Awir``) and their checks;
- ``entries``: a value with its unit, its source and its verification mark;
- ``kot_table``: the kinderopvangtoeslag income table;
- ``situation``: :class:`Situation`, the facts of households that the awards read;
- ``zorgtoeslag``, ``huurtoeslag``, ``kindgebonden_budget``, ``kinderopvangtoeslag``: the rule of
  one household per toeslag;
- ``awards``: the common rules and all four toeslagen at once (``compute_awards``).

The names the other layers use are in ``__all__``: ``from lab.law import load_year`` imports the
module that holds a name when the name is first asked for (:mod:`lab.public_api`), so importing
this package loads none of its modules.
"""

from typing import TYPE_CHECKING

from lab.public_api import lazy_imports

if TYPE_CHECKING:
    from lab.law.awards import YearRules, compute_awards, household_awards, year_rules
    from lab.law.kinderopvangtoeslag import max_hourly_price
    from lab.law.parameters import (
        PARAMS_DIR,
        YearParams,
        available_years,
        load_year,
        year_dir,
        year_files,
    )
    from lab.law.sections import SECTIONS, Awir
    from lab.law.situation import CHILDCARE_TYPES, Situation, household_size_compiled

__all__ = [
    "CHILDCARE_TYPES",
    "PARAMS_DIR",
    "SECTIONS",
    "Awir",
    "Situation",
    "YearParams",
    "YearRules",
    "available_years",
    "compute_awards",
    "household_awards",
    "household_size_compiled",
    "load_year",
    "max_hourly_price",
    "year_dir",
    "year_files",
    "year_rules",
]
__getattr__ = lazy_imports(__name__, __file__)
