"""Review: submit a draft, an analyst checks the evidence and approves (or sends it back),
then communications publishes it. Every step is audited and approvals are recorded."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from engage.audit.services import record
from engage.errors import DomainError
from engage.extensions import db
from engage.messaging import checks, versions
from engage.messaging.comments import add_comment
from engage.messaging.models import Approval, Draft, DraftStatus
from engage.timeutil import utcnow


def _require(draft: Draft, status: DraftStatus, message: str) -> None:
    if draft.status != status:
        raise DomainError(message)


def submit(draft: Draft, actor: Any) -> None:
    """Freeze this version and ask an analyst to review it."""
    _require(draft, DraftStatus.DRAFT, _("Only a draft can be submitted."))
    if not draft.blocks:
        raise DomainError(_("Add some content before submitting."))
    versions.freeze(draft, actor)
    draft.status = DraftStatus.IN_REVIEW
    record(actor, "message.submitted", "draft", draft.id, version=draft.version)
    db.session.flush()


def approve(draft: Draft, actor: Any, reasons: dict[str, str]) -> Approval:
    """Approve the submitted version after checking its evidence.

    Args:
        draft: a draft in review.
        actor: the analyst approving.
        reasons: finding key -> why it may be overridden (blocking findings only).

    Raises:
        DomainError: a hard finding, or a blocking one without a reason.
    """
    _require(draft, DraftStatus.IN_REVIEW, _("Only a draft in review can be approved."))
    findings = checks.all_findings(draft)
    hard = [f for f in findings if f.severity == checks.Severity.HARD]
    if hard:
        raise DomainError(_("Cannot approve: %(m)s", m=" ".join(f.message for f in hard)))
    reasons = {k: v.strip() for k, v in reasons.items() if v and v.strip()}
    blocking = [f for f in findings if f.severity == checks.Severity.BLOCKING]
    missing = [f for f in blocking if f.key not in reasons]
    if missing:
        raise DomainError(_("Give a reason to override each warning, or send the draft back: "
                            "%(m)s", m=" ".join(f.message for f in missing)))  # fmt: skip
    overrides = [{"block_id": f.block_id, "code": f.code, "message": f.message,
                  "reason": reasons[f.key]} for f in blocking]  # fmt: skip
    approval = Approval(draft_id=draft.id, version=draft.version, approved_by_id=actor.id,
                        overrides=overrides)  # fmt: skip
    db.session.add(approval)
    draft.status = DraftStatus.APPROVED
    versions.freeze(draft, actor)
    record(actor, "message.approved", "draft", draft.id, version=draft.version,
           overrides=overrides)  # fmt: skip
    db.session.flush()
    return approval


def send_back(draft: Draft, actor: Any, note: str) -> None:
    """Return a draft in review to its writers with a comment saying what to change."""
    _require(draft, DraftStatus.IN_REVIEW, _("Only a draft in review can be sent back."))
    if not note.strip():
        raise DomainError(_("Say what should change."))
    add_comment(draft, actor, note)
    draft.status = DraftStatus.DRAFT
    draft.version += 1
    record(actor, "message.sent_back", "draft", draft.id, version=draft.version - 1)
    db.session.flush()


def publish(draft: Draft, actor: Any) -> None:
    """Mark an approved draft as published (sent, posted or printed)."""
    _require(draft, DraftStatus.APPROVED, _("Only an approved draft can be published."))
    draft.status, draft.published_at = DraftStatus.PUBLISHED, utcnow()
    record(actor, "message.published", "draft", draft.id, version=draft.version)
    db.session.flush()


def latest_approval(draft: Draft) -> Approval | None:
    return db.session.scalar(
        select(Approval).where(Approval.draft_id == draft.id).order_by(Approval.id.desc())
    )
