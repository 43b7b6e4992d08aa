"""What CloudFront adds to the /api requests it forwards to the REST API, and to the pages it serves; the local
gateway plays its part."""
from __future__ import annotations

import os
from collections.abc import Mapping

from chalicelib.api.viewer_source import ORIGIN_VERIFY_HEADER, VIEWER_ADDRESS_HEADER
from chalicelib.config import ENV
from infrastructure.stacks.security_headers import security_headers

__all__ = ["as_forwarded_by_cloudfront", "site_response_headers"]


def as_forwarded_by_cloudfront(headers: Mapping[str, str], remote: str | None) -> dict[str, str]:
    """The viewer's headers as the API origin gets them: the viewer address and origin secret are CloudFront's own."""
    forwarded = {k: v for k, v in headers.items() if k.lower() not in (ORIGIN_VERIFY_HEADER, VIEWER_ADDRESS_HEADER)}
    forwarded["CloudFront-Viewer-Address"] = f"{remote or '127.0.0.1'}:0"
    secret = os.environ.get(ENV.ORIGIN_SECRET, "")
    if secret:
        forwarded["X-Origin-Verify"] = secret
    return forwarded


def site_response_headers() -> dict[str, str]:
    """The security headers CloudFront's response headers policy adds to every page (the same module builds both);
    a laptop serves plain http, so no HSTS, and the websocket and sign-in are on the page's own origin."""
    return security_headers(https=False)
