"""Every text an experiment's report and figures show, in English and Dutch: one set of labels.

``text(key, lang)`` gives the label of ``key`` in ``lang`` ("en" or "nl"), with ``{fields}`` filled
in: the outcomes' names, their phrases for sentences and their units, the report's headings and
sentences, the figures' titles. Numbers are written the way each language writes them (2.5% /
2,5%: :func:`number`); how each outcome is shown is :mod:`lab.experiment.outcomes`.
"""

from __future__ import annotations

import functools
import math

from lab.errors import InputError

#: The languages of the report and the figures.
LANGUAGES: tuple[str, ...] = ("en", "nl")

#: Label texts by key: {"en": ..., "nl": ...}.
TEXTS: dict[str, dict[str, str]] = {
    # ---------------------------------------------------------------- outcomes: short names
    "take_up_rate": {"en": "Take-up", "nl": "Gebruik"},
    "reduced_choice_share": {"en": "Chose less than 100%", "nl": "Koos minder dan 100%"},
    "chosen_percentage_mean": {
        "en": "Mean chosen percentage",
        "nl": "Gemiddeld gekozen percentage",
    },
    "recovery_share": {"en": "Recoveries", "nl": "Terugvorderingen"},
    "high_recovery_share": {
        "en": "High recoveries (> {high_threshold})",
        "nl": "Hoge terugvorderingen (> {high_threshold})",
    },
    "recovery_mean_eur": {"en": "Mean recovery", "nl": "Gemiddelde terugvordering"},
    "nabetaling_share": {"en": "Back-payments", "nl": "Nabetalingen"},
    "negative_balance_months": {
        "en": "Months with a negative balance",
        "nl": "Maanden met een negatief saldo",
    },
    "state_cost_eur": {"en": "Cost to the state", "nl": "Kosten voor de staat"},
    "not_collected_eur": {"en": "Recoveries not collected", "nl": "Niet-geïnde terugvorderingen"},
    # ---------------------------------------------------------------- outcomes: in a sentence
    "take_up_rate.phrase": {
        "en": "take-up (the share of eligible awards applied for)",
        "nl": "het gebruik (het aandeel rechthebbende toekenningen dat is aangevraagd)",
    },
    "reduced_choice_share.phrase": {
        "en": "the share of awards with a voorschot below 100%",
        "nl": "het aandeel toekenningen met een voorschot onder 100%",
    },
    "chosen_percentage_mean.phrase": {
        "en": "the mean chosen voorschot percentage",
        "nl": "het gemiddeld gekozen voorschotpercentage",
    },
    "recovery_share.phrase": {
        "en": "the share of awards with a recovery",
        "nl": "het aandeel toekenningen met een terugvordering",
    },
    "high_recovery_share.phrase": {
        "en": "the share of awards with a high recovery (> {high_threshold})",
        "nl": "het aandeel toekenningen met een hoge terugvordering (> {high_threshold})",
    },
    "recovery_mean_eur.phrase": {
        "en": "the mean recovery",
        "nl": "de gemiddelde terugvordering",
    },
    "nabetaling_share.phrase": {
        "en": "the share of awards with a back-payment",
        "nl": "het aandeel toekenningen met een nabetaling",
    },
    "negative_balance_months.phrase": {
        "en": "the number of months per household with a negative bank balance",
        "nl": "het aantal maanden per huishouden met een negatief saldo",
    },
    "state_cost_eur.phrase": {
        "en": "the cost to the state",
        "nl": "de kosten voor de staat",
    },
    "not_collected_eur.phrase": {
        "en": "the recoveries not collected",
        "nl": "de niet-geïnde terugvorderingen",
    },
    # ---------------------------------------------------------------- units
    "unit.share_eligible": {
        "en": "% of eligible awards",
        "nl": "% van de rechthebbende toekenningen",
    },
    "unit.share_applied": {"en": "% of applied awards", "nl": "% van de aangevraagde toekenningen"},
    "unit.percentage": {"en": "% of the voorschot", "nl": "% van het voorschot"},
    "unit.months": {"en": "months per household", "nl": "maanden per huishouden"},
    "unit.eur_award": {"en": "euro per recovery", "nl": "euro per terugvordering"},
    "unit.meur_run": {
        "en": "million euro over the run",
        "nl": "miljoen euro over de hele looptijd",
    },
    "unit.points": {"en": "points", "nl": "procentpunt"},
    "unit.month_word": {"en": "months", "nl": "maanden"},
    "unit.eur_word": {"en": "euro", "nl": "euro"},
    "unit.meur_word": {"en": "million euro", "nl": "miljoen euro"},
    "unit.households": {"en": "households", "nl": "huishoudens"},
    "unit.eur_month": {"en": "euro per month", "nl": "euro per maand"},
    # ---------------------------------------------------------------- sentences
    "sentence.lowered": {
        "en": "{arm} lowered {outcome} from {control} to {treated} ({diff}, 95% interval {low} "
        "to {high}).",
        "nl": "{arm} verlaagde {outcome} van {control} naar {treated} ({diff}, 95%-interval {low} "
        "tot {high}).",
    },
    "sentence.raised": {
        "en": "{arm} raised {outcome} from {control} to {treated} ({diff}, 95% interval {low} "
        "to {high}).",
        "nl": "{arm} verhoogde {outcome} van {control} naar {treated} ({diff}, 95%-interval {low} "
        "tot {high}).",
    },
    "sentence.unchanged": {
        "en": "{arm} did not change {outcome} detectably: {control} against {treated} ({diff}, "
        "95% interval {low} to {high}).",
        "nl": "{arm} veranderde {outcome} niet aantoonbaar: {control} tegen {treated} ({diff}, "
        "95%-interval {low} tot {high}).",
    },
    "sentence.no_interval": {
        "en": "{arm}: {outcome} {control} against {treated} ({diff}; no interval, too few "
        "replications).",
        "nl": "{arm}: {outcome} {control} tegen {treated} ({diff}; geen interval, te weinig "
        "herhalingen).",
    },
    # ---------------------------------------------------------------- arms
    "arm.control": {"en": "the control group", "nl": "de controlegroep"},
    "arm.voorzichtig": {"en": "the 80% option", "nl": "de 80%-keuze"},
    "arm.instelbaar": {
        "en": "the adjustable voorschot (from {floor})",
        "nl": "het instelbaar voorschot (vanaf {floor})",
    },
    "arm.named": {"en": "arm '{name}'", "nl": "groep '{name}'"},
    "arm.at_point": {"en": "{arm} at {point}", "nl": "{arm} bij {point}"},
    # ---------------------------------------------------------------- report
    "report.title": {"en": "toeslagenlab experiment", "nl": "toeslagenlab-experiment"},
    "report.effects_heading": {
        "en": "What {arm} did, against {control}",
        "nl": "Wat {arm} deed, vergeleken met {control}",
    },
    "report.effects_note": {
        "en": "{households} simulated households per run, {replications} replications; "
        "95% intervals over the replications ({pairing}).",
        "nl": "{households} gesimuleerde huishoudens per run, {replications} herhalingen; "
        "95%-intervallen over de herhalingen ({pairing}).",
    },
    "report.paired": {"en": "paired by replication", "nl": "gepaard per herhaling"},
    "report.welch": {"en": "independent arms, Welch", "nl": "onafhankelijke groepen, Welch"},
    "report.more_points": {
        "en": "{shown} of {total} design points shown here; all are in summary.json and the "
        "figures below.",
        "nl": "{shown} van {total} ontwerppunten staan hier; alle staan in summary.json en in de "
        "figuren hieronder.",
    },
    "report.no_effects": {
        "en": "No treatment arm: the experiment has only a control.",
        "nl": "Geen behandelgroep: het experiment heeft alleen een controlegroep.",
    },
    "report.figures_heading": {"en": "Figures", "nl": "Figuren"},
    "report.subgroups_heading": {
        "en": "Subgroups: effect against the control",
        "nl": "Subgroepen: effect vergeleken met de controlegroep",
    },
    "report.methods_heading": {"en": "Methods and provenance", "nl": "Methode en herkomst"},
    "report.failed_runs": {"en": "Failed runs", "nl": "Mislukte runs"},
    "report.run_seeds": {"en": "seed of every run", "nl": "seed van elke run"},
    # ---------------------------------------------------------------- table columns
    "col.outcome": {"en": "outcome", "nl": "uitkomst"},
    "col.unit": {"en": "unit", "nl": "eenheid"},
    "col.control": {"en": "control", "nl": "controle"},
    "col.effect": {"en": "effect", "nl": "effect"},
    "col.interval": {"en": "95% interval", "nl": "95%-interval"},
    "col.arm": {"en": "arm", "nl": "groep"},
    "col.mean": {"en": "mean", "nl": "gemiddelde"},
    "col.low": {"en": "95% low", "nl": "95% laag"},
    "col.high": {"en": "95% high", "nl": "95% hoog"},
    "col.characteristic": {"en": "characteristic", "nl": "kenmerk"},
    "col.group": {"en": "group", "nl": "groep"},
    "col.control_mean": {"en": "control mean", "nl": "gemiddelde controle"},
    # ---------------------------------------------------------------- methods
    "methods.experiment": {"en": "experiment", "nl": "experiment"},
    "methods.question": {"en": "question", "nl": "vraag"},
    "methods.design": {"en": "design", "nl": "opzet"},
    "methods.control": {"en": "control arm", "nl": "controlegroep"},
    "methods.arms": {"en": "arms (settings)", "nl": "groepen (instellingen)"},
    "methods.years": {"en": "toeslag years", "nl": "toeslagjaren"},
    "methods.households": {"en": "households per run", "nl": "huishoudens per run"},
    "methods.replications": {"en": "replications", "nl": "herhalingen"},
    "methods.runs": {"en": "runs", "nl": "runs"},
    "methods.runs_value": {
        "en": "{done} done of {total}, {failed} failed",
        "nl": "{done} klaar van {total}, {failed} mislukt",
    },
    "methods.intervals": {"en": "intervals", "nl": "intervallen"},
    "methods.intervals_value": {
        "en": "95%: t interval over replications; effects paired t (common random numbers) or "
        "Welch, with a BCa bootstrap interval in summary.json",
        "nl": "95%: t-interval over de herhalingen; effecten gepaarde t (common random numbers) "
        "of Welch, met een BCa-bootstrapinterval in summary.json",
    },
    "methods.seeds": {"en": "root seed", "nl": "basisseed"},
    "methods.commit": {"en": "git commit", "nl": "git-commit"},
    "methods.dirty": {"en": " (with local changes)", "nl": " (met lokale wijzigingen)"},
    "methods.parameters": {"en": "parameter files (sha256)", "nl": "parameterbestanden (sha256)"},
    "methods.spec_hash": {"en": "experiment hash", "nl": "hash van het experiment"},
    "methods.time": {"en": "started / finished", "nl": "gestart / klaar"},
    "methods.versions": {"en": "versions", "nl": "versies"},
    "design.lab_paired": {
        "en": "lab: one population per replication, households randomly assigned to the arms; "
        "effects paired by replication",
        "nl": "lab: één populatie per herhaling, huishoudens willekeurig over de groepen verdeeld; "
        "effecten gepaard per herhaling",
    },
    "design.lab_independent": {
        "en": "lab: independent seeds per arm (independent populations); effects Welch",
        "nl": "lab: eigen seeds per groep (onafhankelijke populaties); effecten Welch",
    },
    "design.policy_paired": {
        "en": "policy: the same households under every arm (common random numbers); paired",
        "nl": "beleid: dezelfde huishoudens in elke groep (common random numbers); gepaard",
    },
    "design.policy_independent": {
        "en": "policy with independent seeds per arm; effects Welch",
        "nl": "beleid met eigen seeds per groep; effecten Welch",
    },
    # ---------------------------------------------------------------- figures
    "fig.effects": {
        "en": "Effect against the control, with 95% interval",
        "nl": "Effect vergeleken met de controlegroep, met 95%-interval",
    },
    "fig.effect_in": {"en": "{outcome}<br>effect in {unit}", "nl": "{outcome}<br>effect in {unit}"},
    "fig.t_interval": {"en": "effect, t interval", "nl": "effect, t-interval"},
    "fig.bca": {"en": "BCa bootstrap interval", "nl": "BCa-bootstrapinterval"},
    "fig.arms": {
        "en": "Per arm: mean over the replications, with 95% interval",
        "nl": "Per groep: gemiddelde over de herhalingen, met 95%-interval",
    },
    "fig.per_toeslag": {"en": "{outcome} per toeslag", "nl": "{outcome} per toeslag"},
    "fig.chosen": {
        "en": "Chosen voorschot percentage (share of applied awards, 5-point bins)",
        "nl": "Gekozen voorschotpercentage (aandeel van de aangevraagde toekenningen, per 5 "
        "punten)",
    },
    "fig.chosen_x": {"en": "voorschot percentage", "nl": "voorschotpercentage"},
    "fig.chosen_y": {"en": "% of applied awards", "nl": "% van de aangevraagde toekenningen"},
    "fig.monthly": {
        "en": "Month by month (mean over the replications)",
        "nl": "Per maand (gemiddelde over de herhalingen)",
    },
    "fig.month_axis": {"en": "calendar month", "nl": "kalendermaand"},
    "fig.recoveries_amounts": {
        "en": "Size of the recoveries (first run per arm)",
        "nl": "Hoogte van de terugvorderingen (eerste run per groep)",
    },
    "fig.high_line": {"en": "high recovery", "nl": "hoge terugvordering"},
    "fig.sobol": {
        "en": "Sensitivity: total Sobol index per parameter ({arm})",
        "nl": "Gevoeligheid: totale Sobol-index per parameter ({arm})",
    },
    "series.negative_balance": {
        "en": "Households with a negative balance",
        "nl": "Huishoudens met een negatief saldo",
    },
    "series.recipients": {
        "en": "Households receiving a voorschot",
        "nl": "Huishoudens met een voorschot",
    },
    "series.recoveries": {
        "en": "Recovered (in-year and collection), million euro",
        "nl": "Teruggevorderd (in het jaar en inning), miljoen euro",
    },
    "series.in_arrangement": {
        "en": "Households in a payment arrangement",
        "nl": "Huishoudens met een betalingsregeling",
    },
    "series.voorschot_paid": {
        "en": "Voorschot paid, million euro",
        "nl": "Betaald voorschot, miljoen euro",
    },
    "series.nabetalingen": {
        "en": "Back-payments, million euro",
        "nl": "Nabetalingen, miljoen euro",
    },
}

