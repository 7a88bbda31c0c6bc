"""Notes: versioned autosave, conflicts, limits; quotes: consent and stale spans; follow-ups."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from flask import Flask

from engage.auth.models import User
from engage.auth.roles import Role
from engage.extensions import db
from engage.timeutil import utcnow
from engage.tours.models import FollowUp, Quote
from engage.tours.models.notes import NOTE_LIMIT
from tests.conftest import EngageClient
from tests.tours.conftest import notes_of, set_note


def _autosave(client: EngageClient, session_id: int, notes: list[dict]) -> object:
    return client.post(
        f"/tours/sessions/{session_id}/notes/autosave",
        json={"notes": notes},
        headers={"X-CSRFToken": client.csrf_token()},
    )


def test_autosave_saves_and_bumps_the_version(
    app: Flask, client: EngageClient, login_as: Callable, make_session: Callable
) -> None:
    session_id = make_session(login_as(Role.FELLOW))
    (note_id, _, _, version), *_ = notes_of(app, session_id)
    reply = _autosave(
        client, session_id, [{"id": note_id, "text": "Bus\r\nroutes", "version": version}]
    )
    assert reply.status_code == 200
    assert reply.json["saved"] == {str(note_id): version + 1}
    assert notes_of(app, session_id)[0][2] == "Bus\nroutes"


def test_autosave_needs_the_csrf_header(
    app: Flask, client: EngageClient, login_as: Callable, make_session: Callable
) -> None:
    session_id = make_session(login_as(Role.FELLOW))
    (note_id, _, _, version), *_ = notes_of(app, session_id)
    reply = client.post(
        f"/tours/sessions/{session_id}/notes/autosave",
        json={"notes": [{"id": note_id, "text": "x", "version": version}]},
    )
    assert reply.status_code == 400
    assert notes_of(app, session_id)[0][2] == ""


def test_failed_save_of_a_stale_draft_is_a_conflict_and_keeps_both_texts(
    app: Flask, client: EngageClient, login_as: Callable, make_session: Callable
) -> None:
    """A draft written offline from version 1 while a colleague saved version 2."""
    session_id = make_session(login_as(Role.FELLOW))
    (note_id, _, _, version), *_ = notes_of(app, session_id)
    ok = _autosave(client, session_id, [{"id": note_id, "text": "colleague's", "version": version}])
    assert ok.status_code == 200
    stale = _autosave(client, session_id, [{"id": note_id, "text": "my draft", "version": version}])
    assert stale.status_code == 409
    conflict = stale.json["conflicts"][str(note_id)]
    assert conflict == {"version": version + 1, "text": "colleague's"}
    assert notes_of(app, session_id)[0][2] == "colleague's"  # never silently overwritten
    # The browser recovers the draft and the person chooses to keep it: save on the new version.
    kept = _autosave(
        client, session_id, [{"id": note_id, "text": "my draft", "version": conflict["version"]}]
    )
    assert kept.status_code == 200
    assert notes_of(app, session_id)[0][2] == "my draft"


def test_form_save_conflict_reshows_my_text_and_theirs(
    app: Flask, client: EngageClient, login_as: Callable, make_session: Callable
) -> None:
    session_id = make_session(login_as(Role.FELLOW))
    (note_id, _, _, version), *_ = notes_of(app, session_id)
    set_note(app, note_id, "saved <b>elsewhere</b>")
    response = client.post_form(
        f"/tours/sessions/{session_id}/notes",
        {f"note-{note_id}": "typed offline", f"version-{note_id}": str(version)},
    )
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "typed offline</textarea>" in page
    assert "saved &lt;b&gt;elsewhere&lt;/b&gt;" in page and "<b>elsewhere" not in page
    assert notes_of(app, session_id)[0][2] == "saved <b>elsewhere</b>"


def test_note_over_the_limit_is_refused_and_kept(
    app: Flask, client: EngageClient, login_as: Callable, make_session: Callable
) -> None:
    session_id = make_session(login_as(Role.FELLOW))
    (note_id, _, _, version), *_ = notes_of(app, session_id)
    huge = "a" * (NOTE_LIMIT + 1)
    reply = _autosave(client, session_id, [{"id": note_id, "text": huge, "version": version}])
    assert reply.status_code == 422
    assert "the limit is 200,000" in reply.json["errors"][str(note_id)]
    response = client.post_form(
        f"/tours/sessions/{session_id}/notes",
        {f"note-{note_id}": huge, f"version-{note_id}": str(version)},
    )
    assert response.status_code == 409 and huge in response.get_data(as_text=True)
    assert notes_of(app, session_id)[0][2] == ""


def _quote(client: EngageClient, session_id: int, note_id: int, **fields: str) -> object:
    data = {"quote-note_id": str(note_id), "quote-speaker_role": "", "quote-consent": ""}
    data.update({f"quote-{k}": v for k, v in fields.items()})
    data["quote-csrf_token"] = client.csrf_token()
    return client.post(f"/tours/sessions/{session_id}/quotes", data=data)


def test_quote_inherits_consent_and_cannot_widen_it(
    app: Flask, client: EngageClient, login_as: Callable, make_session: Callable
) -> None:
    session_id = make_session(login_as(Role.FELLOW), consent_quote="internal")
    (note_id, *_), *_ = notes_of(app, session_id)
    set_note(app, note_id, "The buses stop running at nine. We need later service.")
    response = _quote(
        client, session_id, note_id, exact="We need later service.", consent="attributed"
    )
    assert response.status_code == 400
    assert "agreed to &#39;internal&#39; quoting" in response.get_data(as_text=True)
    response = _quote(client, session_id, note_id, start="0", end="31", speaker_role="resident")
    assert response.status_code == 302
    with app.app_context():
        quote = db.session.query(Quote).one()
        assert quote.text == "The buses stop running at nine." and quote.consent == "internal"
        assert quote.speaker_role == "resident"


def test_editing_the_note_flags_the_quote_and_never_moves_it(
    app: Flask, client: EngageClient, login_as: Callable, make_session: Callable
) -> None:
    session_id = make_session(login_as(Role.FELLOW))
    (note_id, _, _, version), *_ = notes_of(app, session_id)
    set_note(app, note_id, "Parks are safe. Lighting is poor.")
    assert _quote(client, session_id, note_id, exact="Lighting is poor.").status_code == 302
    version = notes_of(app, session_id)[0][3]
    reply = _autosave(
        client,
        session_id,
        [
            {
                "id": note_id,
                "text": "Intro added. Parks are safe. Lighting is poor.",
                "version": version,
            }
        ],
    )
    assert reply.json["flagged"] == 1
    with app.app_context():
        quote = db.session.query(Quote).one()
        assert quote.needs_review and (quote.start, quote.end) == (16, 33)
        quote_id = quote.id
    page = client.get(f"/tours/sessions/{session_id}").get_data(as_text=True)
    assert "Re-attach at character 29" in page
    client.post_form(f"/tours/quotes/{quote_id}/reattach", {"start": "3"})
    with app.app_context():
        assert db.session.get(Quote, quote_id).needs_review  # wrong place refused
    client.post_form(f"/tours/quotes/{quote_id}/reattach", {"start": "29"})
    with app.app_context():
        quote = db.session.get(Quote, quote_id)
        assert not quote.needs_review and quote.start == 29


def test_follow_up_needs_an_owner_and_shows_on_the_home_page(
    app: Flask, client: EngageClient, login_as: Callable, make_session: Callable
) -> None:
    fellow = login_as(Role.FELLOW)
    session_id = make_session(fellow)
    url = f"/tours/sessions/{session_id}/follow-ups"
    response = client.post_form(
        url, {"description": "Send bus map", "owner_id": "0", "status": "open"}
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "A follow-up needs an owner" in page and "Send bus map" in page
    yesterday = (utcnow().date() - timedelta(days=1)).isoformat()
    data = {
        "description": "Send bus map",
        "owner_id": str(fellow.id),
        "due": yesterday,
        "status": "open",
    }
    assert client.post_form(url, data).status_code == 302
    home = client.get("/").get_data(as_text=True)
    assert (
        "Listening-tour follow-ups" in home and f"OVERDUE since {yesterday}: Send bus map" in home
    )
    with app.app_context():
        item_id = db.session.query(FollowUp).one().id
    client.post_form(f"/tours/follow-ups/{item_id}", {**data, "status": "done"})
    assert "Send bus map" not in client.get("/").get_data(as_text=True)


def test_follow_up_due_later_is_not_on_the_home_page(
    client: EngageClient, login_as: Callable, make_session: Callable
) -> None:
    fellow: User = login_as(Role.FELLOW)
    session_id = make_session(fellow)
    later = (date.today() + timedelta(days=30)).isoformat()
    data = {
        "description": "Visit in spring",
        "owner_id": str(fellow.id),
        "due": later,
        "status": "open",
    }
    client.post_form(f"/tours/sessions/{session_id}/follow-ups", data)
    assert "Visit in spring" not in client.get("/").get_data(as_text=True)
