"""The orientation tree and the external services registry hold together: every path ends on a real action."""
from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from tests.orientation_schema import SHEET_SLUGS, ExternalServices, Orientation

DATA = Path(__file__).resolve().parents[2] / "static_site" / "data"
TREE_FILE = DATA / "orientation.json"
SERVICES_FILE = DATA / "external-services.json"
KINDS = {"sheet", "external", "unit", "report", "chat", "emergency"}

TREE = Orientation.model_validate_json(TREE_FILE.read_text(encoding="utf-8"))
REGISTRY = ExternalServices.model_validate_json(SERVICES_FILE.read_text(encoding="utf-8"))
NODES = {node.id: node for node in TREE.nodes}
OUTCOMES = {outcome.id: outcome for outcome in TREE.outcomes}
SERVICES = {service.id: service for service in REGISTRY.services}


def targets_of(node_id: str) -> list[str]:
    return [answer.to for answer in NODES[node_id].answers]


def reachable_from(start: str) -> set[str]:
    seen, todo = set(), [start]
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        if current in NODES:
            todo.extend(targets_of(current))
    return seen


def test_both_files_match_their_schema():
    # Loading them above already validated them; this says so by name and checks the raw JSON too.
    assert json.loads(TREE_FILE.read_text(encoding="utf-8"))["roots"] == ["victime", "signale", "informe"]
    assert SERVICES


def test_ids_are_unique_across_nodes_and_outcomes():
    ids = Counter([node.id for node in TREE.nodes] + [outcome.id for outcome in TREE.outcomes])
    assert [item for item, count in ids.items() if count > 1] == []


def test_the_entry_question_offers_the_three_roots():
    assert TREE.entry in NODES
    assert set(TREE.roots) <= set(targets_of(TREE.entry))
    assert all(root in NODES for root in TREE.roots)


def test_every_answer_leads_to_an_existing_question_or_outcome():
    dangling = [(node.id, answer.to) for node in TREE.nodes for answer in node.answers if answer.to not in NODES and answer.to not in OUTCOMES]
    assert dangling == []


def test_every_question_and_outcome_is_reachable_from_a_root():
    from_roots = set().union(*(reachable_from(root) for root in TREE.roots))
    everything = set(NODES) | set(OUTCOMES)
    # The entry question is the page's default start; everything else hangs off the three roots.
    assert everything - from_roots == {TREE.entry}
    assert reachable_from(TREE.entry) == everything


def test_there_are_no_cycles():
    done: set[str] = set()

    def visit(node_id: str, path: tuple[str, ...]) -> None:
        assert node_id not in path, f"cycle: {' → '.join((*path, node_id))}"
        if node_id in done or node_id not in NODES:
            return
        for target in targets_of(node_id):
            visit(target, (*path, node_id))
        done.add(node_id)

    visit(TREE.entry, ())


def test_every_outcome_kind_is_used():
    assert {outcome.kind for outcome in TREE.outcomes} == KINDS


def test_every_sheet_outcome_and_see_also_names_a_sheet_of_the_fixed_list():
    named = {outcome.sheet for outcome in TREE.outcomes if outcome.kind == "sheet"}
    named |= {also.sheet for outcome in TREE.outcomes for also in outcome.also}
    assert named <= SHEET_SLUGS


def test_every_external_outcome_names_a_registered_service_and_every_service_is_used():
    used = {outcome.service for outcome in TREE.outcomes if outcome.kind == "external"}
    assert used - set(SERVICES) == set(), "unknown external services"
    assert set(SERVICES) - used == set(), "external services nobody is oriented to"


def test_every_external_address_is_https_and_listed_once():
    urls = [str(service.url) for service in REGISTRY.services]
    assert all(url.startswith("https://") for url in urls)
    assert [url for url, count in Counter(urls).items() if count > 1] == []
    assert len(SERVICES) == len(REGISTRY.services), "two services share an id"
    registry_text = SERVICES_FILE.read_text(encoding="utf-8")
    for url in urls:
        assert registry_text.count(f'"{url}"') == 1


def test_the_orientation_tree_holds_no_web_address_of_its_own():
    text = TREE_FILE.read_text(encoding="utf-8")
    assert re.findall(r"https?://", text) == []
    assert not re.search(r"\bwww\.|\.gouv\.fr", text), "external addresses belong in external-services.json"


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        (("victime", "Un vol ou un cambriolage", "Mon téléphone portable", "Porter plainte pour le vol", "Non, je ne sais pas qui c'est"), "pre-plainte"),
        (("victime", "Une arnaque", "Une arnaque sur internet"), "thesee"),
        (("victime", "Une arnaque", "Des paiements par carte", "Oui, mais des achats"), "perceval"),
        (("signale", "Un contenu illicite"), "pharos"),
        (("victime", "Un problème en ligne", "Mon entreprise"), "cyber-17"),
        (("victime", "Des violences", "Oui, je suis en danger"), "urgence-violences"),
        (("victime", "Des violences", "Non", "Des violences de mon conjoint", "Écrire à un policier"), "chat-violences"),
        (("victime", "Des violences", "Non", "Des violences sexuelles", "Signaler les faits en ligne"), "vss-plateforme"),
        (("signale", "Un point de vente de drogue"), "signal-point-de-deal"),
        (("debut", "Je ne sais pas"), "chat-autre"),
    ],
)
def test_the_main_situations_end_where_the_real_service_orients(path, expected):
    current = path[0]
    for label_start in path[1:]:
        matches = [answer.to for answer in NODES[current].answers if answer.label.startswith(label_start)]
        assert len(matches) == 1, f"{current}: no single answer starting with {label_start!r}"
        current = matches[0]
    assert current == expected


def test_the_schema_refuses_an_http_address_an_unknown_sheet_and_a_seventh_answer():
    from pydantic import ValidationError

    service = {"id": "x", "name": "X", "url": "http://example.org/", "description": "Un service."}
    with pytest.raises(ValidationError):
        ExternalServices.model_validate({"services": [service]})
    tree = json.loads(TREE_FILE.read_text(encoding="utf-8"))
    sheet_outcome = next(o for o in tree["outcomes"] if o["kind"] == "sheet")
    with pytest.raises(ValidationError):
        Orientation.model_validate({**tree, "outcomes": [{**sheet_outcome, "sheet": "fiche-inventee"}]})
    seven = [{"label": f"Réponse {n}", "to": "chat-autre"} for n in range(7)]
    with pytest.raises(ValidationError):
        Orientation.model_validate({**tree, "nodes": [{**tree["nodes"][0], "answers": seven}]})
