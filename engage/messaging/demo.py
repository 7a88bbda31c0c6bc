"""Demo messaging: audiences, channels, the starter jargon list and one draft for employees.

The draft is built from the demo report when it exists and is published; without it the draft
is created with an unsupported claim, so the evidence warning is visible in the demo.
"""

from __future__ import annotations

from sqlalchemy import select

from analysis.reports.models import AnalysisRun, ReportState, RunStatus
from engage.auth.models import User
from engage.directory.models import OrgUnit, OrgUnitKind, QuoteConsent
from engage.extensions import db
from engage.messaging import drafts, evidence, jargon
from engage.messaging.models import (
    Audience,
    AudienceKind,
    BlockKind,
    Channel,
    ChannelKind,
    Draft,
)

PUBLIC = QuoteConsent.ANONYMOUS_PUBLIC
DRAFT_TITLE = "What you told us: the racial equity listening tour"
AUDIENCES = (
    ("All county employees", AudienceKind.COUNTY_EMPLOYEES, ["en"], QuoteConsent.INTERNAL, 10),
    ("Residents of Milwaukee County", AudienceKind.RESIDENTS, ["en", "es", "hmn"], PUBLIC, 8),
    ("Municipal leaders", AudienceKind.MUNICIPAL_LEADERS, ["en"], PUBLIC, 12),
    ("County Executive and Board", AudienceKind.ELECTED_OFFICIALS, ["en"], PUBLIC, 12),
    ("Community partners", AudienceKind.PARTNERS, ["en", "es"], PUBLIC, 8),
)  # fmt: skip
CHANNELS = (
    ("E-mail", ChannelKind.EMAIL, None),
    ("Intranet post", ChannelKind.INTRANET, None),
    ("Web page", ChannelKind.WEB_PAGE, None),
    ("Flyer", ChannelKind.FLYER, 1500),
    ("Talking points", ChannelKind.TALKING_POINTS, None),
    ("Social post", ChannelKind.SOCIAL, 280),
)
DEMO_REPORT = "Demo: what Milwaukee County stakeholders told us"


def seed_messaging() -> str:
    """Create what is missing; safe to run again. Flushes (the demo seed commits)."""
    for name, kind, languages, consent, grade in AUDIENCES:
        if not db.session.scalar(select(Audience.id).where(Audience.name == name)):
            db.session.add(Audience(name=name, kind=kind, languages=languages,
                                    quote_consent=consent, target_grade=grade))  # fmt: skip
    for name, kind, limit in CHANNELS:
        if not db.session.scalar(select(Channel.id).where(Channel.name == name)):
            db.session.add(Channel(name=name, kind=kind, max_chars=limit))
    _department_audience()
    db.session.flush()
    comms = db.session.scalar(select(User).where(User.email == "comms@example.org"))
    added = jargon.add_starter_terms(comms)
    if db.session.scalar(select(Draft.id).where(Draft.title == DRAFT_TITLE)):
        return f"messaging: {added} jargon terms added; demo draft already there"
    return f"messaging: {added} jargon terms added; {_demo_draft(comms)}"


def _department_audience() -> None:
    unit = db.session.scalar(
        select(OrgUnit).where(OrgUnit.kind == OrgUnitKind.DEPARTMENT).order_by(OrgUnit.name)
    )
    if unit is None:
        return
    name = f"Staff of {unit.name}"[:200]
    if not db.session.scalar(select(Audience.id).where(Audience.name == name)):
        db.session.add(Audience(name=name, kind=AudienceKind.DEPARTMENT, org_unit_id=unit.id,
                                quote_consent=QuoteConsent.INTERNAL, target_grade=10))  # fmt: skip


def _demo_draft(comms: User | None) -> str:
    employees = db.session.scalar(select(Audience).where(Audience.name == AUDIENCES[0][0]))
    intranet = db.session.scalar(select(Channel).where(Channel.name == "Intranet post"))
    run = db.session.scalar(
        select(AnalysisRun).where(
            AnalysisRun.title == DEMO_REPORT, AnalysisRun.status == RunStatus.FINISHED,
            AnalysisRun.state == ReportState.PUBLISHED,
        )
    )  # fmt: skip
    themes = evidence.themes_of(run)[:2] if run else []
    draft = drafts.create_draft(DRAFT_TITLE, employees, intranet, run, [t.id for t in themes],
                                comms)  # fmt: skip
    drafts.add_block(draft, BlockKind.PARAGRAPH, "Thank you to everyone who took the survey or "
                     "met with our fellows. Here is what we heard so far.", comms)  # fmt: skip
    if not themes:
        drafts.add_block(draft, BlockKind.CLAIM, "Employees in all departments want clearer "
                         "paths to promotion.", comms)  # fmt: skip
        return "demo draft created WITHOUT evidence (no published demo report): it shows warnings"
    drafts.insert_statistic(draft, themes[0], "share", "", comms)
    quotes = evidence.cleared_quotes(themes[0], employees)
    if quotes:
        drafts.insert_quote(draft, themes[0], quotes[0]["unit_id"], comms)
    drafts.add_block(draft, BlockKind.CALL_TO_ACTION, "Join a listening session this spring.",
                     comms)  # fmt: skip
    return f"demo draft created from report #{run.id} with {len(themes)} claims"
