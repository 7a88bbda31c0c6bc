"""Staff e-mail invitations from the Distribute page: axe before and after, counts only."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask

from engage.auth.roles import Role
from engage.directory.models import Stakeholder, StakeholderRole
from engage.extensions import db
from tests.surveys.conftest import build_survey
from tests.surveys.smtp_server import smtp_server

pytestmark = pytest.mark.browser


def test_distribute_page_sends_invitations_by_email(
    app: Flask,
    page: Any,
    sign_in: Callable[[Any, Role], Any],
    assert_accessible: Callable[[Any], None],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with app.app_context():
        survey_id = build_survey(public=False).id
        db.session.add_all(
            Stakeholder(name=f"Person {n}", email=f"p{n}@example.org" if n else None,
                        consent_contact=True, role=StakeholderRole.RESIDENT)
            for n in range(3)
        )  # fmt: skip
        db.session.commit()
    sign_in(page, Role.ANALYST)
    with smtp_server() as server:
        monkeypatch.setitem(app.config, "SMTP_HOST", "127.0.0.1")
        monkeypatch.setitem(app.config, "SMTP_PORT", server.server_address[1])
        monkeypatch.setitem(app.config, "SMTP_SECURITY", "none")
        page.goto(f"/surveys/{survey_id}/invitations")
        assert page.get_by_label("E-mail each person their link").is_checked()
        assert_accessible(page)
        page.get_by_role("button", name="Create invitations").click()
        page.wait_for_load_state()
        assert page.get_by_text("2 invitations e-mailed.").is_visible()
        assert page.get_by_role("heading", name="Not sent yet").is_visible()
        assert_accessible(page)
    assert len(server.received) == 2
