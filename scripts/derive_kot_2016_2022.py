"""Derive the kinderopvangtoeslag income tables 2016-2022 (Besluit kinderopvangtoeslag Bijlage I).

No complete table of these years was reachable (see docs/parameters.md, "Kinderopvangtoeslag
2016-2022: what was not found"). This script writes
``lab/params/law/<year>/kinderopvangtoeslag.csv`` for 2016-2022 from:

* the official 2015 table (Bijlage I as in force on 2015-10-19, 69 bands), embedded below, and the
  2023 table (``lab/params/law/2023/kinderopvangtoeslag.csv``): every year has the same 69 bands;
  each band edge of 2023 is the 2015 edge times 1.1875 (checked for all 68 edges);
* the yearly indexation of the edges (2016 +1.44%, 2018 +1.9717%, 2022 -> 2023 +3.37%, ...)
  fitted to the published edges, and the published edges themselves where found;
* the published percentages and the published changes of the percentages, each with its source;
* for the rows still missing, a documented approximation (mark A).

Run from the repository root: ``python scripts/derive_kot_2016_2022.py``. Deterministic.
"""

from __future__ import annotations

import bisect
import csv
import itertools
import math
from pathlib import Path

LAW = Path(__file__).resolve().parent.parent / "lab" / "params" / "law"
COLUMNS = ["income_from", "income_to", "pct_first_child", "pct_next_children", "mark", "source"]

BESLUIT_2015 = (
    "Besluit kinderopvangtoeslag (BWBR0017321) Bijlage I, Kinderopvangtoeslagtabel 2015 (the text "
    "in force on 2015-10-19 as copied in the public repository statengeneraal/laws-markdown, "
    "AMvB/besluit/kinderopvangtoeslag/BWBR0017321/README.md)"
)
# Bijlage I 2015: the upper edge ("tot en met") of bands 1-68 and both percentages of all 69 bands.
TOPS_2015 = [
    17918, 19111, 20303, 21496, 22690, 23882, 25076, 26265, 27549, 28831, 30114, 31397, 32681,
    33964, 35278, 36594, 37909, 39224, 40541, 41857, 43172, 44487, 45925, 48743, 51562, 54382,
    57202, 60020, 62840, 65659, 68478, 71299, 74117, 76938, 79757, 82574, 85393, 88269, 91157,
    94044, 96930, 99818, 102705, 105593, 108480, 111366, 114254, 117141, 120028, 122915, 125801,
    128689, 131578, 134464, 137351, 140238, 143126, 146013, 148900, 151786, 154673, 157561,
    160448, 163335, 166223, 169110, 171997, 174884,
]  # fmt: skip
FIRST_2015 = [
    90.7, 89.1, 88.1, 87.4, 86.7, 86.0, 85.0, 84.2, 83.4, 82.6, 81.5, 80.9, 79.9, 79.0, 78.2,
    77.3, 76.5, 75.6, 74.5, 74.0, 73.0, 72.3, 71.2, 69.4, 68.5, 67.1, 64.5, 61.8, 59.1, 56.3,
    53.5, 50.9, 48.2, 45.5, 42.6, 39.9, 37.3, 34.5, 32.0, 29.6, 27.0, 24.4, 21.7, 19.0,
] + [18.0] * 25  # fmt: skip
NEXT_2015 = [
    93.3, 93.3, 93.3, 92.9, 92.9, 92.9, 92.9, 92.9, 92.7, 92.2, 91.9, 91.6, 91.6, 91.4, 91.0,
    90.8, 90.6, 90.0, 89.8, 89.5, 89.5, 89.2, 89.0, 88.5, 87.7, 87.1, 86.6, 86.3, 85.5, 85.0,
    84.4, 83.6, 83.1, 82.6, 82.3, 81.5, 81.1, 80.5, 79.7, 79.2, 78.8, 78.4, 77.6, 77.0, 76.5,
    75.9, 75.5, 74.7, 74.1, 73.0, 72.6, 71.8, 70.7, 70.1, 69.1, 68.5, 67.7, 67.0, 66.2, 65.1,
    64.5, 63.7, 62.9, 62.1, 61.4, 60.6, 59.8, 59.2, 58.2,
]  # fmt: skip
ROWS = 69
VASTE_VOET = 33.3  # first child, from 2017 (art. 8 of the Besluit)

