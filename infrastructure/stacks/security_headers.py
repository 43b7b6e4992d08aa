"""The HTTP security headers the site is served with: one definition for CloudFront and the laptop.

Plain Python on purpose (no CDK import): the stack turns it into CloudFront's response headers policy
(`stacks/site.py`), and the local gateway, which plays CloudFront on a laptop, adds the same headers to the
pages it serves (`local/cloudfront_origin.py`). The browser test `tests/browser/test_content_security_policy.py`
loads every citizen page and the console under this policy and fails on any violation.
"""
from __future__ import annotations

from collections.abc import Sequence

__all__ = [
    "FRAME_OPTIONS",
    "HSTS_MAX_AGE_S",
    "PERMISSIONS_POLICY",
    "REFERRER_POLICY",
    "content_security_policy",
    "security_headers",
]

HSTS_MAX_AGE_S = 2 * 365 * 24 * 3600
REFERRER_POLICY = "strict-origin-when-cross-origin"
FRAME_OPTIONS = "DENY"
# The locator may ask for the citizen's position; nothing else needs a powerful feature.
PERMISSIONS_POLICY = "geolocation=(self), camera=(), microphone=(), payment=(), usb=()"


def content_security_policy(connect_sources: Sequence[str] = ()) -> str:
    """The site's CSP: only its own scripts, styles, images and fonts (no inline code), no framing, and network
    access to itself plus `connect_sources` (on AWS: the websocket API and the officers' Cognito endpoints)."""
    directives = {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'", *connect_sources],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in directives.items())


def security_headers(connect_sources: Sequence[str] = (), *, https: bool = True) -> dict[str, str]:
    """Every header as the viewer receives it (HSTS only over https: a laptop serves plain http)."""
    headers = {
        "Content-Security-Policy": content_security_policy(connect_sources),
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": FRAME_OPTIONS,
        "Referrer-Policy": REFERRER_POLICY,
        "Permissions-Policy": PERMISSIONS_POLICY,
    }
    if https:
        headers["Strict-Transport-Security"] = f"max-age={HSTS_MAX_AGE_S}; includeSubDomains"
    return headers
