"""``/healthz`` for load balancers and operators."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify
from flask.typing import ResponseReturnValue
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from engage.access import public
from engage.extensions import db

bp = Blueprint("health", __name__)


def _database_status() -> str:
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError as exc:
        db.session.rollback()
        return f"error: {type(exc).__name__}"
    return "ok"


@bp.get("/healthz")
@public
def healthz() -> ResponseReturnValue:
    checks = {"db": _database_status(), "jobs": current_app.extensions["engage_jobs"].health()}
    healthy = all(value == "ok" for value in checks.values())
    return jsonify(status="ok" if healthy else "error", **checks), 200 if healthy else 503