# --- sources --------------------------------------------------------------------------------------
S2016 = (
    "2016 change: both columns +5.8 points, at most 93% / 94%, first child at least 23.8%, bands "
    "indexed +1.44% (slootenvandenbogaart.nl 'Minder kosten voor kinderopvang'; kidzpoint.nl "
    "'Kinderopvangtoeslag 2016': 93% / 94% below 18,176, 23.8% / 82.3% from 107,115, next "
    "children at least 64%; vraagover.nl 'Kinderopvangtoeslag 2016': 1.44%, below 33.3% from "
    "95,399)"
)
S2017 = (
    "2017 change: first child +2.0 points (at most 94%, at least 33.3% from 99,999: art. 8(3) as "
    "amended in the Ontwerpbesluit kinderopvangtoeslag 2018, 5dok.net), next children 95% up to "
    "about 31,000 (financieel.infonu.nl 'Kinderopvangtoeslag 2017'); reproduces all twelve "
    "percentages of the 2017 examples on kinderopvangborne.nl 'Kinderopvangtoeslag' (10 hours a "
    "week at the maximum uurprijs 7.18; incomes 23,408 / 36,394 / 53,193 / 70,645 / 88,096 / "
    "102,976, the band edges of 2017)"
)
S2018 = (
    "2018: the percentages of 2017 with the edges indexed +1.9717% (Ontwerpbesluit "
    "kinderopvangtoeslag 2018 on 5dok.net: only the edges, art. 8(3) 99,999 -> 101,971, and the "
    "maximum uurprijzen change); oudersvannu.nl 'Kinderopvangtoeslag 2018' rows 1-5 (tops 18,849 "
    "... 23,870, 94% / 95%)"
)
CB2019 = (
    "consumentenbond.nl 'Kinderopvangtoeslag stijgt in 2019 fors' (one child, 3 days x 11 hours a "
    "week at the maximum uurprijs 8.02: 13,212 / 11,946 / 10,569 / 8,684 / 6,537 / 4,913 a year at "
    "20,000 / 40,000 / 60,000 / 80,000 / 100,000 / 120,000)"
)
WIJZER2020 = "kinderopvang-wijzer.nl 'Kinderopvangtoeslag tabel 2020' rows 1-11"
VNG2020 = (
    "kindcentrumpino.nl 'Tarieven PSZ' (VNG ouderbijdrage 2020 band tops 19,890 / 30,581 / 42,082 "
    "/ 57,238 / 82,276 / 114,011)"
)
VNG2021 = (
    "spelendwijsveenendaal.nl 'VNG Adviestabel ouderbijdrage peuteropvang 2021' and zwolle.nl "
    "(2021 band tops 20,302 / 31,214 / 42,953 / 58,423 / 83,979 / 116,371)"
)
TK2021 = "tkuukske.nl 'Toeslagen 2021' (first child at most 96%, 33.3% from 129,457)"
RO2022 = (
    "https://www.rijksoverheid.nl/onderwerpen/kinderopvangtoeslag/"
    "bedragen-kinderopvangtoeslag-2022 (Kinderopvangtoeslagtabel 2022, rows 1-14)"
)
VNG2022 = (
    "debenjaminzwijndrecht.nl 'Voorwaarden PSZ' (VNG ouderbijdrage 2022 band tops 20,584 / 31,648 "
    "/ 43,550 / 59,235 / 85,146 / 117,989)"
)
T2023 = (
    "the 2023 table (Belastingdienst/Toeslagen proefberekening toeslagen, KOTT 2023, "
    "lab/params/law/2023/kinderopvangtoeslag.csv)"
)

