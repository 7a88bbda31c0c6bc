"""Admin pages: the rubric and its versions, department leads."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from engage.access import roles
from engage.auth.roles import Role
from engage.census import leads, rubrics
from engage.census.forms import CsrfForm, LeadForm, RubricForm, rubric_values
from engage.census.models import OrgUnitLead, Rubric
from engage.census.views import bp
from engage.census.views.common import STAFF, get_or_404
from engage.demo.seed import milwaukee
from engage.directory.models import OrgUnit, OrgUnitKind
from engage.errors import DomainError
from engage.extensions import db
from engage.forms_util import choices


@bp.get("/rubric", defaults={"rubric_id": None})
@bp.get("/rubric/<int:rubric_id>")
@roles(*STAFF)
def rubric(rubric_id: int | None) -> ResponseReturnValue:
    shown = get_or_404(Rubric, rubric_id) if rubric_id else rubrics.current_rubric()
    return render_template(
        "census/rubric.html", rubric=shown, versions=rubrics.versions(), form=CsrfForm()
    )


@bp.post("/rubric/default")
@roles(Role.ADMIN)
def create_default_rubric() -> ResponseReturnValue:
    rubrics.ensure_default_rubric(milwaukee()["strategic_plan"])
    db.session.commit()
    return redirect(url_for("census.rubric"))


@bp.route("/rubric/edit", methods=["GET", "POST"])
@roles(Role.ADMIN)
def edit_rubric() -> ResponseReturnValue:
    current = rubrics.current_rubric() or get_or_404(Rubric, 0)
    form = RubricForm()
    if request.method == "GET":
        form.title.data = current.title
        for dim in current.dimensions:
            form.dimensions.append_entry(
                {
                    "key": dim.key,
                    "name": dim.name,
                    "focus_area": dim.focus_area,
                    "objective": dim.objective,
                    **{f"level_{lv}": text for lv, text in dim.descriptors.items()},
                }
            )
        form.dimensions.append_entry({})  # a blank row for a new dimension
    if form.validate_on_submit():
        try:
            new = rubrics.revise_rubric(
                current, form.title.data, rubric_values(form), form.note.data, current_user
            )
        except DomainError as exc:
            form.form_errors.append(str(exc))
        else:
            db.session.commit()
            flash(_("Saved as version %(n)s.", n=new.version), "success")
            return redirect(url_for("census.rubric"))
    status = 400 if form.form_errors or form.errors else 200
    return render_template("census/rubric_form.html", form=form, rubric=current), status


def _departments() -> list[tuple[int, str]]:
    units = db.session.scalars(
        select(OrgUnit).where(OrgUnit.kind == OrgUnitKind.DEPARTMENT).order_by(OrgUnit.name)
    )
    return [(u.id, u.name) for u in units]


@bp.route("/leads", methods=["GET", "POST"])
@roles(Role.ADMIN)
def lead_list() -> ResponseReturnValue:
    form = LeadForm()
    form.org_unit_id.choices = choices(_departments())
    if form.validate_on_submit():
        try:
            leads.add_lead(form.email.data, form.org_unit_id.data, current_user)
        except DomainError as exc:
            form.email.errors.append(str(exc))
        else:
            db.session.commit()
            flash(_("Lead added."), "success")
            return redirect(url_for("census.lead_list"))
    status = 400 if form.errors else 200
    return render_template("census/leads.html", form=form, leads=leads.all_leads()), status


@bp.post("/leads/<int:lead_id>/remove")
@roles(Role.ADMIN)
def remove_lead(lead_id: int) -> ResponseReturnValue:
    leads.remove_lead(get_or_404(OrgUnitLead, lead_id), current_user)
    db.session.commit()
    flash(_("Lead removed."), "success")
    return redirect(url_for("census.lead_list"))
