"""The trends page: two finished runs side by side."""

from __future__ import annotations

from flask import abort, render_template, request
from flask.typing import ResponseReturnValue
from sqlalchemy import select

from analysis.reports import report, trends
from analysis.reports.blueprint import READERS, bp, is_analyst, visible_run
from analysis.reports.models import AnalysisRun, ReportState, RunStatus
from engage.access import roles
from engage.extensions import db


def _comparable() -> list[AnalysisRun]:
    query = select(AnalysisRun).where(AnalysisRun.status == RunStatus.FINISHED)
    if not is_analyst():
        query = query.where(AnalysisRun.state == ReportState.PUBLISHED)
    return list(db.session.scalars(query.order_by(AnalysisRun.id.desc()).limit(200)))


def _finished(run_id: int) -> AnalysisRun:
    run = visible_run(run_id)
    if run.status != RunStatus.FINISHED:
        abort(404)
    return run


@bp.get("/trends")
@roles(*READERS)
def trends_page() -> ResponseReturnValue:
    after_id = request.args.get("after", type=int)
    before_id = request.args.get("before", type=int)
    if after_id and not before_id:
        before_id = _finished(after_id).parent_id  # a re-run: compare with the run it repeats
    trend = None
    if before_id and after_id:
        trend = trends.compare(_finished(before_id), _finished(after_id))
    return render_template(
        "reports/trends.html", choices=trends.choices(_comparable()), trend=trend,
        before_id=before_id, after_id=after_id, label=report.label,
    )  # fmt: skip
