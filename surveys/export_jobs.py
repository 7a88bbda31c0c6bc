"""Large response exports as jobs: built by a worker with a progress bar, kept in the instance
folder, and handed only to the person who asked for it (who must still manage the survey)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from flask import current_app
from sqlalchemy import func, select

from engage.audit.services import record
from engage.errors import DomainError
from engage.extensions import db
from engage.jobs.files import requested_file, write_export
from engage.jobs.models import Job
from engage.jobs.runner import JobContext
from engage.jobs.services import enqueue
from surveys import exports
from surveys.models import Response, Survey

#: Formats built in memory, so large ones go to a job (CSV streams at any size).
JOB_FORMATS = ("xlsx", "sav")


def response_count(survey: Survey) -> int:
    query = select(func.count()).select_from(Response).where(Response.survey_id == survey.id)
    return db.session.scalar(query) or 0


def needs_job(survey: Survey, fmt: str) -> bool:
    limit = current_app.config["SURVEYS_EXPORT_JOB_RESPONSES"]
    return fmt in JOB_FORMATS and response_count(survey) > limit


def start(survey: Survey, fmt: str, actor: Any) -> Job:
    """Queue the export (it starts when the caller commits) and audit the request."""
    job = enqueue(
        build_file, survey.id, fmt, title=f"Responses of “{survey.title}” ({fmt})", user=actor
    )
    record(actor, "survey.export_queued", "survey", survey.id, format=fmt, job=job.id)
    return job


def build_file(ctx: JobContext, survey_id: int, fmt: str) -> None:
    """The job: write the export into the instance folder; its result names the download."""
    survey = db.session.get(Survey, survey_id)
    if survey is None:
        raise DomainError("The survey was deleted before its export was built.")
    total = response_count(survey)
    ctx.progress(1, f"Reading {total} responses")
    items = _counted(exports.responses(survey), total, ctx)
    name = f"survey-{survey_id}-job{ctx.job_id}.{fmt}"
    if fmt == "xlsx":
        write_export(name, lambda tmp: tmp.write_bytes(exports.xlsx_bytes(survey, items)))
    else:
        write_export(name, lambda tmp: exports.write_sav(survey, str(tmp), items))
    ctx.progress(99, "File ready")
    ctx.result = {
        "url": f"/surveys/exports/{ctx.job_id}",
        "file": name,
        "survey_id": survey_id,
        "format": fmt,
        "responses": total,
    }


def _counted(items: Iterable[Response], total: int, ctx: JobContext) -> Iterator[Response]:
    """Pass responses through, moving the progress bar every 500 (up to 95 %)."""
    for n, item in enumerate(items, start=1):
        if n % 500 == 0:
            ctx.progress(1 + 94 * n // max(total, 1), f"{n} of {total} responses")
        yield item


def stored_file(job: Job, user: Any) -> tuple[Path, dict[str, Any]]:
    """The finished export file of ``job`` if ``user`` asked for it (see ``requested_file``)."""
    return requested_file(job, user, build_file, "export the responses again"), job.result
