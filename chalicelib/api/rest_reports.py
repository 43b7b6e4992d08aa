"""`POST /reports`: a citizen's report in, its reference and what happens next out."""
from __future__ import annotations

from chalice.app import Blueprint, Response

from chalicelib.api.error_mapping import error_response
from chalicelib.api.request_body import json_request_body
from chalicelib.api.viewer_source import viewer_ip
from chalicelib.protocol.report_inbox_request import parse_status_check
from chalicelib.protocol.report_request import parse_report_request
from chalicelib.services.report_status import check_status
from chalicelib.services.reports import ReportDesk, submit_report

__all__ = ["report_routes"]


def report_routes(desk: ReportDesk, origin_secret: str) -> Blueprint:
    """The report routes (filing, and the citizen's status check), through this desk; `origin_secret` is what
    proves CloudFront forwarded a request."""
    routes = Blueprint(__name__)

    # Every content type reaches the view, so that a wrong one gets our error body, not Chalice's.
    @routes.route("/reports", methods=["POST"], content_types=["*/*"])
    def submit() -> Response:
        """Store a report: 201 when new, 200 for a repeat of the same client_key."""
        request = routes.current_request
        try:
            client_key, draft = parse_report_request(json_request_body(request))
            source_ip = viewer_ip(request.headers, request.context, origin_secret)
            submission = submit_report(desk, draft, client_key, source_ip)
        except Exception as exc:  # noqa: BLE001 - every failure answers with our error body
            return error_response(exc)
        return Response(
            status_code=201 if submission.created else 200,
            body={
                "reference": submission.report.reference,
                "secret": submission.secret,
                "next_steps": submission.next_steps,
            },
            headers={"Cache-Control": "no-store"},
        )

    @routes.route("/reports/status", methods=["POST"], content_types=["*/*"])
    def status() -> Response:
        """A citizen's check: the status and its date for a reference and its secret; nothing else."""
        request = routes.current_request
        try:
            reference, secret = parse_status_check(json_request_body(request))
            source_ip = viewer_ip(request.headers, request.context, origin_secret)
            answer = check_status(desk, reference, secret, source_ip)
        except Exception as exc:  # noqa: BLE001 - every failure answers with our error body
            return error_response(exc)
        return Response(
            body={"reference": reference, "status": answer.status.value, "updated_at": int(answer.updated_at)},
            headers={"Cache-Control": "no-store"},
        )

    return routes
