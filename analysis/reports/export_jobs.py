"""Exports of large runs as jobs: the file is built by a worker, kept in the instance folder,
and handed only to the person who asked for it (re-checked at download)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import current_app

from analysis.reports import exports
from analysis.reports.models import AnalysisRun
from engage.audit.services import record
from engage.errors import DomainError
from engage.extensions import db
from engage.jobs.files import requested_file, write_export
from engage.jobs.models import Job
from engage.jobs.runner import JobContext
from engage.jobs.services import enqueue


def needs_job(run: AnalysisRun) -> bool:
    return run.units > current_app.config["REPORTS_EXPORT_JOB_UNITS"]


def start(run: AnalysisRun, fmt: str, sheet: str, analyst: bool, actor: Any) -> Job:
    """Queue the export (it starts when the caller commits) and audit the request."""
    job = enqueue(build_file, run.id, fmt, sheet, analyst,
                  title=f"Export of “{run.title}” ({fmt})", user=actor)  # fmt: skip
    record(actor, "report.export_queued", "analysis_run", run.id, format=fmt, sheet=sheet,
           job=job.id)  # fmt: skip
    return job


def build_file(ctx: JobContext, run_id: int, fmt: str, sheet: str, analyst: bool) -> None:
    """The job: write the export to the instance folder; its result names the download."""
    run = db.session.get(AnalysisRun, run_id)
    if run is None:
        raise DomainError("The report was deleted before its export was built.")
    ctx.progress(10, "Building the file")
    body = exports.render(run, analyst, fmt, sheet)
    name = f"report-{run_id}-job{ctx.job_id}.{fmt}"
    data = body.encode("utf-8") if isinstance(body, str) else body
    write_export(name, lambda tmp: tmp.write_bytes(data))
    ctx.progress(95, "File ready")
    ctx.result = {"url": f"/reports/exports/{ctx.job_id}", "file": name, "run_id": run_id,
                  "format": fmt, "sheet": sheet, "analyst": analyst}  # fmt: skip


def stored_file(job: Job, user: Any, analyst: bool) -> tuple[Path, dict[str, Any]]:
    """The finished export file of ``job`` if ``user`` asked for it (see ``requested_file``).

    Raises:
        DomainError: as ``requested_file``, and when it holds analysts' data and ``user`` is no
            longer an analyst.
    """
    path = requested_file(job, user, build_file, "export the report again")
    if job.result.get("analyst") and not analyst:
        raise DomainError("This export holds analysts' data; you are no longer an analyst.")
    return path, job.result
