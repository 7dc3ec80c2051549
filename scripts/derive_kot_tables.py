"""Derive the kinderopvangtoeslag income tables 2024 and 2025 from the official 2026 table.

No complete official 2024 or 2025 table was reachable (see docs/parameters.md). This script writes
``lab/params/law/2024/kinderopvangtoeslag.csv`` and ``_2025.csv`` from:

* the official 2026 table (``lab/params/law/2026/kinderopvangtoeslag.csv``): the 69-row band layout;
  2025 edges are the 2026 edges / 1.0404, 2024 edges the 2025 edges / 1.0387 (both checked against
  every published edge);
* the published partial rows and anchors listed below, each with its source;
* a documented interpolation for the rows still missing (mark A).

Run from the repository root: ``python scripts/derive_kot_tables.py``. Deterministic.
"""

from __future__ import annotations

import csv
from pathlib import Path

PARAMS = Path(__file__).resolve().parent.parent / "lab" / "params"
COLUMNS = ["income_from", "income_to", "pct_first_child", "pct_next_children", "mark", "source"]

LAPPELEIN = "kinderopvanglappelein.nl blog post 538 (2025 table rows 1-18)"
KOOS = (
    "first child derived from the 2025 peuteropvang ouderbijdrage table on kinderopvangkoos.nl "
    "(p=4119), which charges hours*(11.58 - pct*10.71)"
)
# 2025, rows 1-18 (income_from, first, next): kinderopvanglappelein.nl post 538 [S].
KNOWN_2025 = {i: (0.96, 0.96) for i in range(1, 17)} | {17: (0.953, 0.956), 18: (0.946, 0.952)}
# 2025 peuteropvang ouderbijdrage per month (kinderopvangkoos.nl, p=4119) for rows 1-16 (merged,
# "lager dan 47.403") and rows 17-50. Their price is 11.58 euro/hour; the 2025 max dagopvang price
# is 10.71; the ouderbijdrage equals hours * (11.58 - pct_first_child * 10.71).
KOOS_BIJDRAGE_ROW1_16 = 23.80
KOOS_BIJDRAGE = [
    25.17,
    26.55,
    28.31,
    29.49,
    31.06,
    32.44,
    34.20,
    37.15,
    38.72,
    40.88,
    45.39,
    49.91,
    54.23,
    59.14,
    63.65,
    67.97,
    72.68,
    77.00,
    81.91,
    86.42,
    90.74,
    95.45,
    99.58,
    103.70,
    107.82,
    112.14,
    115.87,
    119.60,
    123.33,
    127.26,
    131.18,
    135.11,
    139.04,
    142.96,
]  # rows 17..50
KOOS_PRICE, MAX_PRICE_2025 = 11.58, 10.71
VASTE_VOET_FIRST = 0.333  # first child from row 51 (159,225) in 2025 [S x3]
LAST_NEXT_2025 = 0.671  # next children, last band (226,546): DTax 2025.json [S]

BU = "belastingupdate.nl (2024 table rows up to 47,278)"
LUKKE = "lukkepuk.nl (2024 rows above 47,278; edges recomputed from the 2025 layout)"
# 2024 rows (1-based) with the published percentages. Rows 2-5 are merged at 96% on belastingupdate
# and split at 23,834 / 25,321 / 26,811 on lukkepuk.
KNOWN_2024 = {
    1: (0.96, 0.96, BU, "S"),
    2: (0.96, 0.96, BU, "S"),
    3: (0.96, 0.96, BU, "S"),
    4: (0.96, 0.96, BU, "S"),
    5: (0.96, 0.96, BU, "S"),
    6: (0.955, 0.956, BU, "S"),
    7: (0.944, 0.954, BU, "S"),
    8: (0.934, 0.952, BU, "S"),
    9: (0.925, 0.950, BU, "S"),
    10: (0.919, 0.949, BU, "S"),
    11: (0.909, 0.947, BU, "S"),
    12: (0.904, 0.945, BU, "S"),
    13: (0.895, 0.945, BU, "S"),
    14: (0.887, 0.945, BU, "S"),
    15: (0.881, 0.945, BU, "S"),
    16: (0.873, 0.945, BU, "S"),
    17: (0.866, 0.945, BU, "S"),
    18: (0.859, 0.945, LUKKE, "U"),
    19: (0.850, 0.945, LUKKE, "U"),
    20: (0.845, 0.945, LUKKE, "U"),
    21: (0.837, 0.945, LUKKE, "U"),
    22: (0.830, 0.945, LUKKE, "U"),
    # lukkepuk prints 94.6% for next children here; a rise inside a falling column, read as a typo.
    23: (0.821, 0.945, LUKKE + "; next children 94.6% in the source, set to 94.5%", "A"),
    24: (0.806, 0.945, LUKKE, "U"),
    25: (0.798, 0.941, LUKKE, "U"),
    26: (0.787, 0.935, LUKKE, "U"),
    27: (0.764, 0.931, LUKKE, "U"),
    28: (0.741, 0.928, LUKKE, "U"),
    29: (0.719, 0.921, LUKKE, "U"),
    30: (0.694, 0.916, LUKKE, "U"),
    31: (0.671, 0.911, LUKKE + "; next children printed as '91,1,2%'", "U"),
    32: (0.649, 0.904, LUKKE, "U"),
    33: (0.625, 0.898, LUKKE, "U"),
}
# Exact 2024 lower edges of rows 1-18 (belastingupdate / lukkepuk).
EDGES_2024 = [
    0,
    22347,
    23835,
    25321,
    26811,
    28298,
    29787,
    31274,
    32758,
    34358,
    35956,
    37558,
    39156,
    40760,
    42360,
    43998,
    45638,
    47279,
]


