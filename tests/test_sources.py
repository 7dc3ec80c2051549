"""Every law parameter names where it comes from: the law, a publication or the agency's page.

A source must cite a law article with its BWB id, a Staatscourant or Kamerstuk publication, a
regulation or budget, or give a URL; the project's own notes are never a source. A value marked M
(modelling choice) says so and why; a value marked A (assumption) says so and how it was obtained.
"""

import csv
import re
import tomllib
from pathlib import Path

import pytest

from lab.law.parameters import PARAMS_DIR, available_years, load_year, year_dir

LAW_REFERENCE = re.compile(
    r"BWBR\d{7}|Stcrt\.|Staatscourant|Kamerstuk|Regeling |Besluit |begroting|Belastingdienst|https?://"
)
NOT_A_SOURCE = re.compile(r"awir_rules|shared/domain|rules brief|the brief", re.IGNORECASE)


def entries(year: int) -> list[tuple[str, dict]]:
    raw: dict = {}
    for path in sorted(year_dir(year).glob("*.toml")):
        raw.update(tomllib.loads(path.read_text(encoding="utf-8")))
    return [
        (f"{section}.{key}", entry)
        for section, table in raw.items()
        for key, entry in table.items()
    ]


@pytest.mark.parametrize("year", available_years())
def test_every_law_parameter_cites_a_law_reference_a_publication_or_a_url(year):
    for key, entry in entries(year):
        source = entry["source"]
        assert not NOT_A_SOURCE.search(source), (year, key, source)
        if entry["mark"] == "M":
            assert "MODELLING CHOICE" in source and len(source) > 60, (year, key, source)
        elif entry["mark"] == "A":
            assert re.search(r"ASSUMPTION|approximation|assumption", source), (year, key, source)
            assert len(source) > 60, (year, key, source)
        else:
            assert LAW_REFERENCE.search(source), (year, key, source)


@pytest.mark.parametrize("year", available_years())
def test_income_table_rows_do_not_cite_the_project_notes(year):
    table = year_dir(year) / load_year(year).kinderopvangtoeslag.income_table
    with table.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            assert row["source"].strip() and not NOT_A_SOURCE.search(row["source"]), row


def test_the_check_catches_a_source_without_reference():
    assert not LAW_REFERENCE.search("awir_rules.md: standaardpremie 2026")
    assert NOT_A_SOURCE.search("awir_rules.md: standaardpremie 2026")
    assert LAW_REFERENCE.search("Wet op de zorgtoeslag (BWBR0018451) art. 1(f)")


def test_assumptions_are_the_values_marked_a():
    params = load_year(2027)
    assumed = params.assumptions()
    assert "zorgtoeslag.standaardpremie" in assumed
    assert "kinderopvangtoeslag.max_uurprijs_dagopvang" not in assumed  # published for 2027
    assert all(params.source(key)[1] == "A" for key in assumed)
    assert load_year(2026).assumptions() == []


def test_no_source_file_outside_the_repository_is_named():
    for path in Path(PARAMS_DIR).glob("law/*/*.toml"):
        assert "/work/" not in path.read_text(encoding="utf-8")
