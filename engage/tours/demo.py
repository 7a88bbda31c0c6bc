"""Demo listening tour: guides, a dozen sessions with notes, quotes, follow-ups and codes.

The notes quote real residents' comments from Polis open data (see demo_data/SOURCE.md),
placed in Milwaukee County sessions to show the workflow. Safe to run again: sessions are
matched by title and nothing is duplicated.
"""

from __future__ import annotations

import csv
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select

from engage.auth.models import User
from engage.demo.seed import milwaukee
from engage.directory.models import OrgUnit, QuoteConsent
from engage.extensions import db
from engage.timeutil import utcnow
from engage.tours.coding import apply_code, seed_strategic_codebook
from engage.tours.followups import save_follow_up
from engage.tours.guides import QuestionDraft, save_guide
from engage.tours.models import Code, Guide, Session
from engage.tours.quotes import mark_quote
from engage.tours.sessions import save_session

DATA = Path(__file__).parent / "demo_data" / "bowling_green_comments.csv"
ATTRIBUTION = (
    "Demo notes: residents' comments from Polis open data (Bowling Green, KY, 2018), "
    "The Computational Democracy Project, CC BY 4.0. Placed in this session for the demo."
)
GUIDE = [
    (
        "What is working well for the people you serve?",
        "¿Qué funciona bien para las personas que atiende?",
    ),
    ("Where do residents run into barriers?", "¿Dónde encuentran barreras los residentes?"),
]
SILOS = (
    "Break down silos across County government to maximize access to and quality of services "
    "offered"
)
#: title, kind, theme, org units, days from today, status, unnamed people, code
SESSIONS = (
    (
        "MCTS operators roundtable",
        "meeting",
        "transit",
        ["Milwaukee County Transit System"],
        -40,
        "written_up",
        14,
        "Determine what, where and how we deliver services based on the resident experience",
    ),
    (
        "West Allis city administrator",
        "interview",
        "housing",
        ["West Allis"],
        -35,
        "written_up",
        0,
        "Dismantle barriers to diverse and inclusive communities",
    ),
    (
        "Parks staff focus group",
        "focus_group",
        "parks",
        ["Parks"],
        -30,
        "held",
        9,
        "Invest upstream to address root causes of health disparities",
    ),
    (
        "DHHS program managers",
        "meeting",
        "health",
        ["Department of Health and Human Services"],
        -26,
        "held",
        11,
        "Invest upstream to address root causes of health disparities",
    ),
    (
        "Cudahy town hall",
        "town_hall",
        "jobs",
        ["Cudahy"],
        -21,
        "held",
        38,
        "Enhance the County's fiscal health and sustainability",
    ),
    (
        "Human Resources director",
        "interview",
        "inclusion",
        ["Department of Human Resources"],
        -18,
        "written_up",
        1,
        "Reflect the full diversity of the County at every level of County government",
    ),
    (
        "Brown Deer village board",
        "meeting",
        "government",
        ["Brown Deer"],
        -14,
        "held",
        7,
        SILOS,
    ),
    (
        "Milwaukee south side residents",
        "focus_group",
        "youth",
        ["Milwaukee"],
        -10,
        "held",
        12,
        "Determine what, where and how we deliver services based on the resident experience",
    ),
    (
        "Behavioral Health Services clinicians",
        "focus_group",
        "health",
        ["Behavioral Health Services"],
        -7,
        "held",
        8,
        "Apply a racial equity lens to all decisions",
    ),
    (
        "Wauwatosa and West Milwaukee staff",
        "meeting",
        "transit",
        ["Wauwatosa", "West Milwaukee"],
        -3,
        "held",
        6,
        SILOS,
    ),
    (
        "Economic Development listening session",
        "town_hall",
        "jobs",
        ["Office of Economic Development"],
        5,
        "planned",
        0,
        None,
    ),
    ("Shorewood residents", "focus_group", "housing", ["Shorewood"], 12, "planned", 0, None),
)


def _comments() -> dict[str, list[str]]:
    by_theme: dict[str, list[str]] = {}
    with DATA.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            by_theme.setdefault(row["theme"], []).append(row["comment"])
    return by_theme


def _guide(fellow: User) -> Guide:
    guide = db.session.scalar(select(Guide).where(Guide.title == "County and municipal staff"))
    if guide is None:
        drafts = [QuestionDraft({"en": en, "es": es}) for en, es in GUIDE]
        guide = save_guide(
            None, "County and municipal staff", "staff and residents", drafts, fellow
        )
    return guide


def seed_tours() -> str:
    """Create whatever demo tour data is missing; flushes (the caller commits)."""
    fellow = db.session.scalar(select(User).where(User.email == "fellow@example.org"))
    if fellow is None:
        return "tours: skipped (no demo fellow)"
    codes = seed_strategic_codebook(milwaukee()["strategic_plan"])
    version = _guide(fellow).current
    comments, created = _comments(), 0
    used: dict[str, int] = {}
    for spec in SESSIONS:
        if db.session.scalar(select(Session.id).where(Session.title == spec[0])):
            continue
        theme = spec[2]
        start = used.get(theme, 0)
        used[theme] = start + 3
        _session(spec, comments[theme][start : start + 3], fellow, version.id)
        created += 1
    db.session.flush()
    return f"tours: {created} sessions, {codes} codes created"


def _session(spec: tuple, said: list[str], fellow: User, version_id: int) -> None:
    title, kind, _theme, unit_names, days, status, people, code_name = spec
    units = db.session.scalars(select(OrgUnit.id).where(OrgUnit.name.in_(unit_names))).all()
    session = save_session(
        None,
        {
            "title": title,
            "kind": kind,
            "status": status,
            "held_on": utcnow().date() + timedelta(days=days),
            "place": "Milwaukee County Courthouse" if kind != "town_hall" else "Community centre",
            "org_units": list(units),
            "anonymous_count": people,
            "anonymous_role": "resident" if kind in ("town_hall", "focus_group") else "employee",
            "consent_quote": QuoteConsent.ANONYMOUS_PUBLIC.value,
            "summary": ATTRIBUTION,
            "fellows": [fellow.id],
            "guide_version_id": version_id,
        },
        fellow,
    )
    if status == "planned" or not said:
        return
    first, second, free = session.notes
    first.text = "\n".join(f"- {line}" for line in said[:2])
    second.text = f"- {said[2]}" if len(said) > 2 else ""
    free.text = "Source: " + ATTRIBUTION
    db.session.flush()
    mark_quote(
        first,
        start=None,
        end=None,
        exact=said[0],
        speaker_role="resident",
        speaker_label="",
        consent=None,
        actor=fellow,
    )
    code = db.session.scalar(select(Code).where(Code.name == code_name))
    if code is not None:
        apply_code(first, code.id, start=None, end=None, exact=said[0], coder=fellow)
    save_follow_up(
        None,
        session,
        description=f"Send a summary of '{title}' back to participants",
        owner_id=fellow.id,
        due=utcnow().date() + timedelta(days=days + 14),
    )
