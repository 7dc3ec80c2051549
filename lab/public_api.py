"""A layer's public names, reached from its package without loading the whole layer.

A lower layer's package (``lab.law``, ``lab.awir``, ``lab.households``, ``lab.policy``) lists the
names the other layers use in ``__all__`` and imports them under ``typing.TYPE_CHECKING``: what a
reader and the type checker see. :func:`lazy_imports` gives the package a module ``__getattr__``
(PEP 562) that imports a name's module when the name is first asked for, as those same import
lines say, so ``import lab.law`` loads none of its modules and ``from lab.law import load_year``
loads only ``lab.law.parameters``.
"""

from __future__ import annotations

import ast
import importlib
import sys
from collections.abc import Callable
from pathlib import Path


def public_modules(init_file: str | Path) -> dict[str, str]:
    """Each name a package's ``__init__`` imports under ``if TYPE_CHECKING:``, with its module."""
    tree = ast.parse(Path(init_file).read_text(encoding="utf-8"))
    homes: dict[str, str] = {}
    for node in tree.body:
        if not (isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING"):
            continue
        for statement in node.body:
            if isinstance(statement, ast.ImportFrom) and statement.module:
                homes.update((a.asname or a.name, statement.module) for a in statement.names)
    return homes


def lazy_imports(package: str, init_file: str) -> Callable[[str], object]:
    """The module ``__getattr__`` of ``package``: a public name, imported when first asked for.

    A name that is not public raises AttributeError (so ``from package import submodule`` still
    imports the submodule). A public name must not be the name of a submodule: once imported, the
    submodule is the package's attribute of that name and hides it.
    """
    homes: dict[str, str] = {}

    def __getattr__(name: str) -> object:
        if not homes:
            homes.update(public_modules(init_file))
        if name not in homes:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(homes[name]), name)
        setattr(sys.modules[package], name, value)  # found at once the next time
        return value

    return __getattr__
