"""Imports run downhill: a layer imports only the layers below it (docs/architecture.md)."""

import ast
from pathlib import Path

LAB = Path(__file__).resolve().parent.parent / "lab"
#: Each layer and the rank it has; a module may import modules of its own rank or lower.
RANKS = {
    "errors": 0,
    "valuefile": 0,
    "law": 1,
    "awir": 2,
    "households": 3,
    "policy": 4,
    "model": 5,
    "calibration": 6,
    "experiment": 6,
    "humanlab": 7,
    "app": 8,
    "commands": 8,
    "cli": 9,
    "__main__": 10,
}


def _layer(module: str) -> str:
    parts = module.split(".")
    layer = parts[1] if len(parts) > 1 else "__init__"
    # A top-level module named after a layer's concept belongs to it (calibration_sensitivity).
    return layer if layer in RANKS else layer.split("_")[0]


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("lab."):
            found.add(node.module)
        elif isinstance(node, ast.ImportFrom) and node.module == "lab":
            found.update(
                f"lab.{a.name}"
                for a in node.names
                if (LAB / a.name).is_dir() or (LAB / f"{a.name}.py").exists()
            )
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("lab."))
    return found


def test_every_import_goes_to_the_same_or_a_lower_layer():
    wrong = []
    for path in sorted(LAB.rglob("*.py")):
        module = ".".join(("lab", *path.relative_to(LAB).with_suffix("").parts))
        layer = _layer(module)
        if layer == "__init__":
            continue
        for imported in _imports(path):
            target = _layer(imported)
            if target in ("__init__", layer):
                continue
            assert layer in RANKS and target in RANKS, f"{module} -> {imported}: add to RANKS"
            if RANKS[target] > RANKS[layer] or (layer, target) == ("app", "commands"):
                wrong.append(f"{module} imports {imported}")
    assert not wrong, "\n".join(wrong)


def test_the_app_imports_nothing_from_the_commands():
    for path in sorted((LAB / "app").rglob("*.py")):
        assert not any(m.startswith("lab.commands") for m in _imports(path)), path.name
