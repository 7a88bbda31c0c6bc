"""Interview guides: list, create, edit (each edit of the questions is a new version)."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from engage.access import roles
from engage.errors import DomainError
from engage.extensions import db
from engage.tours import guides as services
from engage.tours.forms import GuideForm
from engage.tours.guides import QuestionDraft
from engage.tours.models import Guide
from engage.tours.models.guides import LANGUAGES
from engage.tours.views import STAFF, bp, get_or_404

BLANK_ROWS = 3


@bp.get("/guides")
@roles(*STAFF)
def guides() -> ResponseReturnValue:
    return render_template("tours/guides.html", guides=services.guides())


def _load_into(form: GuideForm, guide: Guide) -> None:
    questions = guide.current.questions if guide.current else []
    rows = [
        {
            **{f"text_{k}": q.text.get(k, "") for k in LANGUAGES},
            **{f"prompt_{k}": q.prompt.get(k, "") for k in LANGUAGES},
        }
        for q in questions
    ]
    while len(form.questions.entries):
        form.questions.pop_entry()
    for row in rows + [{}] * BLANK_ROWS:
        form.questions.append_entry(row)


def _drafts(form: GuideForm) -> list[QuestionDraft]:
    return [
        QuestionDraft(
            {k: entry.form[f"text_{k}"].data or "" for k in LANGUAGES},
            {k: entry.form[f"prompt_{k}"].data or "" for k in LANGUAGES},
        )
        for entry in form.questions
    ]


@bp.route("/guides/new", methods=["GET", "POST"], defaults={"guide_id": None})
@bp.route("/guides/<int:guide_id>", methods=["GET", "POST"])
@roles(*STAFF)
def edit_guide(guide_id: int | None) -> ResponseReturnValue:
    guide = get_or_404(Guide, guide_id) if guide_id else None
    form = GuideForm(obj=guide)
    if request.method == "GET":
        if guide is not None:
            _load_into(form, guide)
        else:
            for _row in range(BLANK_ROWS + 1):
                form.questions.append_entry({})
    if form.validate_on_submit():
        try:
            guide = services.save_guide(
                guide, form.title.data, form.audience.data or "", _drafts(form), current_user
            )
        except DomainError as exc:
            form.form_errors.append(str(exc))
        else:
            db.session.commit()
            flash(
                _("Saved %(title)s (version %(n)s).", title=guide.title, n=guide.current.number),
                "success",
            )
            return redirect(url_for("tours.guides"))
    status = 400 if form.errors or form.form_errors else 200
    return render_template("tours/guide_form.html", form=form, guide=guide), status
