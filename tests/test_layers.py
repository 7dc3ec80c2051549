"""Imports run downhill: a layer imports only the layers below it (docs/architecture.md)."""

import ast
import importlib
import os
import subprocess
import sys
from pathlib import Path

from lab.public_api import public_modules

LAB = Path(__file__).resolve().parent.parent / "lab"
#: Each layer and the rank it has; a module may import modules of its own rank or lower.
RANKS = {
    "errors": 0,
    "jsonfile": 0,
    "valuefile": 0,
    "rows": 0,
    "public_api": 0,
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
    return parts[1] if len(parts) > 1 else "__init__"


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
        elif _dynamic_import(node):
            found.add(node.args[0].value)
    return found


def _dynamic_import(node: ast.AST) -> bool:
    """``importlib.import_module("lab.x")`` or ``__import__("lab.x")`` with a literal name."""
    if not (isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant)):
        return False
    name, func = node.args[0].value, node.func
    called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    return (
        called in ("import_module", "__import__")
        and isinstance(name, str)
        and name.startswith("lab.")
    )


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
            if RANKS[target] > RANKS[layer] or {layer, target} == {"app", "commands"}:
                wrong.append(f"{module} imports {imported}")
    assert not wrong, "\n".join(wrong)


def test_the_app_imports_nothing_from_the_commands():
    for path in sorted((LAB / "app").rglob("*.py")):
        assert not any(m.startswith("lab.commands") for m in _imports(path)), path.name


def test_the_commands_import_nothing_from_the_app():
    """The commands reach the human lab (``lab.humanlab``) without the Streamlit app."""
    wrong = [
        f"{path.name} imports {module}"
        for path in sorted((LAB / "commands").rglob("*.py"))
        for module in sorted(_imports(path))
        if module == "lab.app" or module.startswith("lab.app.")
    ]
    assert not wrong, "\n".join(wrong)


