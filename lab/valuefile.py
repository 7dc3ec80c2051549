"""Typed behaviour and population parameters (``{ value, unit, domain, source }`` leaves).

Each leaf of such a TOML file is an inline table, like the law parameters:

- ``value``: a number, a list of numbers (one per income type or toeslag), a matrix, or a list
  of names;
- ``unit``: what the number measures ("euro per year", "share", "log sd", ...);
- ``domain``: ``[low, high]``, the values the model accepts (``inf`` for no upper bound); for a list
  or matrix it holds for every element. It is also the range a calibration searches;
- ``source``: a publication or a document in the repository, or the word "assumption";
- ``mark`` (optional): how well it is verified (see :data:`lab.law.entries.MARKS`).

The values are checked against their domains when the file is loaded and again when an experiment
arm (or a calibration) overrides them: an unknown key or a value outside its domain is refused in
one line naming the file, the key and the allowed range. Values are read through typed accessors
(``b.float("traits.fear_mean")``) that fail with the file, the key and what was expected;
:meth:`ValueFile.parameter` gives the whole typed entry.
"""

from __future__ import annotations

import builtins
import math
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from lab.errors import ParameterError

PARAMS_DIR = Path(__file__).parent / "params"
_LEAF_KEYS = {"value", "unit", "domain", "source", "mark"}
_REQUIRED = ("value", "unit", "source")
#: An override of one element of a list value: ``take_up.intercept[1]``.
_ELEMENT = re.compile(r"^(?P<name>[^\[\]]+)\[(?P<index>\d+)\]$")


@dataclass(frozen=True)
class Parameter:
    """One typed entry of a parameter file: its value, unit, domain and source."""

    name: str
    value: Any
    unit: str
    domain: tuple[float, float] | None
    source: str

    @property
    def numeric(self) -> bool:
        """Whether the value is a number or a (nested) list of numbers."""
        return self.domain is not None


def _fmt(x: float) -> str:
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    return f"{x:g}"


def domain_text(domain: tuple[float, float]) -> str:
    """The domain as readers see it: ``[0, 1]``."""
    return f"[{_fmt(domain[0])}, {_fmt(domain[1])}]"


def _is_number(v: Any) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool)


def _numbers(value: Any) -> list[float] | None:
    """All numbers of a number, list or matrix; None if anything in it is not a number."""
    if _is_number(value):
        return [float(value)]
    if isinstance(value, list):
        out: list[float] = []
        for item in value:
            inner = _numbers(item)
            if inner is None:
                return None
            out += inner
        return out
    return None


def _outside(value: Any, domain: tuple[float, float]) -> bool:
    numbers = _numbers(value)
    return numbers is None or any(
        not (domain[0] <= x <= domain[1]) or math.isnan(x) for x in numbers
    )


