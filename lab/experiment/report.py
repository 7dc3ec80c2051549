"""summary.json and a self-contained report.html, rebuilt from a results folder's Parquet files.

The report answers its question on the first screen: per treatment arm a short table and one
sentence per headline outcome (take-up, recoveries, high recoveries, back-payments, months with a
negative balance, cost to the state), each with its unit and 95% interval
(:mod:`lab.experiment.findings`). Below it the figures (:mod:`lab.experiment.figures`, the same ones
the app draws; plotly JavaScript inlined, so the page opens offline), a subgroup table, and the
methods and provenance (design, households, replications, seeds, commit, parameter files). English
or Dutch (``lang``), from one set of labels (:mod:`lab.experiment.labels`).
"""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any

import plotly.io as pio

from lab.errors import InputError
from lab.experiment import figures, findings, store
from lab.experiment import labels as lb
from lab.experiment import outcomes as oc
from lab.experiment.analysis import summarise

#: Metrics shown in the subgroup table.
SUBGROUP_TABLE_METRICS = ("take_up_rate", "high_recovery_share", "recovery_share")
#: At most this many arm tables on the first screen (a sweep has one per design point).
MAX_ARM_TABLES = 12
STYLE = (
    "body{font-family:system-ui,sans-serif;max-width:1300px;margin:auto;padding:0 1em;"
    "color:#1a1a1a}h1{font-size:1.5em;margin:0.5em 0 0.1em}h2{font-size:1.2em;margin:0.9em 0 0.3em}"
    "p.lead{margin:0 0 0.4em;color:#444}table{border-collapse:collapse;font-size:0.9em}"
    "td,th{border:1px solid #ccc;padding:3px 8px;text-align:left}"
    "table.effects td:nth-child(n+3){text-align:right;white-space:nowrap}"
    "table.effects th{background:#f3f3f3}ul.findings{margin:0.4em 0;padding-left:1.2em}"
    "ul.findings li{margin:0.15em 0}p.note{font-size:0.85em;color:#555;margin:0.3em 0}"
    "section.arm{margin-bottom:0.8em}"
)


def build_report(out_dir: str | Path, lang: str = "en") -> dict[str, Any]:
    """Rebuild summary.json and report.html (in ``lang``) of ``out_dir``; return the summary."""
    lb.check_lang(lang)
    out_dir = Path(out_dir)
    manifest = store.read_manifest(out_dir)
    if manifest is None:
        raise InputError(f"{out_dir}: no {store.MANIFEST}; is this an experiment results folder?")
    frame = store.load_runs(out_dir)
    summary = summarise(frame, manifest)
    store.write_json(out_dir / store.SUMMARY, summary)
    (out_dir / store.REPORT).write_text(render_html(summary, lang), encoding="utf-8")
    return summary


def _e(value: Any) -> str:
    return html.escape(str(value))


def design_text(design: str, common: bool, lang: str = "en") -> str:
    """How the arms were formed and compared, in one line."""
    kind = "paired" if common else "independent"
    return lb.text(f"design.{design}_{kind}", lang)


def _table_html(frame: Any, css: str = "") -> str:
    head = "".join(f"<th>{_e(c)}</th>" for c in frame.columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{_e(v)}</td>" for v in row) + "</tr>"
        for row in frame.itertuples(index=False)
    )
    return f"<table class='{css}'><tr>{head}</tr>{body}</table>"


def findings_html(summary: dict[str, Any], lang: str = "en") -> str:
    """The first screen: per treatment arm the effects table and one sentence per outcome."""
    p = summary["provenance"]
    found = findings.findings(summary, lang)
    if not found:
        return f"<p>{_e(lb.text('report.no_effects', lang))}</p>"
    parts = []
    for arm in found[:MAX_ARM_TABLES]:
        sentences = "".join(f"<li>{_e(s)}</li>" for s in arm.sentences)
        parts.append(
            f"<section class='arm'><h2>{_e(findings.heading(arm, lang))}</h2>"
            + _table_html(findings.table(arm, lang), "effects")
            + f"<ul class='findings'>{sentences}</ul></section>"
        )
    if len(found) > MAX_ARM_TABLES:
        note = lb.text("report.more_points", lang, shown=MAX_ARM_TABLES, total=len(found))
        parts.append(f"<p class='note'>{_e(note)}</p>")
    pairing = lb.text("report.paired" if p["common_random_numbers"] else "report.welch", lang)
    note = lb.text(
        "report.effects_note",
        lang,
        households=lb.number(p["households"], 0, lang),
        replications=p["replications"],
        pairing=pairing,
    )
    return "".join(parts) + f"<p class='note'>{_e(note)}</p>"


