"""``/account/tokens``: anyone signed in manages their own API tokens; admins may revoke any."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from engage.access import signed_in
from engage.api import tokens
from engage.api.forms import TokenForm
from engage.errors import DomainError
from engage.extensions import db

bp = Blueprint("tokens", __name__, url_prefix="/account/tokens")


@bp.route("/", methods=["GET", "POST"])
@signed_in
def index() -> ResponseReturnValue:
    form, created = TokenForm(), None
    if form.validate_on_submit():
        try:
            _row, created = tokens.create_token(
                current_user, form.name.data, write=form.write.data, days=int(form.days.data)
            )
        except DomainError as exc:
            form.name.errors.append(str(exc))
        else:
            db.session.commit()
            form = TokenForm(formdata=None)
    return render_template(
        "tokens/index.html", form=form, created=created, items=tokens.tokens_for(current_user)
    ), 400 if form.errors else 200


@bp.post("/<id:token_id>/revoke")
@signed_in
def revoke(token_id: int) -> ResponseReturnValue:
    try:
        tokens.revoke_token(token_id, current_user)
    except DomainError as exc:
        flash(str(exc), "error")
    else:
        db.session.commit()
        flash(_("The token was revoked; programs using it can no longer connect."), "success")
    return redirect(url_for("tokens.index"))
