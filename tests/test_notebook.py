"""The notebooks run top to bottom on a fresh kernel at their CI size, and are committed clean.

Each notebook in notebooks/ starts with a parameter cell (tagged ``parameters``) whose defaults are
the small CI size; it works on the project's public API only (no functions or classes of its own),
and is committed without outputs. The test executes each one with nbclient on a new kernel, in its
own folder, with temporary files under the test's temporary folder; an error in any cell fails it.
"""

import os
from pathlib import Path

import pytest

os.environ.setdefault("JUPYTER_PLATFORM_DIRS", "1")  # jupyter_core's platformdirs, no warning

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
EXPECTED = ("01_lab_replicatie", "02_beleidsvarianten", "03_gevoeligheid", "04_een_huishouden")
PLOTLY = "application/vnd.plotly.v1+json"


def test_the_four_notebooks_are_there():
    assert tuple(p.stem for p in NOTEBOOKS) == EXPECTED


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_committed_clean_with_a_parameter_cell_first(path):
    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    first = notebook.cells[0]
    assert first.cell_type == "code" and "parameters" in first.metadata.get("tags", [])
    code = [c for c in notebook.cells if c.cell_type == "code"]
    for cell in code:
        assert not cell.outputs and cell.execution_count is None, "commit without outputs"
        lines = cell.source.splitlines()
        assert not [x for x in lines if x.startswith(("def ", "class "))], "use the public API"
    imports = [
        x for c in code for x in c.source.splitlines() if x.startswith(("from lab", "import lab"))
    ]
    assert imports and not [x for x in imports if "._" in x or " _" in x], "public names only"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_runs_on_a_fresh_kernel_at_ci_size(path, tmp_path, monkeypatch):
    monkeypatch.setenv("TMPDIR", str(tmp_path))  # the notebooks' temporary results folders
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook,
        timeout=600,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()  # raises CellExecutionError naming the cell that failed
    outputs = [o for c in notebook.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    assert any(PLOTLY in o.get("data", {}) for o in outputs), "each notebook draws a figure"
    assert any("text/plain" in o.get("data", {}) for o in outputs), "and shows a table"
