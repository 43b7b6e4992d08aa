"""The orientation cards' catalogue the Lambda code ships with: up to date, and covering the orientation data."""
from __future__ import annotations

import json

import pytest

from chalicelib.domain.orientation import CATALOGUE_FILE, CardKind, CardRef, orientation_catalogue
from chalicelib.errors import UnknownCardError
from tools.orientation_cards import DATA, build_catalogue, render


def test_the_committed_catalogue_is_up_to_date_with_the_site_data():
    assert CATALOGUE_FILE.read_text(encoding="utf-8") == render(build_catalogue()), (
        "run `python -m tools.orientation_cards` and commit chalicelib/data/orientation-cards.json"
    )


def test_every_outcome_of_the_orientation_tree_can_be_sent_as_a_card():
    catalogue = orientation_catalogue()
    outcomes = json.loads((DATA / "orientation.json").read_text(encoding="utf-8"))["outcomes"]
    refs = []
    for outcome in outcomes:
        for key, kind in (("sheet", CardKind.SHEET), ("service", CardKind.SERVICE), ("report", CardKind.REPORT)):
            if outcome.get(key):
                refs.append(CardRef(kind, outcome[key]))
        refs += [CardRef(CardKind.SHEET, also["sheet"]) for also in outcome.get("also", []) if also.get("sheet")]
    assert refs
    for ref in refs:
        catalogue.ensure_known(ref)


def test_every_card_has_a_french_and_an_english_title_and_a_link():
    catalogue = orientation_catalogue()
    units = json.loads((DATA / "units.json").read_text(encoding="utf-8"))["units"]
    assert len(catalogue.ids(CardKind.UNIT)) == len(units)
    assert set(catalogue.ids(CardKind.SERVICE)) == {"17cyber", "arretonslesviolences", "masecurite", "perceval", "pharos", "thesee"}
    assert catalogue.ids(CardKind.REPORT) == ["autre", "maltraitance-animale", "point-de-deal", "rodeo"]
    for kind in CardKind:
        for ref in catalogue.ids(kind):
            fr, en = (catalogue.card(CardRef(kind, ref), lang) for lang in ("fr", "en"))
            assert fr.title and en.title and fr.url == en.url
            assert fr.url and (fr.url.startswith("/") or fr.url.startswith("https://"))
            if kind is not CardKind.UNIT:
                assert en.title != fr.title, (kind, ref)


@pytest.mark.parametrize("ref", [CardRef(CardKind.SHEET, "pharos"), CardRef(CardKind.UNIT, "nowhere"), CardRef(CardKind.REPORT, "")])
def test_an_id_outside_the_data_is_unknown(ref):
    with pytest.raises(UnknownCardError):
        orientation_catalogue().ensure_known(ref)
