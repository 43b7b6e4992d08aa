"""A REST request's JSON body as sent, before it is parsed (protocol/untrusted_json.py does that)."""
from __future__ import annotations

from chalice.app import Request

from chalicelib.errors import InvalidRequestError, UnsupportedMediaTypeError

__all__ = ["json_request_body"]


def json_request_body(request: Request) -> bytes | str:
    """The body of a request sent as `application/json` (the default when unsaid): UnsupportedMediaTypeError
    for another type, InvalidRequestError for a body Chalice cannot turn into bytes (a lone surrogate, bad base64)."""
    media_type = (request.headers.get("content-type") or "application/json").split(";", 1)[0].strip().lower()
    if media_type != "application/json":
        raise UnsupportedMediaTypeError()
    try:
        return request.raw_body
    except ValueError:  # UnicodeEncodeError, binascii.Error
        raise InvalidRequestError() from None
