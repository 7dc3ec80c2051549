"""What an experiment found, in words: per treatment arm a short table and one sentence per outcome.

From ``summary.json`` (:func:`lab.experiment.analysis.summarise`): for each treatment arm (and
design point) the headline outcomes (:data:`lab.experiment.outcomes.HEADLINE`: take-up, recoveries,
high recoveries, back-payments, months with a negative balance, cost to the state) with the
control's and the arm's mean, the effect and its 95% interval, each in its unit. The sentence
follows the sign and the significance of the numbers: "lowered" or "raised" when the 95% interval
lies below or above zero, "did not change detectably" when it holds zero.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from lab.experiment import labels as lb
from lab.experiment import outcomes as oc

Summary = Mapping[str, Any]


@dataclass(frozen=True)
class ArmFindings:
    """The findings of one treatment arm (at one design point) against the control.

    ``rows`` are the table's rows (column key -> shown text, keys as in :func:`table`);
    ``effects`` the numbers behind them (metric -> (control, treated, diff, low, high)).
    """

    key: str
    arm: str
    control: str
    rows: list[dict[str, str]] = field(default_factory=list)
    sentences: list[str] = field(default_factory=list)
    effects: dict[str, tuple[float, ...]] = field(default_factory=dict)


def _number(entry: Any, key: str) -> float:
    if not isinstance(entry, Mapping):
        return math.nan
    value = entry.get(key)
    return math.nan if value is None else float(value)


def split_key(key: str) -> tuple[str, str]:
    """(arm, design-point label) of a summary key ``"arm [label]"`` or ``"arm"``."""
    if key.endswith("]") and " [" in key:
        arm, label = key[:-1].split(" [", 1)
        return arm, label
    return key, ""


def arm_phrase(key: str, summary: Summary, lang: str = "en") -> str:
    """How a sentence names the arm of summary key ``key``: "the 80% option", "arm 'letters'"."""
    arm, label = split_key(key)
    provenance = summary.get("provenance", {})
    overrides = (provenance.get("arms") or {}).get(arm)
    if arm == provenance.get("control") and not overrides:
        phrase = lb.text("arm.control", lang)
    elif overrides is not None and set(overrides) <= {"voorschot_option", "voorschot_floor"}:
        option = overrides.get("voorschot_option")
        if option == "voorzichtig":
            phrase = lb.text("arm.voorzichtig", lang)
        elif option == "instelbaar":
            floor = overrides.get("voorschot_floor", provenance.get("voorschot_floor"))
            shown = f"{lb.number(100 * floor, 0, lang)}%" if floor is not None else "?"
            phrase = lb.text("arm.instelbaar", lang, floor=shown)
        else:
            phrase = lb.text("arm.named", lang, name=arm)
    else:
        phrase = lb.text("arm.named", lang, name=arm)
    return lb.text("arm.at_point", lang, arm=phrase, point=label) if label else phrase


def _capital(sentence: str) -> str:
    return sentence[:1].upper() + sentence[1:]


def arm_findings(key: str, summary: Summary, lang: str = "en") -> ArmFindings:
    """The table rows and sentences of treatment arm ``key`` (a key of ``summary["effects"]``)."""
    provenance = summary.get("provenance", {})
    control = provenance.get("control") or next(iter(summary.get("arms", {})), "")
    _, label = split_key(key)
    control_key = f"{control} [{label}]" if label else control
    out = ArmFindings(
        key=key,
        arm=arm_phrase(key, summary, lang),
        control=arm_phrase(control_key, summary, lang),
    )
    effects = summary.get("effects", {}).get(key, {})
    for metric in oc.HEADLINE:
        if metric not in effects:
            continue
        outcome = oc.OUTCOMES[metric]
        base = _number(summary.get("arms", {}).get(control_key, {}).get(metric), "mean")
        treated = _number(summary.get("arms", {}).get(key, {}).get(metric), "mean")
        diff = _number(effects[metric], "diff")
        low, high = _number(effects[metric], "ci_low"), _number(effects[metric], "ci_high")
        half = (high - low) / 2 * outcome.scale if math.isfinite(high - low) else None
        d = oc.decimals_for(outcome, half)
        to = " to " if lang == "en" else " tot "
        out.rows.append(
            {
                "outcome": oc.outcome_name(metric, lang),
                "unit": lb.text(outcome.unit, lang),
                "control": oc.level(metric, base, d, lang),
                "arm": oc.level(metric, treated, d, lang),
                "effect": oc.change(metric, diff, d, lang),
                "interval": oc.bound(metric, low, d, lang) + to + oc.bound(metric, high, d, lang),
            }
        )
        out.effects[metric] = (base, treated, diff, low, high)
        if not (math.isfinite(low) and math.isfinite(high)):
            kind = "sentence.no_interval"
        elif high < 0:
            kind = "sentence.lowered"
        elif low > 0:
            kind = "sentence.raised"
        else:
            kind = "sentence.unchanged"
        sentence = lb.text(
            kind,
            lang,
            arm=out.arm,
            outcome=lb.text(f"{metric}.phrase", lang),
            control=oc.level(metric, base, d, lang),
            treated=oc.level(metric, treated, d, lang),
            diff=oc.change(metric, diff, d, lang),
            low=oc.bound(metric, low, d, lang),
            high=oc.bound(metric, high, d, lang),
        )
        out.sentences.append(_capital(sentence))
    return out


def findings(summary: Summary, lang: str = "en") -> list[ArmFindings]:
    """The findings of every treatment arm (and design point) in the summary, in its order."""
    lb.check_lang(lang)
    return [arm_findings(key, summary, lang) for key in summary.get("effects", {})]


def heading(found: ArmFindings, lang: str = "en") -> str:
    """The heading of one arm's findings: "What the 80% option did, against the control group"."""
    text = lb.text("report.effects_heading", lang, arm=found.arm, control=found.control)
    return _capital(text)


