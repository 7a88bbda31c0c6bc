"""Report pages for each role: analysts see drafts and raw text; readers see published only."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from analysis.reports.models import AnalysisRun, RunUnit, Theme
from engage.auth.roles import Role
from engage.extensions import db
from tests.conftest import EngageClient

READERS = (Role.COMMUNICATIONS, Role.VIEWER)
NO_ACCESS = (Role.FELLOW, Role.ADMIN)


def _theme(app: Flask, run_id: int) -> Theme:
    with app.app_context():
        theme = db.session.scalars(
            select(Theme).where(Theme.run_id == run_id).order_by(Theme.position)
        ).first()
        db.session.expunge(theme)
        return theme


def test_analyst_sees_the_report_theme_and_drilldown(
    app: Flask, client: EngageClient, login_as: Callable, finished_run: Callable[..., int]
) -> None:
    run_id = finished_run()
    theme = _theme(app, run_id)
    login_as(Role.ANALYST)
    page = client.get(f"/reports/{run_id}").get_data(as_text=True)
    assert "Where people agree" in page and "What worries people" in page
    assert "Privacy check" in page and 'class="table heatmap"' in page
    assert theme.title in page
    page = client.get(f"/reports/{run_id}/themes/{theme.id}").get_data(as_text=True)
    assert "Curate this theme" in page and "By survey" in page
    answers = client.get(f"/reports/{run_id}/themes/{theme.id}/answers")
    assert answers.status_code == 200 and "<mark>" in answers.get_data(as_text=True)
    assert client.get("/reports/").status_code == 200
    assert "Durham answers" in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize("role", READERS)
def test_readers_cannot_see_a_draft_but_see_it_published(
    app: Flask,
    client: EngageClient,
    make_user: Callable[..., Any],
    finished_run: Callable[..., int],
    role: Role,
) -> None:
    run_id = finished_run()
    theme = _theme(app, run_id)
    reader = make_user(role)
    client.login(reader.email)
    assert client.get(f"/reports/{run_id}").status_code == 404
    assert client.get(f"/reports/{run_id}/themes/{theme.id}").status_code == 404
    assert client.get(f"/reports/{run_id}/export.xlsx").status_code == 404
    assert "Durham answers" not in client.get("/reports/").get_data(as_text=True)
    client.post_form("/logout")
    client.login(make_user(Role.ANALYST).email)
    assert client.post_form(f"/reports/{run_id}/publish").status_code == 302
    client.post_form("/logout")
    client.login(reader.email)
    page = client.get(f"/reports/{run_id}").get_data(as_text=True)
    assert "Where people agree" in page and "/publish" not in page and "Return to draft" not in page
    theme_page = client.get(f"/reports/{run_id}/themes/{theme.id}").get_data(as_text=True)
    assert "Curate this theme" not in theme_page
    assert "/answers" not in theme_page  # no drill-down links for readers
    assert "Durham answers" in client.get("/reports/").get_data(as_text=True)
    assert "Published reports" in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize("role", READERS)
def test_readers_are_denied_analyst_routes(
    app: Flask,
    client: EngageClient,
    make_user: Callable[..., Any],
    finished_run: Callable[..., int],
    role: Role,
) -> None:
    run_id = finished_run()
    theme = _theme(app, run_id)
    with app.app_context():
        db.session.get(AnalysisRun, run_id).state = "published"
        db.session.commit()
    client.login(make_user(role).email)
    base = f"/reports/{run_id}/themes/{theme.id}"
    analyst_pages = ("/reports/new", "/reports/uploads/new", f"{base}/answers",
                     f"/reports/{run_id}/history", f"/reports/{run_id}/status.json")  # fmt: skip
    for url in analyst_pages:
        assert client.get(url).status_code == 403, url
    for url in (f"{base}/rename", f"{base}/merge", f"{base}/split", f"{base}/pin",
                f"/reports/{run_id}/unpublish", f"/reports/{run_id}/rerun"):  # fmt: skip
        assert client.post_form(url, {"label": "x"}).status_code == 403, url
    with app.app_context():
        assert db.session.get(Theme, theme.id).curated_label is None
        assert db.session.get(AnalysisRun, run_id).state == "published"


@pytest.mark.parametrize("role", NO_ACCESS)
def test_fellows_and_admins_have_no_reports_access(
    client: EngageClient, login_as: Callable, finished_run: Callable[..., int], role: Role
) -> None:
    run_id = finished_run()
    login_as(role)
    for url in ("/reports/", f"/reports/{run_id}", f"/reports/{run_id}/export.csv"):
        assert client.get(url).status_code == 403, url
    assert "Reports" not in client.get("/").get_data(as_text=True).split("<main")[0]


def test_readers_see_only_consented_quotes(
    app: Flask,
    client: EngageClient,
    make_user: Callable[..., Any],
    make_upload: Callable[..., int],
    finished_run: Callable[..., int],
) -> None:
    run_id = finished_run(make_upload(quotable=False))
    theme = _theme(app, run_id)
    with app.app_context():
        db.session.get(AnalysisRun, run_id).state = "published"
        db.session.commit()
        texts = [
            u.text for u in db.session.scalars(select(RunUnit).where(RunUnit.run_id == run_id))
        ]
    assert theme.quotes
    client.login(make_user(Role.VIEWER).email)
    page = client.get(f"/reports/{run_id}/themes/{theme.id}").get_data(as_text=True)
    assert "No quotes can be shown." in page
    assert not any(q["text"] in page for q in theme.quotes)
    client.post_form("/logout")
    client.login(make_user(Role.ANALYST).email)
    page = client.get(f"/reports/{run_id}").get_data(as_text=True)
    assert "shown to analysts only" in page
    assert len(texts) == 70