# --- published band tops (0-based band -> upper edge) ---
VNG_ROWS = (0, 8, 16, 24, 32, 42)  # the VNG ouderbijdrage groups end at these bands
PUBLISHED_TOPS: dict[int, dict[int, int]] = {
    2016: {0: 18176, 39: 95398, 43: 107114},
    2017: {4: 23408, 14: 36394, 24: 53193, 30: 70645, 36: 88096, 40: 99998, 41: 102976},
    2018: {0: 18849, 1: 20105, 2: 21358, 3: 22614, 4: 23870, 40: 101970},
    2020: dict(
        enumerate([19890, 21215, 22537, 23863, 25188, 26512, 27836, 29156, 30581, 32004, 33430])
    )
    | dict(zip(VNG_ROWS, [19890, 30581, 42082, 57238, 82276, 114011], strict=True)),
    2021: dict(zip(VNG_ROWS, [20302, 31214, 42953, 58423, 83979, 116371], strict=True))
    | {46: 129456},
    2022: dict(
        enumerate(
            [
                20584,
                21955,
                23324,
                24696,
                26066,
                27437,
                28807,
                30174,
                31648,
                33120,
                34596,
                36068,
                37546,
                39019,
            ]
        )
    )
    | dict(zip(VNG_ROWS, [20584, 31648, 43550, 59235, 85146, 117989], strict=True)),
}
TOP_SOURCES = {
    2016: "vraagover.nl / kidzpoint.nl",
    2017: "kinderopvangborne.nl examples; Ontwerpbesluit 2018 art. 8(3) (99,999)",
    2018: "oudersvannu.nl; Ontwerpbesluit 2018 art. 8(3) (101,971)",
    2020: f"{WIJZER2020}; {VNG2020}",
    2021: f"{VNG2021}; {TK2021}",
    2022: f"{RO2022}; {VNG2022}",
}
# Published percentages (0-based band -> (first, next)); None = that column not published.
PUBLISHED_PCT: dict[int, dict[int, tuple[float | None, float | None]]] = {
    2016: {0: (93.0, 94.0), 44: (23.8, 82.3), 68: (None, 64.0)},
    2017: {
        4: (94.0, 95.0),
        14: (86.0, 94.0),
        24: (76.3, 93.5),
        30: (61.3, 90.2),
        36: (45.1, 86.9),
        41: (33.3, 84.2),
    },
    2018: {i: (94.0, 95.0) for i in range(5)},
    2020: dict(
        enumerate(
            [(96.0, 96.0)] * 5
            + [(95.6, 95.7), (94.5, 95.5), (93.5, 95.3), (92.6, 95.1), (92.0, 95.0), (91.0, 94.8)]
        )
    ),
    2022: dict(
        enumerate(
            [(96.0, 96.0)] * 5
            + [(95.5, 95.6), (94.4, 95.4), (93.4, 95.2), (92.5, 95.0), (91.9, 94.9), (90.9, 94.7)]
            + [(90.4, 94.5), (89.5, 94.5), (88.7, 94.5)]
        )
    ),
}
# consumentenbond 2019: income -> first-child percentage (toeslag / (12 x 143 h x 8.02)).
CB_2019 = {20000: 96.0, 40000: 86.8, 60000: 76.8, 80000: 63.1, 100000: 47.5, 120000: 35.7}


def rnd(x: float) -> int:
    """Round half up to whole euros."""
    return math.floor(x + 0.5)


