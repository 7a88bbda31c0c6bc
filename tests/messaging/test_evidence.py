"""Statistics pulled from a run, quotes filtered by consent, evidence links on claims."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from analysis.reports.models import Theme
from engage.directory.models import QuoteConsent
from engage.errors import DomainError
from engage.extensions import db
from engage.messaging import drafts, evidence
from engage.messaging.models import AudienceKind, BlockKind, EvidenceKind
from tests.messaging.conftest import (
    PRIVATE_QUOTE,
    PUBLIC_QUOTE,
    TOUR_TEXT,
    add_run,
    audience,
    new_draft,
    tour_quote,
)


def _bus(run_id: int) -> Theme:
    return db.session.scalar(select(Theme).where(Theme.run_id == run_id, Theme.position == 0))


def test_statistics_take_value_and_sample_from_the_run(ctx: Any) -> None:
    bus = _bus(add_run().id)
    share = evidence.measure(bus, "share")
    assert (share.value, share.n) == (0.72, 100)
    assert share.label == "72% of the 100 people heard raised “Bus service frequency”"
    support = evidence.measure(bus, "support")
    assert support.value == pytest.approx(50 / 72) and support.n == 72
    groups = evidence.measure(bus, "groups", "municipality")
    assert (groups.value, groups.n) == (2, 72)  # West Allis is suppressed: not counted as heard
    assert "2 of 3 municipality groups" in groups.label
    with pytest.raises(DomainError, match="no group column"):
        evidence.measure(bus, "groups", "department")


def test_inserting_a_statistic_stores_a_snapshot(ctx: Any) -> None:
    run = add_run()
    draft = new_draft(run, ctx.comms)
    block = drafts.insert_statistic(draft, _bus(run.id), "share", "", ctx.comms)
    assert block.kind == BlockKind.STATISTIC and block.text.startswith("72% of the 100 people")
    (link,) = block.evidence
    assert (link.kind, link.value, link.n, link.run_id) == (
        EvidenceKind.STATISTIC,
        0.72,
        100,
        run.id,
    )
    claim = draft.blocks[1]
    assert claim.kind == BlockKind.CLAIM and claim.evidence[0].kind == EvidenceKind.THEME
    drafts.insert_statistic(draft, _bus(run.id), "support", "", ctx.comms, claim=claim)
    assert [link.kind for link in claim.evidence] == [EvidenceKind.THEME, EvidenceKind.STATISTIC]


def test_only_published_reports_feed_drafts(ctx: Any) -> None:
    run = add_run(published=False)
    with pytest.raises(DomainError, match="published report"):
        new_draft(run, ctx.comms)


def test_quotes_offered_are_cleared_for_the_audience(ctx: Any) -> None:
    internal = tour_quote(ctx.comms, QuoteConsent.INTERNAL)
    bus = _bus(add_run(tour_quote=internal).id)
    public = [q["text"] for q in evidence.cleared_quotes(bus, audience(AudienceKind.RESIDENTS))]
    employees = audience(AudienceKind.COUNTY_EMPLOYEES)
    staff = [q["text"] for q in evidence.cleared_quotes(bus, employees)]
    assert public == [PUBLIC_QUOTE]  # the internal tour quote and the unconsented answer stay out
    assert staff == [PUBLIC_QUOTE, TOUR_TEXT]
    assert PRIVATE_QUOTE not in staff


def test_a_quote_not_cleared_cannot_be_inserted(ctx: Any) -> None:
    internal = tour_quote(ctx.comms, QuoteConsent.INTERNAL)
    run = add_run(tour_quote=internal)
    draft = new_draft(run, ctx.comms)
    for unit in ("upload:1:1", internal):
        with pytest.raises(DomainError, match="not cleared"):
            drafts.insert_quote(draft, _bus(run.id), unit, ctx.comms)
    block = drafts.insert_quote(draft, _bus(run.id), "upload:1:0", ctx.comms)
    assert block.text == PUBLIC_QUOTE and block.evidence[0].unit_id == "upload:1:0"
    employees = new_draft(run, ctx.comms, AudienceKind.DEPARTMENT)
    assert drafts.insert_quote(employees, _bus(run.id), internal, ctx.comms).text == TOUR_TEXT


def test_pinned_quotes_use_their_redacted_text(ctx: Any) -> None:
    bus = _bus(add_run().id)
    bus.pinned = [{"unit_id": "upload:1:0", "start": 0, "end": 9, "text": "Call Ann Lee",
                   "redacted": "Call [NAME]"}]  # fmt: skip
    texts = [q["text"] for q in evidence.cleared_quotes(bus, audience())]
    assert texts == ["Call [NAME]"]


def test_themes_from_another_report_are_refused(ctx: Any) -> None:
    draft = new_draft(add_run(), ctx.comms)
    other = _bus(add_run().id)
    with pytest.raises(DomainError, match="not in this draft's report"):
        drafts.link_theme(draft.blocks[1], other, ctx.comms)
