"""The session workspace: notes (form save and JSON autosave), quotes and follow-ups."""

from __future__ import annotations

from flask import flash, jsonify, redirect, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from engage.access import roles
from engage.errors import DomainError
from engage.extensions import db
from engage.tours import followups, quotes
from engage.tours.forms import BlankForm, ConsentForm, FollowUpForm, QuoteForm
from engage.tours.models import FollowUp, Note, Quote
from engage.tours.notes import NoteEdit, save_notes
from engage.tours.spans import reattach
from engage.tours.views import STAFF, bp, get_or_404, open_session, session_of
from engage.tours.views.workspace import fill_owner_choices, fill_span_form, render_workspace
from engage.wholenumber import whole_number


def _back(session_id: int, anchor: str = "") -> ResponseReturnValue:
    return redirect(url_for("tours.session", session_id=session_id) + anchor)


@bp.get("/sessions/<int:session_id>")
@roles(*STAFF)
def session(session_id: int) -> ResponseReturnValue:
    return render_workspace(open_session(session_id))


def _edits_from_form() -> list[NoteEdit]:
    edits = []
    for key, value in request.form.items():
        note_id = whole_number(key[5:]) if key.startswith("note-") else None
        if note_id is not None:
            version = request.form.get(f"version-{key[5:]}", type=int)
            edits.append(NoteEdit(note_id, value, version or 0))
    return edits


@bp.post("/sessions/<int:session_id>/notes")
@roles(*STAFF)
def save_notes_form(session_id: int) -> ResponseReturnValue:
    """The no-JavaScript save: conflicts and errors re-show the typed text, nothing lost."""
    session = open_session(session_id)
    if not BlankForm().validate_on_submit():
        flash(_("The form expired; your text is shown again, save once more."), "error")
        return render_workspace(
            session, 400, drafts={e.note_id: e.text for e in _edits_from_form()}
        )
    edits = _edits_from_form()
    result = save_notes(session, edits, current_user)
    db.session.commit()
    if result.ok:
        flash(_("Notes saved."), "success")
        if result.flagged:
            flash(
                _("%(n)s quotes or codes no longer match the text: review them.", n=result.flagged),
                "error",
            )
        return _back(session_id)
    drafts = {e.note_id: e.text for e in edits if e.note_id not in result.saved}
    return render_workspace(
        session, 409, drafts=drafts, conflicts=result.conflicts, note_errors=result.errors
    )


@bp.post("/sessions/<int:session_id>/notes/autosave")
@roles(*STAFF)
def autosave(session_id: int) -> ResponseReturnValue:
    """JSON save from tours.js: ``{"notes": [{"id", "text", "version"}]}`` (CSRF header)."""
    session = open_session(session_id)
    payload = request.get_json(silent=True) or {}
    try:
        edits = [
            NoteEdit(int(n["id"]), str(n["text"]), int(n["version"])) for n in payload["notes"]
        ]
    except (KeyError, TypeError, ValueError):
        return jsonify(error="Expected {notes: [{id, text, version}]}."), 400
    result = save_notes(session, edits, current_user)
    db.session.commit()
    body = {
        "saved": {str(k): v for k, v in result.saved.items()},
        "conflicts": {
            str(k): {"version": n.version, "text": n.text} for k, n in result.conflicts.items()
        },
        "errors": {str(k): v for k, v in result.errors.items()},
        "flagged": result.flagged,
    }
    status = 409 if result.conflicts else 422 if result.errors else 200
    return jsonify(body), status


@bp.post("/sessions/<int:session_id>/quotes")
@roles(*STAFF)
def add_quote(session_id: int) -> ResponseReturnValue:
    session = open_session(session_id)
    form = QuoteForm(prefix="quote")
    fill_span_form(form, session)
    if form.validate_on_submit():
        note = get_or_404(Note, form.note_id.data)
        try:
            quotes.mark_quote(
                note,
                start=form.start.data,
                end=form.end.data,
                exact=form.exact.data or "",
                speaker_role=form.speaker_role.data or None,
                speaker_label=form.speaker_label.data or "",
                consent=form.consent.data or None,
                actor=current_user,
            )
        except DomainError as exc:
            form.exact.errors.append(str(exc))
        else:
            db.session.commit()
            flash(_("Quote marked."), "success")
            return _back(session_id, "#quotes")
    return render_workspace(session, 400, quote_form=form)


@bp.post("/quotes/<int:quote_id>/consent")
@roles(*STAFF)
def quote_consent(quote_id: int) -> ResponseReturnValue:
    quote = get_or_404(Quote, quote_id)
    session = session_of(quote)
    form = ConsentForm()
    try:
        if not form.validate_on_submit():
            raise DomainError(_("Choose a consent level."))
        quotes.set_quote_consent(quote, form.consent.data, current_user)
    except DomainError as exc:
        flash(str(exc), "error")
    else:
        db.session.commit()
        flash(_("Quote consent updated."), "success")
    return _back(session.id, "#quotes")


@bp.post("/quotes/<int:quote_id>/delete")
@roles(*STAFF)
def delete_quote(quote_id: int) -> ResponseReturnValue:
    quote = get_or_404(Quote, quote_id)
    session = session_of(quote)
    if BlankForm().validate_on_submit():
        db.session.delete(quote)
        db.session.commit()
        flash(_("Quote removed."), "success")
    return _back(session.id, "#quotes")


@bp.post("/quotes/<int:quote_id>/reattach")
@roles(*STAFF)
def reattach_quote(quote_id: int) -> ResponseReturnValue:
    quote = get_or_404(Quote, quote_id)
    session = session_of(quote)
    try:
        if not BlankForm().validate_on_submit():
            raise DomainError(_("The form expired; try again."))
        reattach(quote, quote.note, request.form.get("start", -1, type=int))
    except DomainError as exc:
        flash(str(exc), "error")
    else:
        db.session.commit()
        flash(_("Quote re-attached."), "success")
    return _back(session.id, "#quotes")


@bp.post("/sessions/<int:session_id>/follow-ups", defaults={"follow_up_id": None})
@bp.post("/follow-ups/<int:follow_up_id>", defaults={"session_id": None})
@roles(*STAFF)
def save_follow_up(session_id: int | None, follow_up_id: int | None) -> ResponseReturnValue:
    follow_up = get_or_404(FollowUp, follow_up_id) if follow_up_id else None
    session = session_of(follow_up) if follow_up else open_session(session_id)
    form = FollowUpForm()
    fill_owner_choices(form)
    if form.validate_on_submit():
        try:
            followups.save_follow_up(
                follow_up,
                session,
                description=form.description.data or "",
                owner_id=form.owner_id.data,
                due=form.due.data,
                status=form.status.data,
            )
        except DomainError as exc:
            form.form_errors.append(str(exc))
        else:
            db.session.commit()
            flash(_("Follow-up saved."), "success")
            return _back(session.id, "#follow-ups")
    return render_workspace(session, 400, follow_form=form)