def read_2023() -> list[dict[str, str]]:
    """The 2023 table (band layout and percentages)."""
    path = LAW / "2023" / "kinderopvangtoeslag.csv"
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def tops_by_year() -> dict[int, list[int]]:
    """The 68 upper band edges of each year, euro per year.

    Indexation of 2015 (2016-2019) or of 2023 backwards (2020-2022), with the published edges
    where found.
    """
    rows23 = read_2023()
    tops23 = [int(r["income_to"]) for r in rows23[:-1]]
    forward = {2016: 1.0144, 2017: 1.0144 * 1.017, 2018: 1.0144 * 1.017 * 1.019717}
    backward = {2022: 1.0337, 2021: 1.0337 * 1.0139, 2020: 1.0337 * 1.0139 * 1.0207}
    tops: dict[int, list[int]] = {}
    for year, factor in forward.items():
        tops[year] = [rnd(t * factor) for t in TOPS_2015]
    for year, factor in backward.items():
        tops[year] = [rnd(t / factor) for t in tops23]
    # 2019: the 2018 -> 2020 step split by the cao-wage rises 2.5% / 2.9% (lab/params/macro.toml)
    step = tops[2020][30] / tops[2018][30]
    f2019 = step ** (math.log(1.025) / math.log(1.025 * 1.029))
    tops[2019] = [rnd(t * f2019) for t in tops[2018]]
    for year, published in PUBLISHED_TOPS.items():
        for band, top in published.items():
            assert abs(tops[year][band] - top) <= 2, (year, band, tops[year][band], top)
            tops[year][band] = top
    return tops


def clip(value: float, low: float, high: float) -> float:
    """A percentage between ``low`` and ``high``, to 0.1 point."""
    return round(min(high, max(low, value)), 1)


def interpolate(anchors: dict[int, float], band: int) -> float:
    """Linear interpolation by band between the anchors (constant beyond the outer ones)."""
    keys = sorted(anchors)
    if band <= keys[0]:
        return anchors[keys[0]]
    if band >= keys[-1]:
        return anchors[keys[-1]]
    j = bisect.bisect_right(keys, band)
    a, b = keys[j - 1], keys[j]
    return anchors[a] + (anchors[b] - anchors[a]) * (band - a) / (b - a)


def percentages(tops: dict[int, list[int]]) -> dict[int, list[tuple[float, float, str]]]:
    """Both columns of each year, with a note per band on how they were obtained."""
    rows23 = read_2023()
    first23 = [round(float(r["pct_first_child"]) * 100, 1) for r in rows23]
    next23 = [round(float(r["pct_next_children"]) * 100, 1) for r in rows23]
    out: dict[int, list[tuple[float, float, str]]] = {}
    # 2016: the 2015 table + 5.8 points, capped at 93 / 94.
    out[2016] = [
        (clip(f + 5.8, 0, 93.0), clip(n + 5.8, 0, 94.0), "rule2016")
        for f, n in zip(FIRST_2015, NEXT_2015, strict=True)
    ]
    # 2017 and 2018: first child +2.0 (at most 94, at least 33.3), next children 95 up to band 9.
    rule17 = []
    for band, (f16, n16, _) in enumerate(out[2016]):
        rule17.append((clip(f16 + 2.0, VASTE_VOET, 94.0), 95.0 if band <= 9 else n16, "rule2017"))
    out[2017] = rule17
    out[2018] = list(rule17)
    # 2022: rows 1-14 published, the rest as 2023 (rows 1-14 are the same in both years).
    out[2022] = [
        (first23[b], next23[b], "pub" if b in PUBLISHED_PCT[2022] else "as2023")
        for b in range(ROWS)
    ]
    # 2019-2021: 2022 + 0.1 (rows 6-11 of 2020 are exactly 2022 + 0.1) with the first child
    # shifted to the published 2019 points (offsets interpolated by band) and the vaste voet from
    # band 47 (2021: 33.3% from 129,457).
    anchors = {b: 0.0 for b in range(5, 11)}
    for income, pct in CB_2019.items():
        band = bisect.bisect_left(tops[2019], income)
        if band >= 5:
            anchors[band] = pct - (first23[band] + 0.1)
    for year in (2019, 2020, 2021):
        col = []
        for band in range(ROWS):
            if band < 5:
                col.append((96.0, 96.0, "top96"))
                continue
            first = round(first23[band] + 0.1 + interpolate(anchors, band), 1)
            first = max(first, VASTE_VOET + 0.1) if band < 47 else VASTE_VOET
            col.append((round(first, 1), round(next23[band] + 0.1, 1), "shape2022"))
        out[year] = col
    for year, published in PUBLISHED_PCT.items():
        for band, (f, n) in published.items():
            got = out[year][band]
            if f is not None:
                assert abs(got[0] - f) < 1e-9, (year, band, got, f)
            if n is not None:
                assert abs(got[1] - n) < 1e-9, (year, band, got, n)
    for income, pct in CB_2019.items():
        band = bisect.bisect_left(tops[2019], income)
        assert abs(out[2019][band][0] - pct) < 0.05, (income, band, out[2019][band], pct)
    # 2016: below 33.3% for the first child from 95,399 (band 39) on
    assert out[2016][39][0] >= VASTE_VOET > out[2016][40][0]
    return out


