"""Managing audiences and channels (communications staff and analysts)."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from engage.access import roles
from engage.directory.models import QuoteConsent
from engage.extensions import db
from engage.messaging import audiences
from engage.messaging.blueprint import WRITERS, attempt, bp
from engage.messaging.forms import (
    AUDIENCE_CONSENT_LABELS,
    AUDIENCE_KIND_LABELS,
    CHANNEL_KIND_LABELS,
    LANGUAGE_LABELS,
    AudienceForm,
    ChannelForm,
)
from engage.messaging.models import Audience, AudienceKind, Channel, ChannelKind

BACK = "messaging.audiences_list"
LABELS = {"audience_kinds": AUDIENCE_KIND_LABELS, "channel_kinds": CHANNEL_KIND_LABELS,
          "consents": AUDIENCE_CONSENT_LABELS, "languages": LANGUAGE_LABELS}  # fmt: skip


@bp.get("/audiences")
@roles(*WRITERS)
def audiences_list() -> ResponseReturnValue:
    return render_template("messaging/audiences.html", audiences=audiences.audiences(),
                           channels=audiences.channels(), **LABELS)  # fmt: skip


def _saved(form: Any, save: Any, template: str, **context: Any) -> ResponseReturnValue:
    """Validate ``form``, call ``save()``; errors go to their field and the values stay."""
    if form.validate_on_submit():
        try:
            found = save()
        except audiences.FieldError as exc:
            getattr(form, exc.field).errors.append(str(exc))
        else:
            db.session.commit()
            flash(_("Saved “%(n)s”.", n=found.name), "success")
            return redirect(url_for(BACK))
    status = 400 if form.errors else 200
    return render_template(template, form=form, **context), status


@bp.route("/audiences/new", methods=["GET", "POST"], defaults={"audience_id": None})
@bp.route("/audiences/<int:audience_id>", methods=["GET", "POST"])
@roles(*WRITERS)
def edit_audience(audience_id: int | None) -> ResponseReturnValue:
    found = (db.session.get(Audience, audience_id) or abort(404)) if audience_id else None
    form = AudienceForm(obj=found)
    if request.method == "GET" and found is None:
        form.languages.data, form.target_grade.data = ["en"], 8
        form.quote_consent.data = QuoteConsent.ANONYMOUS_PUBLIC.value

    def save() -> Audience:
        values = audiences.AudienceValues(
            form.name.data, AudienceKind(form.kind.data), form.languages.data or [],
            QuoteConsent(form.quote_consent.data), form.target_grade.data,
        )  # fmt: skip
        return audiences.save_audience(found, values, current_user)

    return _saved(form, save, "messaging/audience_form.html", audience=found)


@bp.route("/channels/new", methods=["GET", "POST"], defaults={"channel_id": None})
@bp.route("/channels/<int:channel_id>", methods=["GET", "POST"])
@roles(*WRITERS)
def edit_channel(channel_id: int | None) -> ResponseReturnValue:
    found = (db.session.get(Channel, channel_id) or abort(404)) if channel_id else None
    form = ChannelForm(obj=found)

    def save() -> Channel:
        values = audiences.ChannelValues(
            form.name.data, ChannelKind(form.kind.data), form.max_chars.data
        )
        return audiences.save_channel(found, values, current_user)

    return _saved(form, save, "messaging/channel_form.html", channel=found)


def _toggle(found: Audience | Channel, active: bool) -> ResponseReturnValue:
    done = _("“%(n)s” is offered again.", n=found.name) if active else _(
        "“%(n)s” is no longer offered for new drafts.", n=found.name)  # fmt: skip
    return attempt(lambda: audiences.set_active(found, active, current_user), done, url_for(BACK))


@bp.post("/audiences/<int:audience_id>/deactivate", defaults={"active": False})
@bp.post("/audiences/<int:audience_id>/reactivate", defaults={"active": True})
@roles(*WRITERS)
def audience_active(audience_id: int, active: bool) -> ResponseReturnValue:
    return _toggle(db.session.get(Audience, audience_id) or abort(404), active)


@bp.post("/channels/<int:channel_id>/deactivate", defaults={"active": False})
@bp.post("/channels/<int:channel_id>/reactivate", defaults={"active": True})
@roles(*WRITERS)
def channel_active(channel_id: int, active: bool) -> ResponseReturnValue:
    return _toggle(db.session.get(Channel, channel_id) or abort(404), active)
