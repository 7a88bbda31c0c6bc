"""Who may see and change listening-tour sessions, tested from the denied side."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from flask import Flask

from engage.auth.roles import Role
from engage.errors import DomainError
from engage.extensions import db
from engage.tours.models import Quote, Session
from engage.tours.sessions import save_session
from tests.conftest import EngageClient
from tests.tours.conftest import notes_of, set_note


@pytest.fixture
def private_session(app: Flask, make_user: Callable, make_session: Callable) -> dict[str, int]:
    """A session owned by another fellow, with a note and a quote in it."""
    owner = make_user(Role.FELLOW)
    session_id = make_session(owner, title="Private interview")
    note_id = notes_of(app, session_id)[0][0]
    set_note(app, note_id, "Raw words about a named supervisor.")
    with app.app_context():
        quote = Quote(note_id=note_id, start=0, end=9, text="Raw words", consent="internal")
        db.session.add(quote)
        db.session.commit()
        return {"session": session_id, "note": note_id, "quote": quote.id}


def _attempts(ids: dict[str, int]) -> list[tuple[str, str, dict]]:
    s, n, q = ids["session"], ids["note"], ids["quote"]
    return [
        ("GET", f"/tours/sessions/{s}", {}),
        ("GET", f"/tours/sessions/{s}/edit", {}),
        ("POST", f"/tours/sessions/{s}/notes", {f"note-{n}": "overwritten", f"version-{n}": "1"}),
        ("POST", f"/tours/sessions/{s}/quotes", {"quote-note_id": str(n), "quote-exact": "Raw"}),
        ("POST", f"/tours/sessions/{s}/codes", {"code-note_id": str(n), "code-exact": "Raw"}),
        ("POST", f"/tours/sessions/{s}/follow-ups", {"description": "x", "owner_id": "1"}),
        ("POST", f"/tours/quotes/{q}/consent", {"consent": "none"}),
        ("POST", f"/tours/quotes/{q}/delete", {}),
        ("GET", f"/tours/coding/agreement/{n}", {}),
    ]


def test_a_fellow_cannot_open_or_change_another_fellows_session(
    app: Flask, client: EngageClient, login_as: Callable, private_session: dict[str, int]
) -> None:
    login_as(Role.FELLOW)
    token = client.csrf_token()
    for method, url, data in _attempts(private_session):
        response = client.open(url, method=method, data={**data, "csrf_token": token})
        assert response.status_code == 403, (method, url)
    reply = client.post(
        f"/tours/sessions/{private_session['session']}/notes/autosave",
        json={"notes": [{"id": private_session["note"], "text": "x", "version": 1}]},
        headers={"X-CSRFToken": token},
    )
    assert reply.status_code == 403
    assert notes_of(app, private_session["session"])[0][2] == "Raw words about a named supervisor."
    listing = client.get("/tours/").get_data(as_text=True)
    assert "Private interview" not in listing
    with app.app_context():
        assert db.session.get(Quote, private_session["quote"]) is not None


@pytest.mark.parametrize("role", [Role.VIEWER, Role.COMMUNICATIONS])
def test_viewers_and_communications_see_no_raw_notes(
    app: Flask, client: EngageClient, login_as: Callable, private_session: dict, role: Role
) -> None:
    login_as(role)
    token = client.csrf_token()
    for method, url, data in _attempts(private_session):
        response = client.open(url, method=method, data={**data, "csrf_token": token})
        assert response.status_code == 403, (role, url)
    for url in ("/tours/", "/tours/search?q=raw", "/tours/coverage", "/tours/export/segments.csv"):
        response = client.get(url)
        assert response.status_code == 403, url
        assert "Raw words" not in response.get_data(as_text=True)
    assert "Listening tour" not in client.get("/").get_data(as_text=True)


def test_sharing_and_presence_give_access_and_analysts_see_all(
    app: Flask,
    client: EngageClient,
    make_user: Callable,
    make_session: Callable,
) -> None:
    owner, present, shared = (make_user(Role.FELLOW) for _ in range(3))
    session_id = make_session(owner, fellows=[present.id], shared_with=[shared.id])
    for user in (present, shared, make_user(Role.ANALYST), make_user(Role.ADMIN)):
        client.login(user.email)
        assert client.get(f"/tours/sessions/{session_id}").status_code == 200, user.role
        client.post_form("/logout")


def test_a_fellow_it_was_shared_with_may_edit_but_not_pass_it_on(
    app: Flask, client: EngageClient, make_user: Callable, make_session: Callable
) -> None:
    owner, guest, outsider = (make_user(Role.FELLOW) for _ in range(3))
    session_id = make_session(owner, title="Shared interview", shared_with=[guest.id])
    form = {"title": "Renamed", "kind": "interview", "status": "held", "held_on": "2025-03-14",
            "consent_quote": "internal", "guide_version_id": "0", "anonymous_role": ""}  # fmt: skip
    client.login(guest.email)
    page = client.get(f"/tours/sessions/{session_id}/edit").get_data(as_text=True)
    assert 'name="shared_with"' not in page and "can change its team" in page
    assert client.post_form(f"/tours/sessions/{session_id}/edit", form).status_code == 302
    # A hand-made request naming someone else saves the rest but not the sharing ...
    reshare = {**form, "title": "Passed on", "shared_with": [str(guest.id), str(outsider.id)]}
    assert client.post_form(f"/tours/sessions/{session_id}/edit", reshare).status_code == 302
    with app.app_context():
        session = db.session.get(Session, session_id)
        assert session.title == "Passed on" and [u.id for u in session.shared_with] == [guest.id]
        # ... and the service itself refuses it from anyone but the owner.
        values = {**form, "held_on": date(2025, 3, 14), "shared_with": [outsider.id]}
        with pytest.raises(DomainError, match="can change its team"):
            save_session(session, values, db.session.merge(guest))
    client.post_form("/logout")
    client.login(owner.email)
    page = client.get(f"/tours/sessions/{session_id}/edit").get_data(as_text=True)
    assert 'name="shared_with"' in page
