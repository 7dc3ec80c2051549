"""Configuration of one simulation run: the population, the years and the policy arm.

An experiment arm is a set of overrides of these fields; :func:`ModelConfig.with_overrides` applies
them and reports unknown or mistyped fields in one readable message.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from lab.errors import InputError
from lab.policy.arms import ArmName


class ModelConfig(BaseModel):
    """Everything one run of the model needs apart from its seed.

    Amounts are euro; percentages are fractions (0.8 = 80%). ``None`` means "take the value from the
    year's parameter file".
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    n_households: int = Field(10_000, ge=1, le=6_000_000, description="simulated households")
    year: int = Field(2026, ge=2016, le=2027, description="first toeslag year simulated")
    n_years: int = Field(1, ge=1, le=3, description="consecutive toeslag years simulated")
    voorschot_option: ArmName = Field(
        "control",
        description="control: 100% only; voorzichtig: 80% or 100%; instelbaar: any from the floor",
    )
    voorschot_floor: float | None = Field(None, ge=0.0, le=1.0, description="lowest percentage")
    letters: bool = Field(False, description="agency sends attenderingen on income changes")
    letter_month: int = Field(6, ge=1, le=11, description="calendar month the letters go out")
    muteren: bool = Field(False, description="agency raises the estimate itself after a letter")
    muteren_fluctuating: bool = Field(
        False, description="muteren also for fluctuating incomes (flex, self-employed)"
    )
    outreach: bool = Field(False, description="proactive letters to eligible non-users")
    dt_threshold: float | None = Field(None, ge=0.0, description="doelmatigheidsgrens, euro")
    interest_enabled: bool | None = Field(None, description="art. 27 interest switch")
    arrangement_max_terms: int | None = Field(None, ge=1, le=120, description="max terms")
    behaviour: dict[str, float] = Field(
        default_factory=dict, description="overrides of lab/params/behaviour.toml values"
    )
    population: dict[str, float] = Field(
        default_factory=dict, description="overrides of lab/params/population.toml values"
    )

    @model_validator(mode="after")
    def _years_have_parameters(self) -> ModelConfig:
        from lab.law.parameters import available_years

        years = available_years()
        missing = [y for y in range(self.year, self.year + self.n_years) if y not in years]
        if missing:
            raise ValueError(
                f"no law parameters for year(s) {missing}; with year {self.year} use n_years <= "
                f"{max(years) - self.year + 1} (parameter years: {', '.join(map(str, years))})"
            )
        return self

    @model_validator(mode="after")
    def _floor_below_cautious(self) -> ModelConfig:
        from lab.policy.arms import highest_floor

        highest = highest_floor()
        if self.voorschot_floor is not None and self.voorschot_floor > highest:
            raise ValueError(
                f"voorschot_floor must be at most {highest:g} so the voorzichtig option "
                f"({highest * 100:g}%) stays possible"
            )
        return self

    def with_overrides(self, overrides: dict[str, Any], where: str = "overrides") -> ModelConfig:
        """Return a copy with ``overrides`` applied and validated; InputError names the field."""
        return build_config({**self.model_dump(), **overrides}, where=where)


def build_config(values: dict[str, Any], where: str = "config") -> ModelConfig:
    """Validate ``values`` into a ModelConfig; errors name the field and what was expected."""
    try:
        return ModelConfig(**values)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"]) or "(config)"
        if first["type"] == "extra_forbidden":
            known = ", ".join(sorted(ModelConfig.model_fields))
            raise InputError(f"{where}: unknown field '{field}'; known fields: {known}") from None
        raise InputError(f"{where}: field '{field}': {first['msg']}") from None
