"""Write lab/params/law/2027/kinderopvangtoeslag.csv from the 2026 table and the 2027 changes.

The 2027 table (Besluit kinderopvangtoeslag, BWBR0017321, Bijlage I, 2027) was not found. The
SZW-begroting 2027 (Kamerstukken II 2026/27, 37 020 XV, nr. 2, p. 116; transcribed in
waarblijfthet/app lib/kinderopvangtoeslag-2027.ts) publishes, relative to 2026, for the first child:
96% up to 71,903; the 2026 percentage plus 5.1 points from 71,904 to 175,430 (at most 96%); the 2026
percentage plus 2.6 points above (vaste voet 36.5 -> 39.1%). It publishes no next-children column
and no band edges for 2027: those are kept as in 2026, except that the next-children percentage is
at least the first-child percentage (as in every published table). The two published edges split the
2026 bands they fall in. Rows marked A (assumption); the source column says which part is published.
Deterministic.
"""

from __future__ import annotations

import csv
from pathlib import Path

PARAMS = Path(__file__).resolve().parents[1] / "lab" / "params"
MAX_PCT = 0.96
FULL_UP_TO = 71_903
MIDDLE_UP_TO = 175_430
MIDDLE_RAISE = 0.051
TOP_RAISE = 0.026
SOURCE = (
    "assumption: 2026 row (edges, next children) with the first-child change of the SZW-begroting "
    "2027 (Kamerstukken II 2026/27 37 020 XV nr. 2 p. 116): 96% up to 71903; +5.1 points to "
    "175430; +2.6 points above; next children as 2026 but at least the first child"
)


def first_child(pct_2026: float, income_from: int) -> float:
    """The 2027 first-child percentage of a band starting at ``income_from``."""
    if income_from <= FULL_UP_TO:
        return MAX_PCT
    raise_ = MIDDLE_RAISE if income_from <= MIDDLE_UP_TO else TOP_RAISE
    return round(min(MAX_PCT, pct_2026 + raise_), 3)


def main() -> None:
    """Read the 2026 table, split at the published edges, write the 2027 table."""
    with (PARAMS / "law/2026/kinderopvangtoeslag.csv").open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    bands = []
    for row in rows:
        start = int(row["income_from"])
        end = None if row["income_to"] == "" else int(row["income_to"])
        pieces = [start]
        for edge in (FULL_UP_TO, MIDDLE_UP_TO):
            if start <= edge and (end is None or edge < end):
                pieces.append(edge + 1)
        for i, piece in enumerate(pieces):
            last = pieces[i + 1] - 1 if i + 1 < len(pieces) else end
            bands.append((piece, last, float(row["pct_first_child"]), row["pct_next_children"]))
    out = PARAMS / "law" / "2027" / "kinderopvangtoeslag.csv"
    with out.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(
            ["income_from", "income_to", "pct_first_child", "pct_next_children", "mark", "source"]
        )
        for start, end, pct_first, pct_next in bands:
            first = first_child(pct_first, start)
            nxt = max(float(pct_next), first)
            writer.writerow([start, "" if end is None else end, first, nxt, "A", SOURCE])
    print(f"wrote {out} ({len(bands)} bands)")


if __name__ == "__main__":
    main()
