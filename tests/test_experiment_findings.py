"""The report: first-screen sentences that follow the numbers, units, figures, two languages."""

import re

import pytest

from lab import TOESLAGEN
from lab.errors import InputError
from lab.experiment import figures, findings, metrics
from lab.experiment import labels as lb
from lab.experiment import outcomes as oc
from lab.experiment.report import render_html


def entry(mean, low, high):
    return {"mean": mean, "ci_low": low, "ci_high": high}


def effect(diff, low, high):
    return {"diff": diff, "mean": diff, "ci_low": low, "ci_high": high, "p_value": 0.01, "n": 5}


def summary(arms_overrides=None):
    control = {
        "take_up_rate": entry(0.881, 0.87, 0.89),
        "recovery_share": entry(0.164, 0.15, 0.18),
        "high_recovery_share": entry(0.025, 0.02, 0.03),
        "nabetaling_share": entry(0.182, 0.17, 0.19),
        "negative_balance_months": entry(2.21, 2.0, 2.4),
        "state_cost_eur": entry(20.572e9, 20.5e9, 20.6e9),
    }
    treated = {
        "take_up_rate": entry(0.884, 0.87, 0.89),
        "recovery_share": entry(0.061, 0.05, 0.07),
        "high_recovery_share": entry(0.015, 0.01, 0.02),
        "nabetaling_share": entry(0.541, 0.53, 0.55),
        "negative_balance_months": entry(2.21, 2.0, 2.4),
        "state_cost_eur": entry(20.354e9, 20.3e9, 20.4e9),
    }
    for values, offset in ((control, 0.0), (treated, 0.1)):
        values |= {f"take_up_rate.{t}": entry(0.8 + offset, 0.75, 0.95) for t in TOESLAGEN}
        values |= {"chosen_percentage_bins.95-100": {"mean": 1.0 - offset}}
        values |= {"chosen_percentage_bins.80-85": {"mean": offset}}
    return {
        "arms": {"control": control, "voorzichtig": treated},
        "effects": {
            "voorzichtig": {
                "take_up_rate": effect(0.003, -0.002, 0.008),
                "recovery_share": effect(-0.103, -0.124, -0.081),
                "high_recovery_share": effect(-0.010, -0.012, -0.009),
                "nabetaling_share": effect(0.359, 0.338, 0.380),
                "negative_balance_months": effect(0.0, None, None),
                "state_cost_eur": effect(-217e6, -1084e6, 649e6),
            }
        },
        "subgroups": {},
        "monthly": {
            "control": {"negative_balance": [1.0, 2.0, 3.0, 4.0], "recipients": [5, 5, 5, 5]},
            "voorzichtig": {"negative_balance": [1.0, 1.0, 2.0, 2.0], "recipients": [5, 5, 5, 5]},
        },
        "provenance": {
            "experiment": "lab_test",
            "description": "control against the 80% option",
            "design": "lab",
            "common_random_numbers": True,
            "control": "control",
            "households": 20000,
            "replications": 25,
            "year": 2026,
            "n_years": 1,
            "arms": arms_overrides
            or {"control": {}, "voorzichtig": {"voorschot_option": "voorzichtig"}},
            "voorschot_floor": 0.7,
            "parameters": {"awir_2026.toml": "ab" * 32},
            "spec_hash": "f" * 64,
            "git": {"commit": "abc123", "dirty": False},
            "versions": {"numpy": "2"},
            "root_seed": 1,
            "seeds": {"control--p000--r0000": 7},
            "runs_done": 50,
            "runs_failed": {},
            "runs_total": 50,
            "started": "s",
            "finished": "f",
        },
    }


def test_sentences_follow_the_sign_and_significance_of_the_numbers():
    (found,) = findings.findings(summary())
    by_outcome = dict(zip(findings.findings(summary())[0].effects, found.sentences, strict=True))
    assert by_outcome["high_recovery_share"] == (
        "The 80% option lowered the share of awards with a high recovery (> 500 euro) from 2.5% "
        "to 1.5% (-1.0 points, 95% interval -1.2 to -0.9)."
    )
    assert by_outcome["recovery_share"].startswith("The 80% option lowered the share of awards")
    assert "(-10.3 points, 95% interval -12.4 to -8.1)" in by_outcome["recovery_share"]
    assert by_outcome["nabetaling_share"].startswith("The 80% option raised the share")
    assert by_outcome["take_up_rate"].startswith("The 80% option did not change take-up")
    assert "88.1% against 88.4%" in by_outcome["take_up_rate"]
    assert "no interval" in by_outcome["negative_balance_months"]
    assert by_outcome["state_cost_eur"] == (
        "The 80% option did not change the cost to the state detectably: 20,572 million euro "
        "against 20,354 million euro (-217 million euro, 95% interval -1,084 to 649)."
    )


def test_the_table_has_units_and_intervals_in_both_languages():
    (found,) = findings.findings(summary())
    table = findings.table(found)
    assert list(table.columns) == [
        "outcome",
        "unit",
        "control",
        "voorzichtig",
        "effect",
        "95% interval",
    ]
    row = table.set_index("outcome").loc["High recoveries (> 500 euro)"]
    assert (row["unit"], row["control"], row["effect"], row["95% interval"]) == (
        "% of applied awards",
        "2.5%",
        "-1.0 points",
        "-1.2 to -0.9",
    )
    (dutch,) = findings.findings(summary(), "nl")
    row = findings.table(dutch, "nl").set_index("uitkomst").loc["Kosten voor de staat"]
    assert row["controle"] == "20.572 miljoen euro"
    assert row["95%-interval"] == "-1.084 tot 649"
    assert dutch.sentences[2] == (
        "De 80%-keuze verlaagde het aandeel toekenningen met een hoge terugvordering (> 500 euro) "
        "van 2,5% naar 1,5% (-1,0 procentpunt, 95%-interval -1,2 tot -0,9)."
    )


