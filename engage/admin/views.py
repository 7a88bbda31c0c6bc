"""Administration: accounts, roles and the audit log."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from engage.access import roles
from engage.admin import services
from engage.admin.forms import AuditFilterForm, UserCreateForm, UserEditForm
from engage.audit.services import record
from engage.auth import services as accounts
from engage.auth.models import User
from engage.auth.roles import Role
from engage.errors import DomainError
from engage.extensions import db
from engage.urls import external_url

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.get("/")
@roles(Role.ADMIN)
def index() -> ResponseReturnValue:
    return redirect(url_for("admin.users"))


@bp.get("/users")
@roles(Role.ADMIN)
def users() -> ResponseReturnValue:
    people = db.session.scalars(select(User).order_by(User.active.desc(), User.name)).all()
    return render_template("admin/users.html", users=people)


@bp.route("/users/new", methods=["GET", "POST"])
@roles(Role.ADMIN)
def create_user() -> ResponseReturnValue:
    form = UserCreateForm()
    if form.validate_on_submit():
        try:
            user, token = accounts.create_user(
                form.email.data, form.name.data, Role(form.role.data), current_user
            )
        except DomainError as exc:
            form.email.errors.append(str(exc))
        else:
            db.session.commit()
            link = external_url("auth.setup", token=token)
            return render_template("admin/invite_link.html", user=user, link=link)
    return render_template("admin/user_form.html", form=form, user=None)


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@roles(Role.ADMIN)
def edit_user(user_id: int) -> ResponseReturnValue:
    user = db.session.get(User, user_id) or abort(404)
    form = UserEditForm(obj=user)
    if request.method == "GET":
        form.role.data = user.role.value
    if form.validate_on_submit():
        try:
            accounts.update_user(
                user,
                role=Role(form.role.data),
                active=form.active.data,
                name=form.name.data,
                actor=current_user,
            )
        except DomainError as exc:
            form.form_errors.append(str(exc))
        else:
            db.session.commit()
            flash(_("Saved changes to %(name)s.", name=user.name), "success")
            return redirect(url_for("admin.users"))
    return render_template("admin/user_form.html", form=form, user=user)


@bp.post("/users/<int:user_id>/reset-link")
@roles(Role.ADMIN)
def reset_link(user_id: int) -> ResponseReturnValue:
    user = db.session.get(User, user_id) or abort(404)
    token = accounts.issue_token(user, "reset")
    record(current_user, "user.reset_link_issued", "user", user.id)
    db.session.commit()
    link = external_url("auth.setup", token=token)
    return render_template("admin/invite_link.html", user=user, link=link)


@bp.get("/audit")
@roles(Role.ADMIN)
def audit() -> ResponseReturnValue:
    form = AuditFilterForm(request.args)
    filters = form.data if form.validate() else {}
    query = services.audit_query(
        filters.get("action"), filters.get("actor"), filters.get("since"), filters.get("until")
    )
    page = request.args.get("page", 1, type=int) or 1
    events, has_more = services.audit_page(query, page)
    return render_template(
        "admin/audit.html", form=form, events=events, page=page, has_more=has_more
    )
