"""Rewrite the law-parameter table of docs/model.md from lab/params/law/<year>/*.toml.

The table under the heading ``### `lab/params/law/YYYY/*.toml``` has one row per key and one value
column per toeslag year, then the marks of the years and the source of the latest year; the full
source of every year stays in the parameter files (tests/test_model_doc.py checks the values).
Deterministic; rerun after changing a law parameter file: ``python scripts/model_doc_law_table.py``.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PARAMS = ROOT / "lab" / "params"
MODEL_DOC = ROOT / "docs" / "model.md"
HEADING = "### `lab/params/law/YYYY/*.toml`"


def cell(value: object) -> str:
    """A value as the documentation writes it (thousands separators, lists in backticks)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        if float(value).is_integer() and abs(value) >= 1000:
            return f"{value:,.0f}"
        return f"{value:.12g}"
    return str(value).replace("|", "/")


def table() -> list[str]:
    """The markdown lines of the law table."""
    law = PARAMS / "law"
    years = sorted(int(p.name) for p in law.iterdir() if p.name.isdigit())
    order = ("zorgtoeslag", "huurtoeslag", "kindgebonden_budget", "kinderopvangtoeslag", "awir")
    files = {
        y: {
            s: tomllib.loads((law / str(y) / f"{s}.toml").read_text("utf-8"))[s]
            for s in order
            if (law / str(y) / f"{s}.toml").is_file()  # a year being written: "–" for the rest
        }
        for y in years
    }
    keys: list[str] = []
    for raw in files.values():
        for section, entries in raw.items():
            for key in entries:
                if f"{section}.{key}" not in keys:
                    keys.append(f"{section}.{key}")
    latest = years[-1]
    lines = [
        "| key | unit | " + " | ".join(map(str, years)) + f" | mark | source ({latest}) |",
        "|---|---|" + "---|" * len(years) + "---|---|",
    ]
    for key in keys:
        section, name = key.split(".", 1)
        entries = {y: files[y].get(section, {}).get(name) for y in years}
        present = {y: e for y, e in entries.items() if e is not None}
        last = present[max(present)]
        marks = "/".join(dict.fromkeys(e["mark"] for e in present.values()))
        values = [cell(e["value"]) if e is not None else "–" for e in entries.values()]
        source = re.sub(r"\s+", " ", last["source"]).replace("|", "/")
        lines.append(
            f"| `{key}` | {last['unit']} | " + " | ".join(values) + f" | {marks} | {source} |"
        )
    return lines


def main() -> None:
    """Replace the table in docs/model.md."""
    text = MODEL_DOC.read_text("utf-8").splitlines()
    start = text.index(HEADING)
    first = next(i for i in range(start + 1, len(text)) if text[i].startswith("|"))
    end = first
    while end < len(text) and text[end].startswith("|"):
        end += 1
    MODEL_DOC.write_text("\n".join([*text[:first], *table(), *text[end:]]) + "\n", "utf-8")


if __name__ == "__main__":
    main()
