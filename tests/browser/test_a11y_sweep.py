"""Accessibility sweep: every page of every role, empty and error states, in Chromium with axe.

One seeded database, one browser, one context per account. Each page must pass axe (WCAG 2.1
A and AA) and reflow: no horizontal scrolling at 320 CSS px wide (WCAG 1.4.10) nor at 200% zoom
of a 1280 px window (640 CSS px, WCAG 1.4.4). Failures are collected over the whole crawl and
reported together, so one run lists everything to fix.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.base import AXE_SCRIPT
from flask import Flask
from sqlalchemy import func, select

from engage.demo import seed
from engage.directory.models import Stakeholder
from engage.extensions import db
from surveys.demo import seed_surveys
from surveys.distribution import invite
from surveys.models import Response, Survey
from tests.browser import crawl
from tests.browser.conftest import WCAG_TAGS

pytestmark = pytest.mark.browser

PASSWORD = "demo-password"
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
#: 320 CSS px (reflow) and a 1280 px window at 200% zoom.
NARROW_WIDTHS = (320, 640)
#: The page's main content without per-session tokens, to skip repeats across accounts.
MAIN_HTML = """() => {
  const copy = (document.querySelector("main") || document.body).cloneNode(true);
  copy.querySelectorAll("input[name=csrf_token], input[name=state]").forEach((e) => e.remove());
  return copy.innerHTML;
}"""
#: Forms whose empty submission must come back with an accessible error summary, by account.
EMPTY_SUBMISSIONS = {
    "analyst": (
        "/surveys/new", "/tours/sessions/new", "/directory/org-units/new",
        "/directory/stakeholders/new", "/census/benchmarks/new", "/census/initiatives/new",
        "/census/waves/new", "/tours/guides/new", "/messaging/audiences/new",
        "/messaging/channels/new", "/messaging/new", "/reports/new", "/account/password",
        "/reports/uploads/new", "/imports/", "/directory/stakeholders/import", "/tours/import",
    ),
    "admin": ("/admin/users/new",),
}  # fmt: skip


class Sweep:
    """Runs the checks on pages and keeps every failure for one report at the end."""

    def __init__(self, app: Flask, browser: Any, base_url: str) -> None:
        self.app, self.browser, self.base_url = app, browser, base_url
        self.failures: list[str] = []
        self.checked: dict[str, int] = {}
        self.pages: dict[str, int] = {}
        #: main content of the pages checked: another account's page with the same content is
        #: not checked again (each account's own navigation is checked on its other pages).
        self.seen: set[str] = set()

    def context(self, who: str) -> Any:
        """A context for ``who`` (an ACCOUNTS key, or "anonymous") with axe loaded in each page."""
        context = crawl.new_context(self.browser, self.base_url, AXE_SCRIPT)
        if who != "anonymous":
            crawl.sign_in(context, crawl.ACCOUNTS[who], PASSWORD)
        return context

    def check(self, page: Any, who: str, what: str = "") -> None:
        """Axe and reflow, unless another account's identical page was checked already."""
        self.pages[who] = self.pages.get(who, 0) + 1
        main = page.evaluate(MAIN_HTML)
        if main in self.seen:
            return
        self.seen.add(main)
        self.checked[who] = self.checked.get(who, 0) + 1
        where = f"{who} {page.url}{what}"
        results = page.evaluate(f"axe.run({json.dumps(AXE_OPTIONS)})")
        for violation in results["violations"]:
            targets = [n["target"] for n in violation["nodes"]][:3]
            self.failures.append(f"{where}: {violation['id']} {targets}")
        size = page.viewport_size
        for width in NARROW_WIDTHS:
            page.set_viewport_size({"width": width, "height": 640})
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            if overflow > 0:
                self.failures.append(f"{where}: {overflow}px horizontal scroll at {width}px")
        page.set_viewport_size(size)

    def visit(self, page: Any, who: str, url: str, endpoint: str = "", strict: bool = True) -> None:
        """Open and check ``url``; ``strict``: it must answer 200 (else only no server error)."""
        response = page.goto(url)
        expected = crawl.EXPECTED_STATUS.get(endpoint, 200)
        if response is None or (response.status != expected if strict else response.status >= 500):
            status = response.status if response else "no response"
            self.failures.append(f"{who} {url}: HTTP {status}")
        self.check(page, who)

    def crawl(self, accounts: Iterable[str], strict: bool = True) -> None:
        """Every page each account may open (``strict``: see ``visit``)."""
        for who in accounts:
            if who != "anonymous" and crawl.role_of(self.app, crawl.ACCOUNTS[who]) is None:
                continue  # the census lead exists only once the demo is seeded
            context = self.context(who)
            for found in crawl.pages(self.app, who).pages:
                self.visit(context.pages[0], who, found.url, found.endpoint, strict)
            context.close()

    def error_states(self) -> None:
        """Empty submissions, a denied page (403) and a missing one (404)."""
        for who, urls in EMPTY_SUBMISSIONS.items():
            context = self.context(who)
            page = context.pages[0]
            for url in urls:
                page.goto(url)
                with page.expect_navigation():
                    page.locator("main form[method=post] button:not([type=button])").first.click()
                if not page.locator(".error-summary, [role=alert]").count():
                    self.failures.append(f"{who} {url}: no error shown after an empty submission")
                self.check(page, who, " (submitted empty)")
            context.close()
        context = self.context("viewer")
        for url, status in (("/no/such/page", 404), ("/admin/users", 403)):
            response = context.pages[0].goto(url)
            assert response.status == status
            self.check(context.pages[0], "viewer", f" ({status})")
        context.close()


