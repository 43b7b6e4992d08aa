"""The reports inbox (signalements.html) and the citizen's status check in Chromium, on the seeded reports of the
local stack (local/reports_seed.py): a report triaged through every status with notes and a unit; its contact
details shown only to its handler and only after the click (and audited); the supervisor's CSV export with and
without contact details; a citizen checking a status with the right pair, and the neutral answer to a wrong one."""
from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from local.identity import DEMO_ACCOUNTS, DEMO_PASSWORD
from local.reports_seed import SEEDED_REPORTS, seeded_secret
from tests.browser.test_accessibility import axe_violations
from tests.browser.test_content_security_policy import violations, watch

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
SEEDED = {seeded.reference: seeded for seeded in SEEDED_REPORTS}
TRIAGED = "SIG-2026-TEST2A"  # new, with contact details (Karim Benali)
EXPORTED = "SIG-2026-TEST3B"  # new, with contact details (Sylvie Caron), in Cenon
FOLLOWED = "SIG-2026-TEST4C"  # forwarded


def open_inbox(contexts, local_stack, username: str) -> Page:
    """Sign in on signalements.html through the identity provider's page; wait for the first list. The page's
    Content-Security-Policy violations are collected (`csp_violations`)."""
    page = contexts.new_page(DESKTOP)
    reported = watch(page)
    page.csp_violations = lambda: violations(page, reported)  # type: ignore[attr-defined]
    page.goto(f"{local_stack.base_url}/signalements.html")
    page.get_by_role("button", name="Se connecter").click()
    expect(page.locator("h1")).to_have_text("Connexion")
    page.get_by_label("Identifiant").fill(username)
    page.get_by_label("Mot de passe").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page).to_have_url(f"{local_stack.base_url}/signalements.html")  # back here, the code gone
    expect(page.locator("#inbox-agent-name")).to_have_text(DEMO_ACCOUNTS[username].display_name)
    expect(page.locator("#inbox-list .inbox-item").first).to_be_visible()
    return page


def show(page: Page, status: str, commune: str = "") -> None:
    """Filter the list on one status (and a commune)."""
    page.get_by_label("Statut").select_option(status)
    page.get_by_label("Commune").fill(commune)
    page.get_by_role("button", name="Afficher", exact=True).click()


def open_report(page: Page, reference: str) -> None:
    page.locator(f'.inbox-item[data-reference="{reference}"] button').click()
    expect(page.locator("#report-title")).to_have_text(f"Signalement {reference}")
    expect(page.locator("#report-title")).to_be_focused()


def step(page: Page, label: str, note: str, unit: str | None = None) -> None:
    """Choose the next status, write the note (and the unit), save, and wait for the new status."""
    page.locator("#triage-steps").get_by_label(label).check()
    if unit:
        page.get_by_label("Unité destinataire").select_option(label=unit)
    page.get_by_label("Note (facultative").fill(note)
    page.get_by_role("button", name="Enregistrer").click()


