"""docs/model.md stays true: every parameter in lab/params/*.toml has a row there, and back.

A row is a markdown table row under the heading of its file (``### `lab/params/NAME.toml```; the
law files of every toeslag year share ``### `lab/params/law/YYYY/*.toml```, one value column per
year), first cell the key
in backticks (``section.key``). The value cell must equal the file's value; unit and source may
not be empty. The last tests show the check fails on a parameter added without documentation, on a
documented one that was removed, and on a changed value.
"""

import json
import re
import shutil
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PARAMS = ROOT / "lab" / "params"
MODEL_DOC = ROOT / "docs" / "model.md"
LAW_TABLE = "law/YYYY/*"
ODD_SECTIONS = (
    "Purpose and patterns",
    "Entities, state variables and scales",
    "Process overview and scheduling",
    "Design concepts",
    "Initialisation",
    "Input data",
    "Submodels",
)


def _flatten(path: Path) -> dict[str, object]:
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    return {
        f"{section}.{key}": leaf["value"]
        for section, table in raw.items()
        for key, leaf in table.items()
        if isinstance(leaf, dict) and "value" in leaf
    }


def parameter_files(params: Path) -> dict[str, dict[str, dict[str, object]]]:
    """Per documentation section: {column: {key: value}}; law files share one, a column per year."""
    out: dict[str, dict[str, dict[str, object]]] = {}
    for path in sorted(params.glob("*.toml")):
        out[path.stem] = {"value": _flatten(path)}
    for folder in sorted((params / "law").iterdir()):
        if folder.name.isdigit():
            merged: dict[str, object] = {}
            for path in sorted(folder.glob("*.toml")):
                merged.update(_flatten(path))
            out.setdefault(LAW_TABLE, {})[folder.name] = merged
    return out


def documented(text: str) -> dict[str, dict[str, dict[str, str]]]:
    """Per ``### `lab/params/NAME.toml``` heading: {key: {column header: cell}} of its rows."""
    out: dict[str, dict[str, dict[str, str]]] = {}
    section, header = None, None
    for line in text.splitlines():
        heading = re.fullmatch(r"#+ `lab/params/([A-Za-z0-9_]+|law/YYYY/\*)\.toml`\s*", line)
        if heading:
            section, header = heading.group(1), None
            out.setdefault(section, {})
            continue
        if line.startswith("#"):
            section = None
        if section is None or not line.startswith("|"):
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if header is None:
            header = cells
            continue
        key = re.fullmatch(r"`([^`]+)`", cells[0])
        if key:
            out[section][key.group(1)] = dict(zip(header, cells, strict=False))
    return out


def _parse(cell: str) -> object:
    text = cell.strip().strip("`").strip()
    if text.startswith("["):
        return json.loads(text)
    if text in ("true", "false"):
        return text == "true"
    try:
        return float(text.replace(",", "").replace("_", ""))
    except ValueError:
        return text


def _same(documented_value: object, value: object) -> bool:
    if isinstance(value, bool) or isinstance(documented_value, bool):
        return documented_value is value
    if isinstance(value, list):
        return (
            isinstance(documented_value, list)
            and len(documented_value) == len(value)
            and all(_same(d, v) for d, v in zip(documented_value, value, strict=True))
        )
    if isinstance(value, int | float):
        if not isinstance(documented_value, int | float):
            return False
        return abs(documented_value - value) <= 1e-9 * max(1.0, abs(value))
    return documented_value == value


