"""Deliberations (imported Pol.is conversations) over the API: statements, votes, consensus."""

from __future__ import annotations

from typing import Any

from flask import abort, jsonify
from flask.typing import ResponseReturnValue
from sqlalchemy import select

from engage.api.auth import token_roles
from engage.api.blueprint import bp, iso, paginate
from engage.auth.roles import Role
from engage.deliberation.models import Deliberation, Statement
from engage.extensions import db

#: deliberations are evidence for analysis; like other evidence, analysts read it
DELIBERATION_READERS = (Role.ANALYST,)


def deliberation_json(item: Deliberation) -> dict[str, Any]:
    return {
        "id": item.id,
        "source": item.source,
        "conversation": item.conversation,
        "title": item.title,
        "description": item.description,
        "url": item.url,
        "attribution": item.attribution,
        "created_at": iso(item.created_at),
    }


def statement_json(item: Statement) -> dict[str, Any]:
    return {
        "tid": item.tid,
        "text": item.text,
        "moderated": item.moderated,
        "agrees": item.agrees,
        "disagrees": item.disagrees,
        "passes": item.passes,
        "consensus": item.consensus,
    }


def _get(deliberation_id: int) -> Deliberation:
    return db.session.get(Deliberation, deliberation_id) or abort(404)


@bp.get("/deliberations")
@token_roles(*DELIBERATION_READERS)
def deliberations() -> ResponseReturnValue:
    return paginate(select(Deliberation).order_by(Deliberation.id.desc()), deliberation_json)


@bp.get("/deliberations/<id:deliberation_id>")
@token_roles(*DELIBERATION_READERS)
def deliberation(deliberation_id: int) -> ResponseReturnValue:
    found = _get(deliberation_id)
    return jsonify({**deliberation_json(found), "statements": len(found.statements)})


@bp.get("/deliberations/<id:deliberation_id>/statements")
@token_roles(*DELIBERATION_READERS)
def statements(deliberation_id: int) -> ResponseReturnValue:
    found = _get(deliberation_id)
    query = select(Statement).where(Statement.deliberation_id == found.id)
    return paginate(query.order_by(Statement.tid), statement_json)