def test_every_page_of_every_role_passes_axe_and_reflows(
    app: Flask, browser: Any, live_server: str
) -> None:
    started = time.monotonic()
    sweep = Sweep(app, browser, live_server)
    with app.app_context():
        seed.seed_users(PASSWORD)
        db.session.commit()
    # Empty states: between them these two open every list. With no census rubric yet, a new
    # wave answers 400 and the rubric editor 404, each with a page saying why.
    sweep.crawl(("admin", "analyst"), strict=False)
    empty = dict(sweep.pages)
    emptied = time.monotonic()
    with app.app_context():
        crawl.seed_world(PASSWORD)
    seeded = time.monotonic()
    sweep.crawl(("anonymous", *crawl.ACCOUNTS))
    sweep.error_states()
    full = {who: count - empty.get(who, 0) for who, count in sweep.pages.items()}
    print(
        f"\naccessibility sweep: empty-state pages {empty}, seeded pages (with error states) "
        f"{full}; {sum(sweep.pages.values())} pages, {sum(sweep.checked.values())} checked by "
        f"axe and reflow (the rest repeat a checked page's content); empty crawl "
        f"{emptied - started:.0f}s, seeding {seeded - emptied:.0f}s, seeded crawl "
        f"{time.monotonic() - seeded:.0f}s"
    )
    assert not sweep.failures, "\n".join(sweep.failures)


ANSWER = "Safer crossings near the school, and evening bus service."
#: What has keyboard focus, and whether its radio or checkbox group already has an answer.
FOCUSED = """() => {
  const e = document.activeElement;
  const group = e.name ? [...document.getElementsByName(e.name)] : [];
  return {tag: e.tagName, type: e.type || "", value: e.value || "", name: e.name || "",
          answered: group.some((x) => x.checked), inForm: !!e.closest("form.survey-form")};
}"""


def answer_page_by_keyboard(
    page: Any, fill: bool = True, text: str = ANSWER, press: str = "next"
) -> None:
    """Tab through one respondent page, answering each question once, then press Enter on Next.

    Only keys: Tab moves, Space ticks the first option of a radio or checkbox group, typing fills
    a text field, ArrowDown picks a select's first option, Enter presses the ``press`` button
    (or the review page's Submit).
    """
    for _ in range(200):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if not focused["inForm"]:
            continue
        if focused["tag"] == "BUTTON" and focused["value"] in (press, "submit"):
            with page.expect_navigation():
                page.keyboard.press("Enter")
            return
        if not fill:
            continue
        if focused["type"] in ("radio", "checkbox") and not focused["answered"]:
            page.keyboard.press("Space")
        elif focused["type"] in ("text", "textarea", "email") and not focused["value"]:
            page.keyboard.type(text)
        elif focused["type"] == "number" and not focused["value"]:
            page.keyboard.type("3")
        elif focused["tag"] == "SELECT" and not focused["value"]:
            page.keyboard.press("ArrowDown")
    raise AssertionError(f"no Next button reached by keyboard on {page.url}")


def complete_by_keyboard(sweep: Sweep, page: Any) -> None:
    for _ in range(10):
        answer_page_by_keyboard(page)
        sweep.check(page, "respondent")
        if "/thanks" in page.url:
            return
    raise AssertionError(f"not finished by keyboard: {page.url}")


def test_a_survey_can_be_completed_with_the_keyboard_alone(
    app: Flask, browser: Any, live_server: str
) -> None:
    with app.test_request_context():  # invitation links are built as URLs
        seed.seed_users(PASSWORD)
        seed.seed_org_units()
        seed.seed_stakeholders()
        seed_surveys()
        feedback = db.session.scalar(select(Survey).where(Survey.slug == "demo-feedback"))
        person = db.session.scalar(select(Stakeholder).limit(1))
        [(_, link)] = invite(feedback, [person], None)
        invited = urlsplit(link)._replace(scheme="", netloc="").geturl()
        db.session.commit()
        before = db.session.scalar(select(func.count()).select_from(Response))
    sweep = Sweep(app, browser, live_server)
    context = sweep.context("anonymous")
    page = context.pages[0]
    page.goto("/s/demo-buy-in")
    sweep.check(page, "respondent")
    answer_page_by_keyboard(page, fill=False)  # nothing answered: the error summary comes back
    assert page.get_by_role("alert").get_by_text("There is a problem").is_visible()
    sweep.check(page, "respondent", " (required answers missing)")
    complete_by_keyboard(sweep, page)
    page.goto("/s/demo-feedback")  # invitation only: a notice, not the form
    sweep.check(page, "respondent", " (no invitation)")
    page.goto(invited)
    answer_page_by_keyboard(page, press="save")  # save and finish later: the resume code
    sweep.check(page, "respondent", " (saved)")
    page.goto(invited)
    complete_by_keyboard(sweep, page)  # through its review step
    context.close()
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Response)) == before + 2
    assert not sweep.failures, "\n".join(sweep.failures)
