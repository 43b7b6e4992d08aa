"""`POST /reports`: a citizen's report in, its reference and what happens next out."""
from __future__ import annotations

import ipaddress
from typing import Any, Mapping

from chalice import Blueprint, Response

from chalicelib.api.error_mapping import error_response
from chalicelib.errors import UnsupportedMediaTypeError
from chalicelib.protocol.report_request import parse_report_request
from chalicelib.services.reports import ReportDesk, submit_report

__all__ = ["report_routes", "viewer_ip", "VIEWER_ADDRESS_HEADER"]

# Added by CloudFront (the site's /api/* behaviour forwards it) as "ip:port", IPv6 without brackets.
VIEWER_ADDRESS_HEADER = "cloudfront-viewer-address"


def viewer_ip(headers: Mapping[str, str], context: Mapping[str, Any] | None) -> str | None:
    """The citizen's IP address: CloudFront's viewer address when present, else API Gateway's source IP."""
    viewer = headers.get(VIEWER_ADDRESS_HEADER, "")
    address = viewer.rsplit(":", 1)[0].strip("[]")
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        pass
    identity = (context or {}).get("identity") or {}
    return identity.get("sourceIp") or None


def _is_json(content_type: str | None) -> bool:
    media_type = (content_type or "application/json").split(";", 1)[0].strip().lower()
    return media_type == "application/json"


def report_routes(desk: ReportDesk) -> Blueprint:
    """The report routes, storing through this desk."""
    routes = Blueprint(__name__)

    # Every content type reaches the view, so that a wrong one gets our error body, not Chalice's.
    @routes.route("/reports", methods=["POST"], content_types=["*/*"])
    def submit() -> Response:
        """Store a report: 201 when new, 200 for a repeat of the same client_key."""
        request = routes.current_request
        try:
            if not _is_json(request.headers.get("content-type")):
                raise UnsupportedMediaTypeError()
            client_key, draft = parse_report_request(request.raw_body)
            submission = submit_report(desk, draft, client_key, viewer_ip(request.headers, request.context))
        except Exception as exc:  # noqa: BLE001 - every failure answers with our error body
            return error_response(exc)
        return Response(
            status_code=201 if submission.created else 200,
            body={"reference": submission.report.reference, "next_steps": submission.next_steps},
        )

    return routes