@dataclass(frozen=True)
class ValueFile:
    """The values of one parameter file, flattened to ``section.key`` names, with their entries."""

    path: Path
    values: Mapping[str, Any]
    sources: Mapping[str, str]
    overridden: frozenset[str] = field(default_factory=frozenset)
    units: Mapping[str, str] = field(default_factory=dict)
    domains: Mapping[str, tuple[float, float] | None] = field(default_factory=dict)

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
        if not _is_number(value):
            raise self._fail(key, "a number")
        return float(value)

    def int(self, key: str) -> int:
        """The whole number stored under ``key``."""
        value = self._get(key)
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, bool) or not isinstance(value, int):
            raise self._fail(key, "a whole number")
        return value

    def floats(self, key: str, length: builtins.int) -> np.ndarray:
        """The list of ``length`` numbers stored under ``key``, as a float64 array."""
        value = self._get(key)
        ok = isinstance(value, list) and len(value) == length
        if not ok or not all(_is_number(v) for v in value):
            raise self._fail(key, f"a list of {length} numbers")
        return np.asarray(value, dtype=np.float64)

    def matrix(self, key: str, size: builtins.int) -> np.ndarray:
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

    def parameter(self, key: str) -> Parameter:
        """The typed entry under ``key``: value, unit, domain and source."""
        value = self._get(key)
        return Parameter(
            key, value, self.units.get(key, ""), self.domains.get(key), self.sources[key]
        )

    def domain(self, key: str) -> tuple[builtins.float, builtins.float]:
        """The ``[low, high]`` domain of a numeric ``key`` (of ``key[i]`` too)."""
        match = _ELEMENT.match(key)
        name = match.group("name") if match else key
        self._get(name)
        domain = self.domains.get(name)
        if domain is None:
            raise ParameterError(f"{self.path.name}: key '{name}' is not a number")
        return domain

    def resolve(self, name: str, what: str = "key") -> str:
        """The full ``section.key`` of a name (``section.key``, a unique ``key``, or ``key[i]``)."""
        match = _ELEMENT.match(name)
        base = match.group("name") if match else name
        matches = [k for k in self.values if k == base or k.split(".", 1)[1] == base]
        if len(matches) != 1:
            hint = "ambiguous" if matches else "unknown"
            raise ParameterError(
                f"{self.path.name}: {what} '{name}' is {hint}; known keys: "
                f"{', '.join(sorted(self.values))}"
            )
        return matches[0] + (f"[{match.group('index')}]" if match else "")

    def with_overrides(self, overrides: Mapping[str, Any]) -> ValueFile:
        """Return a copy with values replaced, each checked against its domain.

        Keys may be ``section.key``, a unique ``key``, or ``key[i]`` for element ``i`` of a list.
        A list value may be replaced by a list of the same length.

        Raises:
            ParameterError: an unknown or ambiguous key, a value of the wrong kind, or a value
                outside the key's domain (one line naming the file, the key and the range).
        """
        values = dict(self.values)
        done = set(self.overridden)
        for name, new in overrides.items():
            full = self.resolve(name, what="override")
            match = _ELEMENT.match(full)
            key = match.group("name") if match else full
            old = values[key]
            domain = self.domains.get(key)
            where = f"{self.path.name}: override '{name}'" + (
                f" (key '{full}')" if full != name else ""
            )
            if domain is None:
                raise ParameterError(f"{where}: '{key}' holds names and cannot be overridden")
            if match:
                index = int(match.group("index"))
                if not isinstance(old, list) or index >= len(old) or isinstance(old[0], list):
                    length = len(old) if isinstance(old, list) else 0
                    raise ParameterError(
                        f"{where}: '{key}' has no element {index} (elements 0..{length - 1})"
                    )
                replaced = list(old)
                replaced[index] = new
                new_value: Any = replaced
                checked = new
            else:
                if isinstance(old, list) != isinstance(new, list) or (
                    isinstance(old, list) and len(old) != len(new)
                ):
                    shape = f"a list of {len(old)} numbers" if isinstance(old, list) else "a number"
                    raise ParameterError(f"{where}: should be {shape}, got {new!r}")
                new_value = new
                checked = new
            if _outside(checked, domain):
                raise ParameterError(
                    f"{where} = {checked!r} is outside its domain {domain_text(domain)} "
                    f"({self.units.get(key, '')})"
                )
            values[key] = new_value
            done.add(key)
        return ValueFile(self.path, values, self.sources, frozenset(done), self.units, self.domains)


def _domain(path: Path, name: str, leaf: dict[str, Any]) -> tuple[float, float] | None:
    value = leaf["value"]
    names = isinstance(value, list) and value and all(isinstance(v, str) for v in value)
    if names:
        if "domain" in leaf:
            raise ParameterError(f"{path.name}: key '{name}' holds names and takes no domain")
        return None
    if _numbers(value) is None:
        raise ParameterError(
            f"{path.name}: key '{name}' should hold a number, a list of numbers or of names, "
            f"got {value!r}"
        )
    raw = leaf.get("domain")
    if (
        not isinstance(raw, list)
        or len(raw) != 2
        or not all(_is_number(x) for x in raw)
        or not raw[0] <= raw[1]
    ):
        raise ParameterError(
            f"{path.name}: key '{name}' needs domain = [low, high] with low <= high, got {raw!r}"
        )
    domain = (float(raw[0]), float(raw[1]))
    if _outside(value, domain):
        raise ParameterError(
            f"{path.name}: key '{name}' = {value!r} is outside its domain {domain_text(domain)}"
        )
    return domain


