"""The officers' e-mails from Cognito, in French (Cognito's defaults are English).

Cognito fills `{username}` and `{####}` (the temporary password, or the code); it requires both in the
invitation and `{####}` in the verification message, which also carries the code of a password reset.
"""
from __future__ import annotations

from dataclasses import dataclass

__all__ = ["INVITATION", "VERIFICATION", "CognitoMessage"]


@dataclass(frozen=True)
class CognitoMessage:
    subject: str
    body: str


INVITATION = CognitoMessage(
    subject="Guichet : votre compte d'agent",
    body=(
        "Bonjour,<br><br>Un compte d'agent Guichet a été créé pour vous.<br>"
        "Identifiant : {username}<br>Mot de passe provisoire : {####}<br><br>"
        "À la première connexion, choisissez un nouveau mot de passe (12 caractères au moins), puis enregistrez "
        "une application d'authentification (code à usage unique) : elle sera demandée à chaque connexion.<br>"
        "Ce mot de passe provisoire expire dans 3 jours.<br><br>"
        "Si vous n'attendiez pas ce message, prévenez votre responsable."
    ),
)

VERIFICATION = CognitoMessage(
    subject="Guichet : votre code de vérification",
    body=(
        "Bonjour,<br><br>Votre code de vérification Guichet est : {####}<br><br>"
        "Il sert à confirmer votre adresse ou à réinitialiser votre mot de passe. "
        "Si vous n'avez rien demandé, ignorez ce message et prévenez votre responsable."
    ),
)
