"""Renders the session workspace (notes, quotes, codes, follow-ups) with its forms."""

from __future__ import annotations

from typing import Any

from flask import render_template
from flask_babel import gettext as _
from flask_login import current_user

from engage.directory.forms import CONSENT_LABELS, ROLE_LABELS
from engage.forms_util import choices
from engage.i18n import current_language
from engage.tours import sessions as session_services
from engage.tours.coding import codebook, depth
from engage.tours.forms import (
    FOLLOW_UP_LABELS,
    KIND_LABELS,
    STATUS_LABELS,
    BlankForm,
    CodeApplyForm,
    ConsentForm,
    FollowUpForm,
    QuoteForm,
)
from engage.tours.models import Note, Session
from engage.tours.quotes import effective_consent


def note_label(note: Note, language: str | None = None) -> str:
    if note.question is None:
        return _("Free notes")
    return f"{note.question.position}. {note.question.text_in(language or current_language())}"


def fill_span_form(form: Any, session: Session) -> None:
    form.note_id.choices = choices((n.id, note_label(n)) for n in session.notes)


def fill_code_choices(form: CodeApplyForm) -> None:
    form.code_id.choices = choices((c.id, "— " * depth(c) + c.name) for c in codebook())


def fill_owner_choices(form: FollowUpForm) -> None:
    staff = session_services.staff_choices()
    form.owner_id.choices = choices([(0, "—"), *((u.id, u.name) for u in staff)])


def render_workspace(session: Session, status: int = 200, **forms: Any) -> Any:
    """The workspace page; ``forms`` replaces a default form (to show its errors)."""
    quote_form = forms.pop("quote_form", None) or QuoteForm(formdata=None, prefix="quote")
    code_form = forms.pop("code_form", None) or CodeApplyForm(formdata=None, prefix="code")
    follow_form = forms.pop("follow_form", None) or FollowUpForm(
        formdata=None, owner_id=current_user.id
    )
    fill_span_form(quote_form, session)
    fill_span_form(code_form, session)
    fill_code_choices(code_form)
    fill_owner_choices(follow_form)
    page = render_template(
        "tours/workspace.html",
        session=session,
        notes=session.notes,
        note_label=note_label,
        drafts=forms.pop("drafts", {}),
        conflicts=forms.pop("conflicts", {}),
        note_errors=forms.pop("note_errors", {}),
        quote_form=quote_form,
        code_form=code_form,
        follow_form=follow_form,
        blank=BlankForm(),
        consent_form=ConsentForm(formdata=None),
        effective_consent=effective_consent,
        kinds=KIND_LABELS,
        statuses=STATUS_LABELS,
        follow_labels=FOLLOW_UP_LABELS,
        consents=CONSENT_LABELS,
        roles=ROLE_LABELS,
        language=current_language(),
    )
    return page, status
