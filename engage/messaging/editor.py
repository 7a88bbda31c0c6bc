"""What the draft page shows: each block with its evidence, findings and plain-language check."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask import render_template
from flask.typing import ResponseReturnValue

from engage.messaging import checks, comments, plain, review
from engage.messaging.forms import BLOCK_LABELS, CommentForm, SendBackForm
from engage.messaging.models import AudienceKind, Block, BlockKind, Draft


@dataclass
class BlockView:
    block: Block
    plain: plain.PlainReport
    findings: list[checks.Finding]
    support: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class DraftView:
    draft: Draft
    blocks: list[BlockView]
    draft_findings: list[checks.Finding]
    grade: float | None
    target: int
    residents: bool

    @property
    def findings(self) -> list[checks.Finding]:
        return self.draft_findings + [f for b in self.blocks for f in b.findings]

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity)


def build(draft: Draft) -> DraftView:
    found = checks.check_draft(draft)
    terms = plain.jargon_terms()
    blocks = [
        BlockView(b, plain.review(b.text, terms), found.get(b.id, []), checks.support(b))
        for b in draft.blocks
    ]
    body = "\n".join(b.text for b in draft.blocks if b.kind != BlockKind.HEADING)
    return DraftView(
        draft=draft, blocks=blocks, draft_findings=found.get(checks.DRAFT_WIDE, []),
        grade=plain.grade(body), target=draft.audience.target_grade,
        residents=draft.audience.kind == AudienceKind.RESIDENTS,
    )  # fmt: skip


def render(draft: Draft, block_form: Any) -> ResponseReturnValue:
    general, by_block = comments.comments(draft)
    return render_template(
        "messaging/show.html", view=build(draft), draft=draft, block_form=block_form,
        labels=BLOCK_LABELS, comments=general, block_comments=by_block, comment_form=CommentForm(),
        send_back_form=SendBackForm(), approval=review.latest_approval(draft),
    )  # fmt: skip
