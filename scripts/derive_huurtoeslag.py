"""Print the huurtoeslag basishuur of every year as the engine derives it from the law's inputs.

For each year with a parameter file: the factors a and b of the normhuur ``a*Y^2 + b*Y`` (Wet op
de huurtoeslag art. 19(2), up to 2025), the normhuur at the minimum-inkomensijkpunt and the minimum
basishuur (after the taakstellingsbedrag of the Wet verlaging eigen bijdrage huurtoeslag), per
household type, next to the factors the Belastingdienst publishes where known. The derivation is
:func:`lab.law.huurtoeslag.basishuur_parameters`, the one the awards use; this script only prints.
"""

from __future__ import annotations

from lab.law.huurtoeslag import basishuur_parameters
from lab.law.parameters import available_years, load_year

#: Factors as published (Belastingdienst proefberekening toeslagen; Regeling huurtoeslagparameters).
PUBLISHED = {
    (2016, "single"): ("0,000000720374", "0,002180910066"),  # Regeling huurtoeslaggrenzen 2016
    (2016, "multi"): ("0,000000410057", "0,002089580094"),
    (2022, "single"): ("0,000000596879", "0,002363459319"),  # agency calculator 2022
    (2022, "multi"): ("0,000000342858", "0,002093692299"),
    (2023, "single"): ("0,000000474433", "0,002448638402"),  # Regeling huurtoeslaggrenzen 2023
    (2023, "multi"): ("0,000000279402", "0,001893212113"),
    (2024, "single"): ("0,000000413370", "0,002393492603"),
    (2024, "multi"): ("0,000000244490", "0,001807837711"),
    (2025, "single"): ("0,000000438698", "0,000446392665"),
    (2025, "multi"): ("0,000000298184", "-0,001382497146"),
}


def printed(value: float) -> str:
    """A factor as the regulation prints it: 12 decimals, decimal comma."""
    return f"{value:.12f}".replace(".", ",")


def main() -> None:
    """Print one line per year and household type."""
    for year in available_years():
        for kind, derived in basishuur_parameters(load_year(year).huurtoeslag).items():
            published = PUBLISHED.get((year, kind))
            check = ""
            if published:
                same = (printed(derived.factor_a), printed(derived.factor_b)) == published
                check = (
                    f"  published {published[0]} / {published[1]}: {'same' if same else 'DIFFERS'}"
                )
            print(
                f"{year} {kind:<6} a = {printed(derived.factor_a)}  b = {printed(derived.factor_b)}"
                f"  normhuur at ijkpunt {derived.normhuur_minimum:.2f}"
                f"  minimum basishuur {derived.min_basishuur:.2f}{check}"
            )


if __name__ == "__main__":
    main()
