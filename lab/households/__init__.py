"""Households: the synthetic population, income paths, traits and decisions, random streams.

Layer 3. Imports only the law and Awir layers (and ``lab``, ``lab.errors``, ``lab.valuefile``).

- ``population``: the synthetic households, column-wise; ``household``: one described household;
- ``macro``, ``conditions``: the indices and the macro conditions of each calendar year;
- ``income``: the monthly income paths, ``income_draws``: their random draws; ``rent``: the
  yearly rent rise; ``coresidents``: adult children at home;
- ``behaviour``: traits and decisions; ``reporting``: reporting a change, reacting to letters;
- ``state``: :class:`Households`, the one owner of a run's population;
- ``year_awards``: a household's four awards in a year; ``experience``: how the year felt;
- ``streams``: named, seeded random streams.

The names the other layers use are in ``__all__``: ``from lab.households import stream`` imports
the module that holds a name when the name is first asked for (:mod:`lab.public_api`), so
importing this package loads none of its modules. ``year_awards`` is the module: its function
of the same name is ``lab.households.year_awards.year_awards`` (a submodule, once imported, is the
package's attribute of its name).
"""

from typing import TYPE_CHECKING

from lab.public_api import lazy_imports

if TYPE_CHECKING:
    from lab.households.behaviour import (
        Traits,
        choose_percentage,
        continue_probability,
        draw_traits,
        recovery_outlook,
        take_up_probability,
        update_fear,
    )
    from lab.households.coresidents import Coresidents, actual, draw_coresidents
    from lab.households.experience import (
        COMPONENTS,
        experience_components,
        experience_terms,
        score_of,
    )
    from lab.households.household import household_situation, parse_child_ages
    from lab.households.income import (
        EVENT_JOB_LOSS,
        EVENT_JOB_START,
        EVENT_NAMES,
        IncomePaths,
        draw_income_paths,
    )
    from lab.households.income_draws import IncomeDraws, start_income_draws
    from lab.households.population import (
        BENEFIT,
        FLEX,
        INCOME_TYPES,
        PENSION,
        SELF_EMPLOYED,
        STABLE,
        Population,
        build_population,
    )
    from lab.households.rent import new_rent_share, rise_known, rise_month, yearly_rises
    from lab.households.reporting import (
        keeps_mutation,
        letter_reaction_probability,
        reacts_to_letter,
        reporting_rates,
        reports,
    )
    from lab.households.state import Households
    from lab.households.streams import stream

__all__ = [
    "BENEFIT",
    "COMPONENTS",
    "EVENT_JOB_LOSS",
    "EVENT_JOB_START",
    "EVENT_NAMES",
    "FLEX",
    "INCOME_TYPES",
    "PENSION",
    "SELF_EMPLOYED",
    "STABLE",
    "Coresidents",
    "Households",
    "IncomeDraws",
    "IncomePaths",
    "Population",
    "Traits",
    "actual",
    "build_population",
    "choose_percentage",
    "continue_probability",
    "draw_coresidents",
    "draw_income_paths",
    "draw_traits",
    "experience_components",
    "experience_terms",
    "household_situation",
    "keeps_mutation",
    "letter_reaction_probability",
    "new_rent_share",
    "parse_child_ages",
    "reacts_to_letter",
    "recovery_outlook",
    "reporting_rates",
    "reports",
    "rise_known",
    "rise_month",
    "score_of",
    "start_income_draws",
    "stream",
    "take_up_probability",
    "update_fear",
    "year_awards",
    "yearly_rises",
]
__getattr__ = lazy_imports(__name__, __file__)
