"""Inserting evidence from the draft's report: a statistic, or a quote cleared for the audience."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from analysis.reports.statistics import group_sizes
from engage.access import roles
from engage.errors import DomainError
from engage.extensions import db
from engage.forms_util import choices
from engage.messaging import drafts, evidence
from engage.messaging.blueprint import WRITERS, bp, draft_url, get_block, get_draft, get_theme
from engage.messaging.forms import QuoteForm, StatisticForm
from engage.messaging.models import Block, BlockKind, Draft


def _run_or_back(draft: Draft) -> ResponseReturnValue | None:
    try:
        evidence.usable_run(draft.run)
    except DomainError as exc:
        flash(str(exc), "error")
        return redirect(url_for("messaging.settings", draft_id=draft.id))
    return None


def _claims(draft: Draft, new_label: str) -> list[tuple[int, str]]:
    claims = [(b.id, _("Evidence for claim: %(t)s", t=b.text[:80]))
              for b in draft.blocks if b.kind == BlockKind.CLAIM]  # fmt: skip
    return [(0, new_label), *claims]


def _claim(draft: Draft, claim_id: int) -> Block | None:
    return get_block(draft, claim_id) if claim_id else None


@bp.route("/<int:draft_id>/statistic", methods=["GET", "POST"])
@roles(*WRITERS)
def insert_statistic(draft_id: int) -> ResponseReturnValue:
    draft = get_draft(draft_id)
    if (back := _run_or_back(draft)) is not None:
        return back
    form = StatisticForm()
    themes = evidence.themes_of(draft.run)
    form.theme_id.choices = choices((t.id, f"{t.title} ({t.respondents})") for t in themes)
    form.group_column.choices = choices([("", _("— none —"))] +
                                        [(c, c) for c in group_sizes(draft.run)])  # fmt: skip
    form.claim_id.choices = choices(_claims(draft, _("A new statistic block")))
    if form.validate_on_submit():
        try:
            block = drafts.insert_statistic(
                draft, get_theme(form.theme_id.data), form.metric.data,
                form.group_column.data or "", current_user, _claim(draft, form.claim_id.data),
            )  # fmt: skip
        except DomainError as exc:
            form.form_errors.append(str(exc))
        else:
            db.session.commit()
            flash(_("Statistic inserted with its current value and sample size."), "success")
            return redirect(draft_url(draft, f"block-{block.id}"))
    status = 400 if form.errors or form.form_errors else 200
    return render_template("messaging/statistic.html", form=form, draft=draft), status


@bp.route("/<int:draft_id>/quote", methods=["GET", "POST"])
@roles(*WRITERS)
def insert_quote(draft_id: int) -> ResponseReturnValue:
    draft = get_draft(draft_id)
    if (back := _run_or_back(draft)) is not None:
        return back
    form = QuoteForm()
    offered = [
        (t, evidence.cleared_quotes(t, draft.audience)) for t in evidence.themes_of(draft.run)
    ]
    form.quote.choices = choices(
        (f"{t.id}:{q['unit_id']}", q["text"]) for t, quotes in offered for q in quotes
    )
    form.claim_id.choices = choices(_claims(draft, _("A new quote block")))
    if form.validate_on_submit():
        theme_id, _sep, unit_id = form.quote.data.partition(":")
        try:
            block = drafts.insert_quote(draft, get_theme(int(theme_id)), unit_id, current_user,
                                        _claim(draft, form.claim_id.data))  # fmt: skip
        except DomainError as exc:
            form.form_errors.append(str(exc))
        else:
            db.session.commit()
            flash(_("Quote inserted."), "success")
            return redirect(draft_url(draft, f"block-{block.id}"))
    status = 400 if form.errors or form.form_errors else 200
    return render_template("messaging/quote.html", form=form, draft=draft, offered=offered), status
