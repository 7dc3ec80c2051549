"""The fit and validation table: its rows, as terminal text, markdown and an HTML page.

One row per target (:func:`fit_rows`): fitted or out of sample, the published figure (empty where
none was found), the band, the model's value with its 95% interval over replications, the miss
(distance outside the band) and the source. Misses are shown with their size; nothing is left out.
The JSON of the same rows is written by :func:`lab.calibration.write_json`.
"""

from __future__ import annotations

import dataclasses
import html
import math
from typing import Any

from lab.calibration.moments import Moments
from lab.calibration.targets import Target, moment_key


def fit_rows(targets: list[Target], moments: Moments) -> list[dict[str, Any]]:
    """One row per target: published value, band, simulated value with interval, distance."""
    rows = []
    for target in targets:
        suffix = f"@{target.year}"
        if target.moment == "instelbaar.chosen_percentage_bins":
            prefix = "instelbaar.chosen_percentage_bins."
            names = [k for k in moments.values if k.startswith(prefix) and k.endswith(suffix)]
            for key in sorted(names, key=lambda k: int(k.removeprefix(prefix).split("-")[0])):
                mean = moments.mean(key)
                if mean < 5e-4 and max(moments.values[key]) < 5e-4:
                    continue
                low, high = moments.interval(key)
                name = key.removeprefix("instelbaar.").removesuffix(suffix)
                rows.append(_row(target, name, mean, low, high))
            continue
        if target.moment.startswith("estimate_error."):
            # The percentiles behind the spread, as rows of their own (no band).
            bare = dataclasses.replace(target, value=None, band=None)
            for q in ("p20", "p50", "p80"):
                key = moment_key(f"{target.moment}.{q}", target.year)
                low, high = moments.interval(key)
                name = f"{target.moment}.{q}"
                rows.append(_row(bare, name, moments.mean(key), low, high))
        mean = moments.mean(target.key)
        low, high = moments.interval(target.key)
        rows.append(_row(target, target.name, mean, low, high))
    return rows


def _row(target: Target, name: str, mean: float, low: float, high: float) -> dict[str, Any]:
    inside = None if target.band is None else target.distance(mean) == 0.0
    return {
        "target": name,
        "year": target.year,
        "fitted": target.fitted,
        "published": target.value,
        "band": list(target.band) if target.band else None,
        "simulated": mean,
        "interval": [low, high],
        "miss": None if target.band is None else target.distance(mean),
        "difference": None if target.value is None else mean - target.value,
        "inside": inside,
        "unit": target.unit,
        "source": target.source,
        "measured_on": target.measured_on,
        "band_note": target.band_note,
    }


def _num(x: Any) -> str:
    if x is None or (isinstance(x, float) and not math.isfinite(x)):
        return ""
    x = float(x)
    if abs(x) >= 1e9:
        return f"{x / 1e9:.2f} bn"
    if abs(x) >= 1e6:
        return f"{x / 1e6:.2f} M"
    if abs(x) >= 1e3:
        return f"{x:,.0f}"
    if abs(x) >= 10:
        return f"{x:.1f}"
    return f"{x:.3f}"


def _band(row: dict[str, Any]) -> str:
    band = row["band"]
    return "" if band is None else f"{_num(band[0])} - {_num(band[1])}"


def _status(row: dict[str, Any]) -> str:
    if row["inside"] is None:
        return ""
    return "in band" if row["inside"] else f"MISS by {_num(row['miss'])}"


def _kind(row: dict[str, Any]) -> str:
    return "fitted" if row["fitted"] else "out of sample"


def terminal_table(rows: list[dict[str, Any]]) -> str:
    """The table as fixed-width text, one target per line."""
    head = (
        f"{'target':<42} {'year':>4} {'kind':<13} {'published':>10} {'band':>23} {'model':>10} "
        f"{'95% interval':>23} {'model-pub.':>10}  status"
    )
    lines = [head, "-" * len(head)]
    for row in rows:
        low, high = row["interval"]
        lines.append(
            f"{row['target']:<42} {row.get('year', ''):>4} {_kind(row):<13} "
            f"{_num(row['published']):>10} {_band(row):>23} {_num(row['simulated']):>10} "
            f"{_num(low) + ' - ' + _num(high):>23} {_num(row['difference']):>10}  {_status(row)}"
        )
    fitted = [r for r in rows if r["fitted"]]
    missed = [r for r in fitted if r["inside"] is False]
    lines.append(
        f"{len(fitted) - len(missed)} of {len(fitted)} fitted targets in their band; "
        f"{len(missed)} missed: {', '.join(r['target'] for r in missed) or 'none'}"
    )
    return "\n".join(lines)


