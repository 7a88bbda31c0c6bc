"""Listening tour in Chromium: plan a session from a guide, take notes, quote, follow up,
code, search; autosave survives a failed save; axe finds no WCAG 2.1 A/AA violations."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask

from engage.auth.roles import Role
from engage.demo.seed import milwaukee
from engage.directory.models import OrgUnit, OrgUnitKind
from engage.extensions import db
from engage.tours.coding import seed_strategic_codebook
from engage.tours.guides import QuestionDraft, save_guide
from engage.tours.models import CodedSpan, FollowUp, Note, Quote

pytestmark = pytest.mark.browser
ANSWER = "Residents wait an hour for the 51 bus. Evening service would help shift workers."


@pytest.fixture
def tour_setup(app: Flask) -> None:
    with app.app_context():
        db.session.add(OrgUnit(kind=OrgUnitKind.MUNICIPALITY, name="Cudahy", subkind="city"))
        save_guide(
            None,
            "Municipal staff",
            "city staff",
            [QuestionDraft({"en": "What gets in the way for residents?"})],
            None,
        )
        seed_strategic_codebook(milwaukee()["strategic_plan"])
        db.session.commit()


def _select_in(page: Any, selector: str, text: str) -> None:
    page.eval_on_selector(
        selector,
        "(el, t) => { const i = el.value.indexOf(t); el.focus();"
        " el.setSelectionRange(i, i + t.length); }",
        text,
    )


def _failed_requests(page: Any) -> list[str]:
    """Responses of 400 or more seen by the page."""
    failed: list[str] = []
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    return failed


def test_fellow_plans_notes_quotes_codes_and_finds_a_session(
    app: Flask,
    page: Any,
    sign_in: Callable[[Any, Role], Any],
    assert_accessible: Callable[[Any], None],
    tour_setup: None,
) -> None:
    failed = _failed_requests(page)
    fellow = sign_in(page, Role.FELLOW)
    page.get_by_role("link", name="Listening tour").click()
    assert_accessible(page)
    page.get_by_role("link", name="Interview guides").click()
    page.get_by_role("link", name="New session with Municipal staff").click()
    page.get_by_label("Title").fill("Cudahy public works")
    page.get_by_label("Kind of session").select_option("meeting")
    page.get_by_label("Status").select_option("held")
    page.get_by_label("Date", exact=True).fill("2025-03-14")
    page.get_by_label("Departments, municipalities or teams").select_option(
        label="Cudahy (Municipality)"
    )
    assert_accessible(page)
    page.get_by_role("button", name="Save session").click()
    page.wait_for_url("**/tours/sessions/*")
    assert_accessible(page)

    question = page.get_by_label("1. What gets in the way for residents?")
    question.fill(ANSWER)
    page.keyboard.press("Control+s")
    page.get_by_text("All changes saved").wait_for()

    _select_in(page, "textarea.note__text", "Evening service would help shift workers.")
    page.keyboard.press("Alt+q")
    page.wait_for_function("document.getElementById('quote-exact').value.length > 0")
    page.get_by_label("Speaker", exact=True).select_option("municipal_staff")
    page.get_by_role("button", name="Mark quote").click()
    page.wait_for_url("**#quotes")

    _select_in(page, "textarea.note__text", "Residents wait an hour for the 51 bus.")
    page.keyboard.press("Alt+k")
    page.wait_for_function("document.getElementById('code-exact').value.length > 0")
    page.locator("#code-code_id").select_option(
        label="— Determine what, where and how we deliver services based on the resident experience"
    )
    page.get_by_role("button", name="Apply code").click()
    page.wait_for_url("**#coding")

    page.get_by_label("What needs to happen").fill("Ask MCTS about evening routes")
    page.get_by_label("Due").fill("2025-03-21")
    page.get_by_role("button", name="Add follow-up").click()
    page.wait_for_url("**#follow-ups")
    assert_accessible(page)

    page.get_by_role("link", name="Search").click()
    page.get_by_label("Words").fill("evening shift")
    page.get_by_role("button", name="Search").click()
    results = page.locator("ol.results").first
    assert "Cudahy public works" in results.inner_text()
    assert page.locator("ol.results mark").first.inner_text().lower().startswith("evening")
    assert_accessible(page)
    page.goto("/tours/coverage")
    assert_accessible(page)
    assert failed == []
    with app.app_context():
        quote = db.session.query(Quote).one()
        assert quote.text == "Evening service would help shift workers."
        assert db.session.query(CodedSpan).one().text == "Residents wait an hour for the 51 bus."
        assert db.session.query(FollowUp).one().owner_id == fellow.id


def test_a_failed_autosave_keeps_the_draft_and_recovers_it_on_reload(
    app: Flask, page: Any, sign_in: Callable[[Any, Role], Any], tour_setup: None
) -> None:
    sign_in(page, Role.FELLOW)
    page.goto("/tours/sessions/new")
    page.get_by_label("Title").fill("Offline interview")
    page.get_by_label("Date", exact=True).fill("2025-03-14")
    page.get_by_role("button", name="Save session").click()
    page.wait_for_url("**/tours/sessions/*")
    page.route("**/notes/autosave", lambda route: route.abort())
    page.get_by_label("Free notes").fill("Written while the connection was down.")
    page.get_by_text("Not saved: the server could not be reached").wait_for()
    page.unroute("**/notes/autosave")
    with app.app_context():
        assert db.session.query(Note).one().text == ""  # nothing reached the server
    page.reload()
    assert page.get_by_label("Free notes").input_value() == "Written while the connection was down."
    page.get_by_text("Recovered text from this browser").wait_for()
    page.get_by_text("All changes saved").wait_for()
    with app.app_context():
        assert db.session.query(Note).one().text == "Written while the connection was down."
    assert all("net::ERR_FAILED" in e or "404" in e for e in page.console_errors)