def subgroup_table(summary: dict[str, Any], lang: str = "en") -> str:
    """HTML table: per subgroup, the control mean and each arm's effect with its interval."""
    control = summary["provenance"]["control"]
    effect_arms = list(summary["effects"])
    head = "".join(
        f"<th>{_e(lb.text(k, lang))}</th>"
        for k in ("col.characteristic", "col.group", "col.outcome", "col.control_mean")
    )
    head += "".join(
        f"<th>{_e(a)}: {_e(lb.text('col.effect', lang))} [95%]</th>" for a in effect_arms
    )
    lines = [f"<tr>{head}</tr>"]
    for characteristic, groups in summary.get("subgroups", {}).items():
        for group, parts in groups.items():
            for metric in SUBGROUP_TABLE_METRICS:
                base = next(
                    (
                        v[metric]
                        for k, v in parts["arms"].items()
                        if findings.split_key(k)[0] == control and metric in v
                    ),
                    None,
                )
                if base is None:
                    continue
                d = oc.OUTCOMES[metric].decimals
                cells = [
                    characteristic.replace("_", " "),
                    group,
                    oc.outcome_name(metric, lang),
                    oc.level(metric, base.get("mean"), d, lang),
                ]
                for arm in effect_arms:
                    e = parts["effects"].get(arm, {}).get(metric)
                    cells.append(
                        "–"
                        if e is None
                        else f"{oc.change(metric, e.get('diff'), d, lang)} "
                        f"[{oc.bound(metric, e.get('ci_low'), d, lang)}, "
                        f"{oc.bound(metric, e.get('ci_high'), d, lang)}]"
                    )
                lines.append("<tr>" + "".join(f"<td>{_e(c)}</td>" for c in cells) + "</tr>")
    return "<table>" + "\n".join(lines) + "</table>"


def _years(p: dict[str, Any]) -> str:
    year, n = p.get("year"), p.get("n_years") or 1
    if year is None:
        return "–"
    return str(year) if n == 1 else f"{year}-{year + n - 1}"


def provenance_html(summary: dict[str, Any], lang: str = "en") -> str:
    """Methods and provenance: design, arms, households, replications, seeds, commit, files."""
    p = summary["provenance"]
    git = p.get("git") or {}
    arms = p.get("arms") or {}
    t = lambda key: lb.text(key, lang)  # noqa: E731
    parameters = p.get("parameters") or {}
    items = [
        (t("methods.experiment"), p["experiment"]),
        (t("methods.question"), p.get("description") or "–"),
        (t("methods.design"), design_text(p["design"], p["common_random_numbers"], lang)),
        (t("methods.control"), p["control"]),
        (
            t("methods.arms"),
            "; ".join(
                f"{a}: {json.dumps(o, ensure_ascii=False) if o else '{}'}" for a, o in arms.items()
            )
            or "–",
        ),
        (t("methods.years"), _years(p)),
        (t("methods.households"), lb.number(p["households"], 0, lang)),
        (t("methods.replications"), p["replications"]),
        (
            t("methods.runs"),
            lb.text(
                "methods.runs_value",
                lang,
                done=p["runs_done"],
                total=p["runs_total"],
                failed=len(p["runs_failed"]),
            ),
        ),
        (t("methods.intervals"), t("methods.intervals_value")),
        (t("methods.seeds"), p["root_seed"]),
        (
            t("methods.commit"),
            f"{git.get('commit')}" + (t("methods.dirty") if git.get("dirty") else ""),
        ),
        (
            t("methods.parameters"),
            ", ".join(f"lab/params/{name} ({digest[:12]})" for name, digest in parameters.items())
            or "–",
        ),
        (t("methods.spec_hash"), p["spec_hash"]),
        (t("methods.time"), f"{p.get('started')} / {p.get('finished')}"),
        (
            t("methods.versions"),
            ", ".join(f"{k} {v}" for k, v in (p.get("versions") or {}).items()),
        ),
    ]
    rows = "".join(f"<tr><th>{_e(k)}</th><td>{_e(v)}</td></tr>" for k, v in items)
    failed = "".join(f"<li>{_e(k)}: {_e(' '.join(v))}</li>" for k, v in p["runs_failed"].items())
    seeds = json.dumps(p.get("seeds") or {}, indent=0)
    return (
        f"<table>{rows}</table>"
        + (f"<h3>{_e(t('report.failed_runs'))}</h3><ul>{failed}</ul>" if failed else "")
        + f"<details><summary>{_e(t('report.run_seeds'))}</summary><pre>{_e(seeds)}</pre></details>"
    )


def render_html(summary: dict[str, Any], lang: str = "en") -> str:
    """The whole report as one HTML page (in ``lang``) with the plotly JavaScript inlined."""
    lb.check_lang(lang)
    p = summary["provenance"]
    parts = [
        pio.to_html(
            figure,
            full_html=False,
            include_plotlyjs=i == 0,
            config={"displaylogo": False},
        )
        for i, figure in enumerate(figures.report_figures(summary, lang))
    ]
    title = f"{p['experiment']}: {lb.text('report.title', lang)}"
    return (
        f"<!DOCTYPE html><html lang='{lang}'><head><meta charset='utf-8'>"
        f"<title>{_e(title)}</title><style>{STYLE}</style></head><body>"
        f"<h1>{_e(p['experiment'])}</h1><p class='lead'>{_e(p['description'])}</p>"
        + findings_html(summary, lang)
        + f"<h2>{_e(lb.text('report.figures_heading', lang))}</h2>"
        + "\n".join(parts)
        + f"<h2>{_e(lb.text('report.subgroups_heading', lang))}</h2>"
        + subgroup_table(summary, lang)
        + f"<h2>{_e(lb.text('report.methods_heading', lang))}</h2>"
        + provenance_html(summary, lang)
        + "</body></html>"
    )
