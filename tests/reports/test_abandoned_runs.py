"""A run whose worker died shows as queued again, or failed with the reason."""

from __future__ import annotations

import socket
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask

from analysis.reports.models import AnalysisRun
from analysis.reports.runs import start_run
from engage.auth.roles import Role
from engage.extensions import db
from engage.jobs.abandoned import MAX_ATTEMPTS, reap
from engage.jobs.models import Job, JobStatus
from engage.timeutil import utcnow
from tests.engage.test_jobs_abandoned import _dead_pid


@pytest.mark.parametrize(("attempts", "status"), [(1, "queued"), (MAX_ATTEMPTS, "failed")])
def test_a_dead_workers_run_is_requeued_then_failed(
    app: Flask,
    make_user: Callable[..., Any],
    monkeypatch: pytest.MonkeyPatch,
    attempts: int,
    status: str,
) -> None:
    dispatched: list[int] = []
    backend = type("Recorder", (), {"dispatch": lambda _self, job_id: dispatched.append(job_id)})
    monkeypatch.setitem(app.extensions, "engage_jobs", backend())
    analyst = make_user(Role.ANALYST)
    with app.test_request_context():
        run = start_run({"sources": {"upload": {"ids": [1]}}}, "Killed", analyst)
        run.status, run.stages = "running", {"embed": "running"}
        job = db.session.get(Job, run.job_id)
        job.status, job.attempts, job.heartbeat_at = JobStatus.RUNNING, attempts, utcnow()
        job.worker = f"{socket.gethostname()}:{_dead_pid()}"
        db.session.commit()
        run_id, job_id = run.id, job.id
    dispatched.clear()  # the worker that then died had taken it
    with app.app_context():
        assert reap() == [job_id]
        assert dispatched == ([job_id] if status == "queued" else [])
        run = db.session.get(AnalysisRun, run_id)
        assert run.status == status
        assert (run.error is None) == (status == "queued")
