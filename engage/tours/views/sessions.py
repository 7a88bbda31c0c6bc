"""Session list (upcoming and past, with filters) and the create/edit form."""

from __future__ import annotations

from datetime import date

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from engage.access import roles
from engage.directory.forms import KIND_LABELS as UNIT_LABELS
from engage.directory.models import OrgUnit, Stakeholder
from engage.errors import DomainError
from engage.extensions import db
from engage.forms_util import choices
from engage.timeutil import utcnow
from engage.tours import sessions as services
from engage.tours.access import may_share
from engage.tours.forms import KIND_LABELS, STATUS_LABELS, SessionForm
from engage.tours.guides import guides
from engage.tours.models import Session
from engage.tours.views import STAFF, bp, open_session

LABELS = {"kinds": KIND_LABELS, "statuses": STATUS_LABELS}


def _date_arg(name: str) -> date | None:
    try:
        return date.fromisoformat(request.args.get(name, ""))
    except ValueError:
        return None


def filters_from_request() -> services.SessionFilters:
    return services.SessionFilters(
        status=request.args.get("status", ""),
        kind=request.args.get("kind", ""),
        org_unit=request.args.get("org_unit", type=int),
        fellow=request.args.get("fellow", type=int),
        since=_date_arg("since"),
        until=_date_arg("until"),
        q=request.args.get("q", "").strip(),
    )


def filter_options() -> dict:
    units = db.session.scalars(select(OrgUnit).order_by(OrgUnit.kind, OrgUnit.name)).all()
    return {
        "units": [(u.id, f"{u.name} ({UNIT_LABELS[u.kind]})") for u in units],
        "staff": [(u.id, u.name) for u in services.staff_choices()],
    }


@bp.get("/")
@roles(*STAFF)
def index() -> ResponseReturnValue:
    filters = filters_from_request()
    found = db.session.scalars(services.session_query(current_user, filters).limit(500)).all()
    today = utcnow().date()
    upcoming = sorted((s for s in found if s.held_on >= today), key=lambda s: s.held_on)
    past = [s for s in found if s.held_on < today]
    return render_template(
        "tours/sessions.html",
        upcoming=upcoming,
        past=past,
        filters=filters,
        **filter_options(),
        **LABELS,
    )


def _fill_choices(form: SessionForm) -> None:
    options = filter_options()
    versions = [(0, _("— no guide —"))]
    for guide in guides():
        versions += [(v.id, f"{guide.title} (v{v.number})") for v in reversed(guide.versions)]
    form.guide_version_id.choices = choices(versions)
    form.org_units.choices = choices(options["units"])
    people = db.session.scalars(select(Stakeholder).order_by(Stakeholder.name)).all()
    form.stakeholders.choices = choices((p.id, p.name) for p in people)
    form.fellows.choices = choices(options["staff"])
    form.shared_with.choices = choices(options["staff"])


def _load_into(form: SessionForm, session: Session) -> None:
    form.kind.data, form.status.data = session.kind.value, session.status.value
    form.consent_quote.data = session.consent_quote.value
    form.anonymous_role.data = session.anonymous_role.value if session.anonymous_role else ""
    form.guide_version_id.data = session.guide_version_id or 0
    for name in ("org_units", "stakeholders", "fellows", "shared_with"):
        if name in form:
            getattr(form, name).data = [obj.id for obj in getattr(session, name)]


@bp.route("/sessions/new", methods=["GET", "POST"], defaults={"session_id": None})
@bp.route("/sessions/<int:session_id>/edit", methods=["GET", "POST"])
@roles(*STAFF)
def edit_session(session_id: int | None) -> ResponseReturnValue:
    session = open_session(session_id) if session_id else None
    form = SessionForm(obj=session)
    _fill_choices(form)
    if not may_share(current_user, session):  # shown as text; not theirs to change
        del form.fellows, form.shared_with
    if request.method == "GET" and session is not None:
        _load_into(form, session)
    elif request.method == "GET":
        form.fellows.data = [current_user.id]
        form.guide_version_id.data = request.args.get("guide_version", 0, type=int)
    if form.validate_on_submit():
        try:
            session = services.save_session(session, form.data, current_user)
        except DomainError as exc:
            form.form_errors.append(str(exc))
        else:
            db.session.commit()
            flash(_("Saved %(title)s.", title=session.title), "success")
            return redirect(url_for("tours.session", session_id=session.id))
    status = 400 if form.errors or form.form_errors else 200
    return render_template("tours/session_form.html", form=form, session=session), status
