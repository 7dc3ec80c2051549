"""The analysis notebook runs top to bottom on a results folder (code cells executed in order)."""

import ast
import json
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go

from lab.experiment import load_spec, run_experiment

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "analyse_experiment.ipynb"

SPEC = """
name = "notebook"
description = "control against the 80% option"
design = "policy"
households = 400
replications = 3
seed = 11
[arms.control]
[arms.voorzichtig]
voorschot_option = "voorzichtig"
"""


def code_cells() -> list[str]:
    notebook = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    cells = [c for c in notebook["cells"] if c["cell_type"] == "code"]
    assert cells, "the notebook has no code cells"
    for cell in cells:
        assert not cell["outputs"], "commit the notebook without outputs"
        assert cell["execution_count"] is None
    return ["".join(c["source"]) for c in cells]


def run_cell(source: str, namespace: dict) -> object:
    """Execute a cell like Jupyter does; return the value of its last expression (or None)."""
    tree = ast.parse(source)
    last = tree.body[-1] if tree.body else None
    if isinstance(last, ast.Expr):
        exec(compile(ast.Module(tree.body[:-1], []), "<cell>", "exec"), namespace)
        return eval(compile(ast.Expression(last.value), "<cell>", "eval"), namespace)
    exec(compile(tree, "<cell>", "exec"), namespace)
    return None


def test_notebook_analyses_a_results_folder(tmp_path, monkeypatch):
    spec_path = tmp_path / "notebook.toml"
    spec_path.write_text(SPEC)
    out = tmp_path / "results" / "lab_voorzichtig"
    run_experiment(load_spec(spec_path), out)
    monkeypatch.chdir(tmp_path)  # the notebook reads results/lab_voorzichtig
    namespace: dict = {}
    values = [run_cell(source, namespace) for source in code_cells()]
    figures = [v for v in values if isinstance(v, go.Figure)]
    tables = [v for v in values if isinstance(v, pd.DataFrame)]
    assert len(figures) >= 4 and len(tables) >= 2
    effects = namespace["effects"]
    row = effects[(effects["arm"] == "voorzichtig") & (effects["metric"] == "reduced_choice_share")]
    assert row["diff"].iloc[0] > 0  # only the treated arm can choose 80%
    assert (namespace["wide"].index.get_level_values("replication").nunique()) == 3
