"""Guides keep their versions; sessions are created, listed and filtered."""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask

from engage.auth.models import User
from engage.auth.roles import Role
from engage.extensions import db
from engage.tours.models import Guide, GuideVersion, Session
from tests.conftest import EngageClient
from tests.tours.conftest import notes_of


def _guide_form(title: str, questions: list[str]) -> dict[str, str]:
    data = {"title": title, "audience": "directors"}
    for i, text in enumerate(questions):
        data[f"questions-{i}-text_en"] = text
    return data


def test_editing_a_guide_makes_a_new_version_and_old_sessions_keep_theirs(
    app: Flask,
    client: EngageClient,
    login_as: Callable[[Role], User],
    make_session: Callable[..., int],
) -> None:
    fellow = login_as(Role.FELLOW)
    response = client.post_form("/tours/guides/new", _guide_form("Directors", ["Q one", "Q two"]))
    assert response.status_code == 302
    with app.app_context():
        guide = db.session.query(Guide).one()
        guide_id, first_version = guide.id, guide.current.id
    session_id = make_session(fellow, guide_version_id=first_version)
    client.post_form(f"/tours/guides/{guide_id}", _guide_form("Directors", ["Q one", "Q 2 new"]))
    # Saving the same questions again does not add a version.
    client.post_form(f"/tours/guides/{guide_id}", _guide_form("Directors", ["Q one", "Q 2 new"]))
    with app.app_context():
        versions = db.session.query(GuideVersion).order_by(GuideVersion.number).all()
        assert [v.number for v in versions] == [1, 2]
        assert [q.text["en"] for q in versions[1].questions] == ["Q one", "Q 2 new"]
        session = db.session.get(Session, session_id)
        assert [q.text["en"] for q in session.guide_version.questions] == ["Q one", "Q two"]
    page = client.get(f"/tours/sessions/{session_id}").get_data(as_text=True)
    assert "2. Q two" in page and "Q 2 new" not in page


def test_guide_needs_english_text(client: EngageClient, login_as: Callable) -> None:
    login_as(Role.FELLOW)
    data = {"title": "Residents", "questions-0-text_es": "¿Qué necesita?"}
    response = client.post_form("/tours/guides/new", data)
    assert response.status_code == 400
    assert "Question 1 needs English text" in response.get_data(as_text=True)


def test_create_session_from_guide_for_a_municipality(
    app: Flask,
    client: EngageClient,
    login_as: Callable[[Role], User],
    units: dict[str, int],
    guide_version: int,
) -> None:
    fellow = login_as(Role.FELLOW)
    page = client.get(f"/tours/sessions/new?guide_version={guide_version}").get_data(as_text=True)
    assert f'<option selected value="{guide_version}">' in page
    response = client.post_form(
        "/tours/sessions/new",
        {
            "title": "Cudahy city hall",
            "kind": "meeting",
            "status": "planned",
            "held_on": "2099-05-01",
            "guide_version_id": str(guide_version),
            "org_units": str(units["Cudahy"]),
            "anonymous_count": "12",
            "anonymous_role": "resident",
            "consent_quote": "internal",
            "fellows": str(fellow.id),
        },
    )
    assert response.status_code == 302
    with app.app_context():
        session = db.session.query(Session).one()
        assert session.owner_id == fellow.id and session.people_count == 12
        assert [u.name for u in session.org_units] == ["Cudahy"]
        session_id = session.id
    # One note per guide question plus free notes, in guide order.
    assert [q is None for _, q, _, _ in notes_of(app, session_id)] == [False, False, True]
    listing = client.get("/tours/").get_data(as_text=True)
    assert "Upcoming" in listing and "Cudahy city hall" in listing
    filtered = client.get(f"/tours/?org_unit={units['Parks']}").get_data(as_text=True)
    assert "Cudahy city hall" not in filtered


def test_unnamed_participants_need_a_role(
    client: EngageClient, login_as: Callable, units: dict[str, int]
) -> None:
    login_as(Role.FELLOW)
    response = client.post_form(
        "/tours/sessions/new",
        {
            "title": "Town hall",
            "kind": "town_hall",
            "status": "held",
            "held_on": "2025-01-09",
            "anonymous_count": "40",
            "consent_quote": "none",
            "guide_version_id": "0",
        },
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Say who the unnamed participants were" in page and 'value="Town hall"' in page


def test_session_list_filters_by_kind_and_date(
    client: EngageClient, login_as: Callable, make_session: Callable
) -> None:
    from datetime import date

    fellow = login_as(Role.FELLOW)
    make_session(fellow, title="Parks interview", held_on=date(2025, 1, 5))
    make_session(fellow, title="Youth circle", kind="focus_group", held_on=date(2025, 6, 1))
    page = client.get("/tours/?kind=focus_group").get_data(as_text=True)
    assert "Youth circle" in page and "Parks interview" not in page
    page = client.get("/tours/?until=2025-02-01").get_data(as_text=True)
    assert "Parks interview" in page and "Youth circle" not in page
