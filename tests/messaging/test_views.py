"""Messaging pages through the test client: roles, the drafting flow, review, home panel."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from analysis.reports.models import Theme
from engage.audit.models import AuditEvent
from engage.auth.models import User
from engage.auth.roles import Role
from engage.extensions import db
from engage.messaging.models import Approval, Block, Draft, DraftStatus
from tests.conftest import EngageClient
from tests.messaging.conftest import PUBLIC_QUOTE, add_run, audience, channel, new_draft

DENIED = (Role.FELLOW, Role.VIEWER, Role.ADMIN)


def _messaging_urls(app: Flask) -> list[tuple[str, str]]:
    urls = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("messaging."):
            values = {arg: ("es" if arg == "language" else 1) for arg in rule.arguments}
            for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
                urls.append((method, rule.build(values, append_unknown=False)[1]))
    return urls


@pytest.mark.parametrize("role", DENIED)
def test_other_roles_are_refused_everywhere(
    app: Flask, client: EngageClient, login_as: Callable[[Role], User], role: Role
) -> None:
    login_as(role)
    token = client.csrf_token()
    urls = _messaging_urls(app)
    assert len(urls) > 20
    for method, url in urls:
        response = client.open(url, method=method, data={"csrf_token": token})
        assert response.status_code == 403, (role, method, url)


def _draft(app: Flask, user: User, **values: Any) -> tuple[int, int]:
    with app.app_context():
        run = add_run(**values)
        draft = new_draft(run, db.session.merge(user))
        db.session.commit()
        return draft.id, run.id


def _bus_id(app: Flask, run_id: int) -> int:
    with app.app_context():
        return db.session.scalar(
            select(Theme.id).where(Theme.run_id == run_id, Theme.position == 0)
        )


def test_communications_cannot_approve_or_send_back(
    app: Flask, client: EngageClient, login_as: Callable[[Role], User]
) -> None:
    user = login_as(Role.COMMUNICATIONS)
    draft_id, _run = _draft(app, user)
    assert client.post_form(f"/messaging/{draft_id}/submit").status_code == 302
    assert client.post_form(f"/messaging/{draft_id}/approve").status_code == 403
    assert client.post_form(f"/messaging/{draft_id}/send-back", {"note": "x"}).status_code == 403


def test_a_draft_from_the_form_and_its_pages(
    app: Flask, client: EngageClient, login_as: Callable[[Role], User]
) -> None:
    login_as(Role.COMMUNICATIONS)
    with app.app_context():
        run = add_run()
        ids = (audience().id, channel().id, run.id)
        db.session.commit()
    bus = _bus_id(app, ids[2])
    page = client.get("/messaging/new").get_data(as_text=True)
    assert "Bus service frequency" in page
    response = client.post_form("/messaging/new", {"title": "", "audience_id": ids[0],
                                "channel_id": ids[1], "run_id": ids[2]})  # fmt: skip
    assert response.status_code == 400 and "There is a problem" in response.get_data(as_text=True)
    response = client.post_form("/messaging/new", {
        "title": "What riders told us", "audience_id": ids[0], "channel_id": ids[1],
        "run_id": ids[2], "theme_ids": [bus],
    })  # fmt: skip
    assert response.status_code == 302
    draft_id = int(re.search(r"/messaging/(\d+)", response.location).group(1))
    for path in ("", "/languages", "/versions", "/export", "/settings", "/statistic", "/quote"):
        assert client.get(f"/messaging/{draft_id}{path}").status_code == 200, path
    quote_page = client.get(f"/messaging/{draft_id}/quote").get_data(as_text=True)
    assert PUBLIC_QUOTE in quote_page and "[NAME]" not in quote_page


def test_text_is_escaped_before_highlighting(
    app: Flask, client: EngageClient, login_as: Callable[[Role], User]
) -> None:
    user = login_as(Role.COMMUNICATIONS)
    draft_id, _run = _draft(app, user)
    client.post_form("/messaging/jargon/starter")
    text = "We will utilize <script>alert(1)</script> data."
    response = client.post_form(
        f"/messaging/{draft_id}/blocks", {"kind": "paragraph", "text": text}
    )
    assert response.status_code == 302
    page = client.get(f"/messaging/{draft_id}").get_data(as_text=True)
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert '<mark class="jargon">utilize</mark>' in page and "try “use”" in page


def test_comms_builds_submits_and_analyst_approves_with_a_reason(
    app: Flask, client: EngageClient, make_user: Callable[..., User]
) -> None:
    comms, analyst = make_user(Role.COMMUNICATIONS), make_user(Role.ANALYST)
    client.login(comms.email)
    draft_id, run_id = _draft(app, comms)
    bus = _bus_id(app, run_id)
    with app.app_context():
        small = db.session.scalar(
            select(Theme.id).where(Theme.run_id == run_id, Theme.position == 1)
        )
    client.post_form(f"/messaging/{draft_id}/statistic",
                     {"theme_id": small, "metric": "concern", "claim_id": 0})  # fmt: skip
    client.post_form(f"/messaging/{draft_id}/quote",
                     {"quote": f"{bus}:upload:1:0", "claim_id": 0})  # fmt: skip
    page = client.get(f"/messaging/{draft_id}").get_data(as_text=True)
    assert "fewer than the privacy threshold of 10" in page and PUBLIC_QUOTE in page
    assert client.post_form(f"/messaging/{draft_id}/submit").status_code == 302
    client.post_form("/logout")
    client.login(analyst.email)
    client.post_form(f"/messaging/{draft_id}/approve")
    with app.app_context():
        assert db.session.get(Draft, draft_id).status == DraftStatus.IN_REVIEW  # refused
        key = next(k for k in _reason_keys(client, draft_id))
    client.post_form(f"/messaging/{draft_id}/approve", {f"reason-{key}": "Shown as context only."})
    with app.app_context():
        draft = db.session.get(Draft, draft_id)
        approval = db.session.scalar(select(Approval).where(Approval.draft_id == draft_id))
        assert draft.status == DraftStatus.APPROVED and approval.approved_by_id == analyst.id
        assert approval.overrides[0]["reason"] == "Shown as context only."
        actions = set(db.session.scalars(select(AuditEvent.action)))
        assert {"message.submitted", "message.approved"} <= actions


def _reason_keys(client: EngageClient, draft_id: int) -> list[str]:
    page = client.get(f"/messaging/{draft_id}").get_data(as_text=True)
    return re.findall(r'name="reason-([^"]+)"', page)


def test_translations_side_by_side_and_outdated(
    app: Flask, client: EngageClient, login_as: Callable[[Role], User]
) -> None:
    user = login_as(Role.COMMUNICATIONS)
    draft_id, _run = _draft(app, user)
    with app.app_context():
        block_id = db.session.get(Draft, draft_id).blocks[1].id
    url = f"/messaging/{draft_id}/blocks/{block_id}/translations/es"
    client.post_form(url, {"text": "Frecuencia del autobús"})
    page = client.get(f"/messaging/{draft_id}/languages").get_data(as_text=True)
    assert "Frecuencia del autobús" in page and "Outdated" not in page
    client.post_form(f"/messaging/{draft_id}/blocks/{block_id}", {"text": "Buses come too rarely."})
    page = client.get(f"/messaging/{draft_id}/languages").get_data(as_text=True)
    assert "Outdated" in page
    with app.app_context():
        block = db.session.get(Block, block_id)
        assert block.outdated("es") and not block.outdated("hmn")


def test_export_downloads_and_is_audited(
    app: Flask, client: EngageClient, login_as: Callable[[Role], User]
) -> None:
    user = login_as(Role.COMMUNICATIONS)
    draft_id, _run = _draft(app, user)
    response = client.post_form(f"/messaging/{draft_id}/export",
                                {"fmt": "md", "language": "en", "appendix": "y"})  # fmt: skip
    assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
    body = response.get_data(as_text=True)
    assert body.startswith("## Bus service: what we heard") and "## Evidence" in body
    public = client.post_form(f"/messaging/{draft_id}/export", {"fmt": "html", "language": "en"})
    assert public.status_code == 400 and "Only an approved draft" in public.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "message.exported"))


def test_home_panel_flags_stale_evidence(
    app: Flask, client: EngageClient, login_as: Callable[[Role], User]
) -> None:
    user = login_as(Role.COMMUNICATIONS)
    draft_id, run_id = _draft(app, user)
    bus = _bus_id(app, run_id)
    client.post_form(f"/messaging/{draft_id}/statistic",
                     {"theme_id": bus, "metric": "share", "claim_id": 0})  # fmt: skip
    assert "Stale evidence" not in client.get("/").get_data(as_text=True)
    with app.app_context():
        add_run(respondents=60, parent=run_id)
        db.session.commit()
    home = client.get("/").get_data(as_text=True)
    assert "Stale evidence: Bus service: what we heard" in home
