"""Lab page, participant mode: consent, an arm, the voorschot choice, the months, questions."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd
import streamlit as st

from lab.app.lab_settings import kiosk_mode
from lab.app.ui import LOG, guarded, response_store
from lab.errors import InputError, LabError
from lab.humanlab import (
    SCALE_QUESTIONS,
    SLIDER_STEP,
    ScenarioResult,
    SessionSettings,
    assign_arm,
    choice_options,
    euro,
    load_session_settings,
    new_participant_id,
    parse_sheet,
    rng_for,
    run_scenario,
)

if TYPE_CHECKING:
    from lab.humanlab.scenario_run import MonthResult

CONSENT_TEXT = """
Je doet mee aan een onderzoek naar het voorschot van toeslagen. Je beleeft een gesimuleerd jaar
met inkomsten, vaste lasten en onverwachte uitgaven. Je kiest hoe je voorschot wordt uitbetaald en
ziet later wat dat betekent. Tot slot beantwoord je een paar vragen.

- We slaan geen naam, e-mailadres of andere persoonsgegevens op; je krijgt een willekeurige code.
- Elk antwoord wordt meteen bewaard. Je kunt op elk moment stoppen.
- Het geld in dit onderzoek is niet echt.
"""
#: session_state keys of this page (prefix "lab_").
STAGE = "lab_stage"
#: What a participant in kiosk mode sees when saving or loading fails (details go to the log).
KIOSK_ERROR = (
    "Dit lukte niet: er ging iets mis bij het opslaan of laden. Je eerdere antwoorden zijn "
    "bewaard. Roep de onderzoeker erbij."
)


def _state(key: str, default: object = None) -> Any:  # session_state holds any value
    return st.session_state.get(key, default)


def _start(settings: SessionSettings) -> None:
    """Record a new participant, assigned to an arm in the same transaction (balanced)."""
    store = response_store()
    pid = new_participant_id()
    rng = rng_for(pid)
    arm = store.enrol(
        pid, settings.sheet_name, lambda counts: assign_arm(counts, rng, settings.arms)
    )
    st.session_state.update(
        {
            "lab_pid": pid,
            "lab_arm": arm,
            "lab_sheet": (
                settings.sheet_name,
                settings.sheet,
                settings.toeslag_name,
                settings.start_balance,
            ),
            "lab_month": 0,
            STAGE: "choice",
        }
    )


def _save(question: str, widget_key: str) -> None:
    """on_change callback: save one answer at once (errors are shown on the next run)."""
    try:
        response_store().save_answer(_state("lab_pid"), question, st.session_state[widget_key])
    except InputError as exc:
        st.session_state["lab_error"] = str(exc)


def _result() -> ScenarioResult:
    name, data, toeslag, start_balance = _state("lab_sheet")
    return run_scenario(
        parse_sheet(name, data),
        percentage=_state("lab_percentage") / 100,
        toeslag_name=toeslag,
        start_balance=start_balance,
    )


def _consent() -> None:
    st.markdown(CONSENT_TEXT)
    agreed = st.checkbox("Ik heb de uitleg gelezen en doe mee.", key="lab_consent")
    if st.button("Start", type="primary", disabled=not agreed):
        _start(load_session_settings(response_store()))
        st.rerun()


def _choice() -> None:
    name, data, toeslag, _ = _state("lab_sheet")
    full = run_scenario(parse_sheet(name, data), percentage=1.0, toeslag_name=toeslag)
    paid_months = [m.toeslag for m in full.months if m.toeslag > 0]
    monthly = full.toeslag_full / max(len(paid_months), 1)
    options = choice_options(_state("lab_arm"))
    st.subheader("Je voorschot")
    st.write(
        f"Je hebt recht op {toeslag.lower()}. Op basis van je geschatte inkomen krijg je een "
        f"voorschot van {euro(monthly)} per maand. Na afloop van het jaar berekent de Dienst "
        "Toeslagen met je echte inkomen hoeveel je echt krijgt. Kreeg je te veel, dan betaal je "
        "terug; kreeg je te weinig, dan krijg je het verschil later uitbetaald."
    )
    if options.kind == "fixed":
        st.write("Je krijgt elke maand 100% van je voorschot.")
        chosen: int | None = 100
    elif options.kind == "two":
        low, high = options.options
        label = st.radio(
            "Hoeveel van je voorschot wil je elke maand krijgen?",
            [f"{low}%", f"{high}%"],
            index=None,
            key="lab_choice_two",
        )
        chosen = int(label.rstrip("%")) if label else None
    else:
        floor, top = options.options
        chosen = st.slider(
            "Welk percentage van je voorschot wil je elke maand krijgen?",
            min_value=floor,
            max_value=top,
            value=top,
            step=SLIDER_STEP,
            format="%d%%",
            key="lab_choice_slider",
        )
    if chosen is not None:
        st.caption(f"Dat is {euro(monthly * chosen / 100)} per maand.")
    if st.button("Bevestig en begin het jaar", type="primary", disabled=chosen is None):
        response_store().save_answer(_state("lab_pid"), "percentage", chosen)
        st.session_state.update({"lab_percentage": chosen, STAGE: "months"})
        st.rerun()


def _lines_table(result_month: MonthResult, kind: str) -> None:
    lines = [line for line in result_month.lines if line.kind == kind]
    if not lines:
        st.caption("geen")
    for line in lines:
        st.write(f"{line.name}: **{euro(line.amount)}**")
        if line.description:
            st.caption(line.description)


def _months() -> None:
    result = _result()
    index = int(_state("lab_month", 0))
    month = result.months[index]
    st.subheader(f"{month.month} (maand {index + 1} van {len(result.months)})")
    if month.time_jump:
        st.info("De tijd verspringt: in deze maanden gebeurt niets bijzonders.")
    else:
        columns = st.columns(3)
        for column, kind, title in zip(
            columns,
            ("income", "fixed", "variable"),
            ("Inkomsten", "Vaste lasten", "Uitgaven"),
            strict=True,
        ):
            with column:
                st.markdown(f"**{title}**")
                _lines_table(month, kind)
    if month.settlement > 0:
        st.warning(
            f"Terugvordering: je moet {euro(month.settlement)} terugbetalen. Met 100% voorschot "
            f"was dat {euro(result.recovery_full)} geweest."
        )
    elif month.settlement < 0:
        st.success(
            f"Nabetaling: je krijgt {euro(-month.settlement)} uitbetaald, omdat je minder "
            "voorschot nam dan waar je recht op had."
        )
    left, right = st.columns(2)
    left.metric("Netto deze maand", euro(month.net))
    right.metric("Saldo", euro(month.balance))
    seen = pd.DataFrame(
        {
            "maand": [m.month for m in result.months[: index + 1]],
            "netto (euro)": [round(m.net, 2) for m in result.months[: index + 1]],
            "saldo (euro)": [round(m.balance, 2) for m in result.months[: index + 1]],
        }
    )
    st.dataframe(seen, hide_index=True)
    last = index == len(result.months) - 1
    if st.button("Naar de vragen" if last else "Volgende maand", type="primary"):
        response_store().save_answer(_state("lab_pid"), "months_seen", index + 1)
        if last:
            st.session_state[STAGE] = "questions"
        else:
            st.session_state["lab_month"] = index + 1
        st.rerun()


def _questions() -> None:
    st.subheader("Tot slot een paar vragen")
    for key, (question, low, high) in SCALE_QUESTIONS.items():
        st.radio(
            question,
            list(range(1, 8)),
            index=None,
            horizontal=True,
            key=f"lab_q_{key}",
            on_change=_save,
            args=(key, f"lab_q_{key}"),
            captions=[low, "", "", "", "", "", high],
        )
    st.text_area(
        "Waarom koos je dit percentage?",
        key="lab_q_reason",
        on_change=_save,
        args=("reason", "lab_q_reason"),
    )
    missing = [q for q in SCALE_QUESTIONS if _state(f"lab_q_{q}") is None]
    if st.button("Afronden", type="primary"):
        if missing:
            st.warning("Beantwoord eerst alle vragen met een cijfer van 1 tot 7.")
            return
        store = response_store()
        reason = str(_state("lab_q_reason", "") or "")
        store.save_answer(_state("lab_pid"), "reason", reason)
        store.complete(_state("lab_pid"))
        st.session_state[STAGE] = "done"
        st.rerun()


def _done() -> None:
    st.success(f"Bedankt voor je deelname! Je code is {_state('lab_pid')}.")
    if st.button("Nieuwe deelnemer"):
        for key in [k for k in st.session_state if str(k).startswith("lab_")]:
            del st.session_state[key]
        st.rerun()


@guarded
def render() -> None:
    """The participant page: one stage of the session per run."""
    st.title("Toeslagenlab: doe mee")
    kiosk = kiosk_mode()
    if error := st.session_state.pop("lab_error", None):
        _show_error(error, kiosk)
    stage = _state(STAGE, "consent")
    if stage != "consent":
        st.caption(f"Deelnemerscode {_state('lab_pid')}")
    try:
        {
            "consent": _consent,
            "choice": _choice,
            "months": _months,
            "questions": _questions,
            "done": _done,
        }[stage]()
    except LabError as exc:
        _show_error(str(exc), kiosk)


def _show_error(message: str, kiosk: bool) -> None:
    """Show an error; in kiosk mode without paths or details (those go to the server log)."""
    if kiosk:
        LOG.error("participant %s: %s", _state("lab_pid"), message)
        st.error(KIOSK_ERROR)
    else:
        st.error(message)
