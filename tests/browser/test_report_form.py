"""The report form in Chromium: field errors beside the fields, the reference, anonymity, ?type=, retries."""
from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import Page, Route, expect

from tests.browser.test_accessibility import axe_violations

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
REFERENCE = re.compile(r"^SIG-\d{4}-[A-HJ-KM-NP-Z2-9]{6}$")
SECRET = re.compile(r"^[A-HJ-KM-NP-Z2-9]{4}(-[A-HJ-KM-NP-Z2-9]{4}){3}$")
KEY_STORAGE = "guichet.report.clientKey"


def open_form(contexts, local_stack, query: str = "") -> Page:
    page = contexts.new_page(PHONE)
    page.goto(f"{local_stack.base_url}/signaler.html{query}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Faire un signalement")
    return page


def fill_a_report(page: Page, description: str) -> None:
    page.get_by_label("Commune (obligatoire)").fill("Bordeaux")
    page.get_by_label("Code postal").fill("33800")
    page.get_by_label("Ce que vous avez constaté").fill(description)
    page.get_by_label("Je certifie que ce signalement est sincère").check()


def stored_key(page: Page) -> str | None:
    return page.evaluate("(k) => sessionStorage.getItem(k)", KEY_STORAGE)


def test_a_field_error_shows_beside_the_field_then_the_corrected_report_gets_a_reference(contexts, local_stack):
    page = open_form(contexts, local_stack, "?type=point-de-deal")
    fill_a_report(page, "Trop")
    page.get_by_role("button", name="Envoyer le signalement").click()

    description = page.get_by_label("Ce que vous avez constaté")
    error = page.locator("#description-error")
    expect(error).to_be_visible()
    expect(error).to_contain_text("10 caractères au moins")
    expect(description).to_have_attribute("aria-invalid", "true")
    expect(description).to_have_attribute("aria-describedby", re.compile(r"\bdescription-error\b"))
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_have_attribute("role", "alert")
    link = summary.get_by_role("link", name=re.compile("Ce que vous avez constaté"))
    expect(link).to_have_attribute("href", "#description")
    assert axe_violations(page) == []
    first_key = stored_key(page)
    assert first_key

    link.click()
    expect(description).to_be_focused()
    description.fill("Des ventes de drogue devant le hall, tous les soirs, avec deux guetteurs.")
    page.get_by_label("Heures d'activité").fill("18 h – 23 h")
    page.get_by_role("button", name="Envoyer le signalement").click()

    reference = page.locator("#report-reference")
    expect(reference).to_have_text(REFERENCE)
    # The follow-up code, shown once beside the reference, kept nowhere on the device.
    secret = page.locator("#report-secret")
    expect(secret).to_have_text(SECRET)
    expect(page.locator("#report-done")).to_contain_text("le code n'est affiché qu'une seule fois")
    expect(page.locator("#report-done a[href='/suivi-signalement.html']")).to_be_visible()
    pair = (reference.inner_text(), secret.inner_text())
    kept = page.evaluate("() => JSON.stringify({...sessionStorage}) + JSON.stringify({...localStorage})")
    assert pair[1] not in kept
    expect(page.get_by_role("heading", name="Votre signalement a bien été envoyé")).to_be_focused()
    expect(page.locator("#report-next-steps li")).to_have_count(3)
    expect(page.locator("#report-done")).to_contain_text("pas de réponse individuelle")
    expect(page.locator("#report-done a[href='/fiches/porter-plainte.html']")).to_be_visible()
    expect(page.locator("#report-form")).to_be_hidden()
    assert stored_key(page) is None
    assert axe_violations(page) == []

    page.get_by_role("button", name="Faire un autre signalement").click()
    expect(page.get_by_label("Ce que vous avez constaté")).to_have_value("")
    expect(page.get_by_label("Un point de deal")).to_be_checked()
    expect(page.locator("#error-summary")).to_be_hidden()
    assert pair[1] not in page.content()  # gone from the page too

    # With the pair, the citizen follows the report on the site.
    page.goto(f"{local_stack.base_url}/suivi-signalement.html")
    page.get_by_label("Référence du signalement").fill(pair[0])
    page.get_by_label("Code de suivi").fill(pair[1])
    page.get_by_role("button", name="Voir l'état").click()
    expect(page.locator("#status-answer")).to_contain_text("Votre signalement a bien été reçu. Il n'a pas encore été examiné.")