def test_the_human_lab_calls_no_streamlit():
    """Streamlit stays in the app: no module of the human lab imports it."""
    for path in sorted((LAB / "humanlab").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        names |= {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
        assert not any(name.split(".")[0] == "streamlit" for name in names), path.name


#: The most lines a module of lab/ may have (it must stay below): a module a newcomer reads at once.
#: The app's pages (``lab/app/*_page.py``) are exempt: a page is one Streamlit layout, read from
#: top to bottom.
MAX_LINES = 400


def _long_modules(root: Path) -> list[str]:
    """Modules under ``root`` of MAX_LINES lines or more, but the app's pages."""
    return [
        f"{name}: {n} lines"
        for path in sorted(root.rglob("*.py"))
        if not (path.parent.name == "app" and path.name.endswith("_page.py"))
        and (name := path.relative_to(root).as_posix())
        and (n := len(path.read_text(encoding="utf-8").splitlines())) >= MAX_LINES
    ]


def test_every_module_stays_under_400_lines():
    """Each module of lab/ is below 400 lines, but the app's pages (``lab/app/*_page.py``)."""
    long = _long_modules(LAB)
    assert not long, "split these into modules named after what they hold:\n" + "\n".join(long)


def test_the_line_count_sees_a_long_module(tmp_path):
    (tmp_path / "app").mkdir()
    for name in ("long.py", "app/long_page.py", "app/long_view.py"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text("x = 1\n" * MAX_LINES, encoding="utf-8")
    (tmp_path / "short.py").write_text("x = 1\n" * (MAX_LINES - 1), encoding="utf-8")
    assert _long_modules(tmp_path) == ["app/long_view.py: 400 lines", "long.py: 400 lines"]


def _module_of(path: Path) -> str:
    parts = path.relative_to(LAB).with_suffix("").parts
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(("lab", *parts))


def _import_graph() -> dict[str, set[str]]:
    """Module -> the lab modules it imports, type-checking imports too.

    ``from lab.x import y`` is an arrow to the module lab.x.y when that is a module, else to the
    package lab.x (its ``__init__``).
    """
    modules = {_module_of(path): path for path in LAB.rglob("*.py")}
    graph = {}
    for name, path in modules.items():
        targets = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets.update(a.name for a in node.names if a.name in modules)
            elif isinstance(node, ast.ImportFrom) and node.module in modules:
                for a in node.names:
                    sub = f"{node.module}.{a.name}"
                    targets.add(sub if sub in modules else node.module)
            elif _dynamic_import(node) and node.args[0].value in modules:
                targets.add(node.args[0].value)
        targets.discard(name)
        graph[name] = targets
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import circle of ``graph`` (its modules in order), or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == 1:
                return [*stack[stack.index(target) :], target]
            if target not in state:
                found = visit(target)
                if found:
                    return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


def test_no_import_circle_in_lab():
    """No module of lab/ imports itself back, not even under TYPE_CHECKING."""
    circle = _cycle(_import_graph())
    assert circle is None, "import circle: " + " -> ".join(circle)


def test_the_circle_check_sees_a_circle():
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set(), "c": {"a", "b"}}) is None


def test_the_model_loop_stays_under_300_lines():
    """The mesa.Model orders the phases; the phases and the households live in their own modules."""
    lines = (LAB / "model" / "toeslagen_model.py").read_text(encoding="utf-8").splitlines()
    assert len(lines) < 300, f"lab/model/toeslagen_model.py has {len(lines)} lines"


#: The layers whose package reaches its public names lazily (lab.public_api): importing the
#: package loads none of its modules.
LAZY_LAYERS = ("law", "awir", "households", "policy")
#: Every layer that is a package.
PACKAGES = sorted(p.name for p in LAB.iterdir() if (p / "__init__.py").exists() and p.name in RANKS)


def _public_names(package: str) -> list[str]:
    """The ``__all__`` of ``lab.<package>`` as its ``__init__`` writes it (a list of texts)."""
    tree = ast.parse((LAB / package / "__init__.py").read_text(encoding="utf-8"))
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else [getattr(node, "target", None)]
        if any(isinstance(t, ast.Name) and t.id == "__all__" for t in targets):
            return list(ast.literal_eval(node.value))
    raise AssertionError(f"lab/{package}/__init__.py has no __all__")


def test_every_layer_package_says_its_public_names():
    assert set(PACKAGES) >= {*LAZY_LAYERS, "model", "experiment", "calibration", "humanlab"}
    for package in PACKAGES:
        names = _public_names(package)
        assert len(names) == len(set(names)), f"lab.{package}: a name twice in __all__"


def test_other_layers_import_only_a_layers_public_names():
    """What a module imports from another layer's package is in that package's ``__all__``.

    Submodules reached by their path (``from lab.households import coresidents``) are modules, not
    names; the import may name the module that holds the name (``lab.law.parameters``).
    """
    public = {package: set(_public_names(package)) for package in PACKAGES}
    wrong = []
    for path in sorted(LAB.rglob("*.py")):
        layer = _layer(_module_of(path))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.ImportFrom) and (node.module or "").startswith("lab.")):
                continue
            package = node.module.split(".")[1]
            if package == layer or package not in public:
                continue
            for alias in node.names:
                module = LAB / Path(*node.module.split(".")[1:]) / alias.name
                if module.with_suffix(".py").exists() or module.is_dir():
                    continue
                if alias.name not in public[package]:
                    wrong.append(f"{path.relative_to(LAB)}: {node.module}.{alias.name}")
    assert not wrong, "add to the layer's __all__ (or import a public name):\n" + "\n".join(wrong)


def test_a_lazy_layer_lists_in_all_what_it_imports_for_the_type_checker():
    """The names of ``__all__`` are imported under TYPE_CHECKING, but public submodules."""
    for package in LAZY_LAYERS:
        homes = public_modules(LAB / package / "__init__.py")
        names = _public_names(package)
        submodules = [n for n in names if (LAB / package / f"{n}.py").exists()]
        assert sorted(homes) == sorted(set(names) - set(submodules)), package
        layer = importlib.import_module(f"lab.{package}")
        for name, module in homes.items():
            assert not (LAB / package / f"{name}.py").exists(), f"{name} hides a submodule"
            assert getattr(layer, name) is getattr(importlib.import_module(module), name), name
        for name in submodules:  # a public module: the package's attribute once it is imported
            module = importlib.import_module(f"lab.{package}.{name}")
            assert getattr(layer, name) is module, name
        assert not hasattr(layer, "no_such_name")


def test_importing_a_lower_layer_package_loads_none_of_its_modules():
    """``import lab.law`` stays cheap: a public name's module is loaded when it is asked for."""
    code = (
        "import sys\n"
        f"for package in {[*LAZY_LAYERS, 'commands', 'app']!r}:\n"
        "    __import__('lab.' + package)\n"
        "print(' '.join(m for m in sys.modules if m.startswith('lab.') and m.count('.') > 1))\n"
        "from lab.law import load_year\n"
        "print('lab.law.parameters' in sys.modules, 'lab.law.awards' in sys.modules)\n"
    )
    root = LAB.parent
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(root)},
    )
    assert done.stdout.splitlines() == ["", "True False"]
