"""The locator's data file (static_site/data/units.json) is complete and plausible for the Gironde."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tools.units_import import fold

UNITS_JSON = Path(__file__).resolve().parents[2] / "static_site" / "data" / "units.json"
DOCUMENT = json.loads(UNITS_JSON.read_text(encoding="utf-8"))
UNITS = DOCUMENT["units"]

# The Gironde, with a small margin: Soulac-sur-Mer / Pointe de Grave to the Landes border, coast to Dordogne.
GIRONDE = {"south": 44.19, "north": 45.58, "west": -1.27, "east": 0.32}
REQUIRED = ("id", "kind", "name", "address", "postcode", "commune", "hours", "lat", "lon", "position", "verified")


def test_the_file_is_for_the_gironde_and_counts_its_units():
    assert DOCUMENT["department"] == "33"
    assert DOCUMENT["count"] == len(UNITS) >= 30


@pytest.mark.parametrize("unit", UNITS, ids=[unit["id"] for unit in UNITS])
def test_every_unit_has_the_fields_the_page_reads(unit):
    assert all(field in unit for field in REQUIRED), [field for field in REQUIRED if field not in unit]
    assert unit["kind"] in {"police", "gendarmerie"}
    assert unit["name"].strip() and unit["commune"].strip()
    assert re.fullmatch(r"33\d{3}", unit["postcode"])
    assert unit["position"] in {"address", "commune"}
    assert isinstance(unit["verified"], bool)
    assert isinstance(unit["hours"], list) and all(isinstance(line, str) and line for line in unit["hours"])
    if "phone" in unit:
        assert re.fullmatch(r"0\d( \d\d){4}", unit["phone"])


@pytest.mark.parametrize("unit", UNITS, ids=[unit["id"] for unit in UNITS])
def test_every_unit_lies_inside_the_gironde(unit):
    assert GIRONDE["south"] <= unit["lat"] <= GIRONDE["north"]
    assert GIRONDE["west"] <= unit["lon"] <= GIRONDE["east"]


def test_ids_are_unique_and_units_are_sorted_by_commune():
    assert len({unit["id"] for unit in UNITS}) == len(UNITS)
    communes = [fold(unit["commune"]) for unit in UNITS]
    assert communes == sorted(communes)


def test_both_kinds_and_the_main_towns_are_covered():
    communes = {(unit["kind"], unit["commune"]) for unit in UNITS}
    for commune in ("Bordeaux", "Mérignac", "Pessac", "Libourne", "Arcachon"):
        assert ("police", commune) in communes
    for commune in ("Langon", "Blaye", "Lesparre-Médoc", "Andernos-les-Bains"):
        assert ("gendarmerie", commune) in communes


def test_hand_written_units_say_they_are_unverified_and_give_no_invented_street_number():
    unverified = [unit for unit in UNITS if not unit["verified"]]
    assert unverified, "the hand-written list is flagged verified: false until refreshed from the official file"
    numbered = {unit["name"]: unit["address"] for unit in unverified if re.match(r"\d", unit["address"])}
    assert numbered == {"Hôtel de police de Bordeaux (commissariat central)": "23 rue François de Sourdis"}