def test_an_officer_triages_a_report_through_every_status_and_only_they_see_its_contact_after_the_click(
    contexts, local_stack
):
    lea = open_inbox(contexts, local_stack, "agent1")
    karim = open_inbox(contexts, local_stack, "agent2")
    assert axe_violations(lea) == []

    # The list: newest first, the new ones by default; a line never carries contact details.
    first_lines = lea.locator("#inbox-list .inbox-item").evaluate_all("(items) => items.map((i) => i.dataset.reference)")
    assert first_lines.index(TRIAGED) < first_lines.index("SIG-2026-SEED2A") < first_lines.index("SIG-2026-SEED5D")
    assert "Karim Benali" not in lea.locator("#inbox-list").inner_text()

    # Before anyone takes it, nobody but a supervisor may see the contact: no button, not in the page.
    open_report(lea, TRIAGED)
    detail = lea.locator("#report-detail")
    expect(detail).to_contain_text("Un point de vente s'est installé à la sortie du tram")
    expect(lea.locator("#contact-not-yours")).to_be_visible()
    expect(lea.get_by_role("button", name="Afficher les coordonnées")).to_be_hidden()

    step(lea, "Prendre en charge", "Je prends : patrouille prévenue.")
    expect(lea.locator("#report-status")).to_have_text("En cours")
    expect(lea.locator("#report-handler")).to_have_text("Gardienne de la paix Léa B.")
    # Now hers: the details stay out of the page until she asks for them.
    show_contact = lea.get_by_role("button", name="Afficher les coordonnées")
    expect(show_contact).to_be_visible()
    assert "Karim Benali" not in lea.content() and "karim.benali@example.org" not in lea.content()
    show_contact.click()
    expect(lea.locator("#contact-name")).to_have_text("Karim Benali")
    expect(lea.locator("#contact-email")).to_have_text("karim.benali@example.org")
    expect(lea.locator("#inbox-status")).to_contain_text("journal des accès")

    # Another officer sees the report, its history, but never its contact, and may not move it on.
    show(karim, "in_progress")
    open_report(karim, TRIAGED)
    expect(karim.locator("#contact-not-yours")).to_be_visible()
    expect(karim.get_by_role("button", name="Afficher les coordonnées")).to_be_hidden()
    expect(karim.locator("#triage-form")).to_be_hidden()
    expect(karim.locator("#triage-none")).to_contain_text("Seul l'agent qui traite ce signalement")
    refused = karim.evaluate(
        """async (ref) => {
            const token = JSON.parse(sessionStorage.getItem(Object.keys(sessionStorage).find((k) => k.startsWith("oidc.user")))).id_token;
            const r = await fetch(`/api/agent/reports/${ref}/contact`, {headers: {Authorization: "Bearer " + token}});
            return [r.status, await r.text()];
        }""",
        TRIAGED,
    )
    assert refused[0] == 403 and "not_your_report" in refused[1] and "Benali" not in refused[1]

    # Forwarded to a unit chosen from the locator's, then closed: each step with its note, who and when.
    step(lea, "Transmettre à une unité", "Pour la brigade locale.", unit="Commissariat de police d'Arcachon")
    expect(lea.locator("#report-status")).to_have_text("Transmis à une unité")
    expect(lea.locator("#report-unit")).to_have_text("Commissariat de police d'Arcachon")
    expect(lea.locator("#contact-name")).to_have_text("")  # a change forgets the contact shown
    step(lea, "Clore", "Point de vente démantelé le 2 décembre.")
    expect(lea.locator("#report-status")).to_have_text("Clos")
    expect(lea.locator("#triage-none")).to_contain_text("plus rien à faire")
    history = lea.locator("#report-history li")
    expect(history).to_have_count(3)
    expect(history.nth(0)).to_contain_text(re.compile(r"En cours — \d\d/\d\d/\d{4} à \d\d:\d\d, par Gardienne de la paix Léa B\."))
    expect(history.nth(0)).to_contain_text("Je prends : patrouille prévenue.")
    expect(history.nth(1)).to_contain_text("(vers Commissariat de police d'Arcachon)")
    expect(history.nth(1)).to_contain_text("Pour la brigade locale.")
    expect(history.nth(2)).to_contain_text("Point de vente démantelé le 2 décembre.")
    assert axe_violations(lea) == []

    # The closed list holds it; the supervisor's detail shows who saw the contact.
    show(lea, "closed", "Bègles")
    expect(lea.locator(f'.inbox-item[data-reference="{TRIAGED}"]')).to_be_visible()
    chef = open_inbox(contexts, local_stack, "superviseur")
    show(chef, "closed", "begles")
    open_report(chef, TRIAGED)
    expect(chef.locator("#audit-list li")).to_have_count(1)
    expect(chef.locator("#audit-list li")).to_contain_text("agent1 : affichage des coordonnées")

    assert lea.csp_violations() == [] and karim.csp_violations() == []

    # The console links here and back.
    lea.get_by_role("link", name="Console agent").click()
    expect(lea).to_have_url(f"{local_stack.base_url}/agent.html")
    expect(lea.get_by_role("link", name="Signalements")).to_have_attribute("href", "signalements.html")


def read_csv(path: Path) -> tuple[str, list[dict[str, str]]]:
    text = path.read_text(encoding="utf-8-sig")
    first, _, rest = text.partition("\n")
    return first, list(csv.DictReader(io.StringIO(rest)))


def test_a_supervisor_exports_the_filtered_list_with_and_without_contact_details(contexts, local_stack, tmp_path):
    officer = open_inbox(contexts, local_stack, "agent3")
    expect(officer.locator("#inbox-export")).to_be_hidden()  # supervisors only

    chef = open_inbox(contexts, local_stack, "superviseur")
    export = chef.locator("#inbox-export")
    expect(export).to_be_visible()
    expect(export).to_contain_text("ne sont pas incluses")
    show(chef, "new", "Cenon")
    expect(chef.locator("#inbox-list .inbox-item")).to_have_count(1)
    assert axe_violations(chef) == []

    with chef.expect_download() as without:
        chef.get_by_role("button", name="Exporter en CSV").click()
    plain = tmp_path / "sans.csv"
    without.value.save_as(plain)
    assert re.fullmatch(r"signalements-new-\d{8}-\d{4}\.csv", without.value.suggested_filename)
    first, rows = read_csv(plain)
    assert first.startswith("# Coordonnées des déclarants non incluses")
    assert [row for row in rows if EXPORTED in row.values()], rows
    assert len(rows) == 1 and "contact_courriel" not in rows[0]
    assert "sylvie.caron@example.org" not in plain.read_text(encoding="utf-8-sig")
    expect(chef.locator("#export-status")).to_contain_text("sans les coordonnées")

    chef.get_by_label("Inclure les coordonnées des déclarants").check()
    with chef.expect_download() as with_contact:
        chef.get_by_role("button", name="Exporter en CSV").click()
    named = tmp_path / "avec.csv"
    with_contact.value.save_as(named)
    first, rows = read_csv(named)
    assert first.startswith("# Coordonnées des déclarants incluses")
    assert len(rows) == 1 and "sylvie.caron@example.org" in rows[0].values() and "Sylvie Caron" in rows[0].values()
    expect(chef.locator("#export-status")).to_contain_text("avec les coordonnées")

    # The export with contact details is in the report's access log.
    open_report(chef, EXPORTED)
    expect(chef.locator("#audit-list li")).to_contain_text("superviseur : export CSV avec coordonnées")
    assert chef.csp_violations() == []  # the file is handed over under the site's policy