#: Calendar month abbreviations, January first.
MONTHS: dict[str, tuple[str, ...]] = {
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
    "nl": ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"),
}


def check_lang(lang: str) -> str:
    """``lang`` if it is a known language; InputError in one line otherwise."""
    if lang not in LANGUAGES:
        raise InputError(f"unknown language '{lang}'; use one of: {', '.join(LANGUAGES)}")
    return lang


def text(key: str, lang: str = "en", **fields: object) -> str:
    """The label ``key`` in ``lang``, with ``{fields}`` filled in.

    ``{high_threshold}`` is the law's hoge-terugvordering threshold (:func:`high_threshold_text`)
    unless the caller gives it.
    """
    template = TEXTS[key][check_lang(lang)]
    if "{high_threshold}" in template and "high_threshold" not in fields:
        fields["high_threshold"] = high_threshold_text(lang)
    return template.format(**fields) if fields else template


@functools.cache
def high_threshold_text(lang: str = "en") -> str:
    """The hoge-terugvordering threshold as a label shows it: "500 euro".

    ``awir.high_recovery_threshold``, the value every toeslag year with parameters shares; where
    the years differ, a text that says it is the year's own.
    """
    from lab.experiment.metrics import shared_high_recovery_threshold
    from lab.law.parameters import available_years

    value = shared_high_recovery_threshold(available_years())
    if value is None:
        return {"en": "the year's threshold", "nl": "de drempel van het jaar"}[check_lang(lang)]
    return f"{number(value, 0, lang)} euro"


def number(value: float, decimals: int, lang: str = "en", sign: bool = False) -> str:
    """``value`` with ``decimals`` decimals and thousands separators, as ``lang`` writes numbers."""
    if value is None or not math.isfinite(value):
        return "–"
    out = f"{value:+,.{decimals}f}" if sign else f"{value:,.{decimals}f}"
    if lang == "nl":
        out = out.replace(",", "_").replace(".", ",").replace("_", ".")
    return out


def month_label(index: int, first_year: int | None, lang: str = "en") -> str:
    """The calendar month of the model's month ``index`` (0 = December before ``first_year``)."""
    if first_year is None:
        return str(index)
    year = first_year + (index - 1) // 12
    return f"{MONTHS[check_lang(lang)][(index - 1) % 12]} {year}"
