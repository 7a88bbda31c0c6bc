"""Job pages: a progress bar that polls, the error of a failed job, retry."""

from __future__ import annotations

from flask import Blueprint, abort, jsonify, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user
from sqlalchemy import select

from engage.access import signed_in
from engage.auth.roles import Role
from engage.errors import DomainError
from engage.extensions import db
from engage.jobs import services
from engage.jobs.models import Job

bp = Blueprint("jobs", __name__, url_prefix="/jobs")
_SEE_ALL = (Role.ADMIN, Role.ANALYST)


def _visible_job(job_id: int) -> Job:
    job = db.session.get(Job, job_id) or abort(404)
    if job.created_by_id != current_user.id and current_user.role not in _SEE_ALL:
        abort(403)
    return job


@bp.get("/")
@signed_in
def index() -> ResponseReturnValue:
    query = select(Job).order_by(Job.id.desc()).limit(100)
    if current_user.role not in _SEE_ALL:
        query = query.where(Job.created_by_id == current_user.id)
    return render_template("jobs/index.html", jobs=db.session.scalars(query).all())


@bp.get("/<int:job_id>")
@signed_in
def show(job_id: int) -> ResponseReturnValue:
    return render_template("jobs/show.html", job=_visible_job(job_id))


@bp.get("/<int:job_id>.json")
@signed_in
def status(job_id: int) -> ResponseReturnValue:
    job = _visible_job(job_id)
    return jsonify(
        id=job.id,
        status=str(job.status),
        progress=job.progress,
        message=job.message,
        error=job.error,
        done=job.done,
        result=job.result,
    )


@bp.post("/<int:job_id>/retry")
@signed_in
def retry(job_id: int) -> ResponseReturnValue:
    job = _visible_job(job_id)
    try:
        services.retry(job)
    except DomainError as exc:
        abort(409, str(exc))
    db.session.commit()
    return redirect(url_for("jobs.show", job_id=job.id))