def table(found: ArmFindings, lang: str = "en") -> pd.DataFrame:
    """The findings of one arm as a table with the column names of ``lang``."""
    arm_column = split_key(found.key)[0]
    columns = {
        "outcome": lb.text("col.outcome", lang),
        "unit": lb.text("col.unit", lang),
        "control": lb.text("col.control", lang),
        "arm": arm_column,
        "effect": lb.text("col.effect", lang),
        "interval": lb.text("col.interval", lang),
    }
    frame = pd.DataFrame(found.rows, columns=list(columns))
    return frame.rename(columns=columns)


def arms_table(summary: Summary, lang: str = "en", metrics: tuple[str, ...] = ()) -> pd.DataFrame:
    """One row per arm and outcome: mean and 95% interval in the outcome's display unit.

    Shares are in percent, euro totals in million euro (see
    :data:`lab.experiment.outcomes.OUTCOMES`); column names in ``lang``. ``metrics`` defaults to
    every outcome with a readable name.
    """
    names = {
        k: lb.text(f"col.{k}", lang) for k in ("arm", "outcome", "unit", "mean", "low", "high")
    }
    rows = []
    for arm, values in summary.get("arms", {}).items():
        for metric in metrics or tuple(oc.OUTCOMES):
            outcome = oc.OUTCOMES.get(metric)
            entry = values.get(metric)
            if outcome is None or not isinstance(entry, Mapping):
                continue
            mean = _number(entry, "mean")
            if not math.isfinite(mean):
                continue
            rows.append(
                {
                    names["arm"]: arm,
                    names["outcome"]: oc.outcome_name(metric, lang),
                    names["unit"]: lb.text(outcome.unit, lang),
                    names["mean"]: mean * outcome.scale,
                    names["low"]: _number(entry, "ci_low") * outcome.scale,
                    names["high"]: _number(entry, "ci_high") * outcome.scale,
                }
            )
    return pd.DataFrame(rows, columns=list(names.values()))
