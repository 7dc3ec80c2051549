"""Derive the 2024 huurtoeslag basishuur factors a and b and the minimum basishuur.

The 2024 Regeling huurtoeslaggrenzen was not reachable. The factors are fitted so that the
quadratic basishuur ``a*Y^2 + b*Y`` (before the taakstellingsbedrag of -37.72, BWBR0049106):

1. equals the gross minimum basishuur at the 2024 minimum-inkomensijkpunt (20,700 single,
   26,975 multi; toeslagenaanvragen.net), and
2. reaches, at the published 2024 income limit at the maximale huurgrens (44,098 single, 49,250
   couple; bergopwaarts.nl), the basishuur at which the award falls to the 24-euro minimum:
   879.66 - 2/0.40 for a single (40% slice above AG) and 650.43 - 2/0.65 for a couple (no slice
   above AG for multi-person households in 2024, 65% slice up to the AG).

The gross minimum basishuur of 2024 is the geometric mean of 2023 (225.54, woonbond.nl) and 2025
(199.05 + 37.14 single, 197.24 + 37.14 multi). Prints the values written to awir_2024.toml.
"""

from __future__ import annotations

import math

TAAKSTELLING_2024 = -37.72
TAAKSTELLING_2025 = -37.14
MIN_GROSS_2023 = 225.54
MAX_HUUR_2024, AG_SMALL_2024 = 879.66, 650.43
MONTHLY_MINIMUM = 24 / 12

CASES = {
    "single": (20_700, 199.05, 44_098, MAX_HUUR_2024 - MONTHLY_MINIMUM / 0.40),
    "multi": (26_975, 197.24, 49_250, AG_SMALL_2024 - MONTHLY_MINIMUM / 0.65),
}


def main() -> None:
    """Solve the two equations per household type and print the parameters."""
    for name, (ijkpunt, min_net_2025, limit, basishuur_at_limit) in CASES.items():
        min_gross = math.sqrt(MIN_GROSS_2023 * (min_net_2025 - TAAKSTELLING_2025))
        target = basishuur_at_limit - TAAKSTELLING_2024
        # a*y0^2 + b*y0 = min_gross;  a*y1^2 + b*y1 = target
        y0, y1 = float(ijkpunt), float(limit)
        det = y0 * y0 * y1 - y1 * y1 * y0
        a = (min_gross * y1 - target * y0) / det
        b = (y0 * y0 * target - y1 * y1 * min_gross) / det
        print(
            f"{name}: factor_a = {a:.6e}, factor_b = {b:.6e}, "
            f"min_basishuur = {min_gross + TAAKSTELLING_2024:.2f} (net of the taakstelling)"
        )


if __name__ == "__main__":
    main()
