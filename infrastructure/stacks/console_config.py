"""What the deployed `config.js` tells the pages: endpoints, and the officers' sign-in settings.

Plain Python on purpose (no CDK import), so `tests/unit/test_deployment_config.py` checks what the
console will read without installing the CDK; the stack passes it CloudFormation tokens, resolved
when the site is deployed. The local gateway serves the same keys (`local/stack.py: site_config`).
"""
from __future__ import annotations

__all__ = ["CONSOLE_PATH", "INBOX_PATH", "OFFICER_PAGES", "SCOPES", "console_config"]

CONSOLE_PATH = "/agent.html"
# The reports inbox signs officers in on its own page: a second callback and sign-out URL of the same client.
INBOX_PATH = "/signalements.html"
OFFICER_PAGES = (CONSOLE_PATH, INBOX_PATH)
# What the console asks Cognito for: an ID token with the officer's name and groups (openid, profile).
SCOPES = ("openid", "profile", "email")


def console_config(
    *,
    site_url: str,
    ws_url: str,
    api_stage: str,
    region: str,
    user_pool_id: str,
    client_id: str,
    login_domain_url: str,
    url_suffix: str = "amazonaws.com",
    version: str = "dev",
) -> dict[str, object]:
    """`window.GUICHET_CONFIG` for one stage; `version`: the build's (`tools/build_version.py`), as
    /api/health answers it, so an operator sees which build the pages and the functions run."""
    issuer = f"https://cognito-idp.{region}.{url_suffix}/{user_pool_id}"
    console = f"{site_url}{CONSOLE_PATH}"
    return {
        "apiBase": f"/{api_stage}",
        "wsUrl": ws_url,
        "region": region,
        "userPoolId": user_pool_id,
        "userPoolClientId": client_id,
        "version": version,
        "auth": {
            "authority": issuer,
            "clientId": client_id,
            "redirectUri": console,
            "postLogoutRedirectUri": console,
            "inboxRedirectUri": f"{site_url}{INBOX_PATH}",
            "scope": " ".join(SCOPES),
            # Cognito's discovery document names no end-session endpoint: its managed login's /logout.
            "endSessionEndpoint": f"{login_domain_url}/logout",
        },
    }
