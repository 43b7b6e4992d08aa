"""The site's security headers: one definition for CloudFront and the laptop, and pages that need no inline code."""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from infrastructure.stacks.security_headers import content_security_policy, security_headers
from local.cloudfront_origin import site_response_headers

SITE = Path(__file__).resolve().parents[2] / "static_site"


class _InlineCode(HTMLParser):
    """Collects what a CSP without 'unsafe-inline' refuses: inline scripts, style blocks and attributes, handlers."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = dict(attrs)
        if tag == "script" and "src" not in names and names.get("type") != "application/json":
            self.found.append("inline <script>")
        if tag == "style":
            self.found.append("<style> block")
        self.found += [f"{name}= attribute on <{tag}>" for name in names if name == "style" or name.startswith("on")]
        if any(str(value).lower().startswith("javascript:") for value in names.values()):
            self.found.append(f"javascript: URL on <{tag}>")


def test_the_policy_allows_no_inline_code_and_no_framing():
    policy = content_security_policy(["wss://example.execute-api.eu-west-3.amazonaws.com"])
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy
    assert re.search(r"connect-src 'self' wss://example\.execute-api", policy)


def test_the_laptop_serves_the_same_headers_as_cloudfront_without_hsts():
    assert site_response_headers() == {k: v for k, v in security_headers().items() if k != "Strict-Transport-Security"}
    assert "Strict-Transport-Security" in security_headers()


def test_no_page_of_the_site_holds_inline_code():
    pages = sorted(p for p in SITE.rglob("*.html") if "vendor" not in p.parts)
    assert len(pages) >= 30
    found = {}
    for page in pages:
        parser = _InlineCode()
        parser.feed(page.read_text(encoding="utf-8"))
        if parser.found:
            found[str(page.relative_to(SITE))] = parser.found
    assert found == {}
