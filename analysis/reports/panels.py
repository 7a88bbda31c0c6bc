"""Home panel: finished runs for analysts, published reports for readers."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from analysis.reports.models import AnalysisRun, ReportState, RunStatus
from engage.auth.roles import Role
from engage.extensions import db
from engage.home.services import Panel, panel_source


@panel_source
def reports_panel(user: Any) -> Panel | None:
    if user.role not in (Role.ANALYST, Role.COMMUNICATIONS, Role.VIEWER):
        return None
    query = select(AnalysisRun).where(AnalysisRun.status == RunStatus.FINISHED)
    if user.role != Role.ANALYST:
        query = query.where(AnalysisRun.state == ReportState.PUBLISHED)
    runs = db.session.scalars(query.order_by(AnalysisRun.id.desc()).limit(5)).all()
    items = [
        (f"{run.title} ({_('published') if run.published else _('draft')})", f"/reports/{run.id}")
        for run in runs
    ]
    title = _("Finished analysis runs") if user.role == Role.ANALYST else _("Published reports")
    return Panel(title, items, _("No reports yet."))
