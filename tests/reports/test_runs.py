"""Run lifecycle on the inline backend with the real engine over real answers."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

from flask import Flask
from sqlalchemy import func, select

from analysis.reports.models import AnalysisRun, RunUnit, Theme, ThemeAssignment
from analysis.reports.runs import start_run
from engage.auth.roles import Role
from engage.extensions import db
from engage.jobs.models import Job
from tests.reports.conftest import durham_rows, polis_csv, wait_for_jobs


def test_run_themes_real_answers_and_stores_everything(
    app: Flask, finished_run: Callable[..., int]
) -> None:
    run_id = finished_run()
    with app.app_context():
        run = db.session.get(AnalysisRun, run_id)
        themes = db.session.scalars(select(Theme).where(Theme.run_id == run_id)).all()
        units = db.session.scalars(select(RunUnit).where(RunUnit.run_id == run_id)).all()
        assert run.units == 70 and run.respondents == 70
        assert run.manifest["engine"].startswith("engage.nlp/")
        assert run.manifest["models"]["spacy"].startswith("en_core_web_sm")
        assert set(run.stages) >= {"collect", "segment", "cluster", "store"}
        assert len(themes) >= 2
        assert {u.attributes["survey"] for u in units} == {"city", "county"}
        # the stored text is the answer as written
        assert {u.text for u in units} == {r["response"] for r in durham_rows()}
        for theme in themes:
            assert theme.respondents > 0 and theme.keywords
            assert sum(theme.stance.values()) == theme.respondents
            assert set(theme.groups) == {"survey"}
        segments = db.session.scalars(
            select(ThemeAssignment).where(ThemeAssignment.run_id == run_id)
        ).all()
        texts = {u.unit_id: u.text for u in units}
        for seg in segments:
            assert texts[seg.unit_id][seg.start : seg.end].strip()
        assert max(Counter((s.unit_id, s.segment) for s in segments).values()) == 1
        job = db.session.get(Job, run.job_id)
        assert job.status == "finished" and job.progress == 100


def _run_scope(app: Flask, make_user: Callable[..., Any], scope: dict) -> AnalysisRun:
    analyst = make_user(Role.ANALYST)
    with app.app_context():
        run = start_run(scope, "Too little", analyst)
        db.session.commit()
        run_id = run.id
    wait_for_jobs(app)
    with app.app_context():
        run = db.session.get(AnalysisRun, run_id)
        db.session.expunge(run)
        return run


def test_a_scope_with_no_text_fails_with_a_clear_reason(
    app: Flask, make_user: Callable[..., Any], make_upload: Callable[..., int]
) -> None:
    upload = make_upload()
    run = _run_scope(
        app, make_user, {"sources": {"upload": {"ids": [upload]}}, "languages": ["es"]}
    )
    assert run.status == "failed"
    assert "no text in this scope" in run.error
    with app.app_context():
        assert db.session.get(Job, run.job_id).error == run.error
        assert db.session.scalar(select(func.count(Theme.id))) == 0


def test_too_few_answers_fail_with_a_clear_reason(
    app: Flask, make_user: Callable[..., Any], make_upload: Callable[..., int]
) -> None:
    upload = make_upload(polis_csv(3), text="comment-body", groups=())
    run = _run_scope(app, make_user, {"sources": {"upload": {"ids": [upload]}}})
    assert run.status == "failed"
    assert run.error.startswith("Too few answers to find themes: 3 in scope")
