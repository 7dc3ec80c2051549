"""toeslagenlab: an agent-based behavioural simulator of Dutch toeslagen under the Awir."""

import hashlib
import os
import re
import shutil
import sys
import time
from pathlib import Path

__version__ = "0.1.0"

#: The four toeslagen, in the order used for every per-toeslag array and table.
TOESLAGEN: tuple[str, ...] = (
    "zorgtoeslag",
    "huurtoeslag",
    "kindgebonden_budget",
    "kinderopvangtoeslag",
)


def kernel_cache_dir(root: Path, base: Path) -> Path:
    """Numba's cache folder for the compiled kernels of the source tree ``root`` (the package).

    Numba checks only the file of a cached function, but a kernel compiles in the rules it calls
    from other modules (the award loop calls the four toeslag modules) and the constants it reads
    from them. The folder is named after the source of every module that uses numba and of every
    module of the package they import, directly or not, so a change to any of them recompiles the
    kernels rather than loading kernels built from the old source.
    """
    files = {path.relative_to(root).as_posix(): path.read_bytes() for path in root.rglob("*.py")}
    todo = [name for name, text in files.items() if b"numba" in text]
    seen = set(todo)
    while todo:
        for module in _IMPORT.findall(files[todo.pop()]):
            parts = module.decode().split(".")[1:]
            for name in ("/".join(parts) + ".py", "/".join([*parts, "__init__.py"])):
                if name in files and name not in seen:
                    seen.add(name)
                    todo.append(name)
    digest = hashlib.sha256()
    for name in sorted(seen):
        digest.update(name.encode() + b"\0" + files[name])
    return base / f"kernels-{digest.hexdigest()[:16]}"


#: ``from lab.x.y import ...`` and ``import lab.x.y`` (the modules a module imports).
_IMPORT = re.compile(rb"^\s*(?:from|import)\s+(lab(?:\.\w+)*)", re.MULTILINE)


def _use_kernel_cache() -> None:
    root = Path(__file__).resolve().parent
    given = os.environ.get("NUMBA_CACHE_DIR")
    base = Path(given) if given else root / "__pycache__" / "numba"
    if base.name.startswith("kernels-"):
        base = base.parent  # set by a parent process (perhaps of another source tree)
    if not given and not os.access(root, os.W_OK):
        base = Path.home() / ".cache" / "toeslagenlab" / "numba"
    folder = kernel_cache_dir(root, base)
    os.environ["NUMBA_CACHE_DIR"] = str(folder)
    _prune(folder)
    if "numba" in sys.modules:
        sys.modules["numba"].config.CACHE_DIR = os.environ["NUMBA_CACHE_DIR"]


def _prune(folder: Path, days: float = 2.0) -> None:
    """Remove the kernel caches of older sources beside ``folder`` unused for ``days`` days."""
    try:
        stale = time.time() - days * 86_400
        for other in folder.parent.glob("kernels-*"):
            if other != folder and other.stat().st_mtime < stale:
                shutil.rmtree(other, ignore_errors=True)
    except OSError:
        pass


_use_kernel_cache()
# One BLAS thread: the model's only matrix products are the trait draws' (n, 6) x (6, 6) blocks,
# for which OpenBLAS' threads cost 5-20 times the work itself on two shared cores (the products
# are the same, value for value); runs go parallel across processes (experiment workers).
# Only takes effect when numpy is imported after lab; an explicit setting is kept.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

__all__ = ["TOESLAGEN", "__version__", "kernel_cache_dir"]