def test_arms_are_named_by_what_they_offer():
    overrides = {
        "control": {},
        "instelbaar": {"voorschot_option": "instelbaar", "voorschot_floor": 0.6},
        "default_floor": {"voorschot_option": "instelbaar"},
        "letters": {"letters": True},
    }
    s = summary(overrides)
    assert findings.arm_phrase("instelbaar", s) == "the adjustable voorschot (from 60%)"
    assert findings.arm_phrase("default_floor", s, "nl") == "het instelbaar voorschot (vanaf 70%)"
    assert findings.arm_phrase("letters [letter_month=3]", s) == "arm 'letters' at letter_month=3"
    assert findings.arm_phrase("control", s) == "the control group"


def test_every_label_has_both_languages_and_a_bad_language_is_one_line():
    assert all(set(texts) == set(lb.LANGUAGES) for texts in lb.TEXTS.values())
    assert all(metric in lb.TEXTS and f"{metric}.phrase" in lb.TEXTS for metric in oc.OUTCOMES)
    with pytest.raises(InputError, match="unknown language 'de'; use one of: en, nl"):
        lb.text("take_up_rate", "de")


def test_months_are_calendar_months():
    assert [lb.month_label(k, 2026) for k in (0, 1, 12, 13)] == [
        "Dec 2025",
        "Jan 2026",
        "Dec 2026",
        "Jan 2027",
    ]
    assert lb.month_label(3, 2026, "nl") == "mrt 2026"
    figure = figures.monthly_figure(summary(), series=("negative_balance",))
    assert list(figure.data[0].x) == ["Dec 2025", "Jan 2026", "Feb 2026", "Mar 2026"]


def test_figures_have_readable_titles_and_units_not_metric_keys():
    s = summary()
    for figure in figures.report_figures(s):
        texts = [figure.layout.title.text] + [a.text for a in figure.layout.annotations]
        texts += [figure.layout.yaxis.title.text or ""]
        assert texts[0]
        for shown in texts:
            assert not re.search(r"\b[a-z]+_[a-z_]+\b", shown or ""), shown
    effects = figures.effects_figure(s)
    titles = [a.text for a in effects.layout.annotations]
    assert "High recoveries (> 500 euro)<br>effect in points" in titles
    assert effects.data[0].x[0] == pytest.approx(0.3)  # take-up effect in percentage points
    take_up = figures.per_toeslag_figure(s, "take_up_rate")
    assert take_up.data[1].y[0] == pytest.approx(90.0) and take_up.layout.yaxis.title.text
    assert figures.per_toeslag_metrics(s) == ["take_up_rate"]
    chosen = figures.chosen_percentage_figure(s)
    assert list(chosen.data[1].x)[-1] == "95-100%" and chosen.data[1].y[-1] == pytest.approx(90)
    dutch = figures.effects_figure(s, "nl")
    assert dutch.layout.separators == ",." and "procentpunt" in dutch.layout.annotations[0].text


def test_the_report_opens_with_the_findings_before_any_figure():
    page = render_html(summary())
    first_figure = page.index("plotly-graph-div")
    table = page.index("<table class='effects'>")
    assert page.index("What the 80% option did, against the control group") < table < first_figure
    assert page.index("The 80% option lowered the share of awards with a high recovery") < (
        first_figure
    )
    assert "Methods and provenance" in page and "lab/params/awir_2026.toml (abababababab)" in page
    dutch = render_html(summary(), "nl")
    assert "<html lang='nl'>" in dutch
    assert "Wat de 80%-keuze deed, vergeleken met de controlegroep" in dutch
    assert "Methode en herkomst" in dutch and "What the" not in dutch


def test_run_and_report_take_the_language(tmp_path, capsys):
    from lab.cli import main

    spec = tmp_path / "tiny.toml"
    spec.write_text(
        'name = "tiny"\ndesign = "policy"\nhouseholds = 200\nreplications = 2\nseed = 3\n'
        '[arms.control]\n[arms.voorzichtig]\nvoorschot_option = "voorzichtig"\n'
    )
    out = tmp_path / "out"
    assert main(["run", str(spec), "--out", str(out), "--workers", "1", "--lang", "nl"]) == 0
    page = (out / "report.html").read_text(encoding="utf-8")
    assert "<html lang='nl'>" in page and "Wat de 80%-keuze deed" in page
    assert main(["report", str(out)]) == 0
    assert "What the 80% option did" in (out / "report.html").read_text(encoding="utf-8")
    capsys.readouterr()
    with pytest.raises(SystemExit) as stop:
        main(["report", str(out), "--lang", "fr"])
    assert stop.value.code == 2
    assert "invalid choice: 'fr'" in capsys.readouterr().err


def test_the_high_recovery_label_shows_the_laws_threshold(monkeypatch):
    """The threshold in the label comes from awir.high_recovery_threshold, not from the text."""
    monkeypatch.setattr(metrics, "shared_high_recovery_threshold", lambda years: 650.0)
    lb.high_threshold_text.cache_clear()
    try:
        assert oc.outcome_name("high_recovery_share") == "High recoveries (> 650 euro)"
        monkeypatch.setattr(metrics, "shared_high_recovery_threshold", lambda years: None)
        lb.high_threshold_text.cache_clear()
        assert lb.text("high_recovery_share", "nl") == (
            "Hoge terugvorderingen (> de drempel van het jaar)"
        )
    finally:
        lb.high_threshold_text.cache_clear()
