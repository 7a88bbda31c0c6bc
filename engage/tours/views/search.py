"""Search across notes, quotes and codes; the coverage dashboard."""

from __future__ import annotations

from flask import render_template, request
from flask.typing import ResponseReturnValue
from flask_login import current_user

from engage.access import roles
from engage.directory.forms import KIND_LABELS as UNIT_LABELS
from engage.tours import coding
from engage.tours.coverage import coverage as coverage_rows
from engage.tours.search import search as run_search
from engage.tours.views import STAFF, bp
from engage.tours.views.sessions import LABELS, filter_options, filters_from_request
from engage.tours.views.workspace import note_label


@bp.get("/search")
@roles(*STAFF)
def search() -> ResponseReturnValue:
    filters = filters_from_request()
    q = request.args.get("q", "").strip()
    code_id = request.args.get("code", type=int)
    # The session-title filter reuses "q" in the list page; here q is the text search.
    filters.q = ""
    searched = bool(q or code_id or request.args.get("org_unit") or request.args.get("kind"))
    result = run_search(current_user, q, filters, code_id) if searched else None
    return render_template(
        "tours/search.html",
        q=q,
        code_id=code_id,
        filters=filters,
        result=result,
        book=[(c.id, "— " * coding.depth(c) + c.name) for c in coding.codebook()],
        note_label=note_label,
        **filter_options(),
        **LABELS,
    )


@bp.get("/coverage")
@roles(*STAFF)
def coverage() -> ResponseReturnValue:
    rows = coverage_rows()
    most = max((r.sessions for r in rows), default=0) or 1
    return render_template(
        "tours/coverage.html",
        rows=rows,
        most=most,
        unit_kinds=UNIT_LABELS,
        heard=sum(r.heard for r in rows),
    )
