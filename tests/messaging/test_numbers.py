"""Numbers in a finding's text against its linked statistics; evidence from another report."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from analysis.reports.models import AnalysisRun, Theme
from engage.audit.models import AuditEvent
from engage.extensions import db
from engage.messaging import checks, drafts
from engage.messaging.models import Block, Draft
from engage.messaging.numbers import stated_numbers
from tests.messaging.conftest import add_run, new_draft


def _bus(run: AnalysisRun) -> Theme:
    return db.session.scalar(select(Theme).where(Theme.run_id == run.id, Theme.position == 0))


def _messages(draft: Draft, prefix: str) -> list[str]:
    return [f.message for f in checks.all_findings(draft) if f.code.startswith(prefix)]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("72% of 140 riders in 14 places", [("72%", True), ("140", False), ("14", False)]),
        ("1,250 people (68.4 percent)", [("1,250", False), ("68.4 percent", True)]),
        ("In 2025 at 7:30 on 4/2, the 3rd meeting", []),
        ("Cuarenta: 45 por ciento", [("45 por ciento", True)]),
    ],
)
def test_stated_numbers(text: str, found: list[tuple[str, bool]]) -> None:
    assert [(s.text, s.percent) for s in stated_numbers(text)] == found


def _claim_with_share(ctx: Any) -> tuple[Draft, Block, AnalysisRun]:
    run = add_run()  # the bus theme: 72 of the 100 people heard
    draft = new_draft(run, ctx.comms)
    claim = draft.blocks[1]
    drafts.insert_statistic(draft, _bus(run), "share", "", ctx.comms, claim)
    return draft, claim, run


@pytest.mark.parametrize(
    "text",
    ["72% of the 100 people heard want more buses.", "Of 100 people, 72.0 percent agreed in 2024."],
)
def test_numbers_the_statistic_gives_pass(ctx: Any, text: str) -> None:
    draft, claim, _run = _claim_with_share(ctx)
    drafts.update_block(claim, text, ctx.comms)
    assert _messages(draft, "number:") == []


def test_a_percentage_the_statistic_does_not_give_is_a_warning(ctx: Any) -> None:
    draft, claim, _run = _claim_with_share(ctx)
    drafts.update_block(claim, "68% of riders want more buses; 72.4% ride daily.", ctx.comms)
    found = [f for f in checks.all_findings(draft) if f.code.startswith("number:")]
    assert [f.message for f in found] == [
        "The text says 68% but the linked statistic is 72% (n=100).",
        "The text says 72.4% but the linked statistic is 72% (n=100).",
    ]
    assert {f.severity for f in found} == {checks.Severity.BLOCKING}


def test_a_count_the_evidence_does_not_give_is_a_warning(ctx: Any) -> None:
    draft, claim, _run = _claim_with_share(ctx)
    drafts.update_block(claim, "140 riders want more buses.", ctx.comms)
    assert _messages(draft, "number:") == [
        "The text says 140 but no linked statistic gives that number (linked: 72% (n=100))."
    ]
    theme_only = new_draft(add_run(), ctx.comms)
    drafts.update_block(theme_only.blocks[1], "72 people and 35% of them riders.", ctx.comms)
    assert _messages(theme_only, "number:") == [
        "The text says 35% but no linked statistic is a percentage; insert the statistic it "
        "comes from."
    ]  # 72 is the theme's own count


def test_evidence_from_another_report_after_the_source_changes(ctx: Any) -> None:
    draft, _claim, old = _claim_with_share(ctx)
    assert _messages(draft, "other_report:") == []
    newer = add_run(respondents=60)
    drafts.update_settings(draft, draft.title, draft.audience, draft.channel, newer, ctx.comms)
    found = _messages(draft, "other_report:")
    assert len(found) == 2  # the theme and the statistic behind the claim
    assert f"comes from report #{old.id}, but the draft is based on report #{newer.id}" in found[1]
    event = db.session.scalar(
        select(AuditEvent).where(AuditEvent.action == "message.source_changed")
    )
    assert (event.detail["before"], event.detail["after"]) == (old.id, newer.id)
    drafts.update_settings(draft, draft.title, draft.audience, draft.channel, None, ctx.comms)
    assert "the draft is no longer based on a report" in _messages(draft, "other_report:")[0]
    drafts.update_settings(draft, draft.title, draft.audience, draft.channel, old, ctx.comms)
    assert _messages(draft, "other_report:") == []


def test_rounding_follows_the_digits_the_text_gives() -> None:
    (whole,) = stated_numbers("68%")
    (tenth,) = stated_numbers("68.4%")
    assert whole.matches(68.4) and whole.matches(67.5) and not whole.matches(67.4)
    assert tenth.matches(68.43) and not tenth.matches(68.5)
