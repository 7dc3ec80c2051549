"""The sections of a toeslag year's law: what each part of the law holds, and its checks.

A toeslag year's folder has one file per section (:data:`SECTIONS`): the values of the four
toeslagen (:data:`TOESLAG_SECTIONS`) and the Awir's settings. Each section is a pydantic model that
rejects unknown keys and loose types, and names the law behind its values; :func:`describe_errors`
turns pydantic's errors into one line naming the file, the key and what was expected.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

#: Sections holding the law's values of the four toeslagen (the ``awir`` section holds settings).
TOESLAG_SECTIONS: tuple[str, ...] = (
    "zorgtoeslag",
    "huurtoeslag",
    "kindgebonden_budget",
    "kinderopvangtoeslag",
)
#: The files of a toeslag year's folder: one per section, named after it.
SECTIONS: tuple[str, ...] = (*TOESLAG_SECTIONS, "awir")


class _Section(BaseModel):
    """A section of a parameter file: unknown keys and loose types are rejected."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class Zorgtoeslag(_Section):
    """Zorgtoeslag: standard premium minus the normpremie the household pays itself."""

    standaardpremie: float = Field(gt=0)
    drempelinkomen: float = Field(gt=0)
    normpremie_pct_single: float = Field(ge=0, le=1)
    normpremie_pct_partner: float = Field(ge=0, le=1)
    normpremie_pct_above_drempel: float = Field(ge=0, le=1)
    vermogensgrens_single: float = Field(ge=0)
    vermogensgrens_partner: float = Field(ge=0)


class _HuurtoeslagCommon(_Section):
    """What every huurtoeslag year has: the law's limits, slices, ijkpunten and normhuur inputs.

    The basishuur is not a parameter: :func:`lab.law.huurtoeslag.basishuur_parameters` derives it
    from these inputs of the law (Wet op de huurtoeslag, BWBR0008659, art. 16-19 and 21; Wet
    verlaging eigen bijdrage huurtoeslag, BWBR0049106, art. 1).
    """

    kwaliteitskortingsgrens: float = Field(gt=0)
    aftoppingsgrens_small: float = Field(gt=0)
    aftoppingsgrens_large: float = Field(gt=0)
    maximale_huurgrens: float = Field(gt=0)
    max_huur_is_eligibility: bool
    max_service_costs: float = Field(ge=0)
    jongerengrens: float = Field(gt=0)
    jongeren_max_age: int = Field(ge=0, le=30)
    jongerengrens_is_eligibility: bool
    share_below_kkg: float = Field(ge=0, le=1)
    share_kkg_to_ag: float = Field(ge=0, le=1)
    share_above_ag_single: float = Field(ge=0, le=1)
    share_above_ag_multi: float = Field(ge=0, le=1)
    vermogensgrens_single: float = Field(ge=0)
    vermogensgrens_partner: float = Field(ge=0)
    minimum_inkomensijkpunt_single: float = Field(gt=0)
    minimum_inkomensijkpunt_multi: float = Field(gt=0)
    normhuur_minimum: float = Field(gt=0)
    normhuur_minimum_verlaging_single: float = Field(ge=0)
    normhuur_minimum_verlaging_multi: float = Field(ge=0)
    taakstellingsbedrag: float
    medebewoner_kind_vrijstelling: float = Field(ge=0)
    medebewoner_kind_max_age: int = Field(ge=0, le=30)


class HuurtoeslagQuadratic(_HuurtoeslagCommon):
    """Huurtoeslag up to 2025: the normhuur quota runs linearly between two ijkpunten (art. 19).

    The same form holds from 2016 (the text of art. 17-19 is unchanged); up to 2019 the law also
    had a hard maximum income, the norminkomen of art. 14 (``inkomensgrens_*``).

    Above the minimum-inkomensijkpunt the normhuur is ``a*Y^2 + b*Y`` (euro per month, Y the
    yearly rekeninkomen), with a and b derived from the normhuur at the minimum-inkomensijkpunt
    and at the referentie-inkomensijkpunt (art. 17-19).
    """

    structure: Literal["quadratic"]
    #: Up to 2019 the norminkomen: no huurtoeslag when the rekeninkomen is above it (art. 14(1),
    #: (3)); absent (None) from 2020, when the hard income limit was abolished.
    inkomensgrens_single: float | None = Field(default=None, gt=0)
    inkomensgrens_multi: float | None = Field(default=None, gt=0)
    referentie_inkomensijkpunt_single: float = Field(gt=0)
    referentie_inkomensijkpunt_multi: float = Field(gt=0)
    normhuur_referentie: float = Field(gt=0)
    normhuur_referentie_verlaging_single: float = Field(ge=0)
    normhuur_referentie_verlaging_multi: float = Field(ge=0)


class HuurtoeslagLinear(_HuurtoeslagCommon):
    """Huurtoeslag from 2026: a fixed normhuur and a linear afbouw above the ijkpunt.

    The normhuur at the minimum-inkomensijkpunt holds for every income, and the award is lowered
    by a percentage of the income above that ijkpunt (art. 16, 17 and 21(2)).
    """

    structure: Literal["linear"]
    afbouw_pct_single: float = Field(ge=0, le=1)
    afbouw_pct_multi: float = Field(ge=0, le=1)


Huurtoeslag = Annotated[HuurtoeslagQuadratic | HuurtoeslagLinear, Field(discriminator="structure")]


