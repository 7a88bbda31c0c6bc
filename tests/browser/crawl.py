"""Crawl every HTML page of the app in Chromium, as each demo account would see it.

The page list comes from ``app.url_map``: every GET rule the role may use (by its access rule),
minus downloads and JSON endpoints, with URL ids filled from whatever the database holds (the
real demo data, or records a test seeded). Both sweeps use it: stored XSS (tests/security) and
accessibility (tests/browser), so a new page is crawled without anyone listing it.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import openpyxl
from flask import Flask
from sqlalchemy import func, select

from analysis.reports import statistics
from analysis.reports.models import AnalysisRun
from analysis.reports.sources_upload import create_upload
from engage.access import rule_for
from engage.api.tokens import create_token
from engage.auth.models import User
from engage.auth.roles import Role
from engage.census.models.rubric import Rubric
from engage.census.models.tracking import Benchmark, Initiative
from engage.census.models.waves import Assessment, OrgUnitLead, Score, Wave
from engage.demo.seed import seed_demo
from engage.directory.models import OrgUnit, Stakeholder
from engage.extensions import db
from engage.jobs.models import Job, JobStatus
from engage.messaging.comments import add_comment
from engage.messaging.models import Audience, Block, Channel, Draft
from engage.tours.models.coding import Code, CodedSpan
from engage.tours.models.guides import Guide
from engage.tours.models.sessions import Session
from surveys import sharing
from surveys.importers.models import SurveyImport
from surveys.importers.services import import_definition
from surveys.models import Question, Response, Section, Survey

#: Endpoints that answer with a file or JSON, not a page (axe and XSS checks need HTML), besides
#: the rules whose path ends in a file extension (``/export.<fmt>``, ``/reminders.csv``).
DOWNLOADS = {"static", "health.healthz", "reports.export_download", "surveys.export_download"}
_FILE_RULE = re.compile(r"\.(?:[a-z]+|<[a-z]+>)$")
#: Steps of a multi-page flow whose URL key only exists inside it (covered by the flow tests).
FLOW_ONLY = {"imports.responses_map"}
#: The demo accounts (``engage seed-demo``): one per role, and the Parks census lead.
ACCOUNTS = {
    "admin": "admin@example.org",
    "analyst": "analyst@example.org",
    "fellow": "fellow@example.org",
    "communications": "comms@example.org",
    "viewer": "viewer@example.org",
    "lead": "lead@example.org",
}
#: Query strings some pages need, by rule (filled from the same ids).
QUERIES = {
    "/surveys/<int:survey_id>/questions/new": "?section={section_id}",
    "/census/waves/<int:wave_id>/change": "?since={since_wave_id}",
}
#: Pages whose crawled record only some accounts may see (others get 403 by design): a census
#: department's pages (its lead and census staff) and a job (its creator, admins, analysts).
LIMITED = {
    "census.assessment": {"admin", "analyst", "lead"},
    "census.department": {"admin", "analyst", "lead"},
    "jobs.show": {"admin", "analyst"},
}
#: Pages whose crawled URL answers with an error page on purpose (an unknown setup token).
EXPECTED_STATUS = {"auth.setup": 404}
_ARGUMENT = re.compile(r"<(?:[a-z]+:)?([a-z_]+)>")


def first(model: Any, *where: Any) -> Any:
    return db.session.scalar(select(model.id).where(*where).order_by(model.id).limit(1))


def _run_id() -> int | None:
    return first(AnalysisRun, AnalysisRun.status == "finished")


def _theme_id(ids: dict[str, Any]) -> int | None:
    if ids["run_id"] is None:
        return None
    run = db.session.get(AnalysisRun, ids["run_id"])
    live = [t for t in statistics.live_themes(run) if t.respondents]
    return live[0].id if live else None


def _note_id() -> int | None:
    return db.session.scalar(select(func.min(CodedSpan.note_id)))


def _unit_id() -> int | None:
    return db.session.scalar(select(func.min(OrgUnitLead.org_unit_id))) or first(OrgUnit)


#: How to fill each URL argument; later arguments may read earlier ones (survey before question).
RESOLVERS: dict[str, Callable[[dict[str, Any]], Any]] = {
    "survey_id": lambda ids: first(Survey),
    "question_id": lambda ids: first(Question, Question.survey_id == ids["survey_id"]),
    "section_id": lambda ids: first(Section, Section.survey_id == ids["survey_id"]),
    "response_id": lambda ids: first(Response, Response.survey_id == ids["survey_id"]),
    "slug": lambda ids: db.session.scalar(select(Survey.slug).order_by(Survey.id).limit(1)),
    "user_id": lambda ids: first(User),
    "job_id": lambda ids: first(Job),
    "unit_id": lambda ids: _unit_id(),
    "person_id": lambda ids: first(Stakeholder),
    "import_id": lambda ids: first(SurveyImport),
    "draft_id": lambda ids: first(Draft),
    "block_id": lambda ids: ids["draft_id"] and first(Block, Block.draft_id == ids["draft_id"]),
    "audience_id": lambda ids: first(Audience),
    "channel_id": lambda ids: first(Channel),
    "run_id": lambda ids: _run_id(),
    "theme_id": _theme_id,
    "item_id": lambda ids: 0,
    "benchmark_id": lambda ids: first(Benchmark),
    "initiative_id": lambda ids: first(Initiative),
    "rubric_id": lambda ids: first(Rubric),
    "wave_id": lambda ids: db.session.scalar(select(func.max(Wave.id))),
    "since_wave_id": lambda ids: first(Wave),
    "assessment_id": lambda ids: first(
        Assessment, Assessment.org_unit_id == ids["unit_id"], Assessment.wave_id == ids["wave_id"]
    ),
    "score_id": lambda ids: first(Score, Score.assessment_id == ids["assessment_id"]),
    "note_id": lambda ids: _note_id(),
    "code_id": lambda ids: first(Code),
    "guide_id": lambda ids: first(Guide),
    "session_id": lambda ids: first(Session),
    "deliberation_id": lambda ids: None,
    "token": lambda ids: "no-such-token",
}


@dataclass
class Page:
    endpoint: str
    url: str


@dataclass
class Crawl:
    """Every crawlable page, and the rules left out because no record could fill them."""

    pages: list[Page] = field(default_factory=list)
    unfilled: list[str] = field(default_factory=list)


def allowed(app: Flask, endpoint: str, role: Role | None) -> bool:
    rule = rule_for(app, endpoint)
    if rule is None:
        return False
    if rule.public:
        return True
    return role is not None and (rule.roles is None or role in rule.roles)


def _html_rules(app: Flask) -> Iterator[Any]:
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        skipped = (
            rule.endpoint in DOWNLOADS | FLOW_ONLY
            or rule.endpoint.startswith("api.")
            or _FILE_RULE.search(rule.rule)
        )
        if "GET" in rule.methods and not skipped:
            yield rule


def pages(app: Flask, who: str) -> Crawl:
    """The HTML pages ``who`` ("anonymous" or an ACCOUNTS key) may open, ids from the database."""
    crawl = Crawl()
    role = None if who == "anonymous" else role_of(app, ACCOUNTS[who])
    with app.app_context():
        ids: dict[str, Any] = {}
        for name, resolve in RESOLVERS.items():
            ids[name] = resolve(ids)
        for rule in _html_rules(app):
            if not allowed(app, rule.endpoint, role):
                continue
            if who not in LIMITED.get(rule.endpoint, {who}):
                continue
            needed = [a for a in rule.arguments if a not in (rule.defaults or {})]
            if any(ids.get(a) is None for a in needed):
                crawl.unfilled.append(rule.rule)
                continue
            url = _ARGUMENT.sub(lambda m: str(ids[m.group(1)]), rule.rule)
            url += QUERIES.get(rule.rule, "").format(**ids)
            crawl.pages.append(Page(rule.endpoint, url))
    return crawl


def new_context(browser: Any, base_url: str, init_script: str | None = None) -> Any:
    """A browser context with one page; ``init_script`` runs in every document it loads."""
    context = browser.new_context(base_url=base_url)
    if init_script:
        context.add_init_script(script=init_script)
    context.new_page().set_default_timeout(15_000)
    return context


def sign_in(context: Any, email: str, password: str) -> Any:
    """Sign ``context`` in through the real login form; returns its page."""
    page = context.pages[0]
    page.goto("/login")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/login" not in url)
    return page


def xlsform(sheets: dict[str, list[list[str]]]) -> bytes:
    """An XLSForm workbook with one sheet per key (``survey``, ``choices``, ``settings``)."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _staff_records(text: str) -> None:
    """An API token, a comment on the demo draft, a text upload and a failed job, named ``text``."""
    analyst = db.session.scalar(select(User).where(User.email == ACCOUNTS["analyst"]))
    create_token(analyst, f"{text} token", write=False, days=30)
    draft = db.session.get(Draft, first(Draft))
    add_comment(draft, analyst, f"{text} comment", draft.blocks[0])
    rows = io.StringIO()
    csv.writer(rows).writerows([["answer", "area"], [f"{text} more buses", "north"]])
    create_upload(f"{text} upload", "answers.csv", rows.getvalue().encode(), "answer", ["area"],
                  True, analyst)  # fmt: skip
    db.session.add(Job(func="surveys.exports:run", title=f"{text} export", error=f"{text} failed",
                       status=JobStatus.FAILED, created_by_id=analyst.id))  # fmt: skip


def seed_world(password: str, text: str = "Imported") -> None:
    """The demo (``engage seed-demo``), plus what it lacks for a full crawl. Commits.

    Its first survey is shared with the fellow, an XLSForm is imported (labels start with
    ``text``), and a token, comment, upload and failed job are added (see ``_staff_records``),
    so every kind of page has a record to show.
    """
    seed_demo(password)
    admin = db.session.scalar(select(User).where(User.email == ACCOUNTS["admin"]))
    sharing.share(db.session.get(Survey, first(Survey)), ACCOUNTS["fellow"], admin)
    form = xlsform({
        "survey": [["type", "name", "label"], ["text", "why", f"{text}: why?"],
                   ["select_one yn", "ok", f"{text}: agree?"]],
        "choices": [["list_name", "name", "label"], ["yn", "y", f"{text} yes"],
                    ["yn", "n", f"{text} no"]],
        "settings": [["form_title"], [f"{text} form"]],
    })  # fmt: skip
    import_definition("xlsform", form, "imported-form.xlsx", admin)
    _staff_records(text)
    db.session.commit()


def role_of(app: Flask, email: str) -> Role:
    with app.app_context():
        return db.session.scalar(select(User.role).where(User.email == email))