#: The last file read from each path, with its text: a calibration builds a model per run, and
#: each reads the behaviour and population files; the text is read again each time, and parsed
#: and checked again only when it changed (a ValueFile is frozen: every override makes a copy).
_LOADED: dict[Path, tuple[str, ValueFile]] = {}


def load_value_file(path: Path | str) -> ValueFile:
    """Load a ``{ value, unit, domain, source }`` parameter file and check every value's domain."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ParameterError(f"{path}: file not found") from None
    loaded = _LOADED.get(path)
    if loaded is not None and loaded[0] == text:
        return loaded[1]
    parsed = _parse_value_file(path, text)
    _LOADED[path] = (text, parsed)
    return parsed


def _parse_value_file(path: Path, text: str) -> ValueFile:
    """The ValueFile of ``text``, the contents of ``path`` (every value's domain checked)."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ParameterError(f"{path.name}: not valid TOML ({exc})") from None
    values: dict[str, Any] = {}
    sources: dict[str, str] = {}
    units: dict[str, str] = {}
    domains: dict[str, tuple[float, float] | None] = {}
    for section, table in raw.items():
        if not isinstance(table, dict):
            raise ParameterError(f"{path.name}: '{section}' should be a [section] of values")
        for key, leaf in table.items():
            name = f"{section}.{key}"
            if not isinstance(leaf, dict) or any(k not in leaf for k in _REQUIRED):
                raise ParameterError(
                    f"{path.name}: key '{name}' should be {{ value = ..., unit = \"...\", "
                    f'domain = [low, high], source = "..." }}'
                )
            extra = set(leaf) - _LEAF_KEYS
            if extra:
                raise ParameterError(
                    f"{path.name}: key '{name}' has unknown fields {sorted(extra)}"
                )
            for text in ("source", "unit"):
                if not isinstance(leaf[text], str) or not leaf[text].strip():
                    raise ParameterError(f"{path.name}: key '{name}' needs a non-empty {text}")
            domains[name] = _domain(path, name, leaf)
            values[name] = leaf["value"]
            sources[name] = leaf["source"]
            units[name] = leaf["unit"]
    return ValueFile(path, values, sources, frozenset(), units, domains)


def load_named(name: str) -> ValueFile:
    """Load ``lab/params/<name>.toml`` (``population`` or ``behaviour``)."""
    return load_value_file(PARAMS_DIR / f"{name}.toml")


def _toml_number(x: float) -> str:
    text = f"{float(x):.4g}"
    return text if any(c in text for c in ".en") else text + ".0"


def write_values(path: Path | str, values: Mapping[str, float]) -> None:
    """Replace values in a parameter file in place (``section.key`` or ``section.key[i]``).

    Units, domains, sources and comments stay as they are; a value is written with four
    significant digits and checked against its domain by reloading the file.
    """
    path = Path(path)
    current = load_value_file(path)
    lines = path.read_text(encoding="utf-8").split("\n")
    for name, new in values.items():
        full = current.resolve(name)
        match = _ELEMENT.match(full)
        key = match.group("name") if match else full
        section, _, leaf = key.partition(".")
        old = current.values[key]
        if match:
            replaced = list(old)
            replaced[int(match.group("index"))] = float(new)
            text = "[" + ", ".join(_toml_number(v) for v in replaced) + "]"
        else:
            text = _toml_number(new)
        in_section = False
        for i, line in enumerate(lines):
            if line.startswith("["):
                in_section = line.strip() == f"[{section}]"
            elif in_section and re.match(rf"^{re.escape(leaf)}\s*=\s*\{{\s*value\s*=", line):
                head = re.match(r"^(.*?value\s*=\s*)(\[[^\]]*\]|[^,]+)(,.*)$", line)
                if head is None:
                    continue
                lines[i] = head[1] + text + head[3]
                break
        else:
            raise ParameterError(f"{path.name}: cannot write '{key}' (not on one line)")
        current = ValueFile(
            current.path,
            {**current.values, key: tomllib.loads(f"v = {text}")["v"]},
            current.sources,
            current.overridden,
            current.units,
            current.domains,
        )
    path.write_text("\n".join(lines), encoding="utf-8")
    load_value_file(path)
