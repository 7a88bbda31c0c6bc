"""Directory pages: org units and stakeholders."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from engage.access import roles
from engage.auth.roles import Role
from engage.directory import services
from engage.directory.forms import (
    CONSENT_LABELS,
    KIND_LABELS,
    ROLE_LABELS,
    ImportForm,
    OrgUnitForm,
    StakeholderForm,
)
from engage.directory.models import OrgUnit, OrgUnitKind, Stakeholder
from engage.errors import DomainError
from engage.extensions import db
from engage.forms_util import choices

bp = Blueprint("directory", __name__, url_prefix="/directory")
STAFF = (Role.FELLOW, Role.ANALYST, Role.ADMIN)
LABELS = {"kinds": KIND_LABELS, "roles": ROLE_LABELS, "consents": CONSENT_LABELS}


def _unit_pairs(exclude: int | None = None) -> list[tuple[int, str]]:
    units = db.session.scalars(services.org_unit_query()).all()
    return [(u.id, f"{u.name} ({KIND_LABELS[u.kind]})") for u in units if u.id != exclude]


@bp.get("/")
@roles(*STAFF)
def index() -> ResponseReturnValue:
    search, kind = request.args.get("q", "").strip(), request.args.get("kind", "")
    units = db.session.scalars(services.org_unit_query(search, kind)).all()
    return render_template("directory/org_units.html", units=units, q=search, kind=kind, **LABELS)


@bp.route("/org-units/new", methods=["GET", "POST"], defaults={"unit_id": None})
@bp.route("/org-units/<int:unit_id>", methods=["GET", "POST"])
@roles(*STAFF)
def edit_org_unit(unit_id: int | None) -> ResponseReturnValue:
    unit = (db.session.get(OrgUnit, unit_id) or abort(404)) if unit_id else None
    form = OrgUnitForm(obj=unit)
    form.parent_id.choices = choices([(0, _("— none —")), *_unit_pairs(unit_id)])
    if request.method == "GET" and unit is not None:
        form.kind.data, form.parent_id.data = unit.kind.value, unit.parent_id or 0
    if form.validate_on_submit():
        try:
            unit = services.save_org_unit(
                unit,
                kind=OrgUnitKind(form.kind.data),
                name=form.name.data,
                parent_id=form.parent_id.data or None,
                subkind=form.subkind.data,
                description=form.description.data or "",
                actor=current_user,
            )
        except DomainError as exc:
            form.name.errors.append(str(exc))
        else:
            db.session.commit()
            flash(_("Saved %(name)s.", name=unit.name), "success")
            return redirect(url_for("directory.index"))
    return render_template("directory/org_unit_form.html", form=form, unit=unit)


@bp.get("/stakeholders")
@roles(*STAFF)
def stakeholders() -> ResponseReturnValue:
    search = request.args.get("q", "").strip()
    unit_id = request.args.get("org_unit", type=int)
    role = request.args.get("role", "")
    people = db.session.scalars(services.stakeholder_query(search, unit_id, role).limit(500)).all()
    return render_template(
        "directory/stakeholders.html",
        people=people,
        q=search,
        org_unit=unit_id,
        role=role,
        units=_unit_pairs(),
        **LABELS,
    )


@bp.route("/stakeholders/new", methods=["GET", "POST"], defaults={"person_id": None})
@bp.route("/stakeholders/<int:person_id>", methods=["GET", "POST"])
@roles(*STAFF)
def edit_stakeholder(person_id: int | None) -> ResponseReturnValue:
    person = (db.session.get(Stakeholder, person_id) or abort(404)) if person_id else None
    form = StakeholderForm(obj=person)
    form.org_units.choices = choices(_unit_pairs())
    if request.method == "GET" and person is not None:
        form.org_units.data = [u.id for u in person.org_units]
        form.role.data, form.consent_quote.data = person.role.value, person.consent_quote.value
    if form.validate_on_submit():
        try:
            person = services.save_stakeholder(person, form.data, current_user)
        except DomainError as exc:
            form.email.errors.append(str(exc))
        else:
            db.session.commit()
            flash(_("Saved %(name)s.", name=person.name), "success")
            return redirect(url_for("directory.stakeholders"))
    return render_template("directory/stakeholder_form.html", form=form, person=person)


@bp.route("/stakeholders/import", methods=["GET", "POST"])
@roles(*STAFF)
def import_stakeholders() -> ResponseReturnValue:
    form, report = ImportForm(), None
    if form.validate_on_submit():
        upload = form.file.data
        try:
            report = services.check_import(upload.filename, upload.read(), form.encoding.data)
            count = services.apply_import(report, form.valid_only.data, current_user)
        except DomainError as exc:
            form.form_errors.append(str(exc))
        else:
            db.session.commit()
            flash(_("Imported %(n)s stakeholders.", n=count), "success")
            if not report.errors:
                return redirect(url_for("directory.stakeholders"))
    status = 400 if form.form_errors or form.errors else 200
    return render_template("directory/import.html", form=form, report=report), status
