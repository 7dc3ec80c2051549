"""The app's experiment page draws the experiment's own findings and figures, in Dutch."""

import numpy as np
import pytest
from test_experiment_findings import summary

from lab.app import experiment_view as view
from lab.experiment import figures
from lab.law.parameters import load_year


def test_the_page_shows_the_reports_findings_in_dutch():
    (found,) = view.page_findings(summary())
    assert view.findings_heading(found) == "Wat de 80%-keuze deed, vergeleken met de controlegroep"
    table = view.findings_table(found)
    assert list(table.columns)[:3] == ["uitkomst", "eenheid", "controle"]
    assert found.sentences[1].startswith("De 80%-keuze verlaagde het aandeel toekenningen met een")


def test_the_page_draws_the_report_figures_with_dutch_titles():
    s = summary()
    amounts = {"control": np.array([600.0, 20.0]), "voorzichtig": np.array([5.0])}
    drawn = view.page_figures(s, amounts)
    assert len(drawn) == 6
    report_effects = figures.effects_figure(s, "nl")
    assert drawn[0].to_dict() == report_effects.to_dict()  # one renderer for both
    assert drawn[4].layout.title.text == "Hoogte van de terugvorderingen (eerste run per groep)"
    assert {t.name: len(t.y) for t in drawn[4].data} == {"control": 2, "voorzichtig": 1}
    (line,) = drawn[4].layout.shapes  # the law's hoge-terugvordering threshold of the run's year
    assert line.y0 == load_year(s["provenance"]["year"]).awir.high_recovery_threshold
    assert list(drawn[5].data[0].x)[:2] == ["dec 2025", "jan 2026"]


def test_summary_table_has_dutch_labels_and_display_units():
    table = view.summary_table(summary())
    assert list(table.columns) == [
        "groep",
        "uitkomst",
        "eenheid",
        "gemiddelde",
        "95% laag",
        "95% hoog",
    ]
    row = table[(table["groep"] == "control") & (table["uitkomst"] == "Terugvorderingen")]
    assert row["gemiddelde"].iloc[0] == pytest.approx(16.4) and row["eenheid"].iloc[0].startswith(
        "%"
    )
    assert len(table) == 12
