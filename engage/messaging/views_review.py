"""Review pages: submit, approve or send back, publish, comments, versions and exports."""

from __future__ import annotations

from flask import Response, abort, render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from engage.access import roles
from engage.auth.roles import Role
from engage.errors import DomainError
from engage.extensions import db
from engage.messaging import comments, exports, review, versions
from engage.messaging.blueprint import WRITERS, attempt, bp, draft_url, get_block, get_draft
from engage.messaging.forms import CommentForm, ExportForm, SendBackForm
from engage.messaging.models import Comment

REASON = "reason-"


@bp.post("/<int:draft_id>/submit")
@roles(*WRITERS)
def submit(draft_id: int) -> ResponseReturnValue:
    draft = get_draft(draft_id)
    return attempt(lambda: review.submit(draft, current_user),
                   _("Submitted for review."), draft_url(draft))  # fmt: skip


@bp.post("/<int:draft_id>/approve")
@roles(Role.ANALYST)
def approve(draft_id: int) -> ResponseReturnValue:
    draft = get_draft(draft_id)
    reasons = {k.removeprefix(REASON): v for k, v in request.form.items() if k.startswith(REASON)}
    return attempt(lambda: review.approve(draft, current_user, reasons),
                   _("Approved."), draft_url(draft, "review"))  # fmt: skip


@bp.post("/<int:draft_id>/send-back")
@roles(Role.ANALYST)
def send_back(draft_id: int) -> ResponseReturnValue:
    draft = get_draft(draft_id)
    form = SendBackForm()
    note = form.note.data if form.validate_on_submit() else ""
    return attempt(lambda: review.send_back(draft, current_user, note or ""),
                   _("Sent back to draft."), draft_url(draft, "review"))  # fmt: skip


@bp.post("/<int:draft_id>/publish")
@roles(*WRITERS)
def publish(draft_id: int) -> ResponseReturnValue:
    draft = get_draft(draft_id)
    return attempt(lambda: review.publish(draft, current_user),
                   _("Marked as published."), draft_url(draft))  # fmt: skip


@bp.post("/<int:draft_id>/comments")
@roles(*WRITERS)
def comment(draft_id: int) -> ResponseReturnValue:
    draft = get_draft(draft_id)
    form = CommentForm()
    text = form.text.data if form.validate_on_submit() else ""
    return attempt(lambda: comments.add_comment(draft, current_user, text or ""),
                   _("Comment added."), draft_url(draft, "comments"))  # fmt: skip


@bp.post("/<int:draft_id>/blocks/<int:block_id>/comments")
@roles(*WRITERS)
def block_comment(draft_id: int, block_id: int) -> ResponseReturnValue:
    draft = get_draft(draft_id)
    block = get_block(draft, block_id)
    form = CommentForm(prefix=f"b{block.id}")
    text = form.text.data if form.validate_on_submit() else ""
    return attempt(lambda: comments.add_comment(draft, current_user, text or "", block),
                   _("Comment added."), draft_url(draft, f"block-{block.id}"))  # fmt: skip


@bp.post("/<int:draft_id>/comments/<int:comment_id>/resolve", defaults={"resolved": True})
@bp.post("/<int:draft_id>/comments/<int:comment_id>/reopen", defaults={"resolved": False})
@roles(*WRITERS)
def resolve_comment(draft_id: int, comment_id: int, resolved: bool) -> ResponseReturnValue:
    draft = get_draft(draft_id)
    found = db.session.get(Comment, comment_id)
    if found is None or found.draft_id != draft.id:
        abort(404)
    anchor = f"block-{found.block_id}" if found.block_id else "comments"
    done = _("Comment resolved.") if resolved else _("Comment reopened.")
    return attempt(lambda: comments.set_resolved(found, resolved, current_user), done,
                   draft_url(draft, anchor))  # fmt: skip


@bp.get("/<int:draft_id>/versions")
@roles(*WRITERS)
def history(draft_id: int) -> ResponseReturnValue:
    """Versions, and the differences between a version and the next (or the current text)."""
    draft = get_draft(draft_id)
    found = versions.versions(draft)
    number = request.args.get("v", type=int)
    old = versions.version(draft, number) if number else (found[0] if found else None)
    if number and old is None:
        abort(404)
    newer = versions.version(draft, old.number + 1) if old else None
    current = versions.snapshot(draft)
    changes = versions.diff(old.snapshot, newer.snapshot if newer else current) if old else []
    return render_template(
        "messaging/versions.html", draft=draft, versions=found, old=old, newer=newer,
        changes=changes,
    )  # fmt: skip


@bp.route("/<int:draft_id>/export", methods=["GET", "POST"])
@roles(*WRITERS)
def export(draft_id: int) -> ResponseReturnValue:
    draft = get_draft(draft_id)
    form = ExportForm()
    if form.validate_on_submit():
        try:
            found = exports.export(draft, form.fmt.data, form.language.data,
                                   form.appendix.data, current_user)  # fmt: skip
        except DomainError as exc:
            db.session.rollback()
            form.form_errors.append(str(exc))
        else:
            db.session.commit()
            disposition = f'attachment; filename="{found.filename}"'
            return Response(found.body, mimetype=found.mimetype,
                            headers={"Content-Disposition": disposition})  # fmt: skip
    status = 400 if form.errors or form.form_errors else 200
    return render_template("messaging/export_form.html", form=form, draft=draft), status
