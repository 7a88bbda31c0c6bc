"""Languages side by side: English source with Spanish and Hmong translations."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from engage.access import roles
from engage.errors import DomainError
from engage.extensions import db
from engage.messaging import drafts, plain_languages
from engage.messaging.blueprint import WRITERS, bp, get_block, get_draft
from engage.messaging.forms import LANGUAGE_LABELS, TranslationForm
from engage.messaging.models import TRANSLATIONS


@bp.get("/<int:draft_id>/languages")
@roles(*WRITERS)
def languages(draft_id: int) -> ResponseReturnValue:
    draft = get_draft(draft_id)
    readings, whole = plain_languages.draft_readings(draft)
    return render_template("messaging/languages.html", draft=draft, languages=TRANSLATIONS,
                           names=LANGUAGE_LABELS, readings=readings, whole=whole)  # fmt: skip


@bp.post("/<int:draft_id>/blocks/<int:block_id>/translations/<language>")
@roles(*WRITERS)
def translate(draft_id: int, block_id: int, language: str) -> ResponseReturnValue:
    draft = get_draft(draft_id)
    block = get_block(draft, block_id)
    form = TranslationForm()
    back = url_for("messaging.languages", draft_id=draft.id) + f"#block-{block.id}-{language}"
    if not form.validate_on_submit():
        flash(" ".join(e for errors in form.errors.values() for e in errors), "error")
        return redirect(back)
    try:
        drafts.save_translation(block, language, form.text.data or "", current_user)
    except DomainError as exc:
        db.session.rollback()
        flash(str(exc), "error")
    else:
        db.session.commit()
        flash(_("Translation saved."), "success")
    return redirect(back)
