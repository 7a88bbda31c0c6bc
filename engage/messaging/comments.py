"""Review comments on a whole draft or on one block, and resolving them.

Comments are part of the review record, not of the message: adding or resolving one never
starts a new version. A comment on a block outlives the block (it keeps the block's text).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from engage.audit.services import record
from engage.errors import DomainError
from engage.extensions import db
from engage.messaging.models import Block, Comment, Draft
from engage.timeutil import utcnow

EXCERPT = 200  #: characters of the block's text kept with a comment


def add_comment(draft: Draft, actor: Any, text: str, block: Block | None = None) -> Comment:
    """Comment on ``draft``, or on ``block`` of it; audited.

    Raises:
        DomainError: an empty comment, or a block of another draft.
    """
    if not text.strip():
        raise DomainError(_("Write a comment first."))
    if block is not None and block.draft_id != draft.id:
        raise DomainError(_("That block is not in this draft."))
    comment = Comment(
        draft_id=draft.id, version=draft.version, author_id=actor.id, text=text.strip(),
        block_id=block.id if block else None, block_excerpt=block.text[:EXCERPT] if block else "",
    )  # fmt: skip
    db.session.add(comment)
    db.session.flush()
    record(actor, "message.commented", "draft", draft.id, comment=comment.id,
           block=comment.block_id, version=draft.version)  # fmt: skip
    return comment


def set_resolved(comment: Comment, resolved: bool, actor: Any) -> None:
    """Mark a comment resolved (dealt with) or open again; audited."""
    if (comment.resolved_at is not None) == resolved:
        return
    comment.resolved_at = utcnow() if resolved else None
    comment.resolved_by_id = actor.id if resolved else None
    verb = "resolved" if resolved else "reopened"
    record(actor, f"message.comment_{verb}", "draft", comment.draft_id, comment=comment.id)
    db.session.flush()


def comments(draft: Draft) -> tuple[list[Comment], dict[int, list[Comment]]]:
    """(comments on the whole draft or on deleted blocks, {block id: its comments})."""
    found = db.session.scalars(
        select(Comment).where(Comment.draft_id == draft.id).order_by(Comment.id)
    )
    general: list[Comment] = []
    by_block: dict[int, list[Comment]] = defaultdict(list)
    for comment in found:
        if comment.block_id is None:
            general.append(comment)
        else:
            by_block[comment.block_id].append(comment)
    return general, dict(by_block)
