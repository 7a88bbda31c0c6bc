"""Stored-XSS sweep: payloads in every text field people can write, every page crawled in Chromium.

The demo world is seeded (an XLSForm whose labels are payloads included), then every free-text
column and the text inside JSON columns is rewritten to start with a polyglot payload numbered
by field, and a respondent types payloads into /s/<slug> with the keyboard. Each account then
opens every page it may (tests/browser/crawl.py) and the page must show no sign of the payload
running or being parsed as markup: ``window.__xss`` unset, no dialog, no CSP violation or page
error in the console, no injected element in the DOM, and no ``{{7*7}}`` evaluated.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import String, func, select, update

from engage.extensions import db
from engage.security import CONTENT_SECURITY_POLICY
from surveys.models import Answer, Question, Response
from tests.browser import crawl
from tests.browser.test_a11y_sweep import answer_page_by_keyboard

pytestmark = pytest.mark.browser
PASSWORD = "demo-password"
#: Free-text columns anyone (staff, respondents, imported files) can write, by table.
TEXT_COLUMNS = {
    "analysis_run": ("title", "error"),
    "api_token": ("name",),
    "audience": ("name",),
    "benchmark": ("name", "source", "unit_label"),
    "benchmark_value": ("source",),
    "block": ("text",),
    "channel": ("name",),
    "comment": ("block_excerpt", "text"),
    "deliberation": ("title", "description", "attribution", "url"),
    "draft": ("title",),
    "evidence_link": ("label", "text"),
    "initiative": ("title", "description", "owner", "budget_note"),
    "jargon_term": ("term", "plain"),
    "job": ("title", "message", "error"),
    "org_unit": ("name", "description"),
    "question": ("text", "help"),
    "rubric": ("title", "change_note"),
    "rubric_dimension": ("name", "focus_area", "objective"),
    "run_unit": ("text",),
    "score": ("evidence_links", "evidence_notes", "review_reason"),
    "section": ("title", "intro"),
    "stakeholder": ("name", "title", "notes"),
    "statement": ("text",),
    "survey": ("title", "intro", "thanks"),
    "survey_import": ("filename",),
    "text_upload": ("name", "filename"),
    "theme": ("label", "summary", "curated_label", "curated_summary"),
    "tour_code": ("name", "description"),
    "tour_coded_span": ("text",),
    "tour_follow_up": ("description",),
    "tour_guide": ("title", "audience"),
    "tour_note": ("text",),
    "tour_quote": ("speaker_label", "text"),
    "tour_session": ("title", "place", "summary"),
    "user": ("name",),
    "wave": ("title",),
}
#: Text kept at the start of these (quotes and codes point into them by offset): payload appended.
APPENDED = {("tour_note", "text"), ("run_unit", "text")}
#: JSON columns whose every string is text people wrote (translations, labels, keywords, quotes).
JSON_TEXT = {
    "survey": ("translations",),
    "section": ("translations",),
    "question": ("options", "translations"),
    "block": ("translations",),
    "theme": ("keywords", "quotes"),
    "tour_guide_question": ("text", "prompt"),
    "survey_import": ("report",),
    "curation_event": ("before", "after"),
}
#: Keys inside those JSON values that carry codes, not text (changing them breaks the data).
JSON_CODES = {"value", "code", "row", "id", "unit_id", "outcome", "kind", "language", "source"}
#: Payload numbers of the typed answers and of the imported XLSForm's labels.
IMPORTED = 999
#: Fields no crawled page showed with their own number, as found by this sweep: read only by the
#: JSON API (deliberations), not displayed (a comment's block excerpt, an upload's file name),
#: absent from the seeded world (a failed run, block translations, guide prompts), or too short
#: for a second payload (API token names: they already hold the seeding payload, IMPORTED).
NOT_SHOWN = {
    "deliberation.title", "deliberation.description", "deliberation.attribution",
    "deliberation.url", "statement.text", "comment.block_excerpt", "text_upload.filename",
    "analysis_run.error", "block.translations (JSON)", "tour_guide_question.prompt (JSON)",
    "api_token.name",
}  # fmt: skip
#: The evidence a payload ran or became markup: read in the page after it loads.
INSPECT = r"""() => ({
  executed: window.__xss === undefined ? null : window.__xss,
  injected: document.querySelectorAll(
    'script:not([src]), [onerror], [onload], img[src="x"], iframe, a[href^="javascript:" i]'
  ).length,
  template: document.documentElement.innerHTML.includes("ss49ss"),
  shown: [...new Set([...(document.body.innerText + " " + [...document.querySelectorAll(
    "input, textarea, option")].map((e) => e.value + " " + e.text).join(" ")).matchAll(
    /__xss=(\d+)/g)].map((m) => Number(m[1])))],
})"""


def payload(n: int, room: int | None = None) -> str:
    """Payload number ``n``: a javascript: URL, attribute breakouts, tags and template syntax."""
    full = (
        f"javascript:window.__xss={n}//'\"><img src=x onerror=window.__xss={n}>"
        f"<svg onload=window.__xss={n}><script>window.__xss={n}</script>ss{{{{7*7}}}}ss "
    )
    return full if room is None or room >= 2 * len(full) else f"<svg onload=window.__xss={n}> "


def _poison_json(value: Any, mark: str) -> Any:
    if isinstance(value, str):
        return mark + value
    if isinstance(value, list):
        return [_poison_json(v, mark) for v in value]
    if isinstance(value, dict):
        return {k: v if k in JSON_CODES else _poison_json(v, mark) for k, v in value.items()}
    return value


def poison_database() -> dict[int, str]:
    """Put a numbered payload into every listed column of every row; returns number -> field."""
    fields: dict[int, str] = {}
    tables = db.metadata.tables
    for name, columns in TEXT_COLUMNS.items():
        for column_name in columns:
            column = tables[name].c[column_name]
            n = len(fields) + 1
            fields[n] = f"{name}.{column_name}"
            room = column.type.length if isinstance(column.type, String) else None
            mark = payload(n, room)
            value = column + mark if (name, column_name) in APPENDED else mark + column
            statement = update(tables[name]).values({column: value})
            if room:
                statement = statement.where(func.length(column) <= room - len(mark))
            db.session.execute(statement)
    for name, columns in JSON_TEXT.items():
        table = tables[name]
        for column_name in columns:
            n = len(fields) + 1
            fields[n] = f"{name}.{column_name} (JSON)"
            column = table.c[column_name]
            for row_id, value in db.session.execute(select(table.c.id, column)).all():
                poisoned = _poison_json(value, payload(n))
                db.session.execute(
                    update(table).where(table.c.id == row_id).values({column: poisoned})
                )
    db.session.commit()
    return fields


@dataclass
class Evidence:
    """What the crawl found: signs of a payload running, and which payloads pages showed as text."""

    findings: list[str] = field(default_factory=list)
    shown: set[int] = field(default_factory=set)
    pages: dict[str, int] = field(default_factory=dict)


class Watch:
    """Listens to one browser context and inspects each page it opens."""

    def __init__(self, context: Any, who: str, evidence: Evidence) -> None:
        self.who, self.evidence, self.url = who, evidence, ""
        page = context.pages[0]
        page.on("dialog", self._dialog)
        page.on("console", self._console)
        page.on("pageerror", lambda error: self._found(f"page error: {error}"))
        self.page = page

    def _found(self, what: str) -> None:
        self.evidence.findings.append(f"{self.who} {self.url}: {what}")

    def _dialog(self, dialog: Any) -> None:
        self._found(f"dialog {dialog.type}: {dialog.message}")
        dialog.dismiss()

    def _console(self, message: Any) -> None:
        if (
            message.text.startswith("Failed to load")
            and message.location.get("url") == self.page.url
        ):
            return  # the page itself answered an error status on purpose (a 404 page)
        if "Content Security Policy" in message.text or message.type == "error":
            self._found(f"console {message.type}: {message.text[:200]}")

    def visit(self, url: str) -> None:
        self.url = url
        response = self.page.goto(url)
        if response is None or response.status >= 500:
            self._found(f"HTTP {response.status if response else 'none'}")
        self.inspect()

    def inspect(self) -> None:
        self.evidence.pages[self.who] = self.evidence.pages.get(self.who, 0) + 1
        seen = self.page.evaluate(INSPECT)
        self.evidence.shown.update(seen["shown"])
        if seen["executed"] is not None:
            self._found(f"payload {seen['executed']} ran")
        if seen["injected"]:
            self._found(f"{seen['injected']} injected elements")
        if seen["template"]:
            self._found("{{7*7}} was evaluated")


def respond_with_payloads(browser: Any, live_server: str, evidence: Evidence) -> None:
    """A respondent types payloads into every text answer of the demo survey, keyboard only."""
    context = crawl.new_context(browser, live_server)
    watch = Watch(context, "respondent", evidence)
    watch.visit("/s/demo-buy-in")
    for _ in range(10):
        answer_page_by_keyboard(watch.page, text=payload(0))
        watch.url = watch.page.url
        watch.inspect()
        if "/thanks" in watch.page.url:
            break
    assert "/thanks" in watch.page.url, watch.page.url
    context.close()


def crawl_everything(app: Flask, browser: Any, live_server: str, evidence: Evidence) -> None:
    for who in ("anonymous", *crawl.ACCOUNTS):
        context = crawl.new_context(browser, live_server)
        if who != "anonymous":
            crawl.sign_in(context, crawl.ACCOUNTS[who], PASSWORD)
        watch = Watch(context, who, evidence)
        for found in crawl.pages(app, who).pages:
            watch.visit(found.url)
        if who == "analyst":
            watch.visit(typed_response_url(app))
        context.close()


def typed_response_url(app: Flask) -> str:
    """The staff page of the response the respondent typed (its answers hold payload 0)."""
    with app.app_context():
        answers = db.session.scalars(
            select(Answer).join(Question).where(Question.type == "long_text")
        ).all()
        typed = next(a for a in answers if "__xss=0" in str(a.value))
        response = db.session.get(Response, typed.response_id)
        return f"/surveys/{response.survey_id}/responses/{response.id}"


def test_no_stored_payload_runs_on_any_page_for_any_account(
    app: Flask, browser: Any, live_server: str
) -> None:
    started = time.monotonic()
    evidence = Evidence()
    with app.app_context():
        crawl.seed_world(PASSWORD, text=payload(IMPORTED))
    respond_with_payloads(browser, live_server, evidence)
    with app.app_context():
        fields = poison_database()
    seeded = time.monotonic()
    crawl_everything(app, browser, live_server, evidence)
    unseen = sorted(fields[n] for n in fields if n not in evidence.shown)
    print(
        f"\nXSS sweep: {len(fields)} fields x 1 polyglot payload (javascript: URL, quote "
        f"breakouts, img/svg/script, template), typed answers, an XLSForm import; pages "
        f"{evidence.pages}; payloads shown as text: {len(evidence.shown)}; never shown: {unseen}; "
        f"seeding {seeded - started:.0f}s, crawl {time.monotonic() - seeded:.0f}s"
    )
    assert not evidence.findings, "\n".join(evidence.findings)
    # The sweep proves something only where pages showed the payloads (escaped, as text).
    assert {0, IMPORTED} <= evidence.shown
    assert not set(unseen) - NOT_SHOWN, unseen


def test_the_watch_sees_a_payload_that_escaped(browser: Any, live_server: str) -> None:
    """The detectors work: an unescaped payload, served under the app's own CSP, is reported."""
    context = crawl.new_context(browser, live_server)
    page = context.pages[0]
    body = f"<!doctype html><title>probe</title><p>{payload(7)}</p>"
    headers = {"Content-Type": "text/html", "Content-Security-Policy": CONTENT_SECURITY_POLICY}
    page.route("**/xss-probe", lambda route: route.fulfill(body=body, headers=headers))
    evidence = Evidence()
    Watch(context, "probe", evidence).visit("/xss-probe")
    context.close()
    found = "\n".join(evidence.findings)
    assert "injected elements" in found
    assert "Content Security Policy" in found  # the inline script and handlers were refused
