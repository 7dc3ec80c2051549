"""A law parameter entry: a value with its unit, its source and how well it is verified.

Every value in a parameter file is an inline table ``{ value, unit, source, mark }``. The mark
says how well the value is verified (:data:`MARKS`); :func:`split_entries` checks the shape of
every entry and splits the values from their provenance.
"""

from __future__ import annotations

from typing import Any

from lab.errors import ParameterError

#: Verification marks: V official source, C reproduces verified figures by calculation, S consistent
#: secondary sources, U not verified, A assumption: a value not (yet) published, approximated or
#: indexed as its source says, M modelling choice (the law leaves it open or the model simplifies;
#: its source says why).
MARKS: tuple[str, ...] = ("V", "C", "S", "U", "A", "M")

_ENTRY_KEYS = ("value", "unit", "source", "mark")


def split_entries(
    raw: dict[str, Any], name: str
) -> tuple[dict[str, Any], dict[str, tuple[str, str, str]]]:
    """Check the ``{value, unit, source, mark}`` shape of every entry and split off provenance."""
    values: dict[str, Any] = {}
    provenance: dict[str, tuple[str, str, str]] = {}
    for section, entries in raw.items():
        if not isinstance(entries, dict):
            raise ParameterError(
                f"{name}: '{section}' must be a section [{section}] of entries, "
                f"got {type(entries).__name__}"
            )
        values[section] = {}
        for key, entry in entries.items():
            where = f"{section}.{key}"
            expected = '{ value = ..., unit = "...", source = "...", mark = "V|C|S|U|A" }'
            if not isinstance(entry, dict):
                raise ParameterError(f"{name}: key '{where}' must be an inline table {expected}")
            missing = [k for k in _ENTRY_KEYS if k not in entry]
            extra = [k for k in entry if k not in _ENTRY_KEYS]
            if missing or extra:
                problem = f"missing {missing}" if missing else f"unknown fields {extra}"
                raise ParameterError(f"{name}: key '{where}' {problem}; expected {expected}")
            for field in ("unit", "source"):
                if not isinstance(entry[field], str) or not entry[field].strip():
                    raise ParameterError(f"{name}: key '{where}': {field} must be non-empty text")
            if entry["mark"] not in MARKS:
                raise ParameterError(
                    f"{name}: key '{where}': mark {entry['mark']!r} is not one of "
                    f"{', '.join(MARKS)}"
                )
            values[section][key] = entry["value"]
            provenance[where] = (entry["source"], entry["mark"], entry["unit"])
    return values, provenance
