"""Messaging fixtures: report rows written directly (no NLP run), audiences, channels, drafts.

The run below stands for a published report of 100 respondents in three municipalities; its
first theme holds two quotes, one whose author agreed to anonymous quotation and one who did
not, and a listening-tour quote whose consent is internal only.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from analysis.reports.models import (
    AnalysisRun,
    ReportState,
    RunStatus,
    RunUnit,
    Theme,
)
from engage.auth.models import User
from engage.auth.roles import Role
from engage.directory.models import QuoteConsent
from engage.extensions import db
from engage.messaging import drafts
from engage.messaging.models import Audience, AudienceKind, Channel, ChannelKind, Draft
from engage.tours.models import Note, Quote, Session

SCOPE = {"sources": {"upload": {"ids": [1]}}}
#: respondents per municipality in the run
PLACES = {"Milwaukee": 50, "Wauwatosa": 38, "West Allis": 12}
PUBLIC_QUOTE = "The buses do not come often enough for shift workers."
PRIVATE_QUOTE = "My supervisor [NAME] says the route will be cut."
TOUR_TEXT = "We lose staff because the late bus was cut last spring."


def theme_groups(rows: dict[str, int]) -> dict[str, Any]:
    cells = {p: {"rows": n, "share": n / PLACES[p], "support": 0.7, "concern": 0.1}
             for p, n in rows.items()}  # fmt: skip
    cells.update({p: {"suppressed": True} for p in PLACES if p not in rows})
    return {"municipality": cells}


def _units(run: AnalysisRun, quotable: dict[str, bool]) -> None:
    number = 0
    for place, count in PLACES.items():
        for _ in range(count):
            unit = f"upload:1:{number}"
            db.session.add(RunUnit(
                run_id=run.id, unit_id=unit, respondent=unit, text="(answer)",
                attributes={"municipality": place}, quotable=quotable.get(unit, False),
            ))  # fmt: skip
            number += 1


def add_run(
    *, respondents: int = 72, support: int = 50, published: bool = True, parent: int | None = None,
    tour_quote: str | None = None,
) -> AnalysisRun:  # fmt: skip
    """A finished run with the bus theme and a small theme; returns it (flushed)."""
    run = AnalysisRun(
        title="Transit listening 2025", scope=SCOPE, status=RunStatus.FINISHED,
        state=ReportState.PUBLISHED if published else ReportState.DRAFT,
        respondents=sum(PLACES.values()), units=sum(PLACES.values()), parent_id=parent,
    )  # fmt: skip
    db.session.add(run)
    db.session.flush()
    _units(run, {"upload:1:0": True, "upload:1:1": False})
    quotes = [{"unit_id": "upload:1:0", "text": PUBLIC_QUOTE},
              {"unit_id": "upload:1:1", "text": PRIVATE_QUOTE}]  # fmt: skip
    if tour_quote:
        quotes.append({"unit_id": tour_quote, "text": TOUR_TEXT})
    bus = Theme(
        run_id=run.id, position=0, label="Bus service frequency", keywords=["bus", "route", "late"],
        respondents=respondents, stance={"support": support, "concern": 10, "neutral": 12},
        groups=theme_groups({"Milwaukee": 40, "Wauwatosa": 32}), quotes=quotes,
    )  # fmt: skip
    small = Theme(
        run_id=run.id, position=1, label="Parking at the courthouse", keywords=["parking"],
        respondents=4, stance={"support": 1, "concern": 3, "neutral": 0},
        groups=theme_groups({}), quotes=[],
    )  # fmt: skip
    db.session.add_all([bus, small])
    db.session.flush()
    return run


@pytest.fixture
def make_run(app: Flask) -> Callable[..., int]:
    def make(**values: Any) -> int:
        with app.app_context():
            run = add_run(**values)
            db.session.commit()
            return run.id

    return make


def tour_quote(owner: User, consent: QuoteConsent) -> str:
    """A listening-tour quote with ``consent``; returns its evidence unit id."""
    session = Session(
        title="Transit workers", kind="focus_group", status="held", held_on=date(2025, 4, 2),
        consent_quote=consent, owner_id=owner.id,
    )  # fmt: skip
    note = Note(session=session, text=TOUR_TEXT)
    quote = Quote(note=note, start=0, end=len(TOUR_TEXT), text=TOUR_TEXT, consent=consent)
    db.session.add_all([session, note, quote])
    db.session.flush()
    return f"tour-quote:{quote.id}"


def audience(kind: AudienceKind = AudienceKind.RESIDENTS) -> Audience:
    existing = db.session.scalar(select(Audience).where(Audience.name == f"Audience {kind}"))
    if existing is not None:
        return existing
    internal = kind in (AudienceKind.COUNTY_EMPLOYEES, AudienceKind.DEPARTMENT)
    found = Audience(
        name=f"Audience {kind}", kind=kind, languages=["en", "es", "hmn"],
        quote_consent=QuoteConsent.INTERNAL if internal else QuoteConsent.ANONYMOUS_PUBLIC,
    )  # fmt: skip
    db.session.add(found)
    db.session.flush()
    return found


def channel(max_chars: int | None = None) -> Channel:
    existing = db.session.scalar(select(Channel).where(Channel.name == f"Channel {max_chars}"))
    if existing is not None:
        return existing
    found = Channel(name=f"Channel {max_chars}", kind=ChannelKind.SOCIAL if max_chars
                    else ChannelKind.WEB_PAGE, max_chars=max_chars)  # fmt: skip
    db.session.add(found)
    db.session.flush()
    return found


def new_draft(
    run: AnalysisRun | None, actor: User, kind: AudienceKind = AudienceKind.RESIDENTS,
    max_chars: int | None = None,
) -> Draft:  # fmt: skip
    themes = (
        [t.id for t in db.session.query(Theme).filter_by(run_id=run.id, position=0)] if run else []
    )
    return drafts.create_draft("Bus service: what we heard", audience(kind), channel(max_chars),
                               run, themes, actor)  # fmt: skip


@pytest.fixture
def ctx(app: Flask, make_user: Callable[..., User]) -> Any:
    """An app context with a communications user and an analyst merged into the session."""
    comms, analyst = make_user(Role.COMMUNICATIONS), make_user(Role.ANALYST)
    with app.app_context():
        yield type("Ctx", (), {"comms": db.session.merge(comms),
                               "analyst": db.session.merge(analyst)})  # fmt: skip
