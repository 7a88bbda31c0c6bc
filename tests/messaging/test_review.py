"""Versions and diffs, the approval rules, reopening approved drafts, exports."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from analysis.reports.models import RunUnit, Theme
from engage.audit.models import AuditEvent
from engage.errors import DomainError
from engage.extensions import db
from engage.messaging import drafts, exports, review, versions
from engage.messaging.models import BlockKind, DraftStatus
from tests.messaging.conftest import PUBLIC_QUOTE, add_run, new_draft


def test_submit_freezes_a_version_and_edits_start_the_next(ctx: Any) -> None:
    draft = new_draft(add_run(), ctx.comms)
    review.submit(draft, ctx.comms)
    assert draft.status == DraftStatus.IN_REVIEW and versions.version(draft, 1) is not None
    with pytest.raises(DomainError):
        review.submit(draft, ctx.comms)
    drafts.update_block(draft.blocks[1], "Riders want buses every 15 minutes.", ctx.comms)
    assert (draft.status, draft.version) == (DraftStatus.DRAFT, 2)
    review.submit(draft, ctx.comms)
    changes = versions.diff(
        versions.version(draft, 1).snapshot, versions.version(draft, 2).snapshot
    )
    assert ("removed", "[claim] Bus service frequency") in changes
    assert ("added", "[claim] Riders want buses every 15 minutes.") in changes
    assert ("same", "[heading] Bus service: what we heard") in changes


def test_approval_refused_with_a_hard_finding_even_with_reasons(ctx: Any) -> None:
    draft = new_draft(add_run(), ctx.comms)
    claim = drafts.add_block(draft, BlockKind.CLAIM, "Fares are too high.", ctx.comms)
    review.submit(draft, ctx.comms)
    with pytest.raises(DomainError, match="no evidence"):
        review.approve(draft, ctx.analyst, {f"{claim.id}:no_evidence": "trust me"})
    assert draft.status == DraftStatus.IN_REVIEW


def test_blocking_warning_needs_a_reason_and_the_approval_records_it(ctx: Any) -> None:
    run = add_run()
    draft = new_draft(run, ctx.comms)
    claim = draft.blocks[1]
    drafts.update_block(claim, "All residents want more buses.", ctx.comms)
    review.submit(draft, ctx.comms)
    with pytest.raises(DomainError, match="Give a reason"):
        review.approve(draft, ctx.analyst, {f"{claim.id}:overreach": "   "})
    approval = review.approve(draft, ctx.analyst, {f"{claim.id}:overreach": "Quoted as a hope."})
    assert approval.approved_by_id == ctx.analyst.id and approval.version == 1
    assert approval.overrides[0]["code"] == "overreach"
    assert draft.status == DraftStatus.APPROVED
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "message.approved"))
    assert event.actor_id == ctx.analyst.id and event.detail["overrides"][0]["reason"]


def test_editing_an_approved_or_published_draft_returns_it_to_draft(ctx: Any) -> None:
    draft = new_draft(add_run(), ctx.comms)
    review.submit(draft, ctx.comms)
    review.approve(draft, ctx.analyst, {})
    review.publish(draft, ctx.comms)
    assert draft.status == DraftStatus.PUBLISHED and draft.published_at
    drafts.add_block(draft, BlockKind.CALL_TO_ACTION, "Tell us more at a town hall.", ctx.comms)
    assert (draft.status, draft.version) == (DraftStatus.DRAFT, 2)
    assert versions.version(draft, 1).snapshot["blocks"][-1]["kind"] == "claim"  # as approved
    with pytest.raises(DomainError, match="approved"):
        review.publish(draft, ctx.comms)


def test_send_back_needs_a_note_and_starts_a_new_version(ctx: Any) -> None:
    draft = new_draft(add_run(), ctx.comms)
    review.submit(draft, ctx.comms)
    with pytest.raises(DomainError):
        review.send_back(draft, ctx.analyst, " ")
    review.send_back(draft, ctx.analyst, "Add the sample size.")
    assert (draft.status, draft.version) == (DraftStatus.DRAFT, 2)


def test_exports_leave_out_withdrawn_quotes_and_need_current_translations(ctx: Any) -> None:
    run = add_run()
    draft = new_draft(run, ctx.comms)
    bus = db.session.scalar(select(Theme).where(Theme.run_id == run.id, Theme.position == 0))
    drafts.insert_quote(draft, bus, "upload:1:0", ctx.comms)
    review.submit(draft, ctx.comms)
    review.approve(draft, ctx.analyst, {})
    public = exports.export(draft, "txt", "en", False, ctx.comms)
    assert PUBLIC_QUOTE in public.body and "EVIDENCE" not in public.body
    html = exports.export(draft, "html", "en", True, ctx.comms).body
    assert "<h2>Evidence</h2>" in html and "n=" not in html.split("Evidence")[0]
    bus.quotes = [{"unit_id": "upload:1:0", "text": PUBLIC_QUOTE}]
    unit = db.session.scalar(select(RunUnit).where(RunUnit.unit_id == "upload:1:0",
                                                   RunUnit.run_id == run.id))  # fmt: skip
    unit.quotable = False
    assert PUBLIC_QUOTE not in exports.export(draft, "md", "en", True, ctx.comms).body
    with pytest.raises(DomainError, match="translation"):
        exports.export(draft, "md", "es", True, ctx.comms)


def test_markdown_export_escapes_markup(ctx: Any) -> None:
    draft = new_draft(None, ctx.comms)
    drafts.add_block(draft, BlockKind.PARAGRAPH, "Use *this* <b>now</b>", ctx.comms)
    body = exports.export(draft, "md", "en", True, ctx.comms).body
    assert r"Use \*this\* \<b\>now\</b\>" in body
