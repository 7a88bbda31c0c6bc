"""Each evidence warning, from a claim that says too much to a number a newer run changed."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from analysis.reports.models import AnalysisRun, RunUnit, Theme
from engage.directory.models import OrgUnit, OrgUnitKind
from engage.extensions import db
from engage.messaging import checks, drafts
from engage.messaging.models import BlockKind, Draft
from engage.messaging.panels import needs_attention
from tests.messaging.conftest import add_run, new_draft


def _bus(run: AnalysisRun) -> Theme:
    return db.session.scalar(select(Theme).where(Theme.run_id == run.id, Theme.position == 0))


def _codes(draft: Draft) -> dict[str, str]:
    return {f.code.split(":")[0]: f.severity for f in checks.all_findings(draft)}


def test_a_fresh_draft_from_a_report_has_no_findings(ctx: Any) -> None:
    draft = new_draft(add_run(), ctx.comms)
    assert checks.all_findings(draft) == []
    (support,) = checks.support(draft.blocks[1])
    assert (
        support["n"] == 72
        and support["share"] == "72%"
        and support["groups"] == {"municipality": 2}
    )


def test_a_claim_without_evidence_is_a_hard_finding(ctx: Any) -> None:
    draft = new_draft(add_run(), ctx.comms)
    drafts.add_block(draft, BlockKind.CLAIM, "Riders want more buses.", ctx.comms)
    drafts.add_block(draft, BlockKind.PARAGRAPH, "Thank you for taking part.", ctx.comms)
    assert _codes(draft) == {"no_evidence": "hard"}


def test_a_statistic_under_the_suppression_threshold_is_flagged(ctx: Any, app: Any) -> None:
    run = add_run()
    draft = new_draft(run, ctx.comms)
    small = db.session.scalar(select(Theme).where(Theme.run_id == run.id, Theme.position == 1))
    block = drafts.insert_statistic(draft, small, "concern", "", ctx.comms)
    (finding,) = checks.check_block(block, draft)
    assert finding.code.startswith("small_n:") and finding.severity == "blocking"
    assert "4 people, fewer than the privacy threshold of 10" in finding.message
    app.config["ENGAGE_SUPPRESSION_K"] = 3
    try:
        assert checks.check_block(block, draft) == []
    finally:
        app.config["ENGAGE_SUPPRESSION_K"] = 10


def test_all_municipalities_when_only_some_were_heard(ctx: Any) -> None:
    run = add_run()
    draft = new_draft(run, ctx.comms)
    claim = draft.blocks[1]
    drafts.update_block(claim, "Riders in all municipalities want more buses.", ctx.comms)
    (finding,) = checks.check_block(claim, draft)
    assert finding.code == "overreach"
    assert "heard in 2 of 3 municipality groups" in finding.message
    # The county has 19 municipalities: the directory raises the bar beyond the run's groups.
    db.session.add_all(OrgUnit(kind=OrgUnitKind.MUNICIPALITY, name=f"Place {i}") for i in range(19))
    db.session.flush()
    assert "heard in 2 of 19" in checks.check_block(claim, draft)[0].message
    drafts.update_block(claim, "Riders in two municipalities want more buses.", ctx.comms)
    assert checks.check_block(claim, draft) == []


def test_all_residents_when_only_some_raised_it(ctx: Any) -> None:
    draft = new_draft(add_run(), ctx.comms)
    claim = draft.blocks[1]
    drafts.update_block(claim, "All residents want the bus to come more often.", ctx.comms)
    (finding,) = checks.check_block(claim, draft)
    assert "raised by 72 of the 100 people heard" in finding.message
    drafts.update_block(claim, "Everyone agrees.", ctx.comms)
    assert checks.check_block(claim, draft)[0].code == "overreach"


def test_every_department_needs_a_department_breakdown(ctx: Any) -> None:
    draft = new_draft(add_run(), ctx.comms)
    drafts.update_block(draft.blocks[1], "Every department heard this.", ctx.comms)
    assert "no breakdown by department" in checks.check_block(draft.blocks[1], draft)[0].message


def test_a_quote_whose_consent_was_withdrawn_is_a_hard_finding(ctx: Any) -> None:
    run = add_run()
    draft = new_draft(run, ctx.comms)
    block = drafts.insert_quote(draft, _bus(run), "upload:1:0", ctx.comms)
    assert checks.check_block(block, draft) == []
    unit = db.session.scalar(select(RunUnit).where(RunUnit.run_id == run.id,
                                                   RunUnit.unit_id == "upload:1:0"))  # fmt: skip
    unit.quotable = False
    (finding,) = checks.check_block(block, draft)
    assert finding.code.startswith("consent:") and finding.severity == "hard"
    assert block.text  # never silently changed


def test_a_number_changed_by_curation_is_flagged(ctx: Any) -> None:
    run = add_run()
    draft = new_draft(run, ctx.comms)
    block = drafts.insert_statistic(draft, _bus(run), "share", "", ctx.comms)
    _bus(run).respondents = 65  # e.g. an analyst moved answers out of the theme
    (finding,) = checks.check_block(block, draft)
    assert finding.code.startswith("changed:")
    assert "65% of the 100 people" in finding.message and "72% of the 100" in finding.message
    assert block.text.startswith("72%")  # the draft's text is flagged, never rewritten


def test_stale_after_a_newer_run_of_the_same_report(ctx: Any) -> None:
    run = add_run()
    draft = new_draft(run, ctx.comms)
    block = drafts.insert_statistic(draft, _bus(run), "share", "", ctx.comms)
    newer = add_run(parent=run.id)
    assert checks.check_block(block, draft) == []  # a newer run that agrees is no finding
    _bus(newer).respondents = 81
    db.session.flush()
    findings = checks.check_block(block, draft)
    assert [f.code.split(":")[0] for f in findings] == ["stale"]
    assert f"newer run #{newer.id}" in findings[0].message and "81%" in findings[0].message
    assert needs_attention(draft)


def test_newer_run_follows_curation_carried_over(ctx: Any) -> None:
    run = add_run()
    draft = new_draft(run, ctx.comms)
    drafts.insert_statistic(draft, _bus(run), "support", "", ctx.comms)
    newer = add_run(support=30)  # same scope, not a re-run: still the same report
    renamed = _bus(newer)
    renamed.label, renamed.keywords, renamed.carried_from_id = "Buses", ["x"], _bus(run).id
    assert "stale" in _codes(draft)


def test_a_newer_run_without_the_theme_is_flagged(ctx: Any) -> None:
    run = add_run()
    draft = new_draft(run, ctx.comms)
    block = drafts.insert_statistic(draft, _bus(run), "share", "", ctx.comms)
    newer = add_run(parent=run.id)
    gone = _bus(newer)
    gone.label, gone.keywords = "Library hours", ["library"]
    assert "no longer has this theme" in checks.check_block(block, draft)[0].message


def test_deleted_evidence_is_flagged(ctx: Any) -> None:
    run = add_run()
    draft = new_draft(run, ctx.comms)
    claim = draft.blocks[1]
    db.session.delete(_bus(run))
    db.session.flush()
    db.session.expire_all()
    (finding,) = checks.check_block(claim, draft)
    assert finding.code.startswith("gone:") and finding.severity == "hard"


def test_an_unpublished_report_and_a_long_social_post(ctx: Any) -> None:
    run = add_run()
    draft = new_draft(run, ctx.comms, max_chars=10)
    assert _codes(draft) == {"too_long": "blocking"}
    run.state = "draft"
    assert _codes(draft) == {"too_long": "blocking", "unpublished": "blocking"}
