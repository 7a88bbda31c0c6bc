"""Managing audiences and channels: validation at the fields, deactivation, audit."""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask
from sqlalchemy import select

from engage.audit.models import AuditEvent
from engage.auth.models import User
from engage.auth.roles import Role
from engage.extensions import db
from engage.messaging.models import Audience, Channel
from tests.conftest import EngageClient
from tests.messaging.conftest import add_run, audience, channel, new_draft

GOOD = {"name": "Bus riders", "kind": "residents", "languages": ["en", "es"],
        "quote_consent": "anonymous_public", "target_grade": "8"}  # fmt: skip


def _actions(app: Flask) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


def test_audience_is_created_and_changed_with_audit(
    app: Flask, client: EngageClient, login_as: Callable[[Role], User]
) -> None:
    login_as(Role.COMMUNICATIONS)
    assert client.get("/messaging/audiences/new").status_code == 200
    assert client.post_form("/messaging/audiences/new", GOOD).status_code == 302
    with app.app_context():
        found = db.session.scalar(select(Audience).where(Audience.name == "Bus riders"))
        assert found.languages == ["en", "es"] and found.target_grade == 8 and found.active
        audience_id = found.id
    changed = {**GOOD, "languages": ["hmn", "en"], "target_grade": "6"}
    response = client.post_form(f"/messaging/audiences/{audience_id}", changed)
    assert response.status_code == 302
    with app.app_context():
        found = db.session.get(Audience, audience_id)
        assert found.languages == ["en", "hmn"] and found.target_grade == 6
    assert _actions(app)[-2:] == ["message_audience.created", "message_audience.changed"]
    page = client.get("/messaging/audiences").get_data(as_text=True)
    assert "Bus riders" in page and "English, Hmoob" in page


def test_audience_errors_are_at_the_fields_and_values_kept(
    app: Flask, client: EngageClient, login_as: Callable[[Role], User]
) -> None:
    login_as(Role.ANALYST)
    bad = {**GOOD, "name": "Riders <b>", "languages": [], "target_grade": "30"}
    response = client.post_form("/messaging/audiences/new", bad)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'id="languages-error"' in page and 'id="target_grade-error"' in page
    assert 'value="Riders &lt;b&gt;"' in page and 'value="30"' in page
    client.post_form("/messaging/audiences/new", GOOD)
    taken = client.post_form("/messaging/audiences/new", {**GOOD, "name": "bus RIDERS"})
    page = taken.get_data(as_text=True)
    assert taken.status_code == 400 and 'id="name-error"' in page and "already in use" in page
    with app.app_context():
        assert db.session.scalar(select(Audience.name)) == "Bus riders"


def test_channel_limit_validation_and_deactivation(
    app: Flask, client: EngageClient, login_as: Callable[[Role], User]
) -> None:
    user = login_as(Role.COMMUNICATIONS)
    data = {"name": "Bluesky", "kind": "social", "max_chars": "5"}
    response = client.post_form("/messaging/channels/new", data)
    assert response.status_code == 400 and 'id="max_chars-error"' in response.get_data(as_text=True)
    assert 'value="Bluesky"' in response.get_data(as_text=True)
    assert (
        client.post_form("/messaging/channels/new", {**data, "max_chars": "300"}).status_code == 302
    )
    with app.app_context():
        bluesky = db.session.scalar(select(Channel).where(Channel.name == "Bluesky"))
        run = add_run()
        draft = new_draft(run, db.session.merge(user))
        ids = (bluesky.id, draft.channel_id, draft.audience_id, draft.id)
        db.session.commit()
    assert client.post_form(f"/messaging/channels/{ids[1]}/deactivate").status_code == 302
    assert client.post_form(f"/messaging/audiences/{ids[2]}/deactivate").status_code == 302
    new_page = client.get("/messaging/new").get_data(as_text=True)
    assert "Bluesky (300 characters)</option>" in new_page
    assert ">Channel None</option>" not in new_page
    assert ">Audience residents</option>" not in new_page
    # The draft keeps its deactivated audience and channel, and can still be saved.
    settings = client.get(f"/messaging/{ids[3]}/settings").get_data(as_text=True)
    assert ">Channel None</option>" in settings and ">Audience residents</option>" in settings
    refused = client.post_form("/messaging/new", {"title": "x", "audience_id": ids[2],
                               "channel_id": ids[0], "run_id": 0})  # fmt: skip
    assert refused.status_code == 400
    assert client.post_form(f"/messaging/channels/{ids[1]}/reactivate").status_code == 302
    with app.app_context():
        assert db.session.get(Channel, ids[1]).active
        assert not db.session.get(Audience, ids[2]).active
    assert _actions(app)[-3:] == ["message_channel.deactivated", "message_audience.deactivated",
                                  "message_channel.reactivated"]  # fmt: skip


def test_a_deactivated_audience_cannot_start_a_draft(app: Flask, ctx) -> None:  # noqa: ANN001
    import pytest

    from engage.errors import DomainError
    from engage.messaging import drafts

    found = audience()
    found.active = False
    with pytest.raises(DomainError, match="deactivated"):
        drafts.create_draft("Title", found, channel(), None, [], ctx.comms)
