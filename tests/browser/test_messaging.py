"""The messaging journey in Chromium: a communications officer builds a draft from a published
report, adds a statistic and a quote, sees the small-sample warning, submits; an analyst cannot
approve until giving a reason, then approves and downloads the Word copy, which opens with its
evidence appendix. Every page passes axe (WCAG 2.1 A/AA)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from docx import Document
from flask import Flask

from engage.auth.roles import Role
from engage.extensions import db
from engage.messaging.models import Approval, Draft, DraftStatus
from tests.messaging.conftest import PUBLIC_QUOTE, add_run, audience, channel

pytestmark = pytest.mark.browser


def _report(app: Flask) -> int:
    """Seed a published run; returns its id (not always 1: PostgreSQL keeps its sequences)."""
    with app.app_context():
        run_id = add_run().id
        audience()
        channel()
        db.session.commit()
        return run_id


def _sign_out(page: Any) -> None:
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/login**")


def _download_word_copy(page: Any, assert_accessible: Callable[[Any], None]) -> None:
    page.get_by_role("link", name="Export").click()
    assert_accessible(page)
    page.get_by_label("Word document (approved drafts)").check()
    with page.expect_download() as info:
        page.get_by_role("button", name="Download").click()
    download = info.value
    assert download.suggested_filename.endswith("-en-review.docx")
    texts = [p.text for p in Document(download.path()).paragraphs]
    assert texts[0] == "What riders told us" and "Evidence" in texts
    assert "1. Bus service frequency" in texts


def test_messaging_journey(
    app: Flask,
    page: Any,
    sign_in: Callable[[Any, Role], Any],
    assert_accessible: Callable[[Any], None],
) -> None:
    run = f"#{_report(app)} Transit listening 2025"
    sign_in(page, Role.COMMUNICATIONS)
    page.goto("/messaging/")
    assert_accessible(page)
    page.get_by_role("link", name="Audiences and channels").click()
    assert_accessible(page)
    page.get_by_role("link", name="New audience").click()
    page.get_by_role("button", name="Save audience").click()
    assert page.get_by_text("There is a problem").is_visible()
    assert_accessible(page)
    page.console_errors.remove(  # the refused form answers 400, which Chromium logs
        "Failed to load resource: the server responded with a status of 400 (BAD REQUEST)"
    )
    page.goto("/messaging/")
    page.get_by_role("link", name="New draft").click()
    page.get_by_label("Title").fill("What riders told us")
    page.get_by_label("Based on report").select_option(label=run)
    page.get_by_label(f"Bus service frequency ({run})").check()
    assert_accessible(page)
    page.get_by_role("button", name="Create draft").click()
    assert page.get_by_text("Draft created.").is_visible()

    page.get_by_role("link", name="Insert a statistic").click()
    assert_accessible(page)
    page.get_by_label("Theme", exact=True).select_option(label="Parking at the courthouse (4)")
    page.get_by_label("Share of those who raised it who raised concerns").check()
    page.get_by_role("button", name="Insert statistic").click()
    assert page.get_by_text("fewer than the privacy threshold of 10").is_visible()

    page.get_by_role("link", name="Insert a quote").click()
    assert_accessible(page)
    page.get_by_label(PUBLIC_QUOTE).check()
    page.get_by_label("Where", exact=True).select_option(
        label="Evidence for claim: Bus service frequency"
    )
    page.get_by_role("button", name="Insert quote").click()
    assert page.get_by_text(f"“{PUBLIC_QUOTE}”").is_visible()

    draft_url = page.url.split("#")[0]
    page.goto("/messaging/jargon")
    page.get_by_label("Jargon", exact=True).fill("utilize")
    page.get_by_label("Plainer words").fill("use")
    page.get_by_role("button", name="Add", exact=True).click()
    assert page.get_by_role("cell", name="utilize", exact=True).is_visible()
    assert_accessible(page)
    page.goto(draft_url)
    page.get_by_label("Kind of block").select_option("paragraph")
    page.get_by_label("Text", exact=True).fill("We will utilize your ideas.")
    page.get_by_role("button", name="Add block").click()
    assert page.locator("mark.jargon", has_text="utilize").is_visible()
    assert page.get_by_text("Jargon: “utilize”, try “use”.").is_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Submit for review").click()
    assert page.get_by_text("Submitted for review.").is_visible()
    _sign_out(page)

    sign_in(page, Role.ANALYST)
    page.goto("/")
    page.get_by_role("link", name="Waiting for your review: What riders told us").click()
    assert_accessible(page)
    page.get_by_role("button", name="Approve version 1").click()
    assert page.get_by_text("Give a reason to override each warning").is_visible()
    page.get_by_label("fewer than the privacy threshold", exact=False).fill(
        "Shown as context, with its sample size."
    )
    page.get_by_role("button", name="Approve version 1").click()
    assert page.get_by_text("Approved.", exact=True).is_visible()
    assert page.get_by_text("Version 1 approved by").is_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Versions").click()
    assert_accessible(page)
    page.get_by_role("link", name="Languages").click()
    assert_accessible(page)
    _download_word_copy(page, assert_accessible)
    with app.app_context():
        draft = db.session.query(Draft).one()
        assert draft.status == DraftStatus.APPROVED
        assert db.session.query(Approval).one().overrides[0]["reason"].startswith("Shown as")
    assert page.console_errors == []
