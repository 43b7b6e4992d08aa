"""Officers' and supervisors' REST routes: API Gateway's Cognito authorizer, then the groups checked here.

On AWS, API Gateway verifies the `Authorization: Bearer <ID token>` against the user pool before the
function runs and puts the token's claims in `requestContext.authorizer.claims` (every value a string).
Locally, the local gateway does the same with the local identity provider's keys. Either way the code
reads the claims from there and checks the officer's groups itself.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from chalice.app import CognitoUserPoolAuthorizer, Request

from chalicelib.domain.agent import AgentIdentity
from chalicelib.domain.officer_claims import identity_from_claims, require_supervisor
from chalicelib.errors import InvalidTokenError

__all__ = ["AUTHORIZER_NAME", "PLACEHOLDER_USER_POOL_ARN", "officer_of", "officers_authorizer", "supervisor_of"]

# The authorizer's name in the generated API definition (infrastructure/ sets its user pool ARN there).
AUTHORIZER_NAME = "OfficersUserPool"
# `chalice package` reads the ARN when app.py is imported, before the stack knows it: the stack replaces it.
PLACEHOLDER_USER_POOL_ARN = "arn:aws:cognito-idp:eu-west-3:000000000000:userpool/eu-west-3_SetByTheStack"


def officers_authorizer(user_pool_arn: str) -> CognitoUserPoolAuthorizer:
    """The Cognito user pool authorizer of the officers' routes (header `Authorization`)."""
    return CognitoUserPoolAuthorizer(AUTHORIZER_NAME, provider_arns=[user_pool_arn or PLACEHOLDER_USER_POOL_ARN])


def _claims(request: Request) -> Mapping[str, Any]:
    """The claims API Gateway's authorizer verified; InvalidTokenError if none reached the function."""
    authorizer = (request.context or {}).get("authorizer") or {}
    claims = authorizer.get("claims") if isinstance(authorizer, Mapping) else None
    if not isinstance(claims, Mapping) or not claims:
        raise InvalidTokenError()
    return claims


def officer_of(request: Request) -> AgentIdentity:
    """The officer (agents or supervisors group) who signed this request; OfficerOnlyError otherwise."""
    return identity_from_claims(_claims(request))


def supervisor_of(request: Request) -> AgentIdentity:
    """The supervisor who signed this request; OfficerOnlyError for anyone else."""
    return require_supervisor(officer_of(request))
