"""Comments on single blocks: shown beside the block, resolvable, audited, never a new version."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from engage.audit.models import AuditEvent
from engage.auth.models import User
from engage.auth.roles import Role
from engage.errors import DomainError
from engage.extensions import db
from engage.messaging import comments, drafts, review
from engage.messaging.models import Comment, DraftStatus
from tests.conftest import EngageClient
from tests.messaging.conftest import add_run, new_draft


def test_block_comment_keeps_the_version_and_outlives_its_block(ctx: Any) -> None:
    draft = new_draft(add_run(), ctx.comms)
    other = new_draft(None, ctx.comms)
    claim = draft.blocks[1]
    review.submit(draft, ctx.comms)
    note = comments.add_comment(draft, ctx.analyst, "Which year?", claim)
    assert (draft.status, draft.version) == (DraftStatus.IN_REVIEW, 1)
    assert comments.comments(draft) == ([], {claim.id: [note]})
    with pytest.raises(DomainError, match="not in this draft"):
        comments.add_comment(other, ctx.analyst, "Wrong draft", claim)
    with pytest.raises(DomainError, match="Write a comment"):
        comments.add_comment(draft, ctx.analyst, "  ", claim)
    comments.set_resolved(note, True, ctx.comms)
    assert note.resolved_at is not None and note.resolved_by_id == ctx.comms.id
    comments.set_resolved(note, False, ctx.comms)
    assert note.resolved_at is None and note.resolved_by_id is None
    drafts.delete_block(claim, ctx.comms)
    db.session.expire_all()
    general, by_block = comments.comments(draft)
    assert by_block == {} and general[0].block_excerpt == "Bus service frequency"
    actions = list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))
    assert [a for a in actions if a.startswith("message.comment")] == [
        "message.commented",
        "message.comment_resolved",
        "message.comment_reopened",
    ]


def test_block_comments_beside_the_block_and_resolved_from_the_page(
    app: Flask, client: EngageClient, login_as: Callable[[Role], User]
) -> None:
    user = login_as(Role.ANALYST)
    with app.app_context():
        draft = new_draft(add_run(), db.session.merge(user))
        draft_id, block_id = draft.id, draft.blocks[1].id
        db.session.commit()
    url = f"/messaging/{draft_id}/blocks/{block_id}/comments"
    response = client.post_form(url, {f"b{block_id}-text": "Say <b>which</b> year."})
    assert response.status_code == 302 and response.location.endswith(f"#block-{block_id}")
    page = client.get(f"/messaging/{draft_id}").get_data(as_text=True)
    block_html = page[page.index(f'id="block-{block_id}"') :]
    block_html = block_html[: block_html.index("</aside>")]
    assert "Say &lt;b&gt;which&lt;/b&gt; year." in block_html and "1 open of 1" in block_html
    with app.app_context():
        comment_id = db.session.scalar(select(Comment.id))
    assert (
        client.post_form(f"/messaging/{draft_id}/comments/{comment_id}/resolve").status_code == 302
    )
    page = client.get(f"/messaging/{draft_id}").get_data(as_text=True)
    assert "0 open of 1" in page and "Resolved by" in page and "Reopen comment 1" in page
    empty = client.post_form(url, {f"b{block_id}-text": ""})
    assert empty.status_code == 302
    assert "Write a comment first." in client.get(f"/messaging/{draft_id}").get_data(as_text=True)


def test_a_comment_of_another_draft_is_not_found(
    app: Flask, client: EngageClient, login_as: Callable[[Role], User]
) -> None:
    user = login_as(Role.COMMUNICATIONS)
    with app.app_context():
        first, second = (new_draft(None, db.session.merge(user)) for _ in range(2))
        note = comments.add_comment(first, db.session.merge(user), "Check the title")
        ids = (second.id, note.id, first.blocks[0].id)
        db.session.commit()
    assert client.post_form(f"/messaging/{ids[0]}/comments/{ids[1]}/resolve").status_code == 404
    assert client.post_form(f"/messaging/{ids[0]}/blocks/{ids[2]}/comments",
                            {f"b{ids[2]}-text": "x"}).status_code == 404  # fmt: skip