def read_2026() -> list[dict[str, str]]:
    """Read the official 2026 table (the band layout and reference column)."""
    with (PARAMS / "law/2026/kinderopvangtoeslag.csv").open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


# Published 2025 lower edges of rows 17-51 (kinderopvangkoos.nl, p=4119) [S].
EDGES_2025_KOOS = [
    47404,
    49109,
    50812,
    52520,
    54222,
    55926,
    57630,
    59493,
    63145,
    66795,
    70447,
    74101,
    77751,
    81405,
    85056,
    88708,
    92361,
    96011,
    99668,
    103319,
    106969,
    110622,
    114345,
    118087,
    121826,
    125566,
    129304,
    133046,
    136787,
    140529,
    144265,
    148004,
    151747,
    155485,
    159225,
]
QUALITY = "VCSUA"  # best to worst


def worst(*marks: str) -> str:
    """Return the least verified of the marks."""
    return max(marks, key=QUALITY.index)


def offset_interpolation(
    target: dict[int, float], reference: list[float], first: int, last: int
) -> dict[int, float]:
    """Fill rows first+1..last-1: reference[row] plus an offset linear in the row number.

    The offset is target - reference at the two known rows ``first`` and ``last``. A non-increasing
    reference column and a non-increasing offset give a non-increasing result.
    """
    o1 = target[first] - reference[first]
    o2 = target[last] - reference[last]
    out = {}
    for row in range(first + 1, last):
        w = (row - first) / (last - first)
        out[row] = round(reference[row] + o1 + w * (o2 - o1), 3)
    return out


def write(
    path: Path,
    starts: list[int],
    first: dict[int, float],
    nxt: dict[int, float],
    marks: dict[int, str],
    sources: dict[int, str],
) -> None:
    """Write one table in the lab/params CSV layout."""
    n = len(starts)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(COLUMNS)
        for i in range(1, n + 1):
            end = "" if i == n else str(starts[i] - 1)
            writer.writerow(
                [starts[i - 1], end, f"{first[i]:.3f}", f"{nxt[i]:.3f}", marks[i], sources[i]]
            )


def check(name: str, first: dict[int, float], nxt: dict[int, float], n: int) -> None:
    """Assert both columns fall with income and next children never get less."""
    for i in range(2, n + 1):
        assert first[i] <= first[i - 1] + 1e-9, (name, "first", i)
        assert nxt[i] <= nxt[i - 1] + 1e-9, (name, "next", i)
    for i in range(1, n + 1):
        assert nxt[i] >= first[i] - 1e-9, (name, "next below first", i)


