"""Messaging pages: the drafts list, a new draft, the editor and its block actions."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from analysis.reports.models import AnalysisRun
from engage.access import roles
from engage.errors import DomainError
from engage.extensions import db
from engage.forms_util import choices
from engage.messaging import drafts, editor, panels
from engage.messaging.blueprint import (
    WRITERS,
    attempt,
    audience_choices,
    bp,
    channel_choices,
    draft_url,
    get_block,
    get_draft,
    get_theme,
    published_runs,
)
from engage.messaging.evidence import themes_of
from engage.messaging.forms import (
    BLOCK_LABELS,
    BlockForm,
    DraftForm,
    DraftSettingsForm,
    EditBlockForm,
    ThemeLinkForm,
)
from engage.messaging.models import Audience, BlockKind, Channel, Draft, EvidenceLink

#: How many recently edited drafts the index lists (and checks for stale evidence).
LISTED = 200


@bp.get("/")
@roles(*WRITERS)
def index() -> ResponseReturnValue:
    found = list(db.session.scalars(select(Draft).order_by(Draft.updated_at.desc()).limit(LISTED)))
    stale = panels.stale_ids(found)
    return render_template("messaging/index.html", drafts=found, listed=LISTED,
                           counts=panels.status_counts(), stale=stale)  # fmt: skip


def _fill(form: DraftSettingsForm, draft: Draft | None = None) -> None:
    form.audience_id.choices = choices(audience_choices(draft.audience_id if draft else None))
    form.channel_id.choices = choices(channel_choices(draft.channel_id if draft else None))
    runs = [(r.id, f"#{r.id} {r.title}") for r in published_runs()]
    form.run_id.choices = choices([(0, _("— none yet —")), *runs])
    if isinstance(form, DraftForm):
        form.theme_ids.choices = choices(
            (t.id, f"{t.title} (#{r.id} {r.title})") for r in published_runs() for t in themes_of(r)
        )


def _settings(form: DraftSettingsForm) -> tuple[Audience, Channel, AnalysisRun | None]:
    return (
        db.session.get(Audience, form.audience_id.data),
        db.session.get(Channel, form.channel_id.data),
        db.session.get(AnalysisRun, form.run_id.data) if form.run_id.data else None,
    )


@bp.route("/new", methods=["GET", "POST"])
@roles(*WRITERS)
def new() -> ResponseReturnValue:
    form = DraftForm()
    _fill(form)
    if request.method == "GET" and request.args.get("run", type=int):
        form.run_id.data = request.args.get("run", type=int)
    if form.validate_on_submit():
        try:
            draft = drafts.create_draft(
                form.title.data, *_settings(form), form.theme_ids.data or [], current_user
            )
        except DomainError as exc:
            form.form_errors.append(str(exc))
        else:
            db.session.commit()
            flash(_("Draft created."), "success")
            return redirect(draft_url(draft))
    status = 400 if form.errors or form.form_errors else 200
    return render_template("messaging/new.html", form=form), status


@bp.get("/<int:draft_id>")
@roles(*WRITERS)
def show(draft_id: int) -> ResponseReturnValue:
    draft = get_draft(draft_id)
    return editor.render(draft, BlockForm())


@bp.route("/<int:draft_id>/settings", methods=["GET", "POST"])
@roles(*WRITERS)
def settings(draft_id: int) -> ResponseReturnValue:
    draft = get_draft(draft_id)
    form = DraftSettingsForm(obj=draft)
    _fill(form, draft)
    if request.method == "GET":
        form.run_id.data = draft.run_id or 0
    if form.validate_on_submit():
        try:
            drafts.update_settings(draft, form.title.data, *_settings(form), current_user)
        except DomainError as exc:
            form.form_errors.append(str(exc))
        else:
            db.session.commit()
            flash(_("Saved."), "success")
            return redirect(draft_url(draft))
    status = 400 if form.errors or form.form_errors else 200
    return render_template("messaging/settings.html", form=form, draft=draft), status


@bp.post("/<int:draft_id>/blocks")
@roles(*WRITERS)
def add_block(draft_id: int) -> ResponseReturnValue:
    draft = get_draft(draft_id)
    form = BlockForm()
    if form.validate_on_submit():
        try:
            block = drafts.add_block(draft, BlockKind(form.kind.data), form.text.data, current_user)
        except DomainError as exc:
            form.form_errors.append(str(exc))
        else:
            db.session.commit()
            flash(_("Block added."), "success")
            return redirect(draft_url(draft, f"block-{block.id}"))
    return editor.render(draft, form), 400


@bp.route("/<int:draft_id>/blocks/<int:block_id>", methods=["GET", "POST"])
@roles(*WRITERS)
def edit_block(draft_id: int, block_id: int) -> ResponseReturnValue:
    draft = get_draft(draft_id)
    block = get_block(draft, block_id)
    form, link_form = EditBlockForm(obj=block), ThemeLinkForm()
    link_form.theme_id.choices = choices(_theme_pairs(draft))
    if form.validate_on_submit():
        try:
            drafts.update_block(block, form.text.data, current_user)
        except DomainError as exc:
            form.form_errors.append(str(exc))
        else:
            db.session.commit()
            flash(_("Block saved."), "success")
            return redirect(draft_url(draft, f"block-{block.id}"))
    status = 400 if form.errors or form.form_errors else 200
    return render_template(
        "messaging/block.html", form=form, link_form=link_form, draft=draft, block=block,
        labels=BLOCK_LABELS,
    ), status  # fmt: skip


def _theme_pairs(draft: Draft) -> list[tuple[int, str]]:
    if draft.run is None or not draft.run.published:
        return []
    return [(t.id, t.title) for t in themes_of(draft.run)]


@bp.post("/<int:draft_id>/blocks/<int:block_id>/themes")
@roles(*WRITERS)
def link_theme(draft_id: int, block_id: int) -> ResponseReturnValue:
    draft = get_draft(draft_id)
    block = get_block(draft, block_id)
    form = ThemeLinkForm()
    form.theme_id.choices = choices(_theme_pairs(draft))
    back = url_for("messaging.edit_block", draft_id=draft.id, block_id=block.id)
    if not form.validate_on_submit():
        flash(_("Choose a theme of this draft's report."), "error")
        return redirect(back)
    theme = get_theme(form.theme_id.data)
    return attempt(lambda: drafts.link_theme(block, theme, current_user), _("Theme linked."), back)


@bp.post("/<int:draft_id>/blocks/<int:block_id>/delete")
@roles(*WRITERS)
def delete_block(draft_id: int, block_id: int) -> ResponseReturnValue:
    draft = get_draft(draft_id)
    block = get_block(draft, block_id)
    return attempt(lambda: drafts.delete_block(block, current_user), _("Block deleted."),
                   draft_url(draft))  # fmt: skip


@bp.post("/<int:draft_id>/blocks/<int:block_id>/move")
@roles(*WRITERS)
def move_block(draft_id: int, block_id: int) -> ResponseReturnValue:
    draft = get_draft(draft_id)
    block = get_block(draft, block_id)
    offset = -1 if request.args.get("direction") == "up" else 1
    return attempt(lambda: drafts.move_block(block, offset, current_user), _("Block moved."),
                   draft_url(draft, f"block-{block.id}"))  # fmt: skip


@bp.post("/<int:draft_id>/evidence/<int:link_id>/delete")
@roles(*WRITERS)
def remove_link(draft_id: int, link_id: int) -> ResponseReturnValue:
    draft = get_draft(draft_id)
    link = db.session.get(EvidenceLink, link_id)
    block = get_block(draft, link.block_id if link else 0)
    return attempt(lambda: drafts.remove_link(link, current_user), _("Evidence removed."),
                   draft_url(draft, f"block-{block.id}"))  # fmt: skip


from engage.messaging import (  # noqa: E402, F401
    views_audiences,
    views_evidence,
    views_jargon,
    views_languages,
    views_review,
)
