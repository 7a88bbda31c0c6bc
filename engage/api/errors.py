"""Every API error is JSON with its status code (never an HTML page)."""

from __future__ import annotations

from typing import Any

from flask import Response, jsonify
from werkzeug.exceptions import HTTPException

MESSAGES = {
    400: "The request could not be understood.",
    401: "Send a valid API token: Authorization: Bearer <token>.",
    403: "Your token does not allow this.",
    404: "There is nothing at this address.",
    405: "This address does not accept that method.",
    413: "The request body is too large.",
    422: "The request was understood but its content is not acceptable.",
    429: "Too many requests for this token; wait and try again.",
    500: "An unexpected error happened. It has been logged.",
}


class ApiError(Exception):
    """Raised by API code to answer with ``status`` and a message (and optional details)."""

    def __init__(self, status: int, message: str | None = None, **details: Any) -> None:
        super().__init__(message or MESSAGES.get(status, "Error"))
        self.status, self.message, self.details = status, str(self), details


def json_error(status: int, message: str | None = None, **details: Any) -> Response:
    body = {"error": {"status": status, "message": message or MESSAGES.get(status, "Error")}}
    if details:
        body["error"].update(details)
    response = jsonify(body)
    response.status_code = status
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="engage"'
    return response


def from_http(error: HTTPException) -> Response:
    """The JSON answer for a werkzeug error raised anywhere under ``/api/``."""
    status = error.code or 500
    message = error.description if status not in (404, 405, 500) else None
    response = json_error(status, _own(message, status))
    if status == 405 and getattr(error, "valid_methods", None):
        response.headers["Allow"] = ", ".join(error.valid_methods)
    return response


def _own(message: str | None, status: int) -> str:
    # werkzeug's default descriptions talk about browsers and HTML; ours talk about the API.
    if not message or message.startswith(("The browser", "The server", "The request URL")):
        return MESSAGES.get(status, "Error")
    return message
