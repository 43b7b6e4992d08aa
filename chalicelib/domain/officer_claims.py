"""What a verified identity token's claims say about an officer (Cognito's claim names)."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from chalicelib.domain.agent import AgentIdentity
from chalicelib.errors import InvalidTokenError, OfficerOnlyError

__all__ = ["AGENT_GROUPS", "GROUPS_CLAIM", "groups_of", "identity_from_claims"]

GROUPS_CLAIM = "cognito:groups"
AGENT_GROUPS = frozenset({"agents", "supervisors"})


def groups_of(claims: Mapping[str, Any]) -> frozenset[str]:
    """The token's groups: a JSON list in the token, a string once API Gateway's authorizer passed it on.

    API Gateway's Cognito authorizer hands every claim over as a string: `"agents,supervisors"`
    (or `"[agents supervisors]"`); the local gateway and a decoded token give a list.
    """
    raw = claims.get(GROUPS_CLAIM)
    if isinstance(raw, list):
        return frozenset(g for g in raw if isinstance(g, str) and g)
    if isinstance(raw, str):
        return frozenset(g for g in raw.strip("[]").replace(",", " ").split() if g)
    return frozenset()


def identity_from_claims(claims: Mapping[str, Any]) -> AgentIdentity:
    """The officer these claims name; OfficerOnlyError unless they are in an officers' group."""
    agent_id = _first_text(claims, "cognito:username", "username", "sub")
    if agent_id is None:
        raise InvalidTokenError()
    groups = groups_of(claims)
    if not groups & AGENT_GROUPS:
        raise OfficerOnlyError()
    display_name = _first_text(claims, "name") or agent_id
    return AgentIdentity(agent_id=agent_id, display_name=display_name, groups=groups)


def require_supervisor(identity: AgentIdentity) -> AgentIdentity:
    """This identity, if a supervisor's; OfficerOnlyError otherwise."""
    if not identity.is_supervisor:
        raise OfficerOnlyError("This action is for supervisors.")
    return identity


__all__.append("require_supervisor")


def _first_text(claims: Mapping[str, Any], *names: str) -> str | None:
    """The first of these claims that holds a non-empty string."""
    for name in names:
        value = claims.get(name)
        if isinstance(value, str) and value:
            return value
    return None
