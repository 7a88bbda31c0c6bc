"""One small world with a row behind every URL argument, so sweeps reach the views' own checks.

Placeholder ids only test the central access hook (every lookup is a 404); real ids make each
view run its own object rules (survey managers, session owners, published reports) and its
queries, which is where escalations and 500s hide. Rows are written directly or through the
services, never through the NLP pipeline, so building the world takes well under a second.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date
from typing import Any

from flask import Flask
from sqlalchemy import func, select
from werkzeug.routing import Rule

from analysis.reports.models import Theme
from engage.access import rule_for
from engage.api.tokens import create_token
from engage.audit.models import AuditEvent
from engage.auth import services as auth_services
from engage.auth.models import User
from engage.auth.roles import Role
from engage.census import benchmarks, initiatives
from engage.census.models import OrgUnitLead
from engage.directory.models import OrgUnit, OrgUnitKind, QuoteConsent, Stakeholder
from engage.extensions import db
from engage.jobs.models import Job
from engage.messaging import comments, drafts
from engage.messaging.models import BlockKind, JargonTerm
from engage.tours import coding, followups, quotes
from engage.tours.guides import QuestionDraft, save_guide
from engage.tours.models import Note
from engage.tours.sessions import save_session
from surveys.models import Invitation, Response
from tests.census.conftest import new_wave
from tests.messaging.conftest import add_run, new_draft
from tests.surveys.conftest import build_survey

NOTE_TEXT = "The late bus was cut last spring and staff lost their way to work."
DRAFT_TITLE = "Unpublished transit draft"
#: Fixed values for URL arguments that name a kind of thing rather than a row.
WORDS = {
    "fmt": "csv", "what": "sessions", "kind": "question", "verb": "up", "action": "delete",
    "language": "es", "key": "x", "filename": "engage.css",
}  # fmt: skip


def _survey_rows(owner: User) -> dict[str, Any]:
    survey = build_survey(owner_id=owner.id, slug="security-survey")
    person = Stakeholder(name="Pat Resident", role="resident")
    invitation = Invitation(survey_id=survey.id, stakeholder=person, token_hash="0" * 64)
    response = Response(survey_id=survey.id, submitted_on=date(2026, 3, 1), language="en")
    db.session.add_all([person, invitation, response])
    db.session.flush()
    return {"survey_id": survey.id, "slug": survey.slug, "section_id": survey.sections[0].id,
            "question_id": survey.questions[0].id, "item_id": survey.questions[0].id,
            "response_id": response.id, "person_id": person.id}  # fmt: skip


def _report_rows(analyst: User) -> dict[str, Any]:
    draft_run = add_run(published=False)
    draft_run.title = DRAFT_TITLE
    published = add_run(published=True)
    theme = db.session.scalar(select(Theme).where(Theme.run_id == published.id))
    draft = new_draft(published, analyst)
    block = drafts.add_block(draft, BlockKind.PARAGRAPH, "Buses came more often.", analyst)
    link = drafts.link_theme(block, theme, analyst)
    comment = comments.add_comment(draft, analyst, "Check the figure.")
    term = JargonTerm(term="fiscal year", plain="budget year")
    db.session.add(term)
    db.session.flush()
    return {"run_id": draft_run.id, "published_run_id": published.id, "theme_id": theme.id,
            "draft_id": draft.id, "block_id": block.id, "link_id": link.id,
            "comment_id": comment.id, "term_id": term.id, "audience_id": draft.audience_id,
            "channel_id": draft.channel_id}  # fmt: skip


def _tour_rows(owner: User) -> dict[str, Any]:
    guide = save_guide(None, "Staff", "staff", [QuestionDraft({"en": "What works?"})], None)
    values = {
        "title": "Interview",
        "kind": "interview",
        "status": "held",
        "held_on": date(2025, 3, 14),
        "consent_quote": QuoteConsent.ANONYMOUS_PUBLIC.value,
    }
    session = save_session(None, values, owner)  # fmt: skip
    note = Note(session=session, text=NOTE_TEXT)
    db.session.add(note)
    db.session.flush()
    quote = quotes.mark_quote(note, start=0, end=12, exact=NOTE_TEXT[:12], speaker_role=None,
                              speaker_label="", consent=None, actor=owner)  # fmt: skip
    code = coding.save_code(None, name="Transit", description="", parent_id=None, actor=owner)
    span = coding.apply_code(note, code.id, start=0, end=12, exact=NOTE_TEXT[:12], coder=owner)
    follow_up = followups.save_follow_up(None, session, description="Call back",
                                         owner_id=owner.id, due=date(2026, 1, 1))  # fmt: skip
    return {"guide_id": guide.id, "session_id": session.id, "note_id": note.id,
            "quote_id": quote.id, "code_id": code.id, "span_id": span.id,
            "follow_up_id": follow_up.id}  # fmt: skip


def _census_rows(admin: User, theme_id: int) -> dict[str, Any]:
    from engage.census import rubrics
    from engage.demo.seed import milwaukee

    unit = OrgUnit(kind=OrgUnitKind.DEPARTMENT, name="Parks")
    db.session.add(unit)
    db.session.flush()
    rubric = rubrics.ensure_default_rubric(milwaukee()["strategic_plan"])
    wave = new_wave("Census 2026", rubric, [unit])
    wave.open()
    db.session.flush()
    assessment = wave.assessments[0]
    values = {"name": "Staff trained", "org_unit_id": unit.id, "metric_kind": "manual",
              "source": "HR", "baseline_value": 10.0, "baseline_date": date(2025, 1, 1),
              "target_value": 50.0, "due_date": date(2027, 1, 1)}  # fmt: skip
    benchmark = benchmarks.save_benchmark(None, values, admin)
    initiative = initiatives.save_initiative(
        None, {"title": "Training", "owner": "HR", "org_unit_ids": [unit.id],
               "theme_ids": [theme_id]}, admin)  # fmt: skip
    lead = OrgUnitLead(user_id=admin.id, org_unit_id=unit.id)
    db.session.add(lead)
    db.session.flush()
    return {"unit_id": unit.id, "rubric_id": rubric.id, "wave_id": wave.id,
            "assessment_id": assessment.id, "score_id": assessment.scores[0].id
            if assessment.scores else 1, "benchmark_id": benchmark.id,
            "initiative_id": initiative.id, "lead_id": lead.id}  # fmt: skip


def _account_rows(users: dict[Role, User]) -> dict[str, Any]:
    job = Job(func="engage.jobs.demo:noop", title="Export", created_by_id=users[Role.ANALYST].id)
    db.session.add(job)
    db.session.flush()
    token = auth_services.issue_token(users[Role.VIEWER], "reset")
    api_token, _raw = create_token(users[Role.ANALYST], "sweep", write=True, days=30)
    db.session.flush()
    return {"job_id": job.id, "token": token, "token_id": api_token.id,
            "user_id": users[Role.VIEWER].id}  # fmt: skip


def build_world(app: Flask, make_user: Callable[..., User]) -> dict[str, Any]:
    """Create the rows and users; return URL arguments by name, plus ``users`` by role.

    ``users`` holds one user per role; the fellow owns the survey and the tour session, and
    ``other_fellow`` owns nothing (escalation checks sign in as them).
    """
    people = {role: make_user(role) for role in Role}
    other_fellow = make_user(Role.FELLOW, email=f"other-fellow-{os.urandom(2).hex()}@example.org")
    with app.test_request_context():
        users = {role: db.session.merge(user) for role, user in people.items()}
        values = dict(WORDS)
        values |= _survey_rows(users[Role.FELLOW])
        values |= _report_rows(users[Role.ANALYST])
        values |= _tour_rows(users[Role.FELLOW])
        values |= _census_rows(users[Role.ADMIN], values["theme_id"])
        values |= _account_rows(users)
        db.session.commit()
    values["users"] = people
    values["other_fellow"] = other_fellow
    return values


def url_for_rule(rule: Rule, world: dict[str, Any] | None = None) -> str:
    """The rule's path with real ids from ``world`` (placeholders when an id is unknown)."""
    world = world or {}
    values = {arg: world.get(arg, 1 if "id" in arg else "x") for arg in rule.arguments}
    if rule.endpoint.startswith("reports.") and "run_id" in values and "theme_id" in values:
        values["run_id"] = world.get("published_run_id", 1)  # the theme belongs to it
    return rule.build(values, append_unknown=False)[1]


#: Who sends each route in the sweeps: the first role that may use it (the admin and the analyst
#: manage every survey, session and report; the fellow owns the world's survey and session).
PREFERENCE = [Role.ADMIN, Role.ANALYST, Role.FELLOW, Role.COMMUNICATIONS, Role.VIEWER]


def writer_role(app: Flask, endpoint: str) -> Role | None:
    """A role that may use ``endpoint``; None for public routes (sent anonymously)."""
    access = rule_for(app, endpoint)
    if access.public:
        return None
    return next(r for r in PREFERENCE if access.roles is None or r in access.roles)


def routes(app: Flask) -> list[tuple[Rule, str]]:
    """Every (rule, method) the app answers, except HEAD/OPTIONS (Flask derives those)."""
    found = []
    for rule in app.url_map.iter_rules():
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            found.append((rule, method))
    return found


def table_counts(app: Flask, *, audit: bool = False) -> dict[str, int]:
    """Row counts of every table; the audit log only with ``audit`` (denials are recorded)."""
    with app.app_context():
        return {t.name: db.session.scalar(select(func.count()).select_from(t))
                for t in db.metadata.sorted_tables
                if audit or t.name != AuditEvent.__tablename__}  # fmt: skip
