"""Error pages in the same shell as every other page."""

from __future__ import annotations

from typing import Any

from flask import Flask, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import InterfaceError, OperationalError
from werkzeug.exceptions import HTTPException, SecurityError

from engage.extensions import db


def _titles() -> dict[int, tuple[str, str]]:
    return {
        400: (_("Bad request"), _("The request could not be understood.")),
        403: (_("Access denied"), _("Your account does not have access to this page.")),
        404: (_("Page not found"), _("There is no page at this address.")),
        405: (_("Method not allowed"), _("This page does not accept that kind of request.")),
        413: (_("Upload too large"), _("The file is larger than this site accepts.")),
        503: (
            _("Briefly unavailable"),
            _(
                "The database did not answer, so nothing was saved. Go back and send the form "
                "again in a minute: your browser usually keeps what you typed."
            ),
        ),
        500: (_("Something went wrong"), _("An unexpected error happened. It has been logged.")),
    }


def render_error(code: int, detail: str | None = None) -> tuple[str, int]:
    title, text = _titles().get(code, (_("Error"), ""))
    return render_template("errors/error.html", code=code, title=title, text=detail or text), code


def init_error_pages(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError) -> tuple[str, int]:
        return render_error(
            400, _("The form had expired or came from another site. Go back, reload and try again.")
        )

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> Any:
        if error.code is None or error.code < 400:
            return error
        if request.path.startswith("/api/"):
            from engage.api.errors import from_http

            return from_http(error)
        if isinstance(error, SecurityError):
            return error  # untrusted Host: no URLs can be built for the page shell
        return render_error(error.code)

    @app.errorhandler(OperationalError)
    @app.errorhandler(InterfaceError)
    def database_unavailable(error: Exception) -> Any:
        """A lost or restarting database is a 503 worth retrying, not a 500 to investigate."""
        app.logger.warning("database unavailable: %s", error)
        db.session.rollback()
        if request.path.startswith("/api/"):
            from engage.api.errors import json_error

            response = json_error(503)
        else:
            try:
                response = app.make_response(render_error(503))
            except (OperationalError, InterfaceError):  # the page shell itself needed the database
                response = app.make_response((_titles()[503][1], 503))
        response.headers["Retry-After"] = "60"
        return response

    @app.errorhandler(500)
    def server_error(error: Exception) -> Any:
        db.session.rollback()
        if request.path.startswith("/api/"):
            from engage.api.errors import json_error

            return json_error(500)
        return render_error(500)
