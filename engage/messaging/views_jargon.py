"""The jargon list: county words and plainer alternatives, which staff extend."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from engage.access import roles
from engage.errors import DomainError
from engage.extensions import db
from engage.messaging import jargon
from engage.messaging.blueprint import WRITERS, attempt, bp
from engage.messaging.forms import JargonForm
from engage.messaging.models import JargonTerm


@bp.route("/jargon", methods=["GET", "POST"])
@roles(*WRITERS)
def jargon_list() -> ResponseReturnValue:
    form = JargonForm()
    if form.validate_on_submit():
        try:
            found = jargon.add_term(form.term.data, form.plain.data, current_user)
        except DomainError as exc:
            form.term.errors.append(str(exc))
        else:
            db.session.commit()
            flash(_("Added “%(t)s”.", t=found.term), "success")
            return redirect(url_for("messaging.jargon_list"))
    status = 400 if form.errors else 200
    return render_template("messaging/jargon.html", form=form, terms=jargon.terms()), status


@bp.post("/jargon/starter")
@roles(*WRITERS)
def jargon_starter() -> ResponseReturnValue:
    added = jargon.add_starter_terms(current_user)
    db.session.commit()
    flash(_("%(n)s terms added from the starter list.", n=added), "success")
    return redirect(url_for("messaging.jargon_list"))


@bp.post("/jargon/<int:term_id>/delete")
@roles(*WRITERS)
def jargon_delete(term_id: int) -> ResponseReturnValue:
    found = db.session.get(JargonTerm, term_id) or abort(404)
    return attempt(lambda: jargon.delete_term(found), _("Removed “%(t)s”.", t=found.term),
                   url_for("messaging.jargon_list"))  # fmt: skip
