"""The reports blueprint and the access helpers its view modules share."""

from __future__ import annotations

from flask import Blueprint, abort
from flask_login import current_user
from sqlalchemy import select

from analysis.reports.models import AnalysisRun, RunStatus, Theme
from engage.auth.roles import Role
from engage.extensions import db

bp = Blueprint("reports", __name__, url_prefix="/reports")
#: Who may open report pages at all; only analysts see drafts, drafts' progress and raw text.
READERS = (Role.ANALYST, Role.COMMUNICATIONS, Role.VIEWER)


def is_analyst() -> bool:
    return current_user.role == Role.ANALYST


def visible_run(run_id: int) -> AnalysisRun:
    """The run, or 404 when it does not exist or the reader may not see it (a draft)."""
    run = db.session.get(AnalysisRun, run_id) or abort(404)
    if not is_analyst() and not (run.published and run.status == RunStatus.FINISHED):
        abort(404)
    return run


def visible_theme(run: AnalysisRun, theme_id: int) -> Theme:
    theme = db.session.scalar(select(Theme).where(Theme.id == theme_id, Theme.run_id == run.id))
    if theme is None or (theme.merged_into_id and not is_analyst()):
        abort(404)
    return theme
