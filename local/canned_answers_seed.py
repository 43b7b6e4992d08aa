"""The local stack's shared canned answers: what officers at the real service "ended up knowing by heart".

Written by the demo supervisor through the same use case as `POST /api/agent/canned-answers`, so every
answer passes the same checks. Links are those the site already uses (static_site/data, the sheets).
"""
from __future__ import annotations

from chalicelib.domain.agent import AgentIdentity
from chalicelib.domain.canned_answer import CannedAnswerDraft, Scope
from chalicelib.domain.clock import SystemClock
from chalicelib.errors import ShortcutTakenError
from chalicelib.ports import CannedAnswerRepository
from chalicelib.services.canned_answers import CannedAnswers

__all__ = ["DEMO_SUPERVISOR", "SHARED_ANSWERS", "seed_canned_answers"]

DEMO_SUPERVISOR = AgentIdentity("superviseur", "Capitaine Hélène R.", frozenset({"supervisors", "agents"}))

SHARED_ANSWERS: tuple[CannedAnswerDraft, ...] = (
    CannedAnswerDraft(
        title="Bonjour et présentation",
        shortcut="bonjour",
        text=(
            "Bonjour, je suis policier et je vais vous répondre. Cette conversation est privée. "
            "Pouvez-vous me décrire votre situation ?"
        ),
        text_en=(
            "Hello, I am a police officer and I will answer you. This conversation is private. "
            "Could you describe your situation?"
        ),
    ),
    CannedAnswerDraft(
        title="Attestation de déplacement couvre-feu (modèle 2020)",
        shortcut="couvre-feu",
        text=(
            "Pendant le couvre-feu, chaque sortie doit être justifiée par une attestation de déplacement "
            "dérogatoire. Vous pouvez la générer sur votre téléphone sur le site du ministère de l'Intérieur "
            "(https://media.interieur.gouv.fr/attestation-couvre-feu-covid-19/), l'imprimer, ou la recopier à la "
            "main sur papier libre. Elle doit être datée, indiquer l'heure de sortie et le motif coché."
        ),
        text_en=(
            "During the curfew, every outing must be justified by a travel certificate (attestation de "
            "déplacement dérogatoire). You can generate it on your phone on the Ministry of the Interior's "
            "website (https://media.interieur.gouv.fr/attestation-couvre-feu-covid-19/), print it, or copy it "
            "by hand. It must be dated and show the time you left and the reason ticked."
        ),
    ),
    CannedAnswerDraft(
        title="Motifs de dérogation",
        shortcut="derogation",
        text=(
            "Les motifs admis sont ceux de l'attestation : travail ou études quand le télétravail n'est pas "
            "possible, consultation médicale, motif familial impérieux ou assistance à une personne vulnérable, "
            "convocation judiciaire ou administrative, sortie brève d'un animal de compagnie. Si votre situation "
            "n'y figure pas, décrivez-la-moi et je vous dis si elle permet une dérogation."
        ),
    ),
    CannedAnswerDraft(
        title="Justificatif de déplacement professionnel",
        shortcut="attestation-pro",
        text=(
            "Pour vos trajets de travail, votre employeur vous remet un justificatif de déplacement professionnel "
            "qu'il remplit et signe ; il vaut pour toute la durée indiquée. Les indépendants le remplissent "
            "eux-mêmes. Gardez-le sur vous avec une pièce d'identité."
        ),
    ),
    CannedAnswerDraft(
        title="Papiers perdus : déclaration de perte (ANTS)",
        shortcut="papiers-perdus",
        text=(
            "Pour une carte d'identité ou un passeport perdu, la déclaration de perte se fait en ligne au moment "
            "de la pré-demande du nouveau titre sur le site de l'ANTS (https://ants.gouv.fr/) : inutile de passer "
            "au commissariat. Pour un permis de conduire, la déclaration de perte se fait aussi sur l'ANTS. "
            "La fiche détaillée : /fiches/papiers-perdus-voles.html"
        ),
    ),
    CannedAnswerDraft(
        title="Papiers volés : porter plainte",
        shortcut="papiers-voles",
        text=(
            "Si vos papiers ont été volés, portez plainte dans un commissariat ou une brigade de gendarmerie : le "
            "récépissé de plainte vous sera demandé pour refaire vos titres sur https://ants.gouv.fr/. "
            "Pensez à faire opposition sur votre carte bancaire si elle était avec. "
            "La fiche détaillée : /fiches/papiers-perdus-voles.html"
        ),
    ),
    CannedAnswerDraft(
        title="Plainte en ligne (ex-pré-plainte)",
        shortcut="plainte-en-ligne",
        text=(
            "Si l'auteur est inconnu, vous pouvez porter plainte en ligne sur Ma Sécurité "
            "(https://www.masecurite.interieur.gouv.fr/), identifié avec FranceConnect : la plainte en ligne a "
            "remplacé la pré-plainte en ligne. Un policier ou un gendarme étudie votre déclaration et vous "
            "recontacte si besoin. La fiche : /fiches/pre-plainte-en-ligne.html"
        ),
    ),
    CannedAnswerDraft(
        title="Aide aux victimes : 116 006",
        shortcut="france-victimes",
        text=(
            "Le 116 006 (France Victimes) vous écoute, vous informe sur vos droits et vous oriente vers "
            "l'association d'aide aux victimes la plus proche. L'appel est gratuit, 7 jours sur 7. "
            "La fiche : /fiches/aide-aux-victimes.html"
        ),
    ),
    CannedAnswerDraft(
        title="Violences conjugales : 3919",
        shortcut="3919",
        text=(
            "Le 3919 (Violences Femmes Info) vous écoute et vous conseille, gratuitement et anonymement, jour "
            "et nuit ; l'appel n'apparaît pas sur les factures. Si vous êtes en danger maintenant, appelez le 17 "
            "ou le 112, ou envoyez un SMS au 114 si vous ne pouvez pas parler. "
            "La fiche : /fiches/violences-conjugales.html"
        ),
    ),
    CannedAnswerDraft(
        title="Enfance en danger : 119",
        shortcut="119",
        text=(
            "Le 119 (Allô Enfance en danger) est gratuit et joignable 24 heures sur 24, 7 jours sur 7 ; "
            "l'appel n'apparaît pas sur les factures. Si l'enfant est en danger immédiat, appelez le 17. "
            "La fiche : /fiches/enfance-en-danger.html"
        ),
    ),
    CannedAnswerDraft(
        title="Contenu illicite en ligne : PHAROS",
        shortcut="pharos",
        text=(
            "Pour un contenu illicite sur internet (menaces, haine, pédocriminalité, apologie du terrorisme), "
            "faites un signalement sur PHAROS : https://www.internet-signalement.gouv.fr/ . Notez l'adresse exacte "
            "de la page et ne partagez pas le contenu."
        ),
    ),
    CannedAnswerDraft(
        title="Fraude à la carte bancaire : Perceval",
        shortcut="perceval",
        text=(
            "Faites d'abord opposition auprès de votre banque. Si vous avez encore votre carte mais que des achats "
            "en ligne que vous n'avez pas faits apparaissent, signalez-les sur Perceval "
            "(https://www.service-public.fr/particuliers/vosdroits/R46526) avec FranceConnect : le récépissé "
            "facilite le remboursement par votre banque."
        ),
    ),
    CannedAnswerDraft(
        title="Horaires du commissariat",
        shortcut="horaires",
        text=(
            "L'adresse et les horaires d'ouverture de chaque commissariat et brigade de gendarmerie sont sur la "
            "page Trouver une unité : /unites.html (recherche par commune ou code postal). En dehors des horaires, "
            "en cas d'urgence, appelez le 17 ou le 112."
        ),
    ),
    CannedAnswerDraft(
        title="Ce tchat ne traite pas les urgences",
        shortcut="urgence",
        text=(
            "Ce tchat ne traite pas les urgences. Si vous ou quelqu'un êtes en danger maintenant, appelez le 17 "
            "ou le 112. Si vous ne pouvez pas parler, envoyez un SMS au 114."
        ),
        text_en=(
            "This chat does not handle emergencies. If you or someone else is in danger now, call 17 or 112. "
            "If you cannot speak, send a text message to 114."
        ),
    ),
)


def seed_canned_answers(repository: CannedAnswerRepository) -> int:
    """Add the shared answers whose shortcut is still free; how many were added."""
    desk = CannedAnswers(repository, SystemClock())
    added = 0
    for draft in SHARED_ANSWERS:
        try:
            desk.create(DEMO_SUPERVISOR, Scope.SHARED, draft)
        except ShortcutTakenError:
            continue
        added += 1
    return added
