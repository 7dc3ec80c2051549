"""Reading the population and behaviour parameter files (``{ value, source }`` leaves).

Each leaf of such a TOML file is an inline table with a ``value`` and a ``source`` (the word
"assumption" where no source exists). Values are read through typed accessors that fail with the
file, the key and what was expected, so a mistyped file never yields a silently wrong model.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from lab.errors import ParameterError

PARAMS_DIR = Path(__file__).parent / "params"
_LEAF_KEYS = {"value", "source", "unit", "mark"}


@dataclass(frozen=True)
class ValueFile:
    """The values of one parameter file, flattened to ``section.key`` names, with their sources."""

    path: Path
    values: Mapping[str, Any]
    sources: Mapping[str, str]
    overridden: frozenset[str] = field(default_factory=frozenset)

    def _get(self, key: str) -> Any:
        if key not in self.values:
            raise ParameterError(f"{self.path.name}: missing key '{key}'")
        return self.values[key]

    def _fail(self, key: str, expected: str) -> ParameterError:
        got = self.values.get(key)
        return ParameterError(f"{self.path.name}: key '{key}' should be {expected}, got {got!r}")

    def float(self, key: str) -> float:
        """The number stored under ``key``."""
        value = self._get(key)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self._fail(key, "a number")
        return float(value)

    def int(self, key: str) -> int:
        """The whole number stored under ``key``."""
        value = self._get(key)
        if isinstance(value, bool) or not isinstance(value, int):
            raise self._fail(key, "a whole number")
        return value

    def floats(self, key: str, length: int) -> np.ndarray:
        """The list of ``length`` numbers stored under ``key``, as a float64 array."""
        value = self._get(key)
        ok = isinstance(value, list) and len(value) == length
        if not ok or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in value):
            raise self._fail(key, f"a list of {length} numbers")
        return np.asarray(value, dtype=np.float64)

    def matrix(self, key: str, size: int) -> np.ndarray:
        """The ``size`` x ``size`` matrix stored under ``key``."""
        value = self._get(key)
        try:
            array = np.asarray(value, dtype=np.float64)
        except (TypeError, ValueError):
            raise self._fail(key, f"a {size}x{size} matrix of numbers") from None
        if array.shape != (size, size):
            raise self._fail(key, f"a {size}x{size} matrix of numbers")
        return array

    def strings(self, key: str) -> tuple[str, ...]:
        """The list of names stored under ``key``."""
        value = self._get(key)
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self._fail(key, "a list of names")
        return tuple(value)

    def with_overrides(self, overrides: Mapping[str, float]) -> ValueFile:
        """Return a copy with values replaced; keys may be ``section.key`` or a unique ``key``."""
        values = dict(self.values)
        done = set(self.overridden)
        for name, new in overrides.items():
            matches = [k for k in values if k == name or k.split(".", 1)[1] == name]
            if len(matches) != 1:
                hint = "ambiguous" if matches else "unknown"
                raise ParameterError(
                    f"{self.path.name}: override '{name}' is {hint}; use one of "
                    f"{', '.join(sorted(values))}"
                )
            key = matches[0]
            old = values[key]
            if isinstance(old, list):
                raise ParameterError(
                    f"{self.path.name}: '{key}' is a list and cannot be overridden"
                )
            values[key] = new
            done.add(key)
        return ValueFile(self.path, values, self.sources, frozenset(done))


def load_value_file(path: Path | str) -> ValueFile:
    """Load and check the structure of a ``{ value, source }`` parameter file."""
    path = Path(path)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ParameterError(f"{path}: file not found") from None
    except tomllib.TOMLDecodeError as exc:
        raise ParameterError(f"{path.name}: not valid TOML ({exc})") from None
    values: dict[str, Any] = {}
    sources: dict[str, str] = {}
    for section, table in raw.items():
        if not isinstance(table, dict):
            raise ParameterError(f"{path.name}: '{section}' should be a [section] of values")
        for key, leaf in table.items():
            name = f"{section}.{key}"
            if not isinstance(leaf, dict) or "value" not in leaf or "source" not in leaf:
                raise ParameterError(
                    f"{path.name}: key '{name}' should be {{ value = ..., source = \"...\" }}"
                )
            extra = set(leaf) - _LEAF_KEYS
            if extra:
                raise ParameterError(
                    f"{path.name}: key '{name}' has unknown fields {sorted(extra)}"
                )
            if not isinstance(leaf["source"], str) or not leaf["source"].strip():
                raise ParameterError(f"{path.name}: key '{name}' needs a non-empty source")
            values[name] = leaf["value"]
            sources[name] = leaf["source"]
    return ValueFile(path, values, sources)


def load_named(name: str) -> ValueFile:
    """Load ``lab/params/<name>.toml`` (``population`` or ``behaviour``)."""
    return load_value_file(PARAMS_DIR / f"{name}.toml")
