"""The API blueprint with every route registered, plus its entry point and OpenAPI document."""

from __future__ import annotations

from flask import g, jsonify, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from engage.api import views_analysis, views_deliberations, views_surveys  # noqa: F401 (routes)
from engage.api.auth import no_token, token_roles
from engage.api.blueprint import bp
from engage.api.openapi import document

__all__ = ["bp"]


@bp.get("/")
@token_roles()
def index() -> ResponseReturnValue:
    return jsonify(
        user={"id": current_user.id, "name": current_user.name, "role": str(current_user.role)},
        scope=g.api_token.scope,
        links={
            "openapi": url_for("api.openapi"),
            "surveys": url_for("api.surveys"),
            "runs": url_for("api.runs"),
            "deliberations": url_for("api.deliberations"),
        },
    )


@bp.get("/openapi.json")
@no_token
def openapi() -> ResponseReturnValue:
    return jsonify(document())
