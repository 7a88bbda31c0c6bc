"""The job API on both backends: inline threads and RQ workers over Redis."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from flask import Flask

from engage import create_app
from engage.errors import DomainError
from engage.extensions import db
from engage.jobs import services
from engage.jobs.models import Job, JobStatus
from engage.jobs.runner import JobContext
from tests.conftest import dispose


def count_words(ctx: JobContext, text: str) -> None:
    ctx.progress(50, "counting")
    ctx.result = {"words": len(text.split())}


def refuse(ctx: JobContext, reason: str) -> None:
    raise DomainError(reason)


def crash(ctx: JobContext) -> None:
    raise ZeroDivisionError("boom")


def _run_inline(app: Flask, fn, *args) -> Job:
    with app.test_request_context():
        job = services.enqueue(fn, *args, title="test job")
        db.session.commit()
        job_id = job.id
    app.extensions["engage_jobs"].join(timeout=30)
    with app.app_context():
        return db.session.get(Job, job_id)


def test_inline_job_runs_after_commit(app: Flask) -> None:
    job = _run_inline(app, count_words, "three little words")
    assert job.status == JobStatus.FINISHED and job.progress == 100
    assert job.result == {"words": 3} and job.attempts == 1


def test_rolled_back_enqueue_never_runs(app: Flask) -> None:
    with app.test_request_context():
        services.enqueue(count_words, "x", title="never")
        db.session.rollback()
    app.extensions["engage_jobs"].join(timeout=5)
    with app.app_context():
        assert db.session.query(Job).count() == 0


def test_failed_job_records_reason_and_can_be_retried(app: Flask) -> None:
    job = _run_inline(app, refuse, "the survey has no answers yet")
    assert job.status == JobStatus.FAILED and job.error == "the survey has no answers yet"
    crashed = _run_inline(app, crash)
    assert crashed.error == "ZeroDivisionError: boom"
    with app.test_request_context():
        services.retry(db.session.get(Job, crashed.id))
        db.session.commit()
    app.extensions["engage_jobs"].join(timeout=30)
    with app.app_context():
        again = db.session.get(Job, crashed.id)
        assert again.attempts == 2 and again.status == JobStatus.FAILED


def test_only_failed_jobs_can_be_retried(app: Flask) -> None:
    job = _run_inline(app, count_words, "a")
    with app.app_context(), pytest.raises(DomainError):
        services.retry(db.session.get(Job, job.id))


def test_job_page_shows_progress_and_error(app: Flask, client, login_as) -> None:
    from engage.auth.roles import Role

    user = login_as(Role.ANALYST)
    with app.test_request_context():
        job = services.enqueue(refuse, "no text in scope", title="Theme answers", user=user)
        db.session.commit()
        job_id = job.id
    app.extensions["engage_jobs"].join(timeout=30)
    page = client.get(f"/jobs/{job_id}").get_data(as_text=True)
    assert "no text in scope" in page and "<progress" in page and "Retry" in page
    assert client.get(f"/jobs/{job_id}.json").get_json()["status"] == "failed"
    assert client.post_form(f"/jobs/{job_id}/retry").status_code == 302


def test_other_users_jobs_are_private(app: Flask, client, login_as, make_user) -> None:
    from engage.auth.roles import Role

    owner = make_user(Role.FELLOW)
    with app.test_request_context():
        job_id = services.enqueue(count_words, "a", title="mine", user=owner).id
        db.session.commit()
    app.extensions["engage_jobs"].join(timeout=30)
    login_as(Role.FELLOW)
    assert client.get(f"/jobs/{job_id}").status_code == 403


@pytest.fixture
def rq_app(database_url: str, app: Flask) -> Iterator[Flask]:
    from redis import Redis

    redis_url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/15")
    Redis.from_url(redis_url).flushdb()
    app = create_app(
        {
            "DATABASE_URL": database_url,
            "JOBS_BACKEND": "rq",
            "REDIS_URL": redis_url,
            "SECRET_KEY": "test",
            "TESTING": True,
        }
    )
    yield app
    dispose(app)
    Redis.from_url(redis_url).flushdb()


def test_rq_backend_runs_the_same_job_on_a_worker(rq_app: Flask) -> None:
    from rq import SimpleWorker

    backend = rq_app.extensions["engage_jobs"]
    assert backend.health() == "no workers"
    with rq_app.test_request_context():
        job = services.enqueue(count_words, "one two", title="rq job")
        db.session.commit()
        assert db.session.get(Job, job.id).status == JobStatus.QUEUED
    with rq_app.app_context():
        SimpleWorker([backend.queue], connection=backend.redis).work(burst=True)
        db.session.remove()
        done = db.session.get(Job, job.id)
        assert done.status == JobStatus.FINISHED and done.result == {"words": 2}
