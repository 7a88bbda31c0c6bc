"""Runs on RQ workers over Redis, including a worker killed mid-run and the run retried."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

from analysis.reports.models import AnalysisRun, RunUnit, ThemeAssignment
from analysis.reports.runs import retry_run, start_run
from engage import create_app
from engage.auth.roles import Role
from engage.extensions import db
from engage.jobs.models import Job
from tests.conftest import REPO, dispose

REDIS_URL = "redis://127.0.0.1:6379/14"


@pytest.fixture
def rq_app(database_url: str, app: Flask) -> Iterator[Flask]:
    from redis import Redis

    Redis.from_url(REDIS_URL).flushdb()
    rq_app = create_app(
        {
            "DATABASE_URL": database_url, "JOBS_BACKEND": "rq", "REDIS_URL": REDIS_URL,
            "SECRET_KEY": "test", "TESTING": True,
            "ENGAGE_CACHE_DIR": app.config["ENGAGE_CACHE_DIR"],
        }
    )  # fmt: skip
    yield rq_app
    dispose(rq_app)
    Redis.from_url(REDIS_URL).flushdb()


def _work(rq_app: Flask) -> None:
    from rq import SimpleWorker

    backend = rq_app.extensions["engage_jobs"]
    with rq_app.app_context():
        SimpleWorker([backend.queue], connection=backend.redis).work(burst=True)
        db.session.remove()


def _start(rq_app: Flask, analyst: Any, upload_id: int) -> int:
    with rq_app.test_request_context():
        run = start_run({"sources": {"upload": {"ids": [upload_id]}}}, "On RQ", analyst)
        db.session.commit()
        return run.id


def _counts(run_id: int) -> tuple[int, int, int]:
    total = db.session.scalar(
        select(func.count(ThemeAssignment.id)).where(ThemeAssignment.run_id == run_id)
    )
    distinct = db.session.scalar(
        select(func.count()).select_from(
            select(ThemeAssignment.unit_id, ThemeAssignment.segment)
            .where(ThemeAssignment.run_id == run_id)
            .distinct()
            .subquery()
        )
    )
    units = db.session.scalar(select(func.count(RunUnit.id)).where(RunUnit.run_id == run_id))
    return total, distinct, units


def test_a_run_finishes_on_an_rq_worker(
    rq_app: Flask, make_user: Callable[..., Any], make_upload: Callable[..., int]
) -> None:
    run_id = _start(rq_app, make_user(Role.ANALYST), make_upload())
    with rq_app.app_context():
        assert db.session.get(AnalysisRun, run_id).status == "queued"
    _work(rq_app)
    with rq_app.app_context():
        run = db.session.get(AnalysisRun, run_id)
        assert run.status == "finished", run.error
        total, distinct, units = _counts(run_id)
        assert total == distinct > 0 and units == 70
        assert db.session.get(Job, run.job_id).status == "finished"


KILLING_WORKER = """
import os, signal
from analysis.reports import runs
from engage import create_app

def die(run):  # the worker dies right after the results were committed
    os.kill(os.getpid(), signal.SIGKILL)

runs.carryover.carry = die
app = create_app({{"DATABASE_URL": {db!r}, "JOBS_BACKEND": "rq", "REDIS_URL": {redis!r},
                  "SECRET_KEY": "test", "ENGAGE_CACHE_DIR": {cache!r}}})
with app.app_context():
    from rq import SimpleWorker
    backend = app.extensions["engage_jobs"]
    SimpleWorker([backend.queue], connection=backend.redis).work(burst=True)
"""


def test_a_worker_killed_mid_run_then_retried_leaves_no_duplicates(
    rq_app: Flask,
    database_url: str,
    make_user: Callable[..., Any],
    make_upload: Callable[..., int],
) -> None:
    analyst = make_user(Role.ANALYST)
    run_id = _start(rq_app, analyst, make_upload())
    script = KILLING_WORKER.format(
        db=database_url, redis=REDIS_URL, cache=rq_app.config["ENGAGE_CACHE_DIR"]
    )
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(script)], cwd=REPO, env=env, timeout=600,
        capture_output=True, text=True,
    )  # fmt: skip
    assert done.returncode == -9, done.stderr[-2000:]
    with rq_app.app_context():
        run = db.session.get(AnalysisRun, run_id)
        assert run.status == "running" and run.stages["carry over curation"] == "running"
        first = _counts(run_id)
        assert first[0] > 0  # the killed attempt had stored its results
        with pytest.raises(Exception, match="Only a failed run"):
            retry_run(run, analyst)
    rq_app.config["REPORTS_STALL_MINUTES"] = 0
    with rq_app.test_request_context():
        run = db.session.get(AnalysisRun, run_id)
        killed_job = run.job_id
        retry_run(run, analyst)
        db.session.commit()
    _work(rq_app)
    with rq_app.app_context():
        run = db.session.get(AnalysisRun, run_id)
        assert run.status == "finished", run.error
        assert _counts(run_id) == first  # same rows, not twice as many
        assert first[0] == first[1]
        assert db.session.get(Job, killed_job).status == "failed"
        assert db.session.get(Job, run.job_id).status == "finished"
