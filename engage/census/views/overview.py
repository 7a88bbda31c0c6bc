"""The leadership dashboard, a department's own page, exports, and the public page."""

from __future__ import annotations

from flask import Response, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from engage.access import public, roles, signed_in
from engage.census import benchmarks, dashboard, exports, initiatives, landscape
from engage.census.forms import STATUS_LABELS
from engage.census.models import Initiative, Wave
from engage.census.views import bp
from engage.census.views.common import STAFF, get_or_404, require_unit
from engage.directory.models import OrgUnit
from engage.errors import DomainError
from engage.extensions import db


@bp.get("/")
@roles(*STAFF)
def index() -> ResponseReturnValue:
    return render_template("census/index.html", progress=dashboard.progress())


@bp.get("/departments/<int:unit_id>")
@signed_in
def department(unit_id: int) -> ResponseReturnValue:
    """A department's profile: its scores by wave, benchmarks, initiatives and themes."""
    unit = get_or_404(OrgUnit, unit_id)
    require_unit(unit.id)
    history = landscape.department_history(unit)
    run, themes = landscape.department_themes(unit)
    found = [(b, benchmarks.status(b)) for b in benchmarks.all_benchmarks(unit.id)]
    acting = db.session.query(Initiative).filter(Initiative.org_units.any(OrgUnit.id == unit.id))
    return render_template(
        "census/department.html",
        unit=unit,
        history=history,
        benchmarks=found,
        initiatives=acting.order_by(Initiative.title).all(),
        run=run,
        themes=themes,
    )


@bp.get("/export/<what>.<fmt>")
@roles(*STAFF)
def export(what: str, fmt: str) -> ResponseReturnValue:
    wave_id = request.args.get("wave", type=int)
    wave = get_or_404(Wave, wave_id) if wave_id else None
    try:
        content, name = exports.export(what, fmt, wave, current_user)
    except DomainError as exc:
        flash(str(exc), "error")
        return redirect(url_for("census.index"))
    db.session.commit()
    return Response(
        content,
        mimetype=exports.FORMATS[fmt],  # known: export() refused any other format
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@bp.get("/you-said-we-did")
@public
def you_said_we_did() -> ResponseReturnValue:
    return render_template(
        "census/you_said_we_did.html",
        answered=initiatives.you_said_we_did(),
        status_labels=STATUS_LABELS,
    )
