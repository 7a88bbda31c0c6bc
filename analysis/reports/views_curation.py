"""Curation pages: analysts rename, summarise, merge, split, move, set aside and pin."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import flash, redirect, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import distinct, func, select
from wtforms import SelectChoice

from analysis.reports import curation, statistics
from analysis.reports.blueprint import bp, visible_run, visible_theme
from analysis.reports.forms import MergeForm, RenameForm, SummaryForm, UnitsForm
from analysis.reports.models import AnalysisRun, RunUnit, Theme, ThemeAssignment
from engage.access import roles
from engage.auth.roles import Role
from engage.errors import DomainError
from engage.extensions import db


def _others(run: AnalysisRun, theme: Theme) -> list[SelectChoice]:
    return [SelectChoice(t.id, t.title) for t in statistics.live_themes(run) if t.id != theme.id]


def curation_forms(run: AnalysisRun, theme: Theme, page: int = 1) -> dict[str, Any]:
    """Pre-filled forms for the theme page, with one page of the theme's answers to tick."""
    merge = MergeForm()
    merge.target.choices = _others(run, theme)
    units = UnitsForm()
    units.target.choices = merge.target.choices
    pager = _unit_page(theme, page)
    return {
        "unit_rows": pager.rows,
        "pager": pager,
        "rename": RenameForm(label=theme.curated_label or ""),
        "summary": SummaryForm(summary=theme.curated_summary or ""),
        "merge": merge,
        "units": units,
    }


#: Answers listed per page for split and move on the theme page.
UNIT_LIMIT = 200


@dataclass
class UnitPage:
    rows: list[tuple[str, str]]  #: (unit id, text)
    page: int
    pages: int


def _unit_page(theme: Theme, page: int) -> UnitPage:
    """One page of the theme's answers, in unit id order (SQL does the paging)."""
    total = db.session.scalar(
        select(func.count(distinct(ThemeAssignment.unit_id))).where(
            ThemeAssignment.theme_id == theme.id
        )
    )
    pages = max(1, -(-(total or 0) // UNIT_LIMIT))
    page = min(max(page, 1), pages)
    ids = list(
        db.session.scalars(
            select(ThemeAssignment.unit_id)
            .where(ThemeAssignment.theme_id == theme.id)
            .distinct()
            .order_by(ThemeAssignment.unit_id)
            .limit(UNIT_LIMIT)
            .offset((page - 1) * UNIT_LIMIT)
        )
    )
    texts = dict(
        db.session.execute(
            select(RunUnit.unit_id, RunUnit.text).where(
                RunUnit.run_id == theme.run_id, RunUnit.unit_id.in_(ids)
            )
        ).all()
    )
    return UnitPage([(i, texts.get(i, "")) for i in ids], page, pages)


def _curate(
    run_id: int, theme_id: int, change: Callable[[AnalysisRun, Theme], str | None]
) -> ResponseReturnValue:
    """Load, apply ``change``, commit or report its refusal, and go back to the theme."""
    run = visible_run(run_id)
    theme = visible_theme(run, theme_id)
    try:
        done = change(run, theme)
    except DomainError as exc:
        db.session.rollback()
        flash(str(exc), "error")
        return redirect(url_for("reports.theme", run_id=run.id, theme_id=theme.id))
    db.session.commit()
    flash(done or _("Saved."), "success")
    target = theme.merged_into_id or theme.id
    return redirect(url_for("reports.theme", run_id=run.id, theme_id=target))


@bp.post("/<int:run_id>/themes/<int:theme_id>/rename")
@roles(Role.ANALYST)
def rename(run_id: int, theme_id: int) -> ResponseReturnValue:
    form = RenameForm()
    return _curate(
        run_id, theme_id, lambda r, t: curation.rename(t, form.label.data or "", current_user)
    )


@bp.post("/<int:run_id>/themes/<int:theme_id>/summary")
@roles(Role.ANALYST)
def summary(run_id: int, theme_id: int) -> ResponseReturnValue:
    form = SummaryForm()
    return _curate(
        run_id,
        theme_id,
        lambda r, t: curation.edit_summary(t, form.summary.data or "", current_user),
    )


@bp.post("/<int:run_id>/themes/<int:theme_id>/relevance")
@roles(Role.ANALYST)
def relevance(run_id: int, theme_id: int) -> ResponseReturnValue:
    relevant = request.form.get("relevant") == "1"
    return _curate(run_id, theme_id, lambda r, t: curation.set_relevance(t, relevant, current_user))


def _theme_of(run: AnalysisRun, theme_id: int | None) -> Theme:
    theme = db.session.get(Theme, theme_id or 0)
    if theme is None or theme.run_id != run.id:
        raise DomainError(_("Pick a theme of this report."))
    return theme


@bp.post("/<int:run_id>/themes/<int:theme_id>/merge")
@roles(Role.ANALYST)
def merge(run_id: int, theme_id: int) -> ResponseReturnValue:
    target_id = request.form.get("target", type=int)

    def change(run: AnalysisRun, theme: Theme) -> str:
        target = _theme_of(run, target_id)
        curation.merge(theme, target, current_user)
        return _("Merged into %(label)s.", label=target.title)

    return _curate(run_id, theme_id, change)


@bp.post("/<int:run_id>/themes/<int:theme_id>/split")
@roles(Role.ANALYST)
def split(run_id: int, theme_id: int) -> ResponseReturnValue:
    picked, label = request.form.getlist("units"), request.form.get("label", "")

    def change(run: AnalysisRun, theme: Theme) -> str:
        new = curation.split(theme, picked, label, current_user)
        return _("Made the new theme %(label)s.", label=new.title)

    return _curate(run_id, theme_id, change)


@bp.post("/<int:run_id>/themes/<int:theme_id>/move")
@roles(Role.ANALYST)
def move(run_id: int, theme_id: int) -> ResponseReturnValue:
    picked, target_id = request.form.getlist("units"), request.form.get("target", type=int)

    def change(run: AnalysisRun, theme: Theme) -> str:
        target = _theme_of(run, target_id)
        curation.move(theme, target, picked, current_user)
        return _("Moved %(n)s answer(s) to %(label)s.", n=len(picked), label=target.title)

    return _curate(run_id, theme_id, change)


@bp.post("/<int:run_id>/themes/<int:theme_id>/pin")
@roles(Role.ANALYST)
def pin(run_id: int, theme_id: int) -> ResponseReturnValue:
    segment = request.form.get("segment", type=int) or 0
    return _curate(run_id, theme_id, lambda r, t: curation.pin(t, segment, current_user))


@bp.post("/<int:run_id>/themes/<int:theme_id>/unpin")
@roles(Role.ANALYST)
def unpin(run_id: int, theme_id: int) -> ResponseReturnValue:
    index = request.values.get("index", type=int)
    return _curate(
        run_id,
        theme_id,
        lambda r, t: curation.unpin(t, -1 if index is None else index, current_user),
    )
