"""Closed-question pages of a report: one question's results, and the answers behind them."""

from __future__ import annotations

from typing import Any

from flask import abort, render_template, request, url_for
from flask.typing import ResponseReturnValue

from analysis.reports import questions, report
from analysis.reports.blueprint import READERS, bp, visible_run
from analysis.reports.models import AnalysisRun, RunStatus
from engage.access import roles
from engage.auth.roles import Role
from engage.errors import DomainError


def _item(run_id: int, index: int) -> tuple[AnalysisRun, dict[str, Any]]:
    """The run and its closed item, or 404 (unfinished run, no such item, not visible)."""
    run = visible_run(run_id)
    if run.status != RunStatus.FINISHED:
        abort(404)
    try:
        return run, questions.item(run, index)
    except DomainError:
        abort(404)


@bp.get("/<int:run_id>/questions/<int:item_id>")
@roles(*READERS)
def question(run_id: int, item_id: int) -> ResponseReturnValue:
    run, found = _item(run_id, item_id)
    return render_template(
        "reports/question.html", run=run, item=found, index=item_id, label=report.label
    )


@bp.get("/<int:run_id>/questions/<int:item_id>/answers")
@roles(Role.ANALYST)
def question_answers(run_id: int, item_id: int) -> ResponseReturnValue:
    run, found = _item(run_id, item_id)
    column, value = request.args.get("column"), request.args.get("value")
    try:
        drill = questions.drill(run, found, column, value, request.args.get("page", 1, type=int))
    except DomainError as exc:
        abort(403, str(exc))
    return render_template(
        "reports/question_answers.html", run=run, item=found, index=item_id, drill=drill,
        column=column, value=value, label=report.label, page_url=page_url,
    )  # fmt: skip


def page_url(page: int) -> str:
    """This page's URL with only the page number changed."""
    args = {**request.view_args, **request.args.to_dict(), "page": page}
    return url_for(request.endpoint, **args)