def test_the_report_is_anonymous_by_default_and_contact_fields_appear_only_when_unchecked(contexts, local_stack):
    page = open_form(contexts, local_stack)
    anonymous = page.get_by_label("Je reste anonyme")
    expect(anonymous).to_be_checked()
    expect(page.get_by_text("Aucune identité n'est demandée")).to_be_visible()
    expect(page.get_by_label("Adresse e-mail")).to_be_hidden()
    expect(page.get_by_label("Téléphone")).to_be_hidden()

    anonymous.uncheck()
    expect(page.get_by_label("Adresse e-mail")).to_be_visible()
    expect(page.get_by_label("Téléphone")).to_be_visible()
    anonymous.check()
    expect(page.get_by_label("Adresse e-mail")).to_be_hidden()


def test_type_rodeo_preselects_the_kind_and_shows_its_fields(contexts, local_stack):
    page = open_form(contexts, local_stack, "?type=rodeo")
    expect(page.get_by_label("Un rodéo motorisé")).to_be_checked()
    expect(page.get_by_role("group", name="Précisions sur le rodéo")).to_be_visible()
    expect(page.get_by_label("Quads")).to_be_visible()
    expect(page.get_by_label("Heures d'activité")).to_be_hidden()

    page.get_by_label("De la maltraitance animale").check()
    expect(page.get_by_label("Animaux concernés")).to_be_visible()
    expect(page.get_by_label("Quads")).to_be_hidden()


def test_without_a_type_no_kind_is_chosen_and_the_server_asks_for_one(contexts, local_stack):
    page = open_form(contexts, local_stack, "?type=inconnu")
    expect(page.locator('input[name="kind"]:checked')).to_have_count(0)
    fill_a_report(page, "Des faits qui se répètent chaque semaine dans la rue.")
    page.get_by_role("button", name="Envoyer le signalement").click()
    expect(page.locator("#kind-error")).to_have_text(re.compile("Choisissez ce que vous signalez"))
    expect(page.locator("#error-summary")).to_be_focused()
    page.locator("#error-summary a").first.click()
    expect(page.get_by_label("Un point de deal")).to_be_focused()


def test_a_retry_after_a_lost_answer_sends_the_same_client_key_and_a_refusal_for_volume_is_polite(
    contexts, local_stack
):
    page = open_form(contexts, local_stack, "?type=autre")
    fill_a_report(page, "Un dépôt sauvage de pneus grandit chaque semaine au bout de l'impasse.")
    sent: list[dict] = []

    def refuse(route: Route) -> None:
        sent.append(json.loads(route.request.post_data or "{}"))
        route.fulfill(
            status=429,
            content_type="application/json",
            body=json.dumps({"code": "rate_limited", "message": "…", "retry_after_s": 1200}),
        )

    page.route("**/api/reports", refuse)
    page.get_by_role("button", name="Envoyer le signalement").click()
    expect(page.locator("#form-alert")).to_contain_text("réessayez dans 20 minutes")
    page.unroute("**/api/reports")

    page.route("**/api/reports", lambda route: (sent.append(json.loads(route.request.post_data)), route.abort()))
    page.get_by_role("button", name="Envoyer le signalement").click()
    expect(page.locator("#form-alert")).to_contain_text("Vérifiez votre connexion")
    expect(page.get_by_label("Ce que vous avez constaté")).not_to_have_value("")
    page.unroute("**/api/reports")

    page.get_by_role("button", name="Envoyer le signalement").click()
    expect(page.locator("#report-reference")).to_have_text(REFERENCE)
    assert len(sent) == 2 and sent[0]["client_key"] == sent[1]["client_key"]
    assert sent[0]["kind"] == "autre" and sent[0]["anonymous"] is True and "contact" not in sent[0]


def test_an_approximate_count_is_accepted_and_one_too_long_is_caught_in_the_page(contexts, local_stack):
    page = open_form(contexts, local_stack, "?type=point-de-deal")
    fill_a_report(page, "Des ventes de drogue devant le hall, tous les soirs, avec deux guetteurs.")
    people = page.get_by_label("Nombre de personnes présentes, environ")
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url) if "/api/reports" in request.url else None)

    people.fill("3 ou 4, peut-être plus quand il fait beau le soir")
    page.get_by_role("button", name="Envoyer le signalement").click()
    error = page.locator("#deal-people-error")
    expect(error).to_contain_text("40 caractères au maximum.")
    expect(people).to_have_attribute("aria-invalid", "true")
    expect(people).to_have_attribute("aria-describedby", re.compile(r"\bdeal-people-error\b"))
    expect(page.locator("#error-summary")).to_be_focused()
    assert requests == []
    assert axe_violations(page) == []

    people.fill("3 ou 4")
    page.get_by_role("button", name="Envoyer le signalement").click()
    expect(page.locator("#report-reference")).to_have_text(REFERENCE)
    assert len(requests) == 1
