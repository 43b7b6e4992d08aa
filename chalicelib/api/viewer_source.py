"""Where a REST request came from: CloudFront's viewer address when the origin secret proves CloudFront
forwarded it, else API Gateway's source IP (anyone can send a CloudFront-Viewer-Address header)."""
from __future__ import annotations

import hmac
import ipaddress
from collections.abc import Mapping
from typing import Any

__all__ = ["ORIGIN_VERIFY_HEADER", "VIEWER_ADDRESS_HEADER", "came_through_cloudfront", "viewer_ip"]

# Set by the distribution as a custom origin header on the /api/* origin (infrastructure/stacks/site.py).
ORIGIN_VERIFY_HEADER = "x-origin-verify"
# Added by CloudFront (the site's /api/* behaviour forwards it) as "ip:port", IPv6 without brackets.
VIEWER_ADDRESS_HEADER = "cloudfront-viewer-address"


def came_through_cloudfront(headers: Mapping[str, str], origin_secret: str) -> bool:
    """Whether the request carries the origin secret (compared in constant time); never without a secret."""
    given = headers.get(ORIGIN_VERIFY_HEADER)
    if not origin_secret or given is None:
        return False
    return hmac.compare_digest(given.encode("utf-8", "surrogatepass"), origin_secret.encode("utf-8"))


def viewer_ip(headers: Mapping[str, str], context: Mapping[str, Any] | None, origin_secret: str) -> str | None:
    """The citizen's IP: CloudFront's viewer address on requests proven to come through it, else the source IP."""
    if came_through_cloudfront(headers, origin_secret):
        address = headers.get(VIEWER_ADDRESS_HEADER, "").rsplit(":", 1)[0].strip("[]")
        try:
            return str(ipaddress.ip_address(address))
        except ValueError:
            pass
    identity = (context or {}).get("identity") or {}
    return identity.get("sourceIp") or None
