"""Analysis runs: start one over a scope, execute it as a job, retry it, repeat it.

A run only reads answers and notes; everything it produces goes into its own tables. Storing
results deletes whatever an earlier attempt of the same run stored, then inserts, in one
transaction: a retried or crashed run never leaves duplicate assignments.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import update

from analysis.nlp.engine import MIN_ROWS
from analysis.reports import carryover, closed, sources, statistics, store
from analysis.reports.models import STAGES, AnalysisRun, RunStatus
from analysis.reports.pipeline import RUN_LOCK, theme_engine
from engage.errors import DomainError
from engage.extensions import db
from engage.jobs.models import Job, JobStatus
from engage.jobs.runner import JobContext
from engage.jobs.services import enqueue
from engage.timeutil import utcnow

_PERCENT = dict(STAGES)


def check_scope(scope: dict[str, Any]) -> dict[str, Any]:
    """Validate a scope: known sources, readable dates in order.

    Raises:
        DomainError: naming what to fix.
    """
    if not scope.get("sources"):
        raise DomainError("Pick at least one source of answers or notes for this run.")
    for name in scope["sources"]:
        sources.get(name)
    try:
        start, end = (
            date.fromisoformat(d) if d else None
            for d in (scope.get("date_from"), scope.get("date_to"))
        )
    except ValueError:
        raise DomainError("Dates must look like 2026-03-31.") from None
    if start and end and start > end:
        raise DomainError("The start date is after the end date.")
    return scope


def start_run(
    scope: dict[str, Any], title: str, actor: Any, parent: AnalysisRun | None = None
) -> AnalysisRun:
    """Create a run and queue its job (it starts when the caller commits).

    Args:
        scope: what to theme (see ``analysis.reports.sources``).
        title: the report's title.
        actor: the analyst starting it.
        parent: the run this one repeats; its curation is carried over.
    """
    run = AnalysisRun(
        title=title.strip() or "Untitled report",
        scope=check_scope(scope),
        params={"seed": 0, "suppression_k": statistics.suppression_k()},
        parent_id=parent.id if parent else None,
        created_by_id=getattr(actor, "id", None),
    )
    db.session.add(run)
    db.session.flush()
    _queue(run, actor)
    return run


def rerun(run: AnalysisRun, actor: Any) -> AnalysisRun:
    """Repeat a finished run over the same scope (new answers may have arrived)."""
    if run.status != RunStatus.FINISHED:
        raise DomainError("Only a finished run can be repeated; retry this one instead.")
    return start_run(dict(run.scope), run.title, actor, parent=run)


def stalled(run: AnalysisRun) -> bool:
    """A queued or running run whose worker stopped reporting (crashed or killed)."""
    minutes = current_app.config["REPORTS_STALL_MINUTES"]
    last = run.heartbeat_at or run.created_at
    return run.status in (RunStatus.QUEUED, RunStatus.RUNNING) and (
        utcnow() - last >= timedelta(minutes=minutes)
    )


def retry_run(run: AnalysisRun, actor: Any) -> AnalysisRun:
    """Run a failed or stalled run again from the start, as a new job."""
    if run.status != RunStatus.FAILED and not stalled(run):
        raise DomainError("Only a failed run, or one that stopped reporting, can be retried.")
    old = db.session.get(Job, run.job_id) if run.job_id else None
    if old is not None and not old.done:
        old.status, old.error = (
            JobStatus.FAILED,
            "The worker stopped reporting; the run was retried.",
        )
    run.status, run.error, run.stages = RunStatus.QUEUED, None, {}
    _queue(run, actor)
    return run


def _queue(run: AnalysisRun, actor: Any) -> None:
    run.heartbeat_at = utcnow()
    job = enqueue(execute_run, run.id, title=f"Analysis: {run.title}", user=actor)
    run.job_id = job.id
    db.session.flush()


def _update(run_id: int, **values: Any) -> None:
    """Write run status on a connection of its own, so watchers see it at once."""
    with db.engine.begin() as conn:
        conn.execute(
            update(AnalysisRun)
            .where(AnalysisRun.id == run_id)
            .values(heartbeat_at=utcnow(), **values)
        )


class _Stages:
    """Records each stage's start on the run and the job, for the live progress bars."""

    def __init__(self, ctx: JobContext | None, run_id: int) -> None:
        self.ctx, self.run_id, self.done = ctx, run_id, {}

    def __call__(self, name: str) -> None:
        self.done = {**{s: "done" for s in self.done}, name: "running"}
        if self.ctx is not None:
            self.ctx.progress(_PERCENT.get(name, 50), f"Stage: {name}")
        _update(self.run_id, stages=dict(self.done), status=RunStatus.RUNNING)


