"""Curation: every change recorded, bad requests refused, curation carried into a re-run."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

from analysis.reports import curation
from analysis.reports.models import AnalysisRun, CurationEvent, Theme, ThemeAssignment
from analysis.reports.publishing import publish
from engage.auth.roles import Role
from engage.errors import DomainError
from engage.extensions import db
from tests.conftest import EngageClient


def _themes(run_id: int) -> list[Theme]:
    return list(
        db.session.scalars(select(Theme).where(Theme.run_id == run_id).order_by(Theme.position))
    )


def _units(theme: Theme) -> set[str]:
    return set(
        db.session.scalars(
            select(ThemeAssignment.unit_id).where(ThemeAssignment.theme_id == theme.id)
        )
    )


def test_merge_moves_evidence_and_records_before_and_after(
    app: Flask, client: EngageClient, login_as: Callable, finished_run: Callable[..., int]
) -> None:
    run_id = finished_run()
    with app.app_context():
        first, second = _themes(run_id)[:2]
        ids = (first.id, second.id)
        expected = _units(first) | _units(second)
    login_as(Role.ANALYST)
    url = f"/reports/{run_id}/themes/{ids[1]}/merge"
    assert client.post_form(url, {"target": ids[0]}).status_code == 302
    with app.app_context():
        first, second = db.session.get(Theme, ids[0]), db.session.get(Theme, ids[1])
        assert second.merged_into_id == first.id and _units(first) == expected
        event = db.session.scalars(
            select(CurationEvent).where(CurationEvent.action == "merge")
        ).one()
        assert event.actor_id is not None and event.before["source"] == second.title
    page = client.get(f"/reports/{run_id}/history").get_data(as_text=True)
    assert "merge" in page


def test_merging_a_theme_into_itself_is_refused_with_a_reason(
    app: Flask, client: EngageClient, login_as: Callable, finished_run: Callable[..., int]
) -> None:
    run_id = finished_run()
    with app.app_context():
        theme_id = _themes(run_id)[0].id
    login_as(Role.ANALYST)
    url = f"/reports/{run_id}/themes/{theme_id}/merge"
    page = client.post_form(url, {"target": theme_id}, follow_redirects=True)
    assert "cannot be merged into itself" in page.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Theme, theme_id).merged_into_id is None
        assert db.session.scalar(select(func.count(CurationEvent.id))) == 0


def test_split_makes_a_theme_and_refuses_a_one_unit_theme(
    app: Flask, make_user: Callable[..., Any], finished_run: Callable[..., int]
) -> None:
    run_id = finished_run()
    analyst = make_user(Role.ANALYST)
    with app.app_context():
        theme = _themes(run_id)[0]
        picked = sorted(_units(theme))[:3]
        new = curation.split(theme, picked, "Picked answers", analyst)
        assert _units(new) == set(picked) and new.origin == "split"
        assert new.respondents == 3 and theme.respondents == len(_units(theme))
        with pytest.raises(DomainError, match="single answer cannot be split"):
            curation.split(new, picked[:2], "Smaller", analyst)  # leaves one answer in new
            assert _units(new) == {picked[2]}
            curation.split(new, [picked[2]], "Smallest", analyst)
        with pytest.raises(DomainError, match="Leave at least one answer"):
            curation.split(theme, sorted(_units(theme)), "All of them", analyst)
        db.session.rollback()


def test_move_rename_pin_and_relevance(
    app: Flask, make_user: Callable[..., Any], finished_run: Callable[..., int]
) -> None:
    run_id = finished_run()
    analyst = make_user(Role.ANALYST)
    with app.app_context():
        first, second = _themes(run_id)[:2]
        unit = sorted(_units(first))[0]
        curation.move(first, second, [unit], analyst)
        assert unit in _units(second) and unit not in _units(first)
        curation.rename(second, "Schools and safety", analyst)
        assert second.title == "Schools and safety" and second.label != second.title
        segment = db.session.scalars(
            select(ThemeAssignment).where(ThemeAssignment.theme_id == second.id)
        ).first()
        curation.pin(second, segment.id, analyst)
        assert second.pinned[0]["unit_id"] == segment.unit_id
        with pytest.raises(DomainError, match="already pinned"):
            curation.pin(second, segment.id, analyst)
        curation.set_relevance(first, False, analyst)
        assert first.not_relevant
        actions = db.session.scalars(select(CurationEvent.action).order_by(CurationEvent.id)).all()
        assert actions == ["move", "rename", "pin", "relevance"]


def test_editing_a_published_report_is_refused(
    app: Flask, client: EngageClient, login_as: Callable, finished_run: Callable[..., int]
) -> None:
    run_id = finished_run()
    user = login_as(Role.ANALYST)
    with app.app_context():
        run = db.session.get(AnalysisRun, run_id)
        publish(run, user)
        db.session.commit()
        theme = _themes(run_id)[0]
        theme_id = theme.id
        with pytest.raises(DomainError, match="published, so it cannot be edited"):
            curation.rename(theme, "New name", user)
        db.session.rollback()
    url = f"/reports/{run_id}/themes/{theme_id}/rename"
    page = client.post_form(url, {"label": "New name"}, follow_redirects=True)
    assert "Return it to draft first" in page.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Theme, theme_id).curated_label is None


def test_curation_survives_a_rerun(
    app: Flask,
    make_user: Callable[..., Any],
    make_upload: Callable[..., int],
    finished_run: Callable[..., int],
) -> None:
    upload = make_upload()
    run_id = finished_run(upload)
    analyst = make_user(Role.ANALYST)
    with app.app_context():
        themes = _themes(run_id)
        curation.rename(themes[0], "Curated first theme", analyst)
        curation.edit_summary(themes[0], "Written by an analyst.", analyst)
        ghost = curation.split(themes[1], sorted(_units(themes[1]))[:2], "Tiny split", analyst)
        ghost_id = ghost.id
        db.session.commit()
    rerun_id = finished_run(upload, parent_id=run_id)
    with app.app_context():
        new = _themes(rerun_id)
        carried = [t for t in new if t.curated_label == "Curated first theme"]
        assert len(carried) == 1
        assert carried[0].curated_summary == "Written by an analyst."
        assert carried[0].carried_from_id is not None and not carried[0].needs_review
        # every curated theme of the first run is in the re-run: matched or flagged
        flagged = [t for t in new if t.carried_from_id == ghost_id]
        assert len(flagged) == 1
        assert flagged[0].needs_review or flagged[0].curated_label is None
        run = db.session.get(AnalysisRun, rerun_id)
        assert run.changes["parent"] == run_id and run.changes["units_added"] == 0
        assert (
            db.session.scalar(
                select(func.count(CurationEvent.id)).where(
                    CurationEvent.run_id == rerun_id, CurationEvent.action == "carry_over"
                )
            )
            >= 2
        )