class KindgebondenBudget(_Section):
    """Kindgebonden budget: amounts per child plus the alleenstaande-ouderkop, minus the afbouw."""

    #: The amount for the first child (from 2024 the amount for every child), euro per year.
    bedrag_per_kind: float = Field(ge=0)
    #: Before 2024 (Wet op het kindgebonden budget, BWBR0022751, art. 2(2) of that year) the
    #: maximum depended on the number of children: one amount for one child, a higher one for two
    #: and three children, plus an amount for each further child. Stored as the increase for the
    #: second child, the third child and each further child (euro per year; ``None``: equal to
    #: ``bedrag_per_kind``, the rule from 2024).
    bedrag_tweede_kind: float | None = Field(None, ge=0)
    bedrag_derde_kind: float | None = Field(None, ge=0)
    bedrag_volgend_kind: float | None = Field(None, ge=0)
    extra_12_15: float = Field(ge=0)
    extra_16_17: float = Field(ge=0)
    alleenstaande_ouderkop: float = Field(ge=0)
    drempel_single: float = Field(ge=0)
    drempel_partner: float = Field(ge=0)
    afbouw_pct: float = Field(ge=0, le=1)
    max_child_age: int = Field(ge=0, le=30)
    vermogensgrens_single: float = Field(ge=0)
    vermogensgrens_partner: float = Field(ge=0)
    #: From 2027 a second knikpunt: above it the afbouw is ``afbouw_pct_boven_knikpunt``
    #: (euro per year; ``None`` in years without one).
    afbouw_knikpunt: float | None = Field(None, gt=0)
    afbouw_pct_boven_knikpunt: float | None = Field(None, ge=0, le=1)


class Kinderopvangtoeslag(_Section):
    """Kinderopvangtoeslag: maximum hourly prices, hour cap and the income table file."""

    max_uurprijs_dagopvang: float = Field(gt=0)
    max_uurprijs_bso: float = Field(gt=0)
    max_uurprijs_gastouder: float = Field(gt=0)
    max_hours_per_month: float = Field(gt=0)
    max_child_age: int = Field(ge=0, le=30)
    income_table: str = Field(min_length=1)


class Awir(_Section):
    """Awir settings: minimum award, DT, collection, interest and the estimate's continuation.

    The arms' voorschot percentages are policy, not law: ``lab/params/arms.toml``
    (:func:`lab.policy.arms.arm_settings`).
    """

    minimum_award: float = Field(ge=0)
    dt_threshold: float = Field(ge=0)
    high_recovery_threshold: float = Field(ge=0)
    arrangement_max_terms: int = Field(ge=1)
    arrangement_min_instalment: float = Field(ge=0)
    payment_due_weeks: int = Field(ge=0)
    nabetaling_weeks: int = Field(ge=0)
    interest_rate: float = Field(ge=0, le=1)
    interest_enabled: bool
    interest_start_month: int = Field(ge=1, le=12)
    dt_month: int = Field(ge=6, le=12)
    report_weeks: int = Field(ge=0)
    estimate_indexation: float = Field(ge=-1, le=1)
    #: The calendar month in which the agency re-estimates the year's income of a running toeslag
    #: from the previous year's income it learnt from the aangifte inkomstenbelasting (lab.model.
    #: estimate, :func:`reestimate`); 0: no re-estimate.
    reestimate_month: int = Field(ge=0, le=11)
    kgb_automatic: bool


class YearSections(_Section):
    """The five sections of one toeslag year, as the files give them (values only)."""

    zorgtoeslag: Zorgtoeslag
    huurtoeslag: Huurtoeslag
    kindgebonden_budget: KindgebondenBudget
    kinderopvangtoeslag: Kinderopvangtoeslag
    awir: Awir


_EXPECTED = {
    "float_type": "a number",
    "int_type": "a whole number",
    "bool_type": "true or false",
    "string_type": "text",
    "literal_error": "one of the allowed texts",
}


def describe_errors(exc: ValidationError, files: dict[str, str], values: dict[str, Any]) -> str:
    """Turn pydantic's errors into one line naming the file, the key and what was expected.

    ``files`` maps each section to the name of the file it was read from.
    """
    problems = []
    named: list[str] = []
    for error in exc.errors():
        loc = [str(part) for part in error["loc"]]
        if len(loc) >= 2 and loc[0] == "huurtoeslag" and loc[1] in ("quadratic", "linear"):
            loc = [loc[0], *loc[2:]]  # drop the discriminator tag pydantic inserts
        key = ".".join(loc)
        named.append(files.get(loc[0], next(iter(files.values()))) if loc else "")
        kind = error["type"]
        if kind == "missing":
            problems.append(f"missing key '{key}' (expected {{ value = ..., unit, source, mark }})")
        elif kind == "extra_forbidden":
            problems.append(f"unknown key '{key}' (remove it or check its spelling)")
        elif kind in ("union_tag_invalid", "union_tag_not_found"):
            problems.append(f'key \'{key}.structure\' must be "quadratic" or "linear"')
        elif kind == "model_type" or kind == "dict_type":
            problems.append(f"'{key}' must be a section of entries")
        else:
            got = error.get("input")
            expected = _EXPECTED.get(kind, error["msg"].lower())
            problems.append(
                f"key '{key}' has value {got!r} ({type(got).__name__}); expected {expected}"
                if kind in _EXPECTED
                else f"key '{key}' has value {got!r}: {expected}"
            )
    shown = "; ".join(
        f"{where}: {problem}" for where, problem in zip(named[:3], problems[:3], strict=True)
    )
    more = f" (and {len(problems) - 3} more)" if len(problems) > 3 else ""
    return f"{shown}{more}"
