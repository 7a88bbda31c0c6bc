"""Codebook, applying codes to note spans, code statistics, agreement and exports."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from engage.access import roles
from engage.demo.seed import milwaukee
from engage.errors import DomainError
from engage.extensions import db
from engage.forms_util import choices
from engage.tours import coding, exports
from engage.tours.access import visible_to
from engage.tours.forms import BlankForm, CodeApplyForm, CodeForm
from engage.tours.models import Code, CodedSpan, Note, Session
from engage.tours.spans import reattach
from engage.tours.views import ANALYSTS, STAFF, bp, get_or_404, open_session, session_of
from engage.tours.views.workspace import fill_code_choices, fill_span_form, render_workspace


def _visible_ids() -> list[int]:
    return list(db.session.scalars(select(Session.id).where(visible_to(current_user))))


@bp.route("/codes", methods=["GET", "POST"], defaults={"code_id": None})
@bp.route("/codes/<int:code_id>", methods=["GET", "POST"])
@roles(*STAFF)
def codes(code_id: int | None) -> ResponseReturnValue:
    code = get_or_404(Code, code_id) if code_id else None
    form = CodeForm(obj=code)
    book = coding.codebook()
    form.parent_id.choices = choices(
        [(0, _("— top level —")), *((c.id, "— " * coding.depth(c) + c.name) for c in book)]
    )
    if request.method == "GET" and code is not None:
        form.parent_id.data = code.parent_id or 0
    if form.validate_on_submit():
        try:
            coding.save_code(
                code,
                name=form.name.data,
                description=form.description.data or "",
                parent_id=form.parent_id.data or None,
                actor=current_user,
            )
        except DomainError as exc:
            form.name.errors.append(str(exc))
        else:
            db.session.commit()
            flash(_("Code saved."), "success")
            return redirect(url_for("tours.codes"))
    counts = coding.code_counts(coding.coded_spans(_visible_ids()))
    status = 400 if form.errors else 200
    return render_template(
        "tours/codes.html", form=form, code=code, book=book, depth=coding.depth, counts=counts
    ), status


@bp.post("/codes/seed")
@roles(*STAFF)
def seed_codes() -> ResponseReturnValue:
    if BlankForm().validate_on_submit():
        created = coding.seed_strategic_codebook(milwaukee()["strategic_plan"])
        db.session.commit()
        flash(_("Added %(n)s codes from the strategic plan.", n=created), "success")
    return redirect(url_for("tours.codes"))


@bp.post("/sessions/<int:session_id>/codes")
@roles(*STAFF)
def apply_code(session_id: int) -> ResponseReturnValue:
    session = open_session(session_id)
    form = CodeApplyForm(prefix="code")
    fill_span_form(form, session)
    fill_code_choices(form)
    if form.validate_on_submit():
        try:
            coding.apply_code(
                get_or_404(Note, form.note_id.data),
                form.code_id.data,
                start=form.start.data,
                end=form.end.data,
                exact=form.exact.data or "",
                coder=current_user,
            )
        except DomainError as exc:
            form.exact.errors.append(str(exc))
        else:
            db.session.commit()
            flash(_("Code applied."), "success")
            return redirect(url_for("tours.session", session_id=session_id) + "#coding")
    return render_workspace(session, 400, code_form=form)


@bp.post("/coded/<int:span_id>/<action>")
@roles(*STAFF)
def coded_span(span_id: int, action: str) -> ResponseReturnValue:
    span = get_or_404(CodedSpan, span_id)
    session = session_of(span)
    if action not in ("delete", "reattach"):
        abort(404)
    try:
        if not BlankForm().validate_on_submit():
            raise DomainError(_("The form expired; try again."))
        if action == "delete":
            db.session.delete(span)
        else:
            reattach(span, span.note, request.values.get("start", -1, type=int))
    except DomainError as exc:
        flash(str(exc), "error")
    else:
        db.session.commit()
        flash(_("Coding updated."), "success")
    return redirect(url_for("tours.session", session_id=session.id) + "#coding")


@bp.get("/coding")
@roles(*STAFF)
def coding_summary() -> ResponseReturnValue:
    ids = _visible_ids()
    spans = coding.coded_spans(ids)
    book = {c.id: c for c in coding.codebook()}
    pairs = sorted(coding.co_occurrence(spans).items(), key=lambda kv: -kv[1])
    return render_template(
        "tours/coding.html",
        book=book,
        counts=coding.code_counts(spans),
        pairs=pairs,
        compared=coding.notes_with_two_coders(ids),
    )


@bp.get("/coding/agreement/<int:note_id>")
@roles(*STAFF)
def agreement(note_id: int) -> ResponseReturnValue:
    note = get_or_404(Note, note_id)
    session_of(note)
    coders = coding.coders_of(note)
    ids = [u.id for u in coders]
    first = request.args.get("first", ids[0] if ids else 0, type=int)
    second = request.args.get("second", ids[1] if len(ids) > 1 else 0, type=int)
    rows = (
        coding.compare_coders(note, first, second) if first and second and first != second else []
    )
    return render_template(
        "tours/agreement.html", note=note, coders=coders, first=first, second=second, rows=rows
    )


@bp.get("/export/<what>.<fmt>")
@roles(*ANALYSTS)
def export(what: str, fmt: str) -> ResponseReturnValue:
    try:
        data = exports.export(what, fmt, coding.coded_spans(_visible_ids()), current_user)
    except DomainError:
        abort(404)
    db.session.commit()
    return Response(
        data,
        mimetype=exports.FORMATS[fmt],
        headers={"Content-Disposition": f'attachment; filename="tour-{what}.{fmt}"'},
    )