def execute_run(ctx: JobContext, run_id: int) -> None:
    """The job: collect evidence, theme it, store the results, carry curation over."""
    run = db.session.get(AnalysisRun, run_id)
    if run is None or run.status == RunStatus.FINISHED:
        return  # deleted meanwhile, or a duplicate delivery of a finished job
    stage = _Stages(ctx, run_id)
    try:
        _execute(run, stage)
    except Exception as exc:
        db.session.rollback()
        message = str(exc) if isinstance(exc, DomainError) else f"{type(exc).__name__}: {exc}"
        _update(run_id, status=RunStatus.FAILED, error=message)
        raise
    ctx.result = {"url": f"/reports/{run_id}", "themes": run.manifest.get("themes", 0)}


def _abandoned(run_id: int, *, requeued: bool, reason: str) -> None:
    """The run's worker died: show it queued again, or failed with the reason (no commit)."""
    values = {"status": RunStatus.QUEUED, "error": None} if requeued else {
        "status": RunStatus.FAILED, "error": reason}  # fmt: skip
    db.session.execute(
        update(AnalysisRun)
        .where(AnalysisRun.id == run_id, AnalysisRun.status != RunStatus.FINISHED)
        .values(heartbeat_at=utcnow(), **values)
    )


#: Called by ``engage.jobs.abandoned.reap`` when the worker running the job died.
execute_run.on_abandoned = _abandoned  # type: ignore[attr-defined]


def run_now(run: AnalysisRun) -> None:
    """Execute a run in this process, without a job (the demo seed). Commits."""
    db.session.commit()
    _execute(run, _Stages(None, run.id))


def _execute(run: AnalysisRun, stage: _Stages) -> None:
    stage("collect")
    collected = sources.collect(run.scope)
    _check_enough(collected)
    engine = theme_engine()
    with RUN_LOCK:
        result = engine.run(
            [u for _, u in collected], seed=run.params.get("seed", 0), progress=stage
        )
    if result.manifest.get("status") != "ok":
        raise DomainError(_too_few_message(len(collected)))
    # End the read transaction: on SQLite a stale snapshot cannot be upgraded to a write.
    db.session.commit()
    stage("store")
    store.save(run, collected, result, engine)
    db.session.commit()
    stage("carry over curation")
    carryover.carry(run)
    statistics.refresh(run)
    k = run.params.get("suppression_k") or statistics.suppression_k()
    run.survey_results = closed.compute(run.scope, k)
    run.manifest = {**run.manifest, "themes": len(statistics.live_themes(run))}
    run.status, run.finished_at, run.stages = (
        RunStatus.FINISHED,
        utcnow(),
        {name: "done" for name, _ in STAGES},
    )
    db.session.commit()


def _check_enough(collected: list) -> None:
    with_text = [u for _, u in collected if any(c.isalnum() for c in u.text)]
    if not with_text:
        raise DomainError(
            "There is no text in this scope: no answers or notes match the sources, dates, "
            "org units and languages picked. Widen the scope and start a new run."
        )
    if len(with_text) < MIN_ROWS:
        raise DomainError(_too_few_message(len(with_text)))


def _too_few_message(n: int) -> str:
    return (
        f"Too few answers to find themes: {n} in scope, at least {MIN_ROWS} different ones "
        "are needed. Add more questions or notes, or wait for more answers."
    )
