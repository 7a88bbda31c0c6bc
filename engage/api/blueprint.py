"""The API blueprint, its hooks, and the helpers its view modules share (paging, arguments)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, Response, jsonify, request, url_for
from sqlalchemy import Select, func, select
from werkzeug.routing import IntegerConverter

from engage.api.auth import authenticate
from engage.api.errors import ApiError, json_error
from engage.errors import DomainError
from engage.extensions import db
from engage.wholenumber import whole_number


class IdConverter(IntegerConverter):
    """A database id: 1 to 2**31 - 1, so a huge number is a 404, not a PostgreSQL error."""

    def __init__(self, url_map: Any, *_args: Any, **_kwargs: Any) -> None:
        super().__init__(url_map, min=1, max=2**31 - 1)


bp = Blueprint("api", __name__, url_prefix="/api/v1")
bp.record_once(lambda state: state.app.url_map.converters.setdefault("id", IdConverter))
bp.before_request(authenticate)
MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 20


@bp.errorhandler(ApiError)
def _api_error(error: ApiError) -> Response:
    return json_error(error.status, error.message, **error.details)


@bp.errorhandler(DomainError)
def _domain_error(error: DomainError) -> Response:
    db.session.rollback()
    return json_error(422, str(error))


def int_arg(name: str, default: int, low: int, high: int) -> int:
    """A query-string integer within [low, high]; 400 otherwise."""
    text = request.args.get(name)
    if text is None:
        return default
    number = whole_number(text)
    if number is None or not low <= number <= high:
        raise ApiError(400, f"'{name}' must be a whole number from {low} to {high}.")
    return number


def paginate(query: Select, serialize: Callable[[Any], dict[str, Any]]) -> Response:
    """One page of ``query`` as ``{"items", "page", "per_page", "total", "next", "prev"}``.

    ``?page`` (from 1) and ``?per_page`` (1 to 100); next/prev are also sent as a ``Link``
    header (RFC 8288).
    """
    page = int_arg("page", 1, 1, 10**6)
    per_page = int_arg("per_page", DEFAULT_PER_PAGE, 1, MAX_PER_PAGE)
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    items = db.session.scalars(query.limit(per_page).offset((page - 1) * per_page)).all()
    more = page * per_page < (total or 0)
    links = {
        "next": _page_url(page + 1, per_page) if more else None,
        "prev": _page_url(page - 1, per_page) if page > 1 else None,
    }
    response = jsonify(
        items=[serialize(item) for item in items],
        page=page,
        per_page=per_page,
        total=total,
        **links,
    )
    header = ", ".join(f'<{url}>; rel="{rel}"' for rel, url in links.items() if url)
    if header:
        response.headers["Link"] = header
    return response


def _page_url(page: int, per_page: int) -> str:
    args = {**request.view_args, **request.args.to_dict(), "page": page, "per_page": per_page}
    return url_for(request.endpoint or "", **args)


def iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None