def check_status(page: Page, reference: str, secret: str) -> None:
    page.get_by_label("Référence du signalement").fill(reference)
    page.get_by_label("Code de suivi").fill(secret)
    page.get_by_role("button", name="Voir l'état").click()


def test_a_citizen_checks_a_status_with_the_right_pair_and_a_wrong_pair_gets_one_neutral_answer(contexts, local_stack):
    secret = seeded_secret(SEEDED[FOLLOWED])
    page = contexts.new_page(PHONE)
    page.goto(f"{local_stack.base_url}/suivi-signalement.html")
    expect(page.locator("#status-form[data-report-status-init]")).to_be_attached()
    expect(page.locator(".emergency")).to_contain_text("appelez le 17 ou le 112")

    # Typed as a citizen might: lower case, spaces instead of dashes.
    check_status(page, FOLLOWED.lower(), secret.replace("-", " ").lower())
    answer = page.locator("#status-answer")
    expect(answer).to_have_text(re.compile(r"^Votre signalement a été transmis au service de police ou de gendarmerie compétent\.Dernier changement le \d\d/\d\d/\d{4} à \d\d:\d\d\.$"))
    expect(answer).to_have_attribute("aria-live", "polite")
    assert "Arcachon" not in answer.inner_text() and "poubelles" not in page.content()
    assert axe_violations(page) == []

    check_status(page, FOLLOWED, "AAAA-BBBB-CCCC-DDDD")
    expect(answer).to_contain_text("Aucun signalement ne correspond")
    wrong_secret = answer.inner_text()
    check_status(page, "SIG-2026-ZZZZZZ", secret)
    expect(answer).to_contain_text("Aucun signalement ne correspond")
    assert answer.inner_text() == wrong_secret
    assert axe_violations(page) == []


HOSTILE = '<img src=x onerror="window.__pwned=1">\u202eevil <b>bold</b>'


def test_what_citizens_wrote_is_shown_as_text_never_as_markup_and_sign_out_comes_back_here(contexts, local_stack):
    officer = open_inbox(contexts, local_stack, "agent6")

    def hostile_answer(route):
        """The server's real answer, with a citizen's texts turned hostile (reports are untrusted input)."""
        response = route.fetch()
        body = response.json()
        for report in body.get("reports", []):
            report["excerpt"] = HOSTILE
            report["commune"] = HOSTILE
        if "report" in body:
            body["report"]["description"] = HOSTILE
            body["report"]["place"]["description"] = HOSTILE
            body["report"]["details"] = {"subject": HOSTILE}
        route.fulfill(response=response, json=body)

    officer.route(re.compile(r".*/api/agent/reports(\?.*|/SIG-[^/]+)$"), hostile_answer)
    show(officer, "new")
    first = officer.locator("#inbox-list .inbox-item").first
    expect(first.locator(".inbox-item__excerpt")).to_have_text(HOSTILE)
    first.locator("button").click()
    expect(officer.locator("#report-description")).to_have_text(HOSTILE)
    expect(officer.locator("#report-details dd")).to_have_text(HOSTILE)
    assert officer.locator("#contenu img, #contenu b").count() == 0
    assert officer.evaluate("() => window.__pwned") is None
    officer.unroute(re.compile(r".*/api/agent/reports(\?.*|/SIG-[^/]+)$"))

    officer.get_by_role("button", name="Se déconnecter").click()
    expect(officer).to_have_url(f"{local_stack.base_url}/signalements.html")
    expect(officer.locator("#inbox-alert")).to_have_text("Vous êtes déconnecté.")
    expect(officer.get_by_role("button", name="Se connecter")).to_be_visible()
    expect(officer.locator("#inbox")).to_be_hidden()