def html_page(
    title: str, rows: list[dict[str, Any]], notes: list[str], sections: list[str] | None = None
) -> str:
    """A self-contained HTML page: the table, its notes, every source, then ``sections`` (HTML).

    ``sections``: e.g. the trade-off profiles of the fit report.
    """
    cells = []
    for row in rows:
        low, high = row["interval"]
        status = _status(row)
        css = "miss" if row["inside"] is False else ("ok" if row["inside"] else "")
        cells.append(
            "<tr class='{css}'><td>{t}</td><td>{y}</td><td>{k}</td><td>{p}</td><td>{b}</td>"
            "<td>{m}</td>"
            "<td>{i}</td><td>{d}</td><td>{s}</td><td class='src'>{src}<br><i>{on}</i>{note}</td>"
            "</tr>".format(
                css=css,
                t=html.escape(row["target"]),
                y=row.get("year", ""),
                k="fitted" if row["fitted"] else "out of sample",
                p=_num(row["published"]),
                b=_band(row),
                m=_num(row["simulated"]),
                i=f"{_num(low)} - {_num(high)}",
                d=_num(row["difference"]),
                s=html.escape(status),
                src=html.escape(row["source"]),
                on=html.escape(row["measured_on"]),
                note=f"<br>{html.escape(row['band_note'])}" if row.get("band_note") else "",
            )
        )
    note_html = "".join(f"<p>{html.escape(n)}</p>" for n in notes)
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<style>
body {{ font-family: sans-serif; margin: 2em; }}
table {{ border-collapse: collapse; font-size: 0.9em; }}
td, th {{ border: 1px solid #ccc; padding: 4px 6px; vertical-align: top; }}
tr.miss td, td.miss {{ background: #fde2e2; }} tr.ok td, td.ok {{ background: #e6f4e6; }}
td.src {{ max-width: 36em; font-size: 0.85em; }}
</style></head><body>
<h1>{html.escape(title)}</h1>
{note_html}
<table><tr><th>target</th><th>year</th><th>kind</th><th>published</th><th>band</th><th>model</th>
<th>95% interval</th><th>model - published</th><th>status</th><th>source; measured on</th></tr>
{"".join(cells)}
</table>
{"".join(sections or [])}
</body></html>
"""


def markdown_table(rows: list[dict[str, Any]]) -> str:
    """The table as markdown (for the README)."""
    lines = [
        "| target | year | kind | published | band | model (95% interval) | model - published "
        "| status |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        low, high = row["interval"]
        lines.append(
            f"| {row['target']} | {row.get('year', '')} | {_kind(row)} | "
            f"{_num(row['published'])} | {_band(row)} | {_num(row['simulated'])} "
            f"({_num(low)} - {_num(high)}) | {_num(row['difference'])} | {_status(row)} |"
        )
    return "\n".join(lines)


def profile_text(parameter: str, grid: list[float], calibrated: float, rows: list[dict]) -> str:
    """A profile (:func:`lab.calibration.profile_rows`) as fixed-width text; * marks a miss."""
    head = f"{'':<44}" + "".join(
        f"{_num(v) + (' (fit)' if v == calibrated else ''):>14}" for v in grid
    )
    lines = [f"trade-off along {parameter}:", head]
    for row in rows:
        cells = "".join(
            f"{_num(v) + ('' if ok else '*'):>14}"
            for v, ok in zip(row["simulated"], row["inside"], strict=True)
        )
        lines.append(f"{row['target'] + ' [' + _band(row) + ']':<44}{cells}")
    if not rows:
        lines.append("  (moves no fitted target out of its band)")
    return "\n".join(lines)


def profile_html(parameter: str, grid: list[float], calibrated: float, rows: list[dict]) -> str:
    """A profile as an HTML table: the fitted targets it moves, a miss in red."""
    head = "".join(f"<th>{_num(v)}{' (calibrated)' if v == calibrated else ''}</th>" for v in grid)
    body = "".join(
        f"<tr><td>{html.escape(row['target'])}</td><td>{_band(row)}</td>"
        + "".join(
            f"<td class='{'ok' if ok else 'miss'}'>{_num(v)}</td>"
            for v, ok in zip(row["simulated"], row["inside"], strict=True)
        )
        + "</tr>"
        for row in rows
    )
    return (
        f"<h2>Trade-off along {html.escape(parameter)}</h2><table><tr><th>target</th>"
        f"<th>band</th>{head}</tr>{body}</table>"
    )
