"""Draft -> published, and back to draft for further edits."""

from __future__ import annotations

from typing import Any

from analysis.reports.models import AnalysisRun, CurationEvent, ReportState, RunStatus
from engage.audit.services import record
from engage.errors import DomainError
from engage.extensions import db
from engage.timeutil import utcnow


def publish(run: AnalysisRun, actor: Any) -> None:
    """Let communications staff and viewers read the report (redacted, suppressed)."""
    if run.status != RunStatus.FINISHED:
        raise DomainError("Only a finished run can be published.")
    if run.state == ReportState.PUBLISHED:
        raise DomainError("This report is already published.")
    run.state, run.published_at, run.published_by_id = ReportState.PUBLISHED, utcnow(), actor.id
    _log(run, actor, "publish")


def unpublish(run: AnalysisRun, actor: Any) -> None:
    """Take the report back to draft so it can be edited; readers lose access meanwhile."""
    if run.state != ReportState.PUBLISHED:
        raise DomainError("This report is not published.")
    run.state = ReportState.DRAFT
    _log(run, actor, "unpublish")


def _log(run: AnalysisRun, actor: Any, action: str) -> None:
    db.session.add(
        CurationEvent(run_id=run.id, actor_id=actor.id, action=action, after={"state": run.state})
    )
    record(actor, f"report.{action}ed", "analysis_run", run.id)
    db.session.flush()