def problems(params: Path, text: str) -> list[str]:
    """Every mismatch between the parameter files in ``params`` and the documentation ``text``."""
    found = []
    docs = documented(text)
    files = parameter_files(params)
    for section in sorted(set(docs) - set(files)):
        found.append(f"docs/model.md has a table for lab/params/{section}.toml, no such file")
    for section, columns in files.items():
        where = f"lab/params/{section}.toml"
        rows = docs.get(section)
        if rows is None:
            found.append(f"docs/model.md has no table headed `{where}`")
            continue
        keys = set().union(*(set(v) for v in columns.values()))
        for key in sorted(keys - set(rows)):
            found.append(f"{where}: parameter '{key}' is not documented in docs/model.md")
        for key in sorted(set(rows) - keys):
            found.append(f"docs/model.md documents '{key}' under {where}, but no such parameter")
        for key in sorted(keys & set(rows)):
            row = rows[key]
            for column in ("unit", *(h for h in row if h.startswith("source"))):
                if row.get(column, "").strip() in ("", "–"):
                    found.append(f"docs/model.md: '{key}' has an empty {column}")
            for column, values in columns.items():
                if key not in values:
                    continue
                if column not in row:
                    found.append(f"docs/model.md: the table of {where} has no column '{column}'")
                    continue
                if not _same(_parse(row[column]), values[key]):
                    found.append(
                        f"docs/model.md: '{key}' ({column}) says {row[column]}, the file has "
                        f"{values[key]!r}"
                    )
    return sorted(set(found))


def test_every_parameter_is_documented_with_its_value():
    assert problems(PARAMS, MODEL_DOC.read_text(encoding="utf-8")) == []


def test_model_doc_has_every_odd_section():
    headings = re.findall(r"^## \d+ (.+)$", MODEL_DOC.read_text(encoding="utf-8"), re.MULTILINE)
    assert [h for h in headings if h in ODD_SECTIONS] == list(ODD_SECTIONS)
    text = MODEL_DOC.read_text(encoding="utf-8")
    for guide in ("Add a policy arm", "Add an intervention", "Add a toeslag year", "Dask cluster"):
        assert guide in text
    assert "glossary.md" in text


@pytest.fixture
def params_copy(tmp_path: Path) -> Path:
    copy = tmp_path / "params"
    shutil.copytree(PARAMS, copy)
    return copy


def test_an_undocumented_parameter_fails(params_copy):
    text = MODEL_DOC.read_text(encoding="utf-8")
    behaviour = params_copy / "behaviour.toml"
    added = '\n[zz]\nnew_knob = { value = 1.5, unit = "-", source = "assumption" }\n'
    behaviour.write_text(behaviour.read_text(encoding="utf-8") + added, encoding="utf-8")
    assert problems(params_copy, text) == [
        "lab/params/behaviour.toml: parameter 'zz.new_knob' is not documented in docs/model.md"
    ]
    heading = "### `lab/params/behaviour.toml`"
    at = text.index("|---", text.index(heading))
    at = text.index("\n", at) + 1
    row = "| `zz.new_knob` | 1.5 | - | assumption |\n"
    assert problems(params_copy, text[:at] + row + text[at:]) == []
    wrong = row.replace("1.5", "2")
    assert problems(params_copy, text[:at] + wrong + text[at:]) == [
        "docs/model.md: 'zz.new_knob' (value) says 2, the file has 1.5"
    ]


def test_a_documented_parameter_that_is_gone_or_changed_fails(params_copy):
    text = MODEL_DOC.read_text(encoding="utf-8")
    for path in params_copy.glob("law/*/awir.toml"):
        path.write_text(
            re.sub(r"(?m)^minimum_award = .*\n", "", path.read_text(encoding="utf-8")),
            encoding="utf-8",
        )
    assert problems(params_copy, text) == [
        "docs/model.md documents 'awir.minimum_award' under lab/params/law/YYYY/*.toml, but no "
        "such parameter"
    ]
    population = params_copy / "population.toml"
    content = population.read_text(encoding="utf-8")
    section, key, value = next(
        (s, k, float(v))
        for s, k, v in re.findall(
            r"(?ms)^\[(\w+)\][^\[]*?^(\w+) = \{ value = ([0-9.]+)[,} ]", content
        )
        if len(re.findall(rf"(?m)^{k} = ", content)) == 1
    )
    line = re.search(rf"(?m)^{key} = {{ value = [0-9.]+", content).group(0)
    changed_line = f"{key} = {{ value = {value + 1}"
    population.write_text(content.replace(line, changed_line), encoding="utf-8")
    changed = f"docs/model.md: '{section}.{key}' (value) says "
    assert [p for p in problems(params_copy, text) if p.startswith(changed)]
    (params_copy / "population.toml").unlink()
    assert "docs/model.md has a table for lab/params/population.toml, no such file" in problems(
        params_copy, text
    )