def main() -> None:
    """Derive and write the 2025 and 2024 tables."""
    rows26 = read_2026()
    n = len(rows26)
    ref_next = [0.0] + [float(r["pct_next_children"]) for r in rows26]

    # ---- 2025: layout ----
    starts25 = [round(int(r["income_from"]) / 1.0404) for r in rows26]
    for k, edge in enumerate(EDGES_2025_KOOS):
        assert abs(starts25[16 + k] - edge) <= 1, (17 + k, edge, starts25[16 + k])
        starts25[16 + k] = edge
    # ---- 2025: first child ----
    first25 = {i: v[0] for i, v in KNOWN_2025.items()}
    fsrc25 = {i: (LAPPELEIN, "S") for i in KNOWN_2025}
    hours = KOOS_BIJDRAGE_ROW1_16 / (KOOS_PRICE - 0.96 * MAX_PRICE_2025)
    for k, bijdrage in enumerate(KOOS_BIJDRAGE):
        pct = (KOOS_PRICE - bijdrage / hours) / MAX_PRICE_2025
        assert abs(pct - round(pct, 3)) < 0.0006, (17 + k, pct)
        row = 17 + k
        if row in first25:
            assert round(pct, 3) == first25[row], row
            continue
        first25[row] = round(pct, 3)
        fsrc25[row] = (KOOS, "C")
    for i in range(51, n + 1):
        first25[i] = VASTE_VOET_FIRST
        fsrc25[i] = (
            "vaste voet 33.3% from 159,225 (kinderopvang-wijzer.nl, tamsma.nl, lappelein)",
            "S",
        )
    # ---- 2024: first and next children where published ----
    first24 = {i: v[0] for i, v in KNOWN_2024.items()}
    next24 = {i: v[1] for i, v in KNOWN_2024.items()}
    src24 = {i: (v[2], v[3]) for i, v in KNOWN_2024.items()}
    # ---- 2025: next children ----
    # The 2025 change raised next-children percentages only between 29,393 and 52,520 (rows 6-19)
    # and left the vaste voet unchanged, so rows 20-33 equal the published 2024 rows.
    next25 = {i: v[1] for i, v in KNOWN_2025.items()}
    nsrc25 = {i: (LAPPELEIN, "S") for i in KNOWN_2025}
    for i in range(20, 34):
        next25[i] = next24[i]
        nsrc25[i] = (
            "equal to the 2024 row: the 2025 change raised next-children percentages "
            "only below 52,520 (kinderopvang-wijzer.nl); 2024 row from " + src24[i][0],
            worst("U", src24[i][1]),
        )
    next25[n] = LAST_NEXT_2025
    nsrc25[n] = ("67.1% from 226,546 (barthoffman/DTax rekenkern/params/2025.json)", "S")
    interp = "2026 value plus an offset interpolated linearly by row between the known rows"
    for lo, hi in ((18, 20), (33, n)):
        for row, value in offset_interpolation(next25, ref_next, lo, hi).items():
            next25[row] = value
            nsrc25[row] = (f"{interp} {lo} and {hi}", "A")
    check("2025", first25, next25, n)
    marks25 = {i: worst(fsrc25[i][1], nsrc25[i][1]) for i in range(1, n + 1)}
    sources25 = {
        i: fsrc25[i][0]
        if fsrc25[i][0] == nsrc25[i][0]
        else f"first child: {fsrc25[i][0]} [{fsrc25[i][1]}]; next children: {nsrc25[i][0]} "
        f"[{nsrc25[i][1]}]"
        for i in range(1, n + 1)
    }
    write(
        PARAMS / "law" / "2025" / "kinderopvangtoeslag.csv",
        starts25,
        first25,
        next25,
        marks25,
        sources25,
    )

    # ---- 2024: layout and missing rows ----
    starts24 = EDGES_2024 + [round(s / 1.0387) for s in starts25[len(EDGES_2024) :]]
    for i, edge in enumerate(EDGES_2024[5:], start=5):
        assert abs(round(starts25[i] / 1.0387) - edge) <= 1, (i, edge)
    raise_ = sum(first25[i] - first24[i] for i in range(17, 34)) / 17
    for i in range(34, n + 1):
        first24[i] = round(max(VASTE_VOET_FIRST, first25[i] - raise_), 3)
        next24[i] = next25[i]
        src24[i] = (
            f"first child: the 2025 row minus the mean 2025 raise of rows 17-33 "
            f"({raise_ * 100:.2f} points), floored at the 33.3% vaste voet [A]; next children: "
            "equal to the 2025 row (raised only below 52,520; vaste voet unchanged) [A]",
            "A",
        )
    check("2024", first24, next24, n)
    marks24 = {i: src24[i][1] for i in range(1, n + 1)}
    sources24 = {i: src24[i][0] for i in range(1, n + 1)}
    write(
        PARAMS / "law" / "2024" / "kinderopvangtoeslag.csv",
        starts24,
        first24,
        next24,
        marks24,
        sources24,
    )


if __name__ == "__main__":
    main()
