"""What the experiment page shows: the experiment's own findings and figures, in Dutch.

The page draws what ``report.html`` draws: the findings per treatment arm
(:mod:`lab.experiment.findings`) and the figures (:mod:`lab.experiment.figures`), from the runner's
``summary.json``, with the Dutch labels of :mod:`lab.experiment.labels`. Only the distribution of
recovery amounts is the page's own (the summary has no amounts; the page keeps those of the first
run per arm).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from lab.experiment import figures, findings
from lab.experiment.metrics import shared_high_recovery_threshold

#: The page's language.
LANG = "nl"
Summary = Mapping[str, Any]


def page_findings(summary: Summary) -> list[findings.ArmFindings]:
    """Per treatment arm: the effects table and sentences, as on the report's first screen."""
    return findings.findings(summary, LANG)


def findings_heading(found: findings.ArmFindings) -> str:
    """The Dutch heading of one arm's findings."""
    return findings.heading(found, LANG)


def findings_table(found: findings.ArmFindings) -> pd.DataFrame:
    """One arm's findings as a table with Dutch column names."""
    return findings.table(found, LANG)


def summary_table(summary: Summary) -> pd.DataFrame:
    """One row per arm and outcome: mean and 95% interval in the outcome's unit, Dutch labels."""
    return findings.arms_table(summary, LANG)


def _high_threshold(summary: Summary) -> float | None:
    """The hoge-terugvordering threshold (euro) of the run's toeslag years; None if unknown."""
    provenance = summary.get("provenance", {})
    first, n_years = provenance.get("year"), provenance.get("n_years", 1)
    return None if first is None else shared_high_recovery_threshold(range(first, first + n_years))


def page_figures(summary: Summary, recoveries: Mapping[str, np.ndarray]) -> list[go.Figure]:
    """The page's figures: effects, per-arm means, take-up per toeslag, choices, amounts, months."""
    out = []
    if summary.get("effects"):
        out.append(figures.effects_figure(summary, LANG))
    out.append(figures.arms_figure(summary, LANG))
    out.append(figures.per_toeslag_figure(summary, "take_up_rate", LANG))
    out.append(figures.chosen_percentage_figure(summary, LANG))
    out.append(figures.recovery_figure(recoveries, LANG, _high_threshold(summary)))
    out.append(figures.monthly_figure(summary, LANG))
    return out
