"""Household page: "wat betekent 80% voor mij?" One household's toeslag year side by side."""

from __future__ import annotations

import streamlit as st

from lab.app import household_view as view
from lab.app.ui import guarded
from lab.humanlab import SLIDER_STEP, choice_options
from lab.law.parameters import available_years

OWN = "Zelf invullen"


def _inputs() -> dict:
    households = view.load_households()
    names = [OWN, *households]
    choice = st.selectbox(
        "Huishouden",
        names,
        index=1,
        format_func=lambda n: n if n == OWN else households[n]["label"],
        key="hh_preset",
    )
    preset = {**view.HOUSEHOLD_DEFAULTS, **households.get(choice, {})}
    suffix = f"_{choice}"  # fresh widgets per preset, so the preset's values show
    left, middle, right = st.columns(3)
    with left:
        years = available_years()
        year = st.selectbox("Toeslagjaar", years, index=len(years) - 1, key="hh_year" + suffix)
        estimate = st.number_input(
            "Geschat inkomen (euro per jaar)",
            min_value=0.0,
            value=float(preset.get("estimate", 25_000)),
            step=500.0,
            key="hh_estimate" + suffix,
        )
        actual = st.number_input(
            "Werkelijk inkomen (euro per jaar)",
            min_value=0.0,
            value=float(preset.get("actual", 25_000)),
            step=500.0,
            key="hh_actual" + suffix,
        )
        report = st.selectbox(
            "Wijziging doorgegeven in",
            list(range(13)),
            index=int(preset.get("report_month", 0)),
            format_func=lambda m: "niet doorgegeven" if m == 0 else view.MONTH_NAMES[m % 12],
            key="hh_report" + suffix,
        )
    with middle:
        partner = st.checkbox(
            "Toeslagpartner", value=bool(preset["partner"]), key="hh_partner" + suffix
        )
        rent = st.number_input(
            "Kale huur (euro per maand)",
            min_value=0.0,
            value=float(preset["rent"]),
            step=25.0,
            key="hh_rent" + suffix,
        )
        service = st.number_input(
            "Servicekosten (euro per maand)",
            min_value=0.0,
            value=float(preset["service_costs"]),
            step=5.0,
            key="hh_service" + suffix,
        )
        assets = st.number_input(
            "Vermogen op 1 januari (euro)",
            min_value=0.0,
            value=float(preset["assets"]),
            step=1000.0,
            key="hh_assets" + suffix,
        )
    with right:
        ages = st.text_input(
            "Leeftijden kinderen (bijv. 3,8)",
            value=str(preset["child_ages"]),
            key="hh_ages" + suffix,
        )
        hours = st.number_input(
            "Uren kinderopvang per kind per maand",
            min_value=0.0,
            value=float(preset["childcare_hours"]),
            step=10.0,
            key="hh_hours" + suffix,
        )
        works = st.checkbox(
            "Alle ouders werken, studeren of volgen een traject",
            value=not bool(preset.get("no_work", False)),
            help="Voorwaarde voor kinderopvangtoeslag (Wet kinderopvang art. 1.6)",
            key="hh_works" + suffix,
        )
        floor, top = choice_options("instelbaar").options
        chosen = st.slider(
            "Zelf gekozen percentage",
            min_value=floor,
            max_value=top,
            value=90,
            step=SLIDER_STEP,
            format="%d%%",
            key="hh_percentage",
        )
    return {
        "year": int(year),
        "estimate": float(estimate),
        "actual": float(actual),
        "report_month": int(report) or None,
        "percentages": sorted({100, 80, int(chosen)}, reverse=True),
        "household": {
            "partner": partner,
            "assets": float(assets),
            "rent": float(rent),
            "service_costs": float(service),
            "child_ages": ages,
            "childcare_hours": float(hours),
            "no_work": not works,
        },
    }


@st.cache_data(show_spinner="Het model rekent het huishouden door...", max_entries=4)
def _picked(index: int) -> dict:
    return view.pick_household(index)


def _from_population() -> None:
    with st.expander("Of kies een huishouden uit de gesimuleerde populatie"):
        st.caption(
            f"Een populatie van {view.PICK_POPULATION} huishoudens in de groep "
            f"'{view.PICK_ARM}'; het model kiest zelf het percentage."
        )
        index = st.number_input(
            "Nummer van het huishouden",
            min_value=0,
            max_value=view.PICK_POPULATION - 1,
            value=0,
            step=1,
            key="hh_pick_index",
        )
        if st.button("Laat zien", key="hh_pick"):
            st.session_state["hh_picked"] = int(index)
        if "hh_picked" in st.session_state:
            picked = _picked(st.session_state["hh_picked"])
            st.write(picked["facts"])
            st.dataframe(picked["toeslagen"], hide_index=True)
            st.plotly_chart(view.history_figure(picked["history"]), key="hh_history_chart")


@guarded
def render() -> None:
    """The household page."""
    st.title("Wat betekent 80% voor mij?")
    st.write(
        "Volg één huishouden door een toeslagjaar: het maandelijkse voorschot, het geld dat "
        "binnenkomt, de definitieve toekenning en de terugvordering of nabetaling, bij 100%, "
        "80% en een percentage dat je zelf kiest."
    )
    inputs = _inputs()
    _from_population()
    year = view.compare_year(
        inputs["household"],
        year=inputs["year"],
        estimate=inputs["estimate"],
        actual=inputs["actual"],
        report_month=inputs["report_month"],
        percentages=inputs["percentages"],
    )
    st.subheader("Het jaar in één oogopslag")
    st.dataframe(view.totals(year.outcomes), width="stretch")
    table = view.comparison_table(year.outcomes)
    if table.empty:
        st.info("Dit huishouden heeft in dit jaar geen recht op een toeslag.")
        return
    st.subheader("Per toeslag")
    st.dataframe(table, hide_index=True, width="stretch")
    toeslag = st.selectbox("Voorschot per maand van", sorted(set(table["toeslag"])))
    st.plotly_chart(view.voorschot_figure(year.outcomes, toeslag))
    st.plotly_chart(view.balance_figure(year.cashflows, inputs["year"]))