def row_source(year: int, band: int, how: str, top_published: bool) -> tuple[str, str]:
    """Mark and source text of one band."""
    pct_published = band in PUBLISHED_PCT.get(year, {})
    both = pct_published and None not in PUBLISHED_PCT[year][band]
    edges = (
        f"edges published ({TOP_SOURCES[year]})"
        if top_published
        else "edges: approximation, the edges of 2015 or 2023 indexed by the fitted yearly factors "
        "(within 2 euro of every published edge)"
    )
    if year == 2016:
        if both and top_published:
            return "S", f"{S2016}; computed from {BESLUIT_2015}"
        text = f"approximation: {BESLUIT_2015} with the {S2016}; {edges}"
        return ("C" if pct_published else "A"), text
    if year in (2017, 2018):
        src = S2017 if year == 2017 else f"{S2018}; {S2017}"
        text = (
            f"approximation: {BESLUIT_2015} with the 2016 change ({S2016}) and the {src}; {edges}"
        )
        return ("C" if pct_published else "A"), text
    if year == 2022:
        if how == "pub":
            return "V", f"{RO2022}"
        return "A", (
            f"ASSUMPTION: percentages as in {T2023} (rows 1-14 equal in 2022 and 2023, "
            f"{RO2022}); {edges}"
        )
    # 2019-2021
    if year == 2020 and pct_published:
        return ("S" if top_published else "A"), f"{WIJZER2020}; {edges}"
    text = (
        f"approximation: rows 1-5 96% (the maximum: {TK2021}; {WIJZER2020}); other rows the 2022 "
        f"column + 0.1 point ({WIJZER2020} rows 6-11 are exactly 2022 + 0.1; {RO2022}), the first "
        f"child moved to the 2019 points of {CB2019} (offsets interpolated by band), 33.3% from "
        f"band 48 ({TK2021}); 2019-2021 assumed to share one table; {edges}"
    )
    return "A", text


def write(year: int, tops: list[int], cols: list[tuple[float, float, str]]) -> None:
    """Write the year's CSV: band edges (euro per year), percentages as fractions, mark, source."""
    published_tops = PUBLISHED_TOPS.get(year, {})
    path = LAW / str(year) / "kinderopvangtoeslag.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(COLUMNS)
        for band in range(ROWS):
            low = 0 if band == 0 else tops[band - 1] + 1
            high = "" if band == ROWS - 1 else tops[band]
            top_published = band in published_tops and (band == 0 or band - 1 in published_tops)
            first, nxt, how = cols[band]
            mark, source = row_source(year, band, how, top_published)
            writer.writerow([low, high, f"{first / 100:.3f}", f"{nxt / 100:.3f}", mark, source])


def check(cols: list[tuple[float, float, str]], year: int) -> None:
    """Both columns non-increasing; next children never below the first child."""
    for a, b in itertools.pairwise(cols):
        assert b[0] <= a[0] + 1e-9 and b[1] <= a[1] + 1e-9, (year, a, b)
    for f, n, _ in cols:
        assert n >= f, (year, f, n)


def main() -> None:
    """Derive and write the seven tables."""
    tops = tops_by_year()
    pcts = percentages(tops)
    for year in range(2016, 2023):
        check(pcts[year], year)
        write(year, tops[year], pcts[year])


if __name__ == "__main__":
    main()
