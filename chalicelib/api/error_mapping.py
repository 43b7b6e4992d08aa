"""The one place where errors become websocket error frames and HTTP responses."""
from __future__ import annotations

import traceback
from typing import Any

from aws_lambda_powertools import Logger
from chalice.app import Response

from chalicelib.errors import DeskClosedError, GuichetError, InvalidFieldsError, RateLimitedError
from chalicelib.protocol import outbound
from chalicelib.protocol.untrusted_json import is_unicode_text

__all__ = ["error_frame", "error_response"]

logger = Logger(child=True)


def _named(exc: Exception) -> GuichetError:
    if isinstance(exc, GuichetError):
        return exc
    # The exception's text may quote user input: log its class and where it was raised, never its text.
    where = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
    logger.error(
        "unexpected error",
        extra={"error_class": type(exc).__name__, "at": f"{where.filename}:{where.lineno}" if where else None},
    )
    return GuichetError()


def error_frame(exc: Exception, client_msg_id: str | None = None) -> dict[str, Any]:
    """The error frame a websocket client gets for this error; always serializable as UTF-8 JSON."""
    err = _named(exc)
    if isinstance(exc, GuichetError):
        logger.info("frame refused", extra={"code": err.code})
    echoed = client_msg_id if client_msg_id is not None and is_unicode_text(client_msg_id) else None
    frame = outbound.error(err, echoed)
    if not is_unicode_text(frame["message"]):
        frame["message"] = err.default_message
    if isinstance(err, RateLimitedError):
        frame["retry_after_s"] = err.retry_after_s
    if isinstance(err, DeskClosedError):
        frame["next_opening"] = err.next_opening
    return frame


def error_response(exc: Exception) -> Response:
    """The HTTP response a REST client gets for this error."""
    err = _named(exc)
    body: dict[str, Any] = {"code": err.code, "message": err.message}
    headers: dict[str, str | list[str]] = {}
    if isinstance(err, InvalidFieldsError):
        body["fields"] = dict(err.fields)
    if isinstance(err, RateLimitedError):
        body["retry_after_s"] = err.retry_after_s
        headers["Retry-After"] = str(err.retry_after_s)
    return Response(status_code=err.http_status, body=body, headers=headers)
